// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';

// BENCHSCOPE_OUT builds somewhere other than dist/ (tests and benchmarks build several archives);
// each output then gets its own cache, so two archives never share a content store.
const out = process.env.BENCHSCOPE_OUT;
// BENCHSCOPE_BASE serves the site from a sub-path (a GitHub Pages project site: "/<repository>").
const base = process.env.BENCHSCOPE_BASE || '/';

export default defineConfig({
  site: process.env.BENCHSCOPE_SITE || 'https://benchscope.example',
  base,
  integrations: [mdx(), sitemap()],
  // Pages are static files: a trailing slash matches the folder/index.html each page is written to.
  trailingSlash: 'always',
  // One shared stylesheet file, cached once, rather than CSS repeated in every page.
  build: { format: 'directory', inlineStylesheets: 'never' },
  ...(out ? { outDir: out, cacheDir: `${out.replace(/\/+$/, '')}-cache` } : {}),
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
