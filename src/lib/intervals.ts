/** 95% intervals for a run's score. One function per method, so every page states the same one. */
import type { RunStats } from './stats.ts';

export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
  /** How it was computed, in words a reader can look up. */
  method: 'wilson' | 'normal';
}

/**
 * The Wilson score interval for a proportion: unlike the textbook p ± 1.96·SE it stays inside
 * [0, 1] and keeps its coverage for small samples and scores near 0 or 1.
 */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: 0, high: 1, method: 'wilson' };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 or n successes the bound is exactly 0 or 1; floating point would leave 0.9999999999999999.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
    method: 'wilson',
  };
}

/** Mean ± 1.96 standard errors, for scores with partial credit, clipped to [0, 1]. */
export function normalMean(sum: number, sumOfSquares: number, n: number, z = Z95): Interval {
  if (n < 2) return { low: 0, high: 1, method: 'normal' };
  const mean = sum / n;
  const variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
  const half = z * Math.sqrt(variance / n);
  return { low: Math.max(0, mean - half), high: Math.min(1, mean + half), method: 'normal' };
}

/**
 * The interval of a run's score: Wilson's when every example scores 0 or 1 (the score is a
 * proportion), the normal approximation when examples carry partial credit.
 */
export function scoreInterval(
  stats: Pick<RunStats, 'score' | 'total' | 'correct' | 'scoreSum' | 'scoreSquares'>,
): Interval {
  const binary = Math.abs(stats.score * stats.total - stats.correct) < 1e-9;
  return binary ? wilson(stats.correct, stats.total) : normalMean(stats.scoreSum, stats.scoreSquares, stats.total);
}

export const INTERVAL_METHODS: Record<Interval['method'], string> = {
  wilson: 'Wilson score interval (95%)',
  normal: 'normal approximation, mean ± 1.96 standard errors (95%)',
};
