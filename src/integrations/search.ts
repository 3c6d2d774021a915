import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { handedBuild } from '../pipeline/handoff.ts';
import { searchArchiveOf } from '../search/archive.ts';
import { searchCacheDir } from '../search/cache.ts';
import { describeSearch, startSearchIndex, type SearchIndexJob } from '../search/start.ts';

/**
 * The search index as a build step of Astro's: started as soon as the archive's manifest is at
 * hand (at Astro's first hook, after `npm run build` validated the archive; when
 * the build starts, after `astro build`'s content loader did), from the runs of the manifest (its examples files are indexed in a process of its own, on the other core,
 * while Astro renders), and finished when the pages are written, into the output's pagefind/.
 * A failure to index fails the build.
 */
export function searchIndex(): AstroIntegration {
  let job: SearchIndexJob | undefined;
  let projectRoot = process.cwd();
  const start = () => {
    const manifest = handedBuild()?.manifest;
    if (!manifest) return;
    job ??= startSearchIndex({ archive: searchArchiveOf(manifest), cacheDir: searchCacheDir(projectRoot) });
  };
  return {
    name: 'benchscope-search',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        projectRoot = fileURLToPath(config.root);
        // `npm run build` handed over the manifest before starting Astro: index at once (Astro's
        // first hook), while Astro prepares its build; an incremental build's longest step is this.
        if (command === 'build') start();
      },
      'astro:build:start': () => {
        // `astro build` alone: the content loader has validated the archive by now and handed its
        // manifest over.
        start();
        if (!job) throw new Error('the search index has no archive to index: the content loader did not run');
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!job) return;
        try {
          // A build that assembles its output (src/pipeline/placements.ts) places the shards itself.
          const placements = handedBuild()?.placements;
          const stats = await job.finish(fileURLToPath(dir), placements?.deferred ?? false);
          for (const { from, at, skip } of stats.shardFolders) placements?.addFolder(from, at, skip);
          logger.info(describeSearch(stats));
        } finally {
          job.cancel();
          job = undefined;
        }
      },
    },
  };
}
