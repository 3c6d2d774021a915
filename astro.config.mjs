// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import fg from 'fast-glob';
import { archiveRoot } from './src/archive/root.ts';
import { astroCacheDir } from './src/cache/root.ts';
import { buildCaches } from './src/integrations/caches.ts';
import { pageFamilies } from './src/integrations/page-families.ts';
import { searchIndex } from './src/integrations/search.ts';

// BENCHSCOPE_OUT builds somewhere other than dist/ (tests and benchmarks build several archives).
// Astro's cache folder is with the build's other caches, under the cache root (BENCHSCOPE_CACHE):
// one for each archive and output folder, so two never share a content store (astroCacheDir).
const out = process.env.BENCHSCOPE_OUT;
// BENCHSCOPE_BASE serves the site from a sub-path (a GitHub Pages project site: "/<repository>").
const base = process.env.BENCHSCOPE_BASE || '/';
const site = process.env.BENCHSCOPE_SITE || 'https://benchscope.example';

// The page families (src/render/families.ts) are listed in per-run and per-benchmark sitemaps; the
// sitemap index points at them.
const archive = archiveRoot(process.cwd());
const siteRoot = new URL(base.endsWith('/') ? base : `${base}/`, site);
const customSitemaps = [
  ...fg.sync('runs/*/examples.jsonl{,.gz}', { cwd: archive }).map((f) => `runs/${f.split('/')[1]}/sitemap.xml`),
  ...fg
    .sync('content/benchmarks/*.mdx', { cwd: archive })
    .map((f) => `benchmarks/${f.split('/')[2]?.replace(/\.mdx$/, '')}/sitemap.xml`),
]
  .sort()
  .map((path) => new URL(path, siteRoot).href);

export default defineConfig({
  site,
  base,
  integrations: [mdx(), sitemap({ customSitemaps }), pageFamilies(), searchIndex(), buildCaches()],
  // Pages are static files: a trailing slash matches the folder/index.html each page is written to.
  trailingSlash: 'always',
  // One shared stylesheet file, cached once, rather than CSS repeated in every page.
  build: { format: 'directory', inlineStylesheets: 'never' },
  ...(out ? { outDir: out } : {}),
  cacheDir: astroCacheDir(process.cwd()),
  vite: {
    build: {
      // Scripts as files, never inlined: cached across pages, and no inline script for a
      // Content-Security-Policy to allow.
      assetsInlineLimit: 0,
      rolldownOptions: {
        onwarn(warning, warn) {
          // TODO(withastro/astro#18087): MDX entries trip a harmless bundler warning on every build.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
