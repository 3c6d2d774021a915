/**
 * The site search checked at the bench's scale, in Node against the built site (src/bench/site-search.ts
 * runs the search page's own code there): what the search tests assert on the small fixtures
 * (test/e2e/search.e2e.test.ts), asked of the 100,000- or 1,000,000-example archive.
 */
import { siteSearch } from './site-search.ts';

/** What to look for: a word in one output only, where it is, and the hostile output the added run holds. */
export interface SearchProbe {
  rare: { word: string; href: string } | undefined;
  common: string | undefined;
  hostile: { word: string; href: string; text: string };
}

export interface SearchQuality {
  /** The example holding the rare word is the first result. */
  rareFirst: boolean;
  /** Shards the directory named for the rare word, of all. */
  rareShards: number;
  /** A verdict filter narrows the common word's results, and every result has that verdict. */
  filtered: boolean;
  /** The hostile output is found, first, its markup returned as the text it is. */
  hostileAsText: boolean;
  /** The common word's first results are those of a search of every shard, best score first. */
  oneList: boolean;
  /** What failed, in words, when anything did. */
  failures: string[];
}

export async function checkSearch(dist: string, probe: SearchProbe): Promise<SearchQuality> {
  const search = await siteSearch(dist);
  const failures: string[] = [];
  let rareFirst = false;
  let rareShards = 0;
  if (probe.rare) {
    const [first] = await search.hits(probe.rare.word, {}, 1);
    rareFirst = first?.href === probe.rare.href;
    rareShards = (await search.shards(probe.rare.word)).length;
    if (!rareFirst) failures.push(`"${probe.rare.word}": first ${first?.href ?? 'nothing'}, not ${probe.rare.href}`);
  }
  let filtered = false;
  let oneList = false;
  if (probe.common) {
    const all = await search.hits(probe.common, {}, 200);
    const incorrect = await search.hits(probe.common, { verdict: 'incorrect' }, 200);
    filtered =
      incorrect.length > 0 && incorrect.every((h) => h.title.endsWith(': incorrect')) && incorrect.length <= all.length;
    if (!filtered)
      failures.push(`"${probe.common}" with verdict=incorrect: ${incorrect.length} results, not all incorrect`);
    // The first page's records, of the shards loaded first, are those of a search of every shard,
    // in the same order, best first.
    const first = await search.ranked(probe.common, {}, 10);
    const everywhere = await search.rankedAll(probe.common, {}, 10);
    oneList =
      first.length > 0 &&
      JSON.stringify(first.map((r) => r.url)) === JSON.stringify(everywhere.map((r) => r.url)) &&
      first.every((r, i) => i === 0 || (first[i - 1]?.score ?? 0) >= r.score);
    if (!oneList) failures.push(`"${probe.common}": the first results differ from a search of every shard`);
  }
  const [hostile] = await search.hits(probe.hostile.word, {}, 1);
  const hostileAsText = hostile?.href === probe.hostile.href && hostile.content.includes(probe.hostile.text);
  if (!hostileAsText) failures.push(`"${probe.hostile.word}": ${hostile?.href ?? 'nothing'}, its text not as written`);
  return { rareFirst, rareShards, filtered, hostileAsText, oneList, failures };
}
