/**
 * Pagefind over the search index as the build writes it (src/search/indexer.ts): a directory of the
 * archive's shards as the primary index (it brings Pagefind's script and WebAssembly), the site's
 * own pages, and the archive's shards. A query is first asked of the directory, which names the
 * shards that can hold its results (src/search/directory.ts); those are merged in, each once, and
 * the query is asked of them and of the pages. So a reader downloads the shards their words are
 * in, not the archive.
 *
 * No DOM here: the search page runs it in the browser, and the tests and the bench run it in Node
 * against a built site.
 */
import type { PagefindFragment } from './search-results.ts';

export interface SearchResponse {
  results: { id: string; score: number; data: () => Promise<PagefindFragment> }[];
  filters: Record<string, Record<string, number>>;
}

/**
 * A search of some of the shards that can answer: `rest` are those not searched yet, and the first
 * `exact` results are in their final order whatever those hold.
 */
export interface ShardedResponse extends SearchResponse {
  rest: string[];
  exact: number;
}
/** A filter's value, or a compound of values (Pagefind's `any`, `none`). */
type Filter = string | { any: string[] } | { none: string[] };
export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
  search(query: string | null, options?: { filters?: Record<string, Filter> }): Promise<SearchResponse | null>;
  destroy?(): Promise<void>;
}

/** Pagefind's script at a URL, started with these options. */
export type PagefindLoader = (script: string, options: Record<string, unknown>) => Promise<Pagefind>;

const importPagefind: PagefindLoader = async (script, options) => {
  const pagefind = (await import(/* @vite-ignore */ script)) as Pagefind;
  await pagefind.options(options);
  return pagefind;
};

/** What the search page reads first, relative to the directory's folder. */
export const SHARD_LIST = 'shards.json';
export interface ShardList {
  /** The shard of the site's own pages, which every search asks. */
  pages: string;
  /** The archive's common words, which the search page leaves out of queries (src/search/common-words.ts). */
  common: string[];
  /**
   * For each common word, the shards holding it and the best score each gives it, best first
   * (src/search/scores.ts): a query of one such word loads shards in this order until its first
   * results outscore the rest.
   */
  best: Record<string, [shard: string, score: number][]>;
}
/** The directory's filter naming a shard (src/search/directory.ts). */
export const ROUTE_FILTER = 'route';
/**
 * What the scores of the site's pages count against the archive's. Pagefind weighs a word by how
 * rare it is in the index it searches, and the pages are a small index (about 35 pages): a word
 * such as "question" or "letter", in a few of them, weighs there several times what it weighs in a
 * shard of questions that all hold it, and an explainer that mentions a question's words outranked
 * the question itself. Halving the pages' scores puts the record holding the words together first
 * (test/e2e/search.e2e.test.ts); a query made of the pages' own words still finds them, since the
 * archive's shards are searched only when they hold every word.
 */
const PAGES_WEIGHT = 0.5;
/**
 * Records a first page of results needs (a record is one page, or a group of examples of which
 * each match is a result): a query of one common word stops loading shards once this many results
 * outscore every shard not loaded.
 */
const FIRST_RECORDS = 10;
/** The filter each merged shard's records are given: the shard's folder. */
const SHARD_FILTER = 'shard';

/** A search of every shard that can answer. */
const complete = (found: SearchResponse): ShardedResponse => ({ ...found, rest: [], exact: found.results.length });

export class ShardedSearch {
  readonly common: ReadonlySet<string>;
  private readonly pagefind: Pagefind;
  private readonly path: string;
  private readonly base: string;
  private readonly pages: string;
  private readonly best: ShardList['best'];
  /** The shards merged so far, by folder. */
  private readonly merged = new Map<string, Promise<void>>();

  private constructor(pagefind: Pagefind, path: string, base: string, list: ShardList) {
    this.pagefind = pagefind;
    this.path = path;
    this.base = base;
    this.pages = list.pages;
    this.common = new Set(list.common);
    this.best = list.best;
  }

  /**
   * Open the index at `path` (the URL of dist/pagefind/), for a site at `base`. `load` imports
   * Pagefind's script and gives it its options (in the browser, a dynamic import of the module).
   */
  static async open(path: string, base: string, load: PagefindLoader = importPagefind): Promise<ShardedSearch> {
    const [pagefind, list] = await Promise.all([
      // On this thread rather than in Pagefind's Web Worker: the worker is one more script (12.7 KB)
      // before a first result, and a search over a few shards takes milliseconds.
      load(`${path}pagefind.js`, { basePath: path, baseUrl: base, noWorker: true }),
      fetch(`${path}${SHARD_LIST}`).then((r) => {
        if (!r.ok) throw new Error(`${SHARD_LIST}: ${r.status}`);
        return r.json() as Promise<ShardList>;
      }),
    ]);
    return ShardedSearch.over(pagefind, path, base, list);
  }

  /** A search over a Pagefind already loaded, with the list the build wrote. */
  static async over(pagefind: Pagefind, path: string, base: string, list: ShardList): Promise<ShardedSearch> {
    const search = new ShardedSearch(pagefind, path, base, list);
    await search.merge(list.pages);
    return search;
  }

  /** Merge a shard, once; its records carry its folder as the shard filter. */
  private merge(shard: string): Promise<void> {
    let merging = this.merged.get(shard);
    if (!merging) {
      merging = this.pagefind.mergeIndex(`${this.path}${shard}`, {
        baseUrl: this.base,
        mergeFilter: { [SHARD_FILTER]: shard },
        ...(shard === this.pages ? { indexWeight: PAGES_WEIGHT } : {}),
      });
      this.merged.set(shard, merging);
    }
    return merging;
  }

  /** The shards that can answer a query: the directory's matches for its words (never as a phrase) and filters. */
  async shardsFor(query: string, filters: Readonly<Record<string, string>>): Promise<string[]> {
    const words = query.replace(/"/g, ' ').trim() || null;
    // `none: []` excludes nothing, and makes Pagefind count the matches by route.
    const routes = await this.pagefind.search(words, { filters: { ...filters, [ROUTE_FILTER]: { none: [] } } });
    return Object.entries(routes?.filters[ROUTE_FILTER] ?? {})
      .filter(([, n]) => n > 0)
      .map(([shard]) => shard)
      .sort();
  }

  /** The best score each shard gives a query of one common word, or nothing for any other query. */
  private bounds(query: string): Map<string, number> | undefined {
    const word = /^[\p{L}\p{N}]+$/u.test(query) ? query.toLowerCase() : undefined;
    const best = word === undefined ? undefined : this.best[word];
    return best ? new Map(best) : undefined;
  }

  /** Search the pages and `shards`, ranked as one list; the shard filter leaves out every other shard merged. */
  private async searchIn(query: string, filters: Readonly<Record<string, string>>, shards: readonly string[]) {
    await Promise.all(shards.map((shard) => this.merge(shard)));
    const found = await this.pagefind.search(query || null, {
      filters: { ...filters, [SHARD_FILTER]: { any: [this.pages, ...shards] } },
    });
    return found ?? { results: [], filters: {} };
  }

  /**
   * Search the pages and the shards that can answer, ranked as one list. For a query of one of the
   * archive's common words, shards are loaded from the highest best score down, doubling each
   * round, until the first page's last record outscores every shard left: those are `rest`, which
   * searchRest() adds when a reader asks for more.
   */
  async search(query: string, filters: Readonly<Record<string, string>>): Promise<ShardedResponse> {
    const shards = await this.shardsFor(query, filters);
    const bounds = this.bounds(query);
    if (!bounds) return complete(await this.searchIn(query, filters, shards));
    // A shard without a known score (none should be) comes first: it cannot be left out.
    const bound = (shard: string) => bounds.get(shard) ?? Infinity;
    const ordered = [...shards].sort((a, b) => bound(b) - bound(a) || (a < b ? -1 : 1));
    let loaded = 0;
    for (let round = 1; ; round *= 2) {
      loaded = Math.min(ordered.length, loaded + round);
      const found = await this.searchIn(query, filters, ordered.slice(0, loaded));
      const next = ordered[loaded];
      const last = found.results[FIRST_RECORDS - 1]?.score;
      if (next === undefined) return complete(found);
      if (last !== undefined && last >= bound(next))
        return { ...found, rest: ordered.slice(loaded), exact: FIRST_RECORDS };
    }
  }

  /** The same search over every shard that can answer, once a reader wants results beyond the first. */
  async searchRest(query: string, filters: Readonly<Record<string, string>>): Promise<ShardedResponse> {
    return complete(await this.searchIn(query, filters, await this.shardsFor(query, filters)));
  }
}
