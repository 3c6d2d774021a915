import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ShardedSearch, type Pagefind, type PagefindLoader } from '../client/sharded-search.ts';
import { hitsOf, searchQuery, type Hit } from '../client/search-results.ts';
import { createRoutes } from '../lib/routes.ts';

/**
 * The site search of a built site, run in Node as the search page runs it in a browser (the same
 * ShardedSearch, the same Pagefind script and WebAssembly from dist/pagefind/), with every file it
 * fetches counted. Each site is served from a host of its own: fetch is replaced, once, by one
 * that reads `http://site-<n>.test/<path>` from that site's folder.
 */
const sites = new Map<string, string>();
let next = 0;

function serve(): void {
  if (sites.size > 0) return;
  globalThis.fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const dist = sites.get(url.host);
    if (dist === undefined) return new Response('', { status: 404 });
    try {
      return new Response(await readFile(join(dist, decodeURIComponent(url.pathname))), { status: 200 });
    } catch {
      return new Response('', { status: 404 });
    }
  };
}

export interface SiteSearch {
  /** The hits a reader sees for a query and filters, in order (the search page's common words left out). */
  hits(query: string, filters?: Record<string, string>, most?: number): Promise<Hit[]>;
  /** The first records found, with their scores and URLs, in the order the page lists them. */
  ranked(query: string, filters?: Record<string, string>, most?: number): Promise<{ score: number; url: string }[]>;
  /** The shards the directory names for a query. */
  shards(query: string, filters?: Record<string, string>): Promise<string[]>;
}

export async function siteSearch(dist: string): Promise<SiteSearch> {
  serve();
  const host = `site-${next++}.test`;
  sites.set(host, dist);
  const path = `http://${host}/pagefind/`;
  // An instance of its own for each site (the module's own API is one instance a page).
  const load: PagefindLoader = async (url, options) => {
    const script = join(dist, new URL(url).pathname);
    const module = (await import(pathToFileURL(script).href)) as {
      createInstance: (options: Record<string, unknown>) => Pagefind;
    };
    return module.createInstance(options);
  };
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
    async ranked(query, filters = {}, most = 50) {
      const found = await search.search(searchQuery(query, search.common).query, filters);
      return Promise.all(
        found.results.slice(0, most).map(async (r) => ({ score: r.score, url: (await r.data()).url })),
      );
    },
    shards: (query, filters = {}) => search.shardsFor(searchQuery(query, search.common).query, filters),
  };
}
