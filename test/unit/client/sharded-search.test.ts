import { describe, expect, it } from 'vitest';
import { ShardedSearch, type Pagefind, type SearchResponse } from '../../../src/client/sharded-search.ts';

/**
 * A Pagefind stand-in over shards whose records each have a score for the one word "answer": it
 * answers the directory's question (which shards hold the word) and searches the shards merged,
 * as Pagefind filters them, recording which it was given.
 */
function fakePagefind(shards: Record<string, number[]>) {
  const merged: string[] = [];
  const pagefind: Pagefind = {
    options: () => Promise.resolve(),
    mergeIndex: (path: string) => {
      merged.push(path.replace(/^\/pagefind\//, ''));
      return Promise.resolve();
    },
    search: (_query, options): Promise<SearchResponse> => {
      const filters = options?.filters ?? {};
      if ('route' in filters) {
        const route = Object.fromEntries(Object.keys(shards).map((s) => [s, 1]));
        return Promise.resolve({ results: [], filters: { route } });
      }
      const wanted = (filters['shard'] as { any: string[] }).any;
      const results = Object.entries(shards)
        .filter(([shard]) => wanted.includes(shard) && merged.includes(shard))
        .flatMap(([shard, scores]) =>
          scores.map((score, i) => ({
            id: `${shard}${i}`,
            score,
            data: () => Promise.resolve({ url: `${shard}${i}` } as never),
          })),
        )
        .sort((a, b) => b.score - a.score);
      return Promise.resolve({ results, filters: {} });
    },
  };
  return { pagefind, merged };
}

describe('a query of one common word', () => {
  // Ten shards; shard s<k> holds 12 records scored k, k-0.5, …; its best score is k.
  const shards = Object.fromEntries(
    Array.from({ length: 10 }, (_, k) => [`s${k}/`, Array.from({ length: 12 }, (_, i) => k - i / 2)]),
  );
  const list = {
    pages: 'pages/',
    common: ['answer'],
    best: {
      answer: Object.entries(shards)
        .map(([s, scores]): [string, number] => [s, scores[0] ?? 0])
        .sort((a, b) => b[1] - a[1]),
    },
  };

  it('loads shards from the best score down until the first page outscores the rest, with the same first results as all shards', async () => {
    const { pagefind, merged } = fakePagefind(shards);
    const search = await ShardedSearch.over(pagefind, '/pagefind/', '/', list);
    const found = await search.search('answer', {});
    // s9's tenth record (4.5) is below s8's best (8), so two more shards are loaded (rounds of 1,
    // 2, …): the tenth of s9, s8 and s7 together (6.5) outscores s6's best (6).
    expect(merged).toEqual(['pages/', 's9/', 's8/', 's7/']);
    expect(found.rest).toEqual(['s6/', 's5/', 's4/', 's3/', 's2/', 's1/', 's0/']);
    expect(found.exact).toBe(10);
    const all = await search.searchRest('answer', {});
    expect(all.rest).toEqual([]);
    expect(all.results.slice(0, 10).map((r) => r.id)).toEqual(found.results.slice(0, 10).map((r) => r.id));
    expect(all.results).toHaveLength(120);
  });

  it('loads every shard for any other query', async () => {
    const { pagefind, merged } = fakePagefind(shards);
    const search = await ShardedSearch.over(pagefind, '/pagefind/', '/', list);
    const found = await search.search('answered well', {});
    expect(merged).toHaveLength(11);
    expect(found.rest).toEqual([]);
    expect(found.exact).toBe(120);
  });
});
