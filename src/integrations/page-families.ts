import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { outputCachePath } from '../cache/root.ts';
import { handedBuild, takeFamilyWriter } from '../pipeline/handoff.ts';
import { PAGE_CACHE_FOLDER } from '../render/page-cache.ts';
import { FAMILIES } from '../render/families.ts';

/**
 * The page families (src/render/families.ts) in Astro. On the dev server, a route for each family
 * URL, served one page at a time. In a build, once Astro has written its own pages, the families
 * are written in batches by the writer the bundled pages' code offers (src/render/family-pages.ts)
 * through the page cache, which src/integrations/caches.ts then keeps to what this build used.
 */
export function pageFamilies(): AstroIntegration {
  let paths: { outDir: string; pageCache: string; projectRoot: string } | undefined;
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
          pageCache: outputCachePath(fileURLToPath(config.root), PAGE_CACHE_FOLDER),
          projectRoot: fileURLToPath(config.root),
        };
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
    },
  };
}
