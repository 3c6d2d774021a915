import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { validateAndReport } from '../archive/validate-command.ts';
import { archiveRoot } from '../archive/root.ts';
import { CheckCache } from '../archive/check-cache.ts';
import { cachePath } from '../cache/root.ts';
import { codeDigest as searchCodeDigest, searchCacheDir } from '../search/cache.ts';
import type { RunRecordsOptions } from '../search/run-records.ts';
import { handOverBuild } from './handoff.ts';
import { assemble, canUpdate, type Assembled } from './assemble.ts';
import { Placements } from './placements.ts';
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
 * (src/pipeline/assemble.ts): only a build that succeeded touches `out`, so a failed one leaves the
 * previous site as it was. `write` fills the placements with what comes from the caches
 * (src/pipeline/placements.ts).
 */
export async function replaceOnSuccess(
  out: string,
  write: (into: string, placements: Placements) => Promise<void>,
  listFile: string,
): Promise<Assembled> {
  const next = `${out}.next`;
  // When the previous output can be updated in place, cached files are linked only at assembly,
  // and only those it lacks.
  const placements = new Placements(canUpdate(listFile, out));
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
  await mkdir(dirname(out), { recursive: true });
  try {
    await write(next, placements);
  } catch (error) {
    const failed = discarded(out);
    if (existsSync(next)) await rename(next, failed);
    removeInBackground([failed]);
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
  });
}

/**
 * `npm run build`, the whole pipeline in order (docs/architecture.md draws it):
 * 1. validate the archive, on every core, into its manifest (src/archive/): a bad run file stops
 *    the build before anything is written, and examples files checked by an earlier build and
 *    unchanged since are not read again (src/archive/check-cache.ts);
 * 2. hand the manifest to Astro (src/pipeline/handoff.ts) and run `astro build` into a folder beside
 *    the output: the content loader takes the manifest, the search step starts from it in a process
 *    of its own (src/integrations/search.ts), Astro renders its routes, then the page families are
 *    written in batches (src/integrations/page-families.ts) and the search index finished;
 * 3. put the result in place of the output (src/pipeline/assemble.ts): only a build that succeeded
 *    touches it, and an output a previous build assembled is updated in place.
 */
export async function build(projectRoot: string): Promise<number> {
  const archive = archiveRoot(projectRoot);
  const out = outDir(projectRoot);
  const fingerprint = await inputFingerprint(projectRoot, archive);
  // Astro takes a second to import: meanwhile, validation.
  const astro = import('astro');
  astro.catch(() => undefined); // reported where it is awaited

  const checked = new CheckCache(cachePath(projectRoot, 'checks'), projectRoot);
  // The pass that checks each run's examples also makes what later stages need of them: the run's
  // index (what the pages list of its examples) and its search records, so neither reads the file.
  const records: RunRecordsOptions = {
    dir: join(searchCacheDir(projectRoot), 'records'),
    code: await searchCodeDigest(projectRoot),
  };
  const manifest = await validateAndReport(archive, projectRoot, checked, {
    index: true,
    visitors: [{ module: new URL('../search/run-records.ts', import.meta.url).href, options: records }],
  });
  if (!manifest) {
    console.error('\nThe site was not built: fix the problems above, then run `npm run build` again.');
    return 1;
  }

  try {
    const done = await replaceOnSuccess(
      out,
      async (into, placements) => {
        handOverBuild({ manifest, placements });
        try {
          await (await astro).build({ root: projectRoot, outDir: into });
        } finally {
          handOverBuild(undefined);
        }
      },
      outputListPath(projectRoot),
    );
    console.log(
      `${done.mode === 'fresh' ? 'wrote' : 'updated'} ${out}: ${done.linked} pages linked from the page cache, ${done.kept} unchanged, ${done.moved} files from Astro, ${done.removed} removed`,
    );
  } catch (error) {
    console.error(error);
    console.error('\nThe site was not built, and the previous build was left as it was.');
    return 1;
  }
  await writeStamp(projectRoot, fingerprint);
  return 0;
}
