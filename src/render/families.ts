/**
 * The page families: the pages and files that grow with the archive, declared once. A build writes
 * each family in batches, many pages per render and cached between builds
 * (src/render/family-pages.ts, called by src/integrations/page-families.ts once Astro has written
 * its own pages); the dev server serves the same declarations one page at a time, through routes
 * injected from this list. Everything else is an ordinary route under src/pages/.
 *
 * Plain data with no Astro import: the integration reads it where no component can be loaded.
 */

export interface PageFamily {
  name: string;
  /** One group of pages is rendered, cached and listed in a sitemap together. */
  by: 'run' | 'benchmark';
  /** Its URLs, as Astro route patterns (no base path, no trailing slash). */
  routes: readonly string[];
  /** HTML pages, or download files. */
  kind: 'page' | 'file';
  /** What a reader finds there. */
  shows: string;
}

export const FAMILIES = [
  {
    name: 'example lists',
    by: 'run',
    routes: ['/runs/[run]/examples', '/runs/[run]/examples/page/[page]', '/runs/[run]/[list]/[...rest]'],
    kind: 'page',
    shows: "a run's examples, all or only the incorrect (also by subject) or errored, a page of them at a time",
  },
  {
    name: 'example pages',
    by: 'run',
    routes: ['/runs/[run]/examples/[...example]'],
    kind: 'page',
    shows: 'one example of a run: its prompt, the raw output and why it was scored as it was',
  },
  {
    name: 'run downloads',
    by: 'run',
    routes: ['/runs/[run].json.gz', '/runs/[run].csv.gz', '/runs/[run]/eee.json', '/runs/[run]/eee_samples.jsonl.gz'],
    kind: 'file',
    shows: 'a run with every example as JSON, its verdicts as CSV, and its Every Eval Ever record and samples',
  },
  {
    name: 'cross-endpoint pages',
    by: 'benchmark',
    routes: ['/benchmarks/[benchmark]/examples/[...example]'],
    kind: 'page',
    shows: "one question of a benchmark and every endpoint's answer to it",
  },
] as const satisfies readonly PageFamily[];

export type FamilyName = (typeof FAMILIES)[number]['name'];

/** The family a route pattern belongs to. */
export function familyOf(pattern: string): PageFamily {
  const family = FAMILIES.find((f) => (f.routes as readonly string[]).includes(pattern));
  if (!family) throw new Error(`no page family serves ${pattern}`);
  return family;
}
