// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// BENCHSCOPE_OUT builds somewhere other than dist/ (tests and benchmarks build several archives);
// each output then gets its own cache, so two archives never share a content store.
const out = process.env.BENCHSCOPE_OUT;

export default defineConfig({
  site: process.env.BENCHSCOPE_SITE ?? 'https://benchscope.example',
  integrations: [mdx()],
  // Pages are static files: a trailing slash matches the folder/index.html each page is written to.
  trailingSlash: 'always',
  build: { format: 'directory' },
  ...(out ? { outDir: out, cacheDir: `${out.replace(/\/+$/, '')}-cache` } : {}),
  vite: {
    build: {
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
