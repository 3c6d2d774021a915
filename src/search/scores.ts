/**
 * The best score each shard gives each of the archive's common words, as Pagefind scores it in the
 * reader's browser. A word in a quarter of the archive is in nearly every shard, and loading every
 * shard to rank its results would make "answer" cost a download per shard; with each shard's best
 * score known, the search page loads shards from the highest best score down and stops once its
 * first page of results outscores every shard not loaded (src/client/sharded-search.ts): the same
 * first results, in the same order, as if it had loaded them all.
 *
 * A shard never changes under its key, so its scores are kept in the search cache under it and a
 * word is scored once per shard.
 */
import { join } from 'node:path';
import { CacheStore } from '../cache/store.ts';
import { pagefindInstance, serveFolders } from './local-pagefind.ts';

export class ScoreCache {
  private readonly store: CacheStore;

  constructor(dir: string) {
    this.store = new CacheStore(dir, { names: /^[0-9a-f]{32}\.json$/ });
  }

  /**
   * The best score of each of `words` in the shard at `shard` (0 where none of its records holds
   * it), from the cache or from Pagefind's script in `runtime` (a folder with pagefind.js and its
   * WebAssembly).
   */
  async best(key: string, shard: string, runtime: string, words: readonly string[]): Promise<Map<string, number>> {
    const known = new Map(
      Object.entries((this.store.readJson(`${key}.json`) as Record<string, number> | undefined) ?? {}),
    );
    const missing = words.filter((w) => !known.has(w));
    if (missing.length > 0) {
      const served = serveFolders(shard, runtime);
      try {
        const pagefind = await pagefindInstance(runtime, { basePath: served.url, baseUrl: '/', noWorker: true });
        for (const word of missing) known.set(word, (await pagefind.search(word))?.results[0]?.score ?? 0);
        await pagefind.destroy?.();
      } finally {
        served.close();
      }
      this.store.writeJson(`${key}.json`, Object.fromEntries([...known].sort(([a], [b]) => (a < b ? -1 : 1))));
    }
    return new Map(words.map((w) => [w, known.get(w) ?? 0]));
  }

  sweep(): void {
    this.store.sweep();
  }
}

/**
 * A score rounded up to two significant digits. Pagefind's scores vary in their last bits from one
 * instance to the next (0.020241864025592804 and 0.020241862162947655 for the same word in the same
 * shard, four instances in a row), and a cold build and an incremental one must write the same
 * shards.json: rounded up, the bound stays a bound, and the two agree unless a score lies within a
 * ten-millionth of a step.
 */
export function roundUp(score: number): number {
  if (score <= 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(score)) - 1);
  return Number((Math.ceil(score / step) * step).toPrecision(2));
}

/** Where the scores are kept: beside the shards. */
export const scoresDir = (cacheDir: string) => join(cacheDir, 'scores');
