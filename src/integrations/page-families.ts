import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { handedBuild, takeFamilyWriter } from '../pipeline/handoff.ts';
import { PAGE_CACHE_FOLDER, PageCache } from '../render/page-cache.ts';
import { FAMILIES } from '../render/families.ts';

/**
 * The page families (src/render/families.ts) in Astro. On the dev server, a route for each family
 * URL, served one page at a time. In a build, once Astro has written its own pages, the families
 * are written in batches by the writer the bundled pages' code offers (src/render/family-pages.ts);
 * then the page cache is kept to what this build used.
 */
export function pageFamilies(): AstroIntegration {
  let started = new Date();
  let paths: { outDir: string; cacheDir: string; projectRoot: string } | undefined;
  return {
    name: 'benchscope-page-families',
    hooks: {
      'astro:config:setup': ({ command, injectRoute }) => {
        if (command !== 'dev') return;
        for (const family of FAMILIES)
          for (const pattern of family.routes)
            injectRoute({
              pattern,
              entrypoint: new URL(
                family.kind === 'page' ? '../render/FamilyRoute.astro' : '../render/family-file.ts',
                import.meta.url,
              ),
            });
      },
      'astro:config:done': ({ config }) => {
        paths = {
          outDir: fileURLToPath(config.outDir),
          cacheDir: fileURLToPath(config.cacheDir),
          projectRoot: fileURLToPath(config.root),
        };
      },
      'astro:build:start': () => {
        // File times have a coarse resolution on some file systems: allow a second of slack.
        started = new Date(Date.now() - 1000);
      },
      'astro:build:generated': async ({ logger }) => {
        if (!paths) throw new Error('the page families were asked to write before Astro said where');
        const write = takeFamilyWriter();
        // The sitemap routes import the writer's module, so Astro has loaded it by now.
        if (!write) throw new Error('the page families were not written: no route loaded src/render/family-pages.ts');
        const began = performance.now();
        const { pages } = await write({ ...paths, placements: handedBuild()?.placements });
        logger.info(`${pages} pages of the page families in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      },
      'astro:build:done': ({ logger }) => {
        if (!paths) return;
        const cache = new PageCache(join(paths.cacheDir, PAGE_CACHE_FOLDER), paths.outDir, paths);
        const removed = cache.sweep(started);
        if (removed > 0) logger.info(`removed ${removed} unused entries from the page cache`);
      },
    },
  };
}
