import { build } from 'astro';
import { validateCommand } from '../archive/cli.ts';
import { archiveRoot } from '../archive/root.ts';
import { searchCacheDir } from '../search/cache.ts';
import { describeSearch, startSearchIndex } from '../search/start.ts';
import { inputFingerprint, outDir, writeStamp } from './fingerprint.ts';

/**
 * `npm run build`: validate the archive, then build the site. Validation runs first and on its own
 * so that a bad run file stops the build before anything is written to dist/. The search index is
 * made in a process of its own, from the archive while Astro renders, then from the built pages.
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
    await build({ root: projectRoot });
  } catch (error) {
    search.cancel();
    throw error;
  }
  console.log(describeSearch(await search.finish(outDir(projectRoot))));
  await writeStamp(projectRoot, fingerprint);
  return 0;
}
