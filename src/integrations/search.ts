import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { handedBuild } from '../pipeline/handoff.ts';
import { searchArchiveOf } from '../search/archive.ts';
import { searchCacheDir } from '../search/cache.ts';
import { describeSearch, startSearchIndex, type SearchIndexJob } from '../search/start.ts';

/**
 * The search index as a build step of Astro's: started from the runs of the archive's manifest as
 * soon as the manifest is at hand (by `npm run build` itself, right after validation; by this
 * integration when the build starts, after `astro build`'s content loader validated), its examples
 * indexed in a process of its own on the other core while Astro renders, and finished when the
 * pages are written, into the output's pagefind/. A failure to index fails the build.
 */
export function searchIndex(): AstroIntegration {
  let job: SearchIndexJob | undefined;
  let projectRoot = process.cwd();
  const start = () => {
    const handed = handedBuild();
    // `npm run build` started it the moment validation was done; `astro build` alone starts it here.
    job ??= handed?.search;
    if (!handed?.manifest) return;
    job ??= startSearchIndex({ archive: searchArchiveOf(handed.manifest), cacheDir: searchCacheDir(projectRoot) });
  };
  return {
    name: 'benchscope-search',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        projectRoot = fileURLToPath(config.root);
        // `npm run build` handed over the manifest (and the search step it started) before
        // starting Astro.
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
          logger.info(describeSearch(await job.finish(fileURLToPath(dir))));
        } finally {
          job.cancel();
          job = undefined;
        }
      },
    },
  };
}
