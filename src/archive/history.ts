import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * When each run was added to the archive: the commit date of the commit that added its run.json,
 * read from git in one call. Runs git does not know (an archive outside a repository, a run not
 * yet committed) are absent; callers fall back to the run's own dates. Commit dates, not the
 * build's clock, keep two builds of the same commit identical.
 */
export async function addedDates(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let stdout: string;
  try {
    ({ stdout } = await exec(
      'git',
      ['-C', root, 'log', '--relative', '--diff-filter=A', '--format=%x00%cI', '--name-only', '--', 'runs/'],
      {
        maxBuffer: 256 * 1024 * 1024,
      },
    ));
  } catch {
    return out;
  }
  // Newest commit first: the first time a run appears is its latest addition.
  for (const block of stdout.split('\0').slice(1)) {
    const [date, ...files] = block.split('\n').filter(Boolean);
    if (!date) continue;
    for (const file of files) {
      const match = /^runs\/([^/]+)\/run\.json$/.exec(file);
      if (match?.[1] && !out.has(match[1])) out.set(match[1], new Date(date).toISOString());
    }
  }
  return out;
}
