import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { validateCommand } from '../archive/cli.ts';
import { archiveRoot } from '../archive/root.ts';
import { CheckCache } from '../archive/check-cache.ts';
import { cachePath } from '../cache/root.ts';
import { searchCacheDir } from '../search/cache.ts';
import { describeSearch, startSearchIndex } from '../search/start.ts';
import { assemble, canUpdate, inPlace, type Assembled, type InPlace } from './assemble.ts';
import { inputFingerprint, outDir, outputListPath, writeStamp } from './fingerprint.ts';

/**
 * Remove folders in a detached process. A site of a hundred thousand pages takes longer to delete
 * than to write on many disks (each unlink is a metadata write); the build need not wait for it.
 * The folders are renamed first, so nothing reads or reuses them meanwhile.
 */
function removeInBackground(paths: readonly string[]): void {
  if (paths.length === 0) return;
  const child = spawn(
    process.execPath,
    [
      '-e',
      'for (const p of process.argv.slice(1)) require("node:fs").rmSync(p, { recursive: true, force: true })',
      ...paths,
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
}

/** A fresh name beside `out` for something on its way out. */
const discarded = (out: string) =>
  `${out}.discarded-${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Run `write` into a sibling of `out` (Astro's build), then put the result in place of `out`
 * (src/build/assemble.ts): only a build that succeeded touches `out`, so a failed one leaves the
 * previous site as it was. `write` also gets the placements file, where the page cache records
 * the pages assembling links in.
 */
export async function replaceOnSuccess(
  out: string,
  write: (into: string, placements: string) => Promise<InPlace | undefined>,
  listFile: string,
): Promise<Assembled> {
  const next = `${out}.next`;
  const placements = `${next}.placements`;
  // Left over by builds that were killed or are still being removed: never part of a site.
  const leftovers = (await readdir(dirname(out)).catch(() => []))
    .filter((name) => name.startsWith(`${basename(out)}.discarded-`))
    .map((name) => join(dirname(out), name));
  if (existsSync(next)) {
    const stale = discarded(out);
    await rename(next, stale);
    leftovers.push(stale);
  }
  removeInBackground(leftovers);
  await rm(placements, { force: true });
  await mkdir(dirname(out), { recursive: true });
  let checked: InPlace | undefined;
  try {
    checked = await write(next, placements);
  } catch (error) {
    const failed = discarded(out);
    if (existsSync(next)) await rename(next, failed);
    removeInBackground([failed]);
    await rm(placements, { force: true });
    throw error;
  }
  return assemble({
    next,
    out,
    placements,
    listFile,
    discard: (path) => {
      removeInBackground([path]);
    },
    checked,
  });
}

/**
 * `npm run build`: validate the archive, then build the site. Validation runs first and on its own
 * so that a bad run file stops the build before anything is written (examples files checked by an
 * earlier build and unchanged since are not read again: src/archive/check-cache.ts); the site is built beside
 * dist/ and replaces it only once complete, so a build that fails later leaves dist/ untouched too.
 * The search index is made in a process of its own, from the archive while the build validates and
 * Astro renders, then from the built pages.
 */
export async function buildSite(projectRoot: string): Promise<number> {
  const archive = archiveRoot(projectRoot);
  const fingerprint = await inputFingerprint(projectRoot, archive);
  // Search indexing reads the run files and writes only to its cache, so it starts at once, on the
  // other core, and is stopped if validation fails: it is the longest step of an incremental build.
  const search = startSearchIndex({ archiveRoot: archive, cacheDir: searchCacheDir(projectRoot) });
  // Astro takes a second to import: after the indexer has started, not before.
  const astro = import('astro');
  astro.catch(() => undefined); // reported where it is awaited
  const checked = new CheckCache(cachePath(projectRoot, 'checks'), projectRoot);
  const code = await validateCommand(archive, projectRoot, checked);
  if (code !== 0) {
    search.cancel();
    console.error('\nThe site was not built: fix the problems above, then run `npm run build` again.');
    return code;
  }
  const updating = canUpdate(outputListPath(projectRoot), outDir(projectRoot));
  try {
    const done = await replaceOnSuccess(
      outDir(projectRoot),
      async (into, placements) => {
        // When the previous output can be updated in place, the example pages' routes record
        // where their cached pages go rather than write them: assembling then links only what
        // changed (src/render/page-cache.ts). A build from scratch writes them straight into place.
        if (updating) process.env['BENCHSCOPE_PLACEMENTS'] = placements;
        try {
          await (await astro).build({ root: projectRoot, outDir: into });
        } finally {
          delete process.env['BENCHSCOPE_PLACEMENTS'];
        }
        // While the search index is finished, the pages already in place are found (only reads).
        const [stats, checked] = await Promise.all([
          search.finish(into),
          updating ? inPlace(outDir(projectRoot), placements) : undefined,
        ]);
        console.log(describeSearch(stats));
        return checked;
      },
      outputListPath(projectRoot),
    );
    console.log(
      `${done.mode === 'fresh' ? 'wrote' : 'updated'} ${outDir(projectRoot)}: ${done.linked} pages linked from the page cache, ${done.kept} unchanged, ${done.moved} files from Astro, ${done.removed} removed`,
    );
  } catch (error) {
    search.cancel();
    console.error(error);
    console.error('\nThe site was not built, and the previous build was left as it was.');
    return 1;
  }
  await writeStamp(projectRoot, fingerprint);
  return 0;
}
