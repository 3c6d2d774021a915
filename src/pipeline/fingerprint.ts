import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fg from 'fast-glob';
import { outDir, outputCachePath } from '../cache/root.ts';
import { folderIdentity } from './assemble.ts';

export { outDir };

/**
 * Where `npm start` remembers what a build was made from: stamp.json among what is kept for the
 * output (src/cache/root.ts), outside the output so it is never deployed.
 */
export function stampPath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return outputCachePath(projectRoot, 'stamp.json', env);
}

/** Where a build keeps the list of the files it put in the output, for the next build to update it. */
export function outputListPath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return outputCachePath(projectRoot, 'files.json', env);
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

/**
 * What a stamp says: the inputs' fingerprint, and the output folder as the build left it (its
 * identity, src/pipeline/assemble.ts). Each archive keeps its own stamp of an output, so the folder's
 * identity is what tells that a build of another archive has replaced that output since.
 */
interface Stamp {
  fingerprint: string;
  folder: string;
}

export async function writeStamp(projectRoot: string, fingerprint: string): Promise<void> {
  const path = stampPath(projectRoot);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ fingerprint, folder: folderIdentity(outDir(projectRoot)) } satisfies Stamp));
}

/** Whether dist/ was built from exactly these inputs, and is still as that build left it. */
export function isFresh(projectRoot: string, fingerprint: string): boolean {
  const path = stampPath(projectRoot);
  const out = outDir(projectRoot);
  if (!existsSync(path) || !existsSync(join(out, 'index.html'))) return false;
  try {
    const stamp = JSON.parse(readFileSync(path, 'utf8')) as Partial<Stamp>;
    return stamp.fingerprint === fingerprint && stamp.folder === folderIdentity(out);
  } catch {
    return false;
  }
}
