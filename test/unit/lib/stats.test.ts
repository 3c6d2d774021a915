import { describe, expect, it } from 'vitest';
import { agrees, declaredTolerance, quantileSorted, RunTally } from '../../../src/lib/stats.ts';

describe('quantileSorted', () => {
  it('interpolates between order statistics like numpy and d3', () => {
    const xs = [100, 200, 300, 400];
    expect(quantileSorted(xs, 0.5)).toBe(250);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(385, 10);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('declared precision', () => {
  it('allows half a unit of the last written digit', () => {
    expect(declaredTolerance('0.734')).toBeCloseTo(0.0005, 12);
    expect(declaredTolerance('0.7340')).toBeCloseTo(0.00005, 12);
    expect(declaredTolerance('812')).toBe(0.5);
    expect(declaredTolerance('7.3e-1')).toBeCloseTo(0.005, 12);
  });

  it('accepts rounding and rejects real differences', () => {
    expect(agrees(0.734, '0.734', 0.73449)).toBe(true);
    expect(agrees(0.734, '0.734', 0.7346)).toBe(false);
    expect(agrees(0.73, '0.73', 0.7349)).toBe(true);
    expect(agrees(0.3, '0.3', 0.1 + 0.2)).toBe(true);
    // "1" claims only 0.5 ≤ x < 1.5: coarse, but the site shows the recomputed figure, never this one.
    expect(agrees(1, '1', 0.5)).toBe(true);
    expect(agrees(1, '1', 0.49)).toBe(false);
  });
});

describe('RunTally', () => {
  it('derives score, per-subject counts, errors, latency and tokens', () => {
    const tally = new RunTally();
    tally.add({ correct: true, extracted: 'x', subject: 'a', latency_ms: 100, tokens: { prompt: 10, completion: 2 } });
    tally.add({
      correct: false,
      extracted: null,
      subject: 'b',
      latency_ms: 300,
      tokens: { prompt: 10, completion: 3 },
      error: 'timeout',
    });
    tally.add({
      correct: false,
      extracted: 'y',
      score: 0.5,
      subject: 'a',
      latency_ms: 200,
      tokens: { prompt: 10, completion: 4 },
    });
    const stats = tally.result();
    expect(stats).toMatchObject({ total: 3, correct: 1, errors: 1, timed: 3, tokens: { prompt: 30, completion: 9 } });
    expect(stats.score).toBeCloseTo(0.5, 12);
    expect(stats.subjects).toEqual([
      { subject: 'a', total: 2, correct: 1, errors: 0, score: 0.75 },
      { subject: 'b', total: 1, correct: 0, errors: 1, score: 0 },
    ]);
    expect(stats.latency).toEqual({ p50: 200, p95: 290, mean: 200 });
  });

  it('gives no latency unless every example has one', () => {
    const tally = new RunTally();
    tally.add({ correct: true, extracted: 1, latency_ms: 100 });
    tally.add({ correct: true, extracted: 1 });
    expect(tally.result().latency).toBeNull();
  });

  it('counts apart the incorrect examples with no answer extracted, not those with an endpoint error or a verdict of their own', () => {
    const tally = new RunTally();
    tally.add({ correct: false, extracted: null }); // no answer
    tally.add({ correct: false, extracted: null }); // no answer
    tally.add({ correct: false, extracted: '12' }); // a wrong answer
    tally.add({ correct: false, extracted: null, error: 'timeout' }); // an endpoint error
    tally.add({ correct: true, extracted: null }); // a verdict reached without extraction (unit tests)
    expect(tally.result()).toMatchObject({ total: 5, correct: 1, errors: 1, unextracted: 2 });
  });
});
