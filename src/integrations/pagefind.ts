import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * Index the built site with Pagefind's Node API once Astro has written it, and fail the build on
 * any indexing error rather than publish a site whose search silently misses pages. Which pages
 * are indexed, and with which filters, is decided in their markup (data-pagefind-*).
 */
const UNUSED_UI = [
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-component-ui.js',
  'pagefind-component-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-highlight.js',
];

export function pagefindSearch(): AstroIntegration {
  return {
    name: 'benchscope-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = performance.now();
        const created = await pagefind.createIndex({ forceLanguage: 'en' });
        const fail = (what: string, errors: string[]) => {
          throw new Error(`Search index: ${what} failed:\n${errors.join('\n')}`);
        };
        if (!created.index || created.errors.length > 0) fail('starting Pagefind', created.errors);
        const index = created.index as pagefind.PagefindIndex;
        try {
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) fail('indexing the pages', added.errors);
          const output = join(site, 'pagefind');
          const written = await index.writeFiles({ outputPath: output });
          if (written.errors.length > 0) fail('writing the index', written.errors);
          // The site has its own search page (src/client/search-page.ts); Pagefind's ready-made UIs
          // would only be dead weight in the deployed site.
          for (const unused of UNUSED_UI) await rm(join(output, unused), { force: true });
          logger.info(`indexed ${added.page_count} pages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
