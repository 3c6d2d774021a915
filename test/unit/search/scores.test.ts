import { describe, expect, it } from 'vitest';
import { roundUp } from '../../../src/search/scores.ts';

describe('a best score as shards.json holds it', () => {
  it('is rounded up to two significant digits, so it stays a bound and two runs of Pagefind agree', () => {
    // The same word in the same shard, scored by two instances of Pagefind.
    expect(roundUp(0.020241864025592804)).toBe(0.021);
    expect(roundUp(0.020241862162947655)).toBe(0.021);
    for (const score of [7.327932834625244, 3.26, 0.13107, 10.5, 0.0709])
      expect(roundUp(score)).toBeGreaterThanOrEqual(score);
    expect([7.327932834625244, 10.5, 0].map(roundUp)).toEqual([7.4, 11, 0]);
  });
});
