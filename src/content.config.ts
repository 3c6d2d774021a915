import { pathToFileURL } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { RunEntry, runsLoader } from './archive/loader.ts';
import { REGISTRY_KINDS } from './archive/registry.ts';
import { archiveRoot } from './archive/root.ts';
import { LearnPage } from './schema/learn.ts';

// npm scripts run from the project root; BENCHSCOPE_ARCHIVE may point elsewhere.
const archive = pathToFileURL(`${archiveRoot(process.cwd())}/`);

/** Registry files of one kind; ids are file names, exactly as runs cite them. */
const registryFiles = (kind: keyof typeof REGISTRY_KINDS) =>
  glob({
    pattern: '*.{md,mdx}',
    base: new URL(`${REGISTRY_KINDS[kind].folder}/`, archive),
    generateId: ({ entry }) => entry.replace(/\.mdx?$/, ''),
  });

export const collections = {
  // The schema is given here, not only on the loader, so that Astro can infer the entries' type.
  runs: defineCollection({ loader: runsLoader(), schema: RunEntry }),
  benchmarks: defineCollection({ loader: registryFiles('benchmarks'), schema: REGISTRY_KINDS.benchmarks.schema }),
  models: defineCollection({ loader: registryFiles('models'), schema: REGISTRY_KINDS.models.schema }),
  providers: defineCollection({ loader: registryFiles('providers'), schema: REGISTRY_KINDS.providers.schema }),
  // The explainers are the site's own pages: always from this repository, whatever the archive.
  learn: defineCollection({ loader: glob({ pattern: '*.mdx', base: './content/learn' }), schema: LearnPage }),
};
