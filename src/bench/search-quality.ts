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
  /** The common word's first results come from several shards, best score first. */
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
    const ranked = await search.ranked(probe.common, {}, 50);
    const sources = new Set(ranked.map((r) => r.url.split('#')[0]));
    oneList = sources.size > 1 && ranked.every((r, i) => i === 0 || (ranked[i - 1]?.score ?? 0) >= r.score);
    if (!oneList) failures.push(`"${probe.common}": the first results are not one list from several shards`);
  }
  const [hostile] = await search.hits(probe.hostile.word, {}, 1);
  const hostileAsText = hostile?.href === probe.hostile.href && hostile.content.includes(probe.hostile.text);
  if (!hostileAsText) failures.push(`"${probe.hostile.word}": ${hostile?.href ?? 'nothing'}, its text not as written`);
  return { rareFirst, rareShards, filtered, hostileAsText, oneList, failures };
}
