/** Formatting shared by every page, so a figure reads the same wherever it appears. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

/** A fraction as a percentage with one decimal: 0.7342 → "73.4%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Milliseconds, rounded to what a reader can use: 812.4 → "812 ms", 2345 → "2.35 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A timestamp as its UTC date, e.g. "2026-03-01". */
export function formatDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}
