import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryDocuments, ROUTE_FILTER, routingWords } from '../../../src/search/directory.ts';
import { pagefindInstance, serveFolders } from '../../../src/search/local-pagefind.ts';
import { writeIndex } from '../../../src/search/pagefind.ts';

describe('the directory of shards', () => {
  it('holds long numbers cut after three digits, and each part of a word joined by punctuation', () => {
    // Digits beyond the first plane are cut whole, never into half a character.
    expect(routingWords(['x𝟏𝟐𝟑𝟒𝟓'])).toEqual(['x𝟏𝟐𝟑']);
    expect(routingWords(['q-65684', 'answer', '3.14159', '12'])).toEqual([
      'q-656',
      'q',
      '656',
      'answer',
      '3.141',
      '3',
      '141',
      '12',
    ]);
  });

  it('names the shards holding every word of a query, a long number by the shards whose numbers begin alike', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'benchscope-directory-')), 'pagefind');
    const shard = (path: string, words: string[]) => ({
      path,
      filters: [['verdict', ['correct']] as const],
      vocabulary: () => Promise.resolve(words),
    });
    const entries = [
      shard('archive/a/', ['q-65684', 'q-65690', 'running', 'bribrimo']),
      shard('archive/b/', ['q-70001', 'runner', 'state-of-the-art']),
      shard('archive/c/', ['q-65611', 'apple']),
    ];
    await writeIndex(directoryDocuments(entries), dir, { primary: true, words: 20 });
    const served = serveFolders(dir);
    const pagefind = await pagefindInstance(dir, { basePath: served.url, baseUrl: '/', noWorker: true });
    const routes = async (query: string) => {
      const found = await pagefind.search(query, { filters: { [ROUTE_FILTER]: { none: [] } } });
      return Object.entries(found?.filters[ROUTE_FILTER] ?? {})
        .filter(([, n]) => n > 0)
        .map(([path]) => path)
        .sort();
    };
    // Pagefind's own matching: stems ("runs" finds "running" and "runner"), parts, prefixes.
    expect(await routes('runs')).toEqual(['archive/a/', 'archive/b/']);
    expect(await routes('art')).toEqual(['archive/b/']);
    expect(await routes('bribrimo running')).toEqual(['archive/a/']);
    // An id: the shard holding it, with the one whose ids begin alike, not the other.
    expect(await routes('q-65684')).toEqual(['archive/a/', 'archive/c/']);
    expect(await routes('q-70001')).toEqual(['archive/b/']);
    expect(await routes('zyzzogeton')).toEqual([]);
    served.close();
  }, 30_000);
});
