/**
 * The archive's common words: those in at least a quarter of its examples and questions. A word
 * that frequent narrows a search less than a filter does, yet its index chunk holds every position
 * of it: "answer", in 46,207 of the 100,003 synthetic outputs, is a 24.6 KB download. The search
 * page leaves these words out of a query that has others, as it does "the" or "of", and says so
 * (src/client/search-results.ts). A quoted phrase keeps every word.
 */

/** Share of the archive's items a word must be in to be left out of queries. */
export const COMMON_SHARE = 0.25;

/**
 * And how many items at the least: below that a word's chunk is a few kilobytes (about half a byte
 * per position), and in a small archive a quarter of it is a few repeated words that readers
 * search for on purpose.
 */
export const COMMON_LEAST = 5_000;

/**
 * Share of a shard's items a word must be in for the shard to remember its count. A word in a
 * quarter of the archive is in at least a quarter of some shard's items, so counts below this
 * never decide; keeping only these keeps a shard's list short.
 */
export const FREQUENT_SHARE = 0.01;

/** What a shard remembers: its items, and how many of them hold each of its frequent words. */
export interface WordCounts {
  items: number;
  frequent: [string, number][];
}

/** A shard's frequent words from the counts of all its words. */
export function frequentWords(items: number, counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].filter(([, n]) => n >= FREQUENT_SHARE * items).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The words in at least COMMON_SHARE of the items of all shards, and in COMMON_LEAST items, sorted.
 * A word a shard did not remember counts nothing there, so a word near the line may be missed,
 * never wrongly included.
 */
export function commonWords(shards: readonly WordCounts[], share = COMMON_SHARE, least = COMMON_LEAST): string[] {
  const items = shards.reduce((n, s) => n + s.items, 0);
  const totals = new Map<string, number>();
  for (const shard of shards) for (const [word, n] of shard.frequent) totals.set(word, (totals.get(word) ?? 0) + n);
  return [...totals]
    .filter(([, n]) => n >= least && n >= share * items)
    .map(([word]) => word)
    .sort();
}
