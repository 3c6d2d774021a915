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
/** A filter's value, or a compound of values (Pagefind's `any`, `none`). */
type Filter = string | { any: string[] } | { none: string[] };
export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
  search(query: string | null, options?: { filters?: Record<string, Filter> }): Promise<SearchResponse | null>;
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
/** The filter each merged shard's records are given: the shard's folder. */
const SHARD_FILTER = 'shard';

export class ShardedSearch {
  readonly common: ReadonlySet<string>;
  private readonly pagefind: Pagefind;
  private readonly path: string;
  private readonly base: string;
  private readonly pages: string;
  /** The shards merged so far, by folder. */
  private readonly merged = new Map<string, Promise<void>>();

  private constructor(pagefind: Pagefind, path: string, base: string, list: ShardList) {
    this.pagefind = pagefind;
    this.path = path;
    this.base = base;
    this.pages = list.pages;
    this.common = new Set(list.common);
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

  /**
   * Search the pages and the shards that can answer, ranked as one list. Shards merged for earlier
   * queries, and the directory's own records, are filtered out.
   */
  async search(query: string, filters: Readonly<Record<string, string>>): Promise<SearchResponse> {
    const shards = await this.shardsFor(query, filters);
    await Promise.all(shards.map((shard) => this.merge(shard)));
    const found = await this.pagefind.search(query || null, {
      filters: { ...filters, [SHARD_FILTER]: { any: [this.pages, ...shards] } },
    });
    return found ?? { results: [], filters: {} };
  }
}
