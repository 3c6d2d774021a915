/**
 * Paired tests between two runs that answered the same examples. A paired test uses what two
 * overlapping intervals throw away: most examples are answered alike by both runs, and only the
 * ones they disagree on say anything about which is better.
 */

export interface PairedResult {
  test: 'mcnemar' | 'paired-z';
  /** Two-sided p-value. */
  p: number;
  /** Examples only the first run got right, and only the second. */
  onlyFirst: number;
  onlySecond: number;
  n: number;
}

function logFactorial(n: number): number {
  // Exact sums are cheap enough for the sizes of benchmarks (below a few million).
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/** Exact two-sided McNemar test: a binomial test on the discordant pairs. */
export function mcnemarExact(onlyFirst: number, onlySecond: number): number {
  const n = onlyFirst + onlySecond;
  if (n === 0) return 1;
  const k = Math.min(onlyFirst, onlySecond);
  const logN = logFactorial(n);
  let logK = 0;
  let logRest = logN;
  let tail = 0;
  const half = n * Math.log(0.5);
  for (let i = 0; i <= k; i++) {
    if (i > 0) {
      logK += Math.log(i);
      logRest -= Math.log(n - i + 1);
    }
    tail += Math.exp(logN - logK - logRest + half);
  }
  return Math.min(1, 2 * tail);
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Compare two runs on the examples they share. Scores are per-example values in [0, 1], by id.
 * Binary scores get McNemar's exact test; partial credit a paired z-test on the differences.
 */
export function pairedTest(first: ReadonlyMap<string, number>, second: ReadonlyMap<string, number>): PairedResult {
  let onlyFirst = 0;
  let onlySecond = 0;
  let n = 0;
  let binary = true;
  let sum = 0;
  let sumOfSquares = 0;
  for (const [id, a] of first) {
    const b = second.get(id);
    if (b === undefined) continue;
    n++;
    if ((a !== 0 && a !== 1) || (b !== 0 && b !== 1)) binary = false;
    if (a > b) onlyFirst++;
    if (b > a) onlySecond++;
    const d = a - b;
    sum += d;
    sumOfSquares += d * d;
  }
  if (binary) return { test: 'mcnemar', p: mcnemarExact(onlyFirst, onlySecond), onlyFirst, onlySecond, n };
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? (sumOfSquares - n * mean * mean) / (n - 1) : 0;
  const p = variance <= 0 ? (mean === 0 ? 1 : 0) : 2 * (1 - normalCdf(Math.abs(mean) / Math.sqrt(variance / n)));
  return { test: 'paired-z', p, onlyFirst, onlySecond, n };
}

export const PAIRED_TESTS: Record<PairedResult['test'], string> = {
  mcnemar: "McNemar's exact test on the examples one run got right and the other wrong",
  'paired-z': 'paired z-test on the per-example score differences',
};

/** Below this p-value a difference from the leader is called significant. */
export const ALPHA = 0.05;
