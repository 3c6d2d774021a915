import { join } from 'node:path';
import { ShardedSearch, type PagefindLoader, type SearchResponse } from '../client/sharded-search.ts';
import { hitsOf, searchQuery, type Hit } from '../client/search-results.ts';
import { createRoutes } from '../lib/routes.ts';
import { pagefindInstance, serveFolders } from '../search/local-pagefind.ts';

/**
 * The site search of a built site, run in Node as the search page runs it in a browser: the same
 * ShardedSearch, the same Pagefind script and WebAssembly from dist/pagefind/.
 */
export interface SiteSearch {
  /** The hits a reader sees for a query and filters, in order (the search page's common words left out). */
  hits(query: string, filters?: Record<string, string>, most?: number): Promise<Hit[]>;
  /** The first records found, with their scores and URLs, in the order the page lists them. */
  ranked(query: string, filters?: Record<string, string>, most?: number): Promise<{ score: number; url: string }[]>;
  /** The same, of a search of every shard that can answer (what "More results" loads). */
  rankedAll(query: string, filters?: Record<string, string>, most?: number): Promise<{ score: number; url: string }[]>;
  /** The shards the directory names for a query. */
  shards(query: string, filters?: Record<string, string>): Promise<string[]>;
}

/** The first `most` records of a search, with their scores and URLs. */
const top = (found: SearchResponse, most: number) =>
  Promise.all(found.results.slice(0, most).map(async (r) => ({ score: r.score, url: (await r.data()).url })));

export async function siteSearch(dist: string): Promise<SiteSearch> {
  const path = `${serveFolders(dist).url}pagefind/`;
  // An instance of its own for each site (the module's own API is one instance a page).
  const load: PagefindLoader = (url, options) => pagefindInstance(join(dist, new URL(url).pathname, '..'), options);
  const search = await ShardedSearch.open(path, '/', load);
  const routes = createRoutes('/');
  return {
    async hits(query, filters = {}, most = 10) {
      const found = await search.search(searchQuery(query, search.common).query, filters);
      const hits: Hit[] = [];
      for (const result of found.results) {
        hits.push(...hitsOf(await result.data(), routes));
        if (hits.length >= most) break;
      }
      return hits.slice(0, most);
    },
    ranked: async (query, filters = {}, most = 50) =>
      top(await search.search(searchQuery(query, search.common).query, filters), most),
    rankedAll: async (query, filters = {}, most = 50) =>
      top(await search.searchRest(searchQuery(query, search.common).query, filters), most),
    shards: (query, filters = {}) => search.shardsFor(searchQuery(query, search.common).query, filters),
  };
}
