/**
 * Every URL of the site, in one place. These are the links people share: changing one breaks them,
 * so a test pins them. Paths are built under `base` (the site's base path, "/" by default).
 */

export const PAGE_SIZE = 100;

/** A run's example lists: every example, the incorrect, those with no answer extracted, the endpoint's errors. */
export type ListKind = 'all' | 'incorrect' | 'no-answer' | 'errors';

/** A subject name made safe for a URL segment: "High School Physics" → "high-school-physics". */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'subject'
  );
}

/** Slugs for a list of subjects, distinct even when two subjects slugify alike. */
export function subjectSlugs(subjects: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  // "page" is taken by the pagination of the lists these slugs name.
  const used = new Set<string>(['page']);
  for (const subject of subjects) {
    const base = slugify(subject);
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    out.set(subject, slug);
  }
  return out;
}

export function createRoutes(base = '/') {
  const root = base.endsWith('/') ? base : `${base}/`;
  const at = (path: string) => `${root}${path}`;
  const listPath = (runId: string, kind: ListKind, page: number, subject?: string) => {
    const head = kind === 'all' ? `runs/${runId}/examples/` : `runs/${runId}/${kind}/${subject ? `${subject}/` : ''}`;
    return page <= 1 ? head : `${head}page/${page}/`;
  };
  return {
    home: at(''),
    runs: at('runs/'),
    feed: at('runs/feed.xml'),
    run: (id: string) => at(`runs/${id}/`),
    /** The downloads that hold every example's text are gzip-compressed: they are most of a run's bytes. */
    runJson: (id: string) => at(`runs/${id}.json.gz`),
    runCsv: (id: string) => at(`runs/${id}.csv.gz`),
    /** The run as an Every Eval Ever record: the aggregate, and the samples beside it. */
    runEee: (id: string) => at(`runs/${id}/eee.json`),
    runEeeSamples: (id: string) => at(`runs/${id}/eee_samples.jsonl.gz`),
    /** A page of a run's example list: every example, or only the incorrect (optionally of one subject), the unanswered or the errored ones. */
    list: (runId: string, kind: ListKind = 'all', page = 1, subjectSlug?: string) =>
      at(listPath(runId, kind, page, subjectSlug)),
    example: (runId: string, exampleId: string) => at(`runs/${runId}/examples/${exampleId}/`),
    benchmark: (id: string) => at(`benchmarks/${id}/`),
    benchmarkCsv: (id: string) => at(`benchmarks/${id}.csv`),
    crossExample: (benchmarkId: string, exampleId: string) => at(`benchmarks/${benchmarkId}/examples/${exampleId}/`),
    model: (family: string) => at(`models/${family}/`),
    provider: (id: string) => at(`providers/${id}/`),
    learnBenchmark: (id: string) => at(`learn/benchmarks/${id}/`),
    learn: (slug?: string, anchor?: string) => at(`learn/${slug ? `${slug}/` : ''}${anchor ? `#${anchor}` : ''}`),
    search: at('search/'),
    models: at('models/'),
    providers: at('providers/'),
    /** The public releases runs were imported from, with their licences. */
    sources: at('sources/'),
    benchmarks: at('benchmarks/'),
  };
}

export type Routes = ReturnType<typeof createRoutes>;

/** Number of list pages for `count` examples (at least one, even when empty). */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}
