import { formatCount } from '../lib/format.ts';
import type { CheckCache } from './check-cache.ts';
import { ExampleChecker, type CheckOptions } from './example-checker.ts';
import { loadArchive, type Archive } from './load.ts';
import { manifestOf, type Manifest } from './manifest.ts';
import { formatProblem } from './problems.ts';
import { archiveRoot } from './root.ts';

/** One line saying what a valid archive holds. */
export function describeArchive(archive: Archive): string {
  const benchmarks = new Set(archive.runs.map((r) => r.run.benchmark.id)).size;
  return `${formatCount(archive.runs.length)} runs of ${formatCount(benchmarks)} benchmarks, ${formatCount(archive.examples)} examples`;
}

/**
 * Validate an archive and report to the terminal. Returns the archive's manifest when it is valid;
 * otherwise undefined, with every problem listed on stderr, one `file:line: path: message` per line. `checked` (the build's) keeps
 * what checking each examples file found, so the next build reads only the files that changed.
 * Examples files are checked on every core: in a build, validation stands between the start and
 * Astro's. A build also asks for what it derives from the examples (`derive`), made in the same
 * pass, so that no later stage reads the files for it.
 */
export async function validateAndReport(
  root: string | undefined,
  projectRoot: string,
  checked?: CheckCache,
  derive: Pick<CheckOptions, 'index' | 'visitors'> = {},
): Promise<Manifest | undefined> {
  const started = performance.now();
  const checker = new ExampleChecker(projectRoot);
  // Without a check cache every examples file is read, so the threads will be wanted.
  if (!checked) checker.startThreads();
  const archive = await loadArchive(root ?? archiveRoot(projectRoot), { checked, checker, ...derive }).finally(() =>
    checker.close(),
  );
  checked?.sweep();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (archive.problems.length > 0) {
    for (const problem of archive.problems) console.error(formatProblem(problem));
    const files = new Set(archive.problems.map((p) => p.file)).size;
    console.error(
      `\n${formatCount(archive.problems.length)} problem${archive.problems.length === 1 ? '' : 's'} in ${formatCount(files)} file${files === 1 ? '' : 's'} of ${archive.root}`,
    );
    return undefined;
  }
  const reused = checked?.hits
    ? `; ${formatCount(checked.hits)} examples file${checked.hits === 1 ? '' : 's'} unchanged since an earlier build, not read again`
    : '';
  console.log(`valid: ${describeArchive(archive)} in ${archive.root} (${seconds} s${reused})`);
  return manifestOf(archive);
}

/** `npm run validate`: the exit code, 0 when the archive is valid and 1 otherwise. */
export async function validateCommand(root: string | undefined, projectRoot: string): Promise<number> {
  return (await validateAndReport(root, projectRoot)) ? 0 : 1;
}
