import { appendFile } from 'node:fs/promises';
import { formatCount } from '../lib/format.ts';
import { formatProblem } from '../archive/problems.ts';
import { prCheck } from './check.ts';

export interface ChangedOptions {
  /** Print a GitHub annotation per problem and write the job summary (the pull-request workflow). */
  annotate: boolean;
  /** Where GitHub reads the job summary from ($GITHUB_STEP_SUMMARY); printed when absent. */
  summaryFile?: string | undefined;
}

/**
 * `npm run validate -- --changed <ref>`: validate the registry and only the runs changed since the
 * ref, so a pull request to a large archive is checked in seconds, and say what the changed runs
 * add to the rankings. Returns the exit code: 0 when valid, 1 with every problem listed, 2 when the
 * ref cannot be compared with.
 */
export async function changedCommand(root: string, ref: string, options: ChangedOptions): Promise<number> {
  let report;
  try {
    report = await prCheck(root, ref);
  } catch (error) {
    console.error(`validate: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const changed = [...report.runs, ...report.removed].sort();
  console.log(
    `checking the registry and the ${formatCount(changed.length)} run${changed.length === 1 ? '' : 's'} changed since ${ref}${changed.length > 0 ? `: ${changed.join(', ')}` : ''}`,
  );
  for (const problem of report.problems) console.error(formatProblem(problem));
  if (options.annotate) for (const line of report.annotations) console.log(line);
  if (options.annotate && options.summaryFile) await appendFile(options.summaryFile, `${report.summary}\n`);
  else console.log(`\n${report.summary}`);
  return report.problems.length > 0 ? 1 : 0;
}
