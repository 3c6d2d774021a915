import { exampleScore, type Example } from '../schema/example.ts';

export interface SubjectStats {
  subject: string;
  total: number;
  correct: number;
  errors: number;
  /** Mean example score: accuracy when there is no partial credit. */
  score: number;
}

export interface LatencyStats {
  p50: number;
  p95: number;
  mean: number;
}

/** Figures derived from a run's examples: the site shows these, never the declared ones. */
export interface RunStats {
  total: number;
  correct: number;
  errors: number;
  /**
   * Incorrect examples, without an endpoint error, from which no answer was extracted (`extracted`
   * null): a failure to answer in a form the scorer reads, not a wrong answer. Whether the figure
   * means anything depends on the benchmark (code is run, not read for an answer): see
   * `ScoredView.noAnswer` (src/page-data/data.ts).
   */
  unextracted: number;
  score: number;
  /** Sum of the example scores and of their squares: enough for a mean's standard error. */
  scoreSum: number;
  scoreSquares: number;
  subjects: SubjectStats[];
  /** Null unless every example reports latency_ms. */
  latency: LatencyStats | null;
  /** Examples that report latency_ms. */
  timed: number;
  tokens: { prompt: number; completion: number } | null;
}

/**
 * The p-quantile of sorted values by linear interpolation between order statistics (the method
 * numpy and d3 use by default), so declared figures from common tools agree with ours.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? NaN;
  const b = sorted[Math.min(lo + 1, n - 1)] ?? NaN;
  return a + (b - a) * (h - lo);
}

/** Whether an example is incorrect for want of an extracted answer, rather than for a wrong one or an endpoint error. */
export const unextracted = (example: Pick<Example, 'correct' | 'error' | 'extracted'>): boolean =>
  !example.correct && example.error === undefined && example.extracted === null;

/** Accumulates a run's figures one example at a time, so examples never need to sit in memory together. */
export class RunTally {
  private total = 0;
  private correct = 0;
  private errors = 0;
  private unextracted = 0;
  private scoreSum = 0;
  private scoreSquares = 0;
  private readonly subjects = new Map<string, { total: number; correct: number; errors: number; scoreSum: number }>();
  private latencies = new Float64Array(1024);
  private timed = 0;
  private latencySum = 0;
  private promptTokens = 0;
  private completionTokens = 0;
  private tokenCount = 0;

  add(example: Pick<Example, 'correct' | 'score' | 'subject' | 'latency_ms' | 'tokens' | 'error' | 'extracted'>): void {
    const score = exampleScore(example);
    this.total++;
    if (example.correct) this.correct++;
    if (example.error !== undefined) this.errors++;
    if (unextracted(example)) this.unextracted++;
    this.scoreSum += score;
    this.scoreSquares += score * score;
    if (example.subject !== undefined) {
      let s = this.subjects.get(example.subject);
      if (!s) this.subjects.set(example.subject, (s = { total: 0, correct: 0, errors: 0, scoreSum: 0 }));
      s.total++;
      if (example.correct) s.correct++;
      if (example.error !== undefined) s.errors++;
      s.scoreSum += score;
    }
    if (example.latency_ms !== undefined) {
      if (this.timed === this.latencies.length) {
        const grown = new Float64Array(this.latencies.length * 2);
        grown.set(this.latencies);
        this.latencies = grown;
      }
      this.latencies[this.timed++] = example.latency_ms;
      this.latencySum += example.latency_ms;
    }
    if (example.tokens) {
      this.promptTokens += example.tokens.prompt;
      this.completionTokens += example.tokens.completion;
      this.tokenCount++;
    }
  }

  result(): RunStats {
    const { total } = this;
    let latency: LatencyStats | null = null;
    if (total > 0 && this.timed === total) {
      const sorted = this.latencies.slice(0, this.timed).sort();
      latency = {
        p50: quantileSorted(sorted, 0.5),
        p95: quantileSorted(sorted, 0.95),
        mean: this.latencySum / this.timed,
      };
    }
    return {
      total,
      correct: this.correct,
      errors: this.errors,
      unextracted: this.unextracted,
      score: total > 0 ? this.scoreSum / total : 0,
      scoreSum: this.scoreSum,
      scoreSquares: this.scoreSquares,
      subjects: [...this.subjects]
        .map(([subject, s]) => ({
          subject,
          total: s.total,
          correct: s.correct,
          errors: s.errors,
          score: s.scoreSum / s.total,
        }))
        .sort((a, b) => a.subject.localeCompare(b.subject)),
      latency,
      timed: this.timed,
      tokens:
        total > 0 && this.tokenCount === total
          ? { prompt: this.promptTokens, completion: this.completionTokens }
          : null,
    };
  }
}

/**
 * Half a unit of the last digit written in a JSON number: "0.734" → 0.0005, "812" → 0.5,
 * "7.3e-1" → 0.005. A declared figure agrees with a recomputed one within this tolerance.
 */
export function declaredTolerance(raw: string): number {
  const match = /^-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!match) return 0;
  const decimals = (match[1]?.length ?? 0) - Number(match[2] ?? 0);
  return 0.5 * 10 ** -decimals;
}

/** Number of decimals written in a JSON number, for showing a recomputed value at the same precision. */
export function declaredDecimals(raw: string): number {
  const match = /^-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!match) return 0;
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0));
}

/** Whether a declared figure agrees with the recomputed one, allowing for its written precision. */
export function agrees(declared: number, raw: string | undefined, actual: number): boolean {
  const tolerance = raw === undefined ? 0 : declaredTolerance(raw);
  // The epsilon absorbs binary rounding of both figures (0.1 + 0.2 style), never a real difference.
  return Math.abs(declared - actual) <= tolerance + 1e-9 * Math.max(1, Math.abs(actual));
}
