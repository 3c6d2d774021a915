import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { build } from 'astro';
import { validateCommand } from '../archive/cli.ts';
import { archiveRoot } from '../archive/root.ts';
import { searchCacheDir } from '../search/cache.ts';
import { describeSearch, startSearchIndex } from '../search/start.ts';
import { inputFingerprint, outDir, writeStamp } from './fingerprint.ts';

/**
 * Run `write` into a sibling of `out`, then put the result in place of `out`; on failure, remove
 * what was written and leave `out` as it was. A sibling, so that the swap is a rename on one file
 * system: a reader of `out` sees the old site or the new one, never half of one.
 */
export async function replaceOnSuccess(out: string, write: (into: string) => Promise<void>): Promise<void> {
  const next = `${out}.next`;
  const previous = `${out}.previous`;
  // Left over by a build that was killed: never part of a site.
  await rm(next, { recursive: true, force: true });
  await rm(previous, { recursive: true, force: true });
  try {
    await write(next);
  } catch (error) {
    await rm(next, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(out)) await rename(out, previous);
  await rename(next, out);
  await rm(previous, { recursive: true, force: true });
}

/**
 * `npm run build`: validate the archive, then build the site. Validation runs first and on its own
 * so that a bad run file stops the build before anything is written; the site is built beside
 * dist/ and replaces it only once complete, so a build that fails later leaves dist/ untouched too.
 * The search index is made in a process of its own, from the archive while Astro renders, then
 * from the built pages.
 */
export async function buildSite(projectRoot: string): Promise<number> {
  const archive = archiveRoot(projectRoot);
  const fingerprint = await inputFingerprint(projectRoot, archive);
  const code = await validateCommand(archive, projectRoot);
  if (code !== 0) {
    console.error('\nThe site was not built: fix the problems above, then run `npm run build` again.');
    return code;
  }
  const search = startSearchIndex({ archiveRoot: archive, cacheDir: searchCacheDir(projectRoot) });
  try {
    await replaceOnSuccess(outDir(projectRoot), async (into) => {
      await build({ root: projectRoot, outDir: into });
      console.log(describeSearch(await search.finish(into)));
    });
  } catch (error) {
    search.cancel();
    console.error(error);
    console.error('\nThe site was not built, and the previous build was left as it was.');
    return 1;
  }
  await writeStamp(projectRoot, fingerprint);
  return 0;
}
