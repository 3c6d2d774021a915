import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { PAGE_CACHE_FOLDER, PageCache } from '../render/page-cache.ts';

/**
 * Keep the page cache (src/render/page-cache.ts) to what the latest build used: entries a build
 * links or writes are touched, and those left untouched are removed once the build is done.
 */
export function pageCacheSweep(): AstroIntegration {
  let started = new Date();
  let cache: PageCache | undefined;
  return {
    name: 'benchscope-page-cache',
    hooks: {
      'astro:config:done': ({ config }) => {
        cache = new PageCache(join(fileURLToPath(config.cacheDir), PAGE_CACHE_FOLDER), fileURLToPath(config.outDir), {
          projectRoot: fileURLToPath(config.root),
        });
      },
      'astro:build:start': () => {
        // File times have a coarse resolution on some file systems: allow a second of slack.
        started = new Date(Date.now() - 1000);
      },
      'astro:build:done': ({ logger }) => {
        const removed = cache?.sweep(started) ?? 0;
        if (removed > 0) logger.info(`removed ${removed} unused entries from the page cache`);
      },
    },
  };
}
