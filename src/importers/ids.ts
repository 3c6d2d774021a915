import { exampleIdProblem } from '../schema/example.ts';
import { ImportError } from './model.ts';

/**
 * A tool's sample id as an example id. Tools allow any text (or numbers); Benchscope ids become
 * URL paths, so other characters become "-". Two ids that become the same one (case aside) stop
 * the import: merging two items would change the score. `used` collects the ids given so far.
 */
export function exampleId(id: unknown, used: Set<string>, file: string): string {
  const raw = typeof id === 'string' ? id : JSON.stringify(id);
  let safe = raw
    .replace(/[^A-Za-z0-9._/-]+/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/|\/$/g, '');
  if (exampleIdProblem(safe))
    safe =
      safe
        .split('/')
        .filter((s) => s !== '.' && s !== '..' && s !== '')
        .join('/') || 'sample';
  if (exampleIdProblem(safe)) throw new ImportError(`${file}: sample id ${raw} cannot be made into an example id`);
  if (used.has(safe.toLowerCase()))
    throw new ImportError(`${file}: sample ids ${raw} and another both become "${safe}"; rename one in the dataset`);
  used.add(safe.toLowerCase());
  return safe;
}
