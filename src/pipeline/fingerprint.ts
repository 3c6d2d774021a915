import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import fg from 'fast-glob';

/** The folder a build writes to: dist/, or BENCHSCOPE_OUT. */
export function outDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(projectRoot, env['BENCHSCOPE_OUT'] ?? 'dist');
}

/** Where `npm start` remembers what a build was made from; outside the output so it is never deployed. */
export function stampPath(projectRoot: string): string {
  const key = createHash('sha256').update(outDir(projectRoot)).digest('hex').slice(0, 16);
  return join(projectRoot, 'node_modules', '.cache', 'benchscope', `build-stamp-${key}.json`);
}

/** Where a build keeps the list of the files it put in the output, for the next build to update it. */
export function outputListPath(projectRoot: string): string {
  const key = createHash('sha256').update(outDir(projectRoot)).digest('hex').slice(0, 16);
  return join(projectRoot, 'node_modules', '.cache', 'benchscope', `output-${key}.json`);
}

/**
 * A cheap digest of everything a build reads: the archive (runs and registry) and the project's own
 * sources. File sizes and modification times stand in for contents, which is enough to tell
 * whether `npm start` must rebuild.
 */
export async function inputFingerprint(projectRoot: string, archiveRoot: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`archive:${archiveRoot}\nout:${outDir(projectRoot)}\n`);
  const sets: [string, string[]][] = [
    [archiveRoot, ['runs/**', 'content/benchmarks/**', 'content/models/**', 'content/providers/**']],
    [projectRoot, ['src/**', 'content/**', 'public/**', 'astro.config.mjs', 'package-lock.json']],
  ];
  for (const [cwd, patterns] of sets) {
    const entries = await fg(patterns, { cwd, stats: true, dot: true, followSymbolicLinks: false });
    entries.sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const e of entries) hash.update(`${cwd}/${e.path}\t${e.stats?.size}\t${e.stats?.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export async function writeStamp(projectRoot: string, fingerprint: string): Promise<void> {
  const path = stampPath(projectRoot);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ fingerprint }));
}

/** Whether dist/ was built from exactly these inputs. */
export function isFresh(projectRoot: string, fingerprint: string): boolean {
  const path = stampPath(projectRoot);
  if (!existsSync(path) || !existsSync(join(outDir(projectRoot), 'index.html'))) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { fingerprint?: string }).fingerprint === fingerprint;
  } catch {
    return false;
  }
}
