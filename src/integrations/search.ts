import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { handedBuild } from '../pipeline/handoff.ts';
import { searchArchiveOf } from '../search/archive.ts';
import { searchCacheDir } from '../search/cache.ts';
import { describeSearch, startSearchIndex, type SearchIndexJob } from '../search/start.ts';

/**
 * The search index as a build step of Astro's: started when the build starts, from the runs of the
 * archive's manifest (its examples files are indexed in a process of its own, on the other core,
 * while Astro renders), and finished when the pages are written, into the output's pagefind/.
 * A failure to index fails the build.
 */
export function searchIndex(): AstroIntegration {
  let job: SearchIndexJob | undefined;
  let projectRoot = process.cwd();
  return {
    name: 'benchscope-search',
    hooks: {
      'astro:config:done': ({ config }) => {
        projectRoot = fileURLToPath(config.root);
      },
      'astro:build:start': () => {
        // The content loader has read the archive by now: validated by the pipeline, or by itself
        // when `astro build` runs alone. Either way its manifest was handed over.
        const manifest = handedBuild()?.manifest;
        if (!manifest) throw new Error('the search index has no archive to index: the content loader did not run');
        job = startSearchIndex({ archive: searchArchiveOf(manifest), cacheDir: searchCacheDir(projectRoot) });
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
