import type { RunView } from './data.ts';

/**
 * Filters for the list of runs, made of HTML and CSS alone so they work without JavaScript: each
 * <select> hides, through :has(), the rows whose data attribute differs from the chosen option.
 */
export const FILTERS = [
  { key: 'benchmark', label: 'Benchmark', value: (v: RunView) => v.run.benchmark.id },
  { key: 'provider', label: 'Provider', value: (v: RunView) => v.run.endpoint.provider },
  { key: 'family', label: 'Model family', value: (v: RunView) => v.run.endpoint.family },
  { key: 'state', label: 'State', value: (v: RunView) => v.run.state },
  { key: 'mode', label: 'Prompt', value: (v: RunView) => v.run.prompt.mode },
] as const;

export type FilterKey = (typeof FILTERS)[number]['key'];

/** The options of each filter: the values that occur, sorted. */
export function filterOptions(runs: readonly RunView[]): { key: FilterKey; label: string; values: string[] }[] {
  return FILTERS.map((f) => ({ key: f.key, label: f.label, values: [...new Set(runs.map(f.value))].sort() }));
}

/** CSS string literal: values are slugs, but quote them properly all the same. */
const cssString = (s: string) => `"${s.replace(/["\\\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/** The stylesheet that makes the filters work. */
export function filterStylesheet(runs: readonly RunView[]): string {
  const rules = filterOptions(runs).flatMap(({ key, values }) =>
    values.map(
      (value) =>
        `.run-list:has(#filter-${key} option[value=${cssString(value)}]:checked) tr[data-${key}]:not([data-${key}=${cssString(value)}]) { display: none; }`,
    ),
  );
  return `/* Generated from the archive: one rule per filter option. */\n${rules.join('\n')}\n`;
}
