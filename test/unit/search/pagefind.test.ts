import { describe, expect, it } from 'vitest';
import { chunkSizeFor } from '../../../src/search/pagefind.ts';

describe('chunkSizeFor', () => {
  it('sizes index chunks to the index: √(8·words), within 250 and Pagefind’s 20,000', () => {
    expect([0, 15_000, 2_870_000, 10_000_000, 100_000_000].map(chunkSizeFor)).toEqual([250, 346, 4792, 8944, 20000]);
  });
});
