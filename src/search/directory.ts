/**
 * The directory of the archive's search shards: the index a reader's query reads first, to learn
 * which shards to load. It holds one record per shard, whose text is every distinct word of the
 * shard and whose filters are the shard's folder (ROUTE_FILTER) and every value each filter takes
 * in it. Searched with the reader's query and filters, it matches the shards that can hold a
 * result; its `route` counts name them (src/client/search-page.ts).
 *
 * It is a Pagefind index itself, so a query's words are matched against it exactly as against the
 * shards: stemmed the same, split at punctuation the same, completed as prefixes the same. A
 * reader's first query thus costs the directory's metadata and one chunk of it per word, plus the
 * shards that hold the words, however many shards the archive has.
 */
import type { SearchDocument } from './documents.ts';
import { escapeAttribute, escapeText } from './html.ts';

/** The filter that names a directory record's shard: its folder under pagefind/. */
export const ROUTE_FILTER = 'route';

/** What the directory is made of, for one shard. */
export interface DirectoryEntry {
  /** The shard's folder under pagefind/ ("archive/<key>/"). */
  path: string;
  /** Every value each filter takes in the shard's records. */
  filters: readonly (readonly [string, readonly string[]])[];
  /** Its distinct words, as written in its records (src/search/documents.ts). */
  vocabulary: () => Promise<readonly string[]>;
}

/** The directory's records, one a shard. */
export async function* directoryDocuments(entries: readonly DirectoryEntry[]): AsyncGenerator<SearchDocument> {
  for (const entry of entries) {
    const words = await entry.vocabulary();
    const filters = [[ROUTE_FILTER, [entry.path]] as const, ...entry.filters]
      .flatMap(([name, values]) =>
        values.map((v) => `<span data-pagefind-filter="${escapeAttribute(name)}">${escapeText(v)}</span>`),
      )
      .join('');
    // The words are escaped already, as the shard's records hold them.
    yield {
      url: `/${entry.path}`,
      content: `<!doctype html><html lang="en"><head><title>${escapeText(entry.path)}</title></head><body><main data-pagefind-body><div hidden data-pagefind-ignore>${filters}</div><p>${words.join(' ')}</p></main></body></html>`,
      items: 1,
      words: words.length,
    };
  }
}
