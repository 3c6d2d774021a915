import { formatCount } from '../lib/format.ts';
import { loadArchive, rememberValidated, type Archive } from './load.ts';
import { formatProblem } from './problems.ts';
import { archiveRoot } from './root.ts';

/** One line saying what a valid archive holds. */
export function describeArchive(archive: Archive): string {
  const benchmarks = new Set(archive.runs.map((r) => r.run.benchmark.id)).size;
  return `${formatCount(archive.runs.length)} runs of ${formatCount(benchmarks)} benchmarks, ${formatCount(archive.examples)} examples`;
}

/**
 * Validate an archive and report to the terminal. Returns the exit code: 0 when valid, 1 with every
 * problem listed on stderr, one `file:line: path: message` per line.
 */
export async function validateCommand(root: string | undefined, projectRoot: string): Promise<number> {
  const started = performance.now();
  const archive = await loadArchive(root ?? archiveRoot(projectRoot));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (archive.problems.length > 0) {
    for (const problem of archive.problems) console.error(formatProblem(problem));
    const files = new Set(archive.problems.map((p) => p.file)).size;
    console.error(
      `\n${formatCount(archive.problems.length)} problem${archive.problems.length === 1 ? '' : 's'} in ${formatCount(files)} file${files === 1 ? '' : 's'} of ${archive.root}`,
    );
    return 1;
  }
  console.log(`valid: ${describeArchive(archive)} in ${archive.root} (${seconds} s)`);
  rememberValidated(archive);
  return 0;
}
