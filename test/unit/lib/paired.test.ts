import { describe, expect, it } from 'vitest';
import { mcnemarExact, normalCdf, pairedTest } from '../../../src/lib/paired.ts';

describe('mcnemarExact', () => {
  it.each([
    [0, 0, 1],
    [3, 2, 1],
    [3, 0, 0.25],
    [16, 0, 2 * 0.5 ** 16],
    [10, 2, 0.0385742],
  ])('b = %i, c = %i → p = %f', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 6);
  });

  it('is symmetric and handles thousands of discordant pairs', () => {
    expect(mcnemarExact(2, 10)).toBe(mcnemarExact(10, 2));
    const p = mcnemarExact(5200, 4800);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.001);
  });
});

describe('pairedTest', () => {
  const map = (scores: number[]) => new Map(scores.map((s, i) => [`e${i}`, s]));

  it('counts the examples each run alone got right, on the examples both answered', () => {
    const first = map([1, 1, 1, 0, 1]);
    const second = new Map([...map([1, 0, 0, 1, 1]), ['only-second', 1]]);
    expect(pairedTest(first, second)).toEqual({ test: 'mcnemar', p: 1, onlyFirst: 2, onlySecond: 1, n: 5 });
  });

  it('uses a paired z-test when scores carry partial credit', () => {
    const first = map(Array.from({ length: 50 }, (_, i) => (i % 2 ? 0.9 : 0.7)));
    const second = map(Array.from({ length: 50 }, (_, i) => (i % 2 ? 0.5 : 0.6)));
    const result = pairedTest(first, second);
    expect(result.test).toBe('paired-z');
    expect(result.p).toBeLessThan(0.001);
  });

  it('normalCdf matches the standard normal', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });
});
