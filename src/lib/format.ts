/** Formatting shared by every page, so a figure reads the same wherever it appears. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

/** A fraction as a percentage, with one decimal unless told: 0.7342 → "73.4%". */
export function formatPercent(fraction: number, decimals = 1): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/**
 * The size of the difference of two fractions, in percentage points: 0.725 − 0.588 → "13.7
 * percentage points" (two decimals below one point: "0.38 percentage points"). A gap between two
 * percentages is never itself a percentage.
 */
export function formatPoints(difference: number): string {
  const points = Math.abs(difference * 100);
  return `${points.toFixed(points < 1 ? 2 : 1)} percentage points`;
}

/** Milliseconds, rounded to what a reader can use: 812.4 → "812 ms", 2345 → "2.35 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A timestamp as its UTC date, e.g. "2026-03-01". */
export function formatDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** A p-value as a reader needs it: "p = 0.14", "p = 0.031", "p < 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)}`;
}

/** A duration in words a reader scans: 95000 → "1 min 35 s", 4000 → "4 s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

/** A timestamp as UTC date and time, e.g. "2026-03-01 14:05 UTC". */
export function formatDateTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
