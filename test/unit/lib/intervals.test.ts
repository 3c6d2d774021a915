import { describe, expect, it } from 'vitest';
import { normalMean, wilson } from '../../../src/lib/intervals.ts';

// Reference values computed independently (Wilson's formula, z = 1.959964) and rounded to 0.1 point.
const pct = (x: number) => Math.round(x * 1000) / 10;

describe('wilson', () => {
  it.each([
    [36, 40, 76.9, 96.0],
    [20, 40, 35.2, 64.8],
    [10, 12, 55.2, 95.3],
  ])('%i of %i → %f%% to %f%%', (k, n, low, high) => {
    const interval = wilson(k, n);
    expect([pct(interval.low), pct(interval.high)]).toEqual([low, high]);
    expect(interval.method).toBe('wilson');
  });

  it('stays inside [0, 1] at the extremes, unlike the textbook interval', () => {
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(0, 10).high).toBeGreaterThan(0.2);
    expect(wilson(10, 10).high).toBe(1);
    expect(wilson(10, 10).low).toBeLessThan(0.8);
  });
});

describe('normalMean', () => {
  it('gives mean ± 1.96 standard errors for partial credit', () => {
    // Scores 0, 0.5, 1, 0.5: mean 0.5, sample sd 0.408, se 0.204.
    const interval = normalMean(2, 1.5, 4);
    expect(interval.low).toBeCloseTo(0.5 - 1.96 * 0.2041, 3);
    expect(interval.high).toBeCloseTo(0.5 + 1.96 * 0.2041, 3);
  });
});
