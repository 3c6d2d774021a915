/**
 * Where a build keeps what it keeps between builds: one folder, the cache root, with each cache in
 * a named sub-folder, so that setting BENCHSCOPE_CACHE moves every one of them (CI saves that one
 * folder). The root is BENCHSCOPE_CACHE, or node_modules/.cache/benchscope/ with archives/<key>/ in
 * it for each archive but the project's own (cacheRoot). Each cache is a keyed store
 * (src/cache/store.ts) whose entries are keyed by what made them, the code included
 * (src/cache/code.ts); only the three files that describe an output folder are plain files:
 *
 *     <root>/checks/                what checking each examples file found (src/archive/check-cache.ts)
 *     <root>/examples/              decompressed copies of gzip examples files, read at random (src/archive/examples.ts)
 *     <root>/search/                search shards (src/search/cache.ts); search/records/: the units' records (src/search/records.ts)
 *     <root>/outputs/<name>-<digest>/   what belongs to one output folder (dist/ or BENCHSCOPE_OUT):
 *         astro/                    Astro's own cache folder (cacheDir): the content store
 *         pages/                    rendered pages, linked into the output (src/render/page-cache.ts)
 *  *         stamp.json                what the output was built from, for `npm start` (src/pipeline/fingerprint.ts)
 *         files.json                the files the output holds, for the next build to update it (src/pipeline/assemble.ts)
 *         output.json               which output and archive this is (sweepOutputs)
 *
 * One thing stays out: the dev server's content store, which Astro keeps in .astro/ whatever
 * cacheDir says (src/pipeline/dev-store.ts looks after it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { archiveRoot } from '../archive/root.ts';
import { PARTIAL_AGE_MS } from './store.ts';

/** The caches of an archive, each a sub-folder of the cache root. */
export type CacheName = 'checks' | 'examples' | 'search';

/** What is kept for one output folder, in its sub-folder of outputs/. */
export type OutputCacheName = 'astro' | 'pages' | 'stamp.json' | 'files.json';

/** The folder a build writes to: dist/, or BENCHSCOPE_OUT. */
export function outDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(projectRoot, env['BENCHSCOPE_OUT'] ?? 'dist');
}

/** A folder name for `path`: its last part, made plain, then a digest of `identity`. */
function folderName(path: string, identity: string): string {
  const name = basename(path)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return name ? `${name}-${digest}` : digest;
}

/**
 * The folder name under which an archive keeps its own build caches, or '' for the project's own
 * archive (its caches stay where they always were). Each build sweeps what it did not use, so two
 * archives sharing a folder would undo each other's caches; and two archives never share a content
 * store: Astro's keeps each entry with the file it came from, and an entry of the previous archive
 * (another folder, so another file) would be a duplicate, or a stale page, in the next.
 * The name is the archive folder's, then a digest of its full path.
 */
export function archiveCacheKey(projectRoot: string, archive: string): string {
  if (resolve(archive) === resolve(projectRoot)) return '';
  return folderName(resolve(archive), resolve(archive));
}

/**
 * The cache root: BENCHSCOPE_CACHE (relative to the project), or node_modules/.cache/benchscope/
 * of the project, in archives/<key>/ for any archive but the project's own (archiveCacheKey).
 * BENCHSCOPE_CACHE is taken as it is: whoever sets it chooses which builds share it.
 */
export function cacheRoot(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['BENCHSCOPE_CACHE'];
  if (chosen) return resolve(projectRoot, chosen);
  const key = archiveCacheKey(projectRoot, archiveRoot(projectRoot, env));
  return join(resolve(projectRoot), 'node_modules', '.cache', 'benchscope', ...(key ? ['archives', key] : []));
}

/** The folder of one of the archive's caches. */
export function cachePath(projectRoot: string, name: CacheName, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(projectRoot, env), name);
}

/**
 * The folder of what is kept for the build's output folder: outputs/<output's name>-<digest>/.
 *
 * Astro's cache folder is kept per output, as it was when it sat beside the output
 * (`<BENCHSCOPE_OUT>-cache`): two builds into two outputs may run at once (the tests, the bench),
 * and Astro writes its content store through a temporary file of a fixed name, so two builds
 * sharing one store could each leave the other a torn file. The page cache stays with it: its
 * sweep removes what the build did not use, while a build that assembles its output links the
 * pages it recorded only after that sweep, so a second build sharing it could lose pages it is
 * about to link. The digest is of the archive too, since under BENCHSCOPE_CACHE archives share the
 * root, and two archives never share a content store (archiveCacheKey says why).
 */
export function outputCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const out = outDir(projectRoot, env);
  const name = folderName(out, `${archiveRoot(projectRoot, env)}\0${out}`);
  return join(cacheRoot(projectRoot, env), 'outputs', name);
}

/** One of the things kept for the build's output folder (outputCacheDir). */
export function outputCachePath(
  projectRoot: string,
  name: OutputCacheName,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return join(outputCacheDir(projectRoot, env), name);
}

/** Astro's cache folder (its cacheDir, astro.config.mjs): the content store of a build. */
export function astroCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return outputCachePath(projectRoot, 'astro', env);
}

/** The file that says which output an outputs/ folder is for. */
const OUTPUT_RECORD = 'output.json';

/** Record which output and archive the build's outputs/ folder is for, and that a build uses it now. */
export function recordOutput(projectRoot: string, env: NodeJS.ProcessEnv = process.env): void {
  const dir = outputCacheDir(projectRoot, env);
  mkdirSync(dir, { recursive: true });
  const record = { output: outDir(projectRoot, env), archive: archiveRoot(projectRoot, env) };
  writeFileSync(join(dir, OUTPUT_RECORD), `${JSON.stringify(record)}\n`);
}

/**
 * Remove the outputs/ folders of outputs that are gone (a test's or the bench's, deleted since),
 * unless a build recorded one within a day: a build in progress makes its output only at the end.
 * Entries of the keyed stores are swept by each build; these folders are not keyed by content
 * (the output list changes with each build), so they go when their output does. Folders without a
 * record are left alone. Returns how many were removed.
 */
export function sweepOutputs(projectRoot: string, env: NodeJS.ProcessEnv = process.env): number {
  const dir = join(cacheRoot(projectRoot, env), 'outputs');
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    const record = join(dir, name, OUTPUT_RECORD);
    let output: string | undefined;
    let recorded: number;
    try {
      output = (JSON.parse(readFileSync(record, 'utf8')) as { output?: string }).output;
      recorded = statSync(record).mtimeMs;
    } catch {
      continue;
    }
    if (typeof output !== 'string' || existsSync(output) || Date.now() - recorded < PARTIAL_AGE_MS) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
