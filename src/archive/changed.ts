import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Files of the archive changed since a git ref: committed on this branch since it left the ref, or
 * changed in the working tree, or new and untracked. Paths are relative to the archive root.
 */
export async function changedFiles(root: string, ref: string): Promise<string[]> {
  const git = async (...args: string[]) =>
    (await exec('git', ['-C', root, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  let diff: string;
  try {
    diff = await git('diff', '--name-only', '--relative', '--merge-base', ref, '--', '.');
  } catch (error) {
    throw new Error(
      `cannot compare with "${ref}": ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      { cause: error },
    );
  }
  const untracked = await git('ls-files', '--others', '--exclude-standard', '--', '.');
  return [...new Set(`${diff}\n${untracked}`.split('\n').filter(Boolean))].sort();
}

/** The run ids a list of changed files touches. */
export function changedRuns(files: readonly string[]): Set<string> {
  return new Set(files.flatMap((f) => /^runs\/([^/]+)\//.exec(f)?.[1] ?? []));
}
