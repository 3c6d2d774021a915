import { getRuns, isScoredView } from './data.ts';

/**
 * What a page tells the site search about itself. Pagefind reads these from the page: the kind of
 * page and the facets readers filter results by. Values are ids, never free text. Examples and
 * questions are not pages of the index: the archive's records carry the same facets
 * (src/search/documents.ts).
 */
export interface SearchFacets {
  type: 'example' | 'question' | 'run' | 'benchmark' | 'model' | 'provider' | 'explainer';
  benchmark?: string;
  provider?: string;
  family?: string;
  verdict?: 'correct' | 'incorrect' | 'error';
  subject?: string;
  mode?: 'canonical' | 'custom';
  /** Examples with no answer extracted, where the benchmark reads one (src/search/documents.ts). */
  answer?: 'none';
}

export const TYPE_LABEL: Record<string, string> = {
  example: 'Example',
  question: 'Question',
  run: 'Run',
  benchmark: 'Benchmark',
  model: 'Model family',
  provider: 'Provider',
  explainer: 'Explainer',
};

/** The values each facet takes in this archive: the options of the search page's filters. */
export async function searchFacetValues(): Promise<Record<keyof SearchFacets, string[]>> {
  const runs = await getRuns();
  const scored = runs.filter(isScoredView);
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  return {
    type: ['example', 'question', 'run', 'benchmark', 'model', 'provider', 'explainer'],
    benchmark: sorted(runs.map((r) => r.run.benchmark.id)),
    provider: sorted(runs.map((r) => r.run.endpoint.provider)),
    family: sorted(runs.map((r) => r.run.endpoint.family)),
    verdict: ['correct', 'incorrect', 'error'],
    subject: sorted(scored.flatMap((r) => r.scored.stats.subjects.map((s) => s.subject))),
    mode: sorted(runs.map((r) => r.run.prompt.mode)),
    answer: scored.some((r) => (r.scored.noAnswer ?? 0) > 0) ? ['none'] : [],
  };
}

/** The facets of the search page, in the order it shows them, with their labels. */
export const SEARCH_FILTERS: { key: keyof SearchFacets; label: string }[] = [
  { key: 'type', label: 'Page' },
  { key: 'benchmark', label: 'Benchmark' },
  { key: 'provider', label: 'Provider' },
  { key: 'family', label: 'Model family' },
  { key: 'verdict', label: 'Verdict' },
  { key: 'subject', label: 'Subject' },
  { key: 'mode', label: 'Prompt' },
  { key: 'answer', label: 'Answer' },
];

/** How the search page words a facet's values, where the value itself is not the word. */
export const OPTION_LABEL: Partial<Record<keyof SearchFacets, Record<string, string>>> = {
  type: TYPE_LABEL,
  answer: { none: 'none extracted' },
};
