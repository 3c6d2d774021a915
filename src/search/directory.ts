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

/** Digits a number keeps in the directory: more make each number a word of its own. */
const DIGITS = 3;
const LONG_NUMBER = new RegExp(`\\p{N}{${DIGITS + 1},}`, 'u');
const FIRST_DIGITS = new RegExp(`^\\p{N}{${DIGITS}}`, 'u');

/**
 * A word cut after the first DIGITS digits of its first longer number (the word itself when it has
 * none). Digits are counted as characters, not UTF-16 units: some are beyond the first plane ("𝟈"),
 * and cutting one in half would leave half a character, which Pagefind refuses.
 */
function cut(word: string): string {
  const long = LONG_NUMBER.exec(word);
  return long ? word.slice(0, long.index) + (FIRST_DIGITS.exec(long[0])?.[0] ?? '') : word;
}

/**
 * The words of a shard as the directory holds them. Example ids and numbers are most of a shard's
 * distinct words (about 20,000 of a 20,000-example shard's 33,000: "q-65684", "4.5", "1944"), and
 * the directory's cost grows with its distinct words. A word with a number of more than DIGITS
 * digits is written cut after them ("q-656"), and so is each of its parts (Pagefind also indexes
 * the parts of a word joined by punctuation). A query for "q-65684" finds no such word in the
 * directory, and Pagefind then matches the longest prefix of it that begins a word ("q656"): the
 * shards holding it are among those named, with the others whose ids begin alike. So the
 * directory names a few shards too many for a long number, and never too few.
 */
export function routingWords(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const word of words) {
    if (!LONG_NUMBER.test(word)) {
      out.add(word);
      continue;
    }
    out.add(cut(word));
    for (const part of word.split(/[^\p{L}\p{N}]+/u)) if (part !== '') out.add(cut(part));
  }
  return [...out];
}

/** The directory's records, one a shard. */
export async function* directoryDocuments(entries: readonly DirectoryEntry[]): AsyncGenerator<SearchDocument> {
  for (const entry of entries) {
    const words = routingWords(await entry.vocabulary());
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
