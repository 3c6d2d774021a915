/**
 * From Pagefind's results to the search page's: pure functions, kept apart from the DOM so they
 * are tested directly. An archive record (src/search/documents.ts) holds up to 64 examples or
 * questions, each under a heading whose id is the example id; every heading a match falls under
 * becomes one result, linked to that example's own page and titled as that page is.
 */
import type { Routes } from '../lib/routes.ts';
import { termOf } from '../lib/terms.ts';
import { crossExampleTitle, exampleTitle } from '../page-data/labels.ts';
import type { Verdict } from '../schema/example.ts';

export interface PagefindWordLocation {
  weight: number;
  balanced_score: number;
  location: number;
}
export interface PagefindAnchor {
  element: string;
  id: string;
  text?: string;
  location: number;
}
export interface PagefindSubResult {
  title: string;
  url: string;
  anchor?: PagefindAnchor;
  locations: number[];
  weighted_locations: PagefindWordLocation[];
}
/** A Pagefind result's data (a "fragment"): the fields this page reads. */
export interface PagefindFragment {
  url: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
  /** The record's indexed text, as plain text. */
  content: string;
  /** Positions, in words of `content`, of the matched words. */
  locations: number[];
  anchors: PagefindAnchor[];
  sub_results: PagefindSubResult[];
}

/** One line of the results: where it links, its title, and the text its excerpt is cut from. */
export interface Hit {
  href: string;
  title: string;
  /** Page type, for the badge. */
  type: string | undefined;
  content: string;
  locations: number[];
  /** The words of `content` that belong to this result: [first, end). */
  range: [number, number];
}

/** The rule example ids follow (src/schema/example.ts): an anchor id outside it is not an example. */
const EXAMPLE_ID = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const VERDICTS: readonly string[] = ['correct', 'incorrect', 'error'] satisfies Verdict[];

/** Words of a Pagefind content string, split as Pagefind counts them. */
export function words(content: string): string[] {
  return content.split(/[\r\n\s]+/g);
}

/**
 * How well a part of a record matches: first the number of distinct words matched (a record
 * matches when all query words are somewhere in it, but one example may hold only one of them),
 * then their scores.
 */
function rank(all: readonly string[], sub: PagefindSubResult): [number, number] {
  const distinct = new Set(sub.locations.map((l) => termOf(all[l] ?? '')));
  return [distinct.size, sub.weighted_locations.reduce((s, l) => s + l.balanced_score, 0)];
}

/** The results a fragment gives: one per matching example or question of a record, or the page itself. */
export function hitsOf(fragment: PagefindFragment, routes: Routes): Hit[] {
  const { meta } = fragment;
  const all = words(fragment.content);
  const link = (id: string): { href: string; title: string; type: string } | undefined => {
    if (meta['kind'] === 'examples' && meta['run'] && meta['where'] && VERDICTS.includes(meta['verdict'] ?? ''))
      return {
        href: routes.example(meta['run'], id),
        title: exampleTitle(id, meta['run'], meta['where'], meta['verdict'] as Verdict),
        type: 'example',
      };
    if (meta['kind'] === 'questions' && meta['benchmark'] && meta['name'])
      return {
        href: routes.crossExample(meta['benchmark'], id),
        title: crossExampleTitle(id, meta['name']),
        type: 'question',
      };
    return undefined;
  };
  if (meta['kind'] !== 'examples' && meta['kind'] !== 'questions')
    return [
      {
        href: fragment.url,
        title: meta['title'] ?? fragment.url,
        type: fragment.filters['type']?.[0],
        content: fragment.content,
        locations: fragment.locations,
        range: [0, all.length],
      },
    ];
  const starts = fragment.anchors.map((a) => a.location).sort((a, b) => a - b);
  const ranked: { hit: Hit; rank: [number, number] }[] = [];
  for (const sub of fragment.sub_results) {
    const anchor = sub.anchor;
    if (!anchor || !EXAMPLE_ID.test(anchor.id)) continue;
    const target = link(anchor.id);
    if (!target) continue;
    // The heading (the id) is not part of the excerpt; the example's text runs to the next heading.
    const first = anchor.location + words(anchor.text ?? anchor.id).length;
    const end = starts.find((s) => s > anchor.location) ?? all.length;
    ranked.push({
      hit: { ...target, content: fragment.content, locations: sub.locations, range: [first, Math.max(first, end)] },
      rank: rank(all, sub),
    });
  }
  ranked.sort((a, b) => b.rank[0] - a.rank[0] || b.rank[1] - a.rank[1]);
  return ranked.map((r) => r.hit);
}

export const EXCERPT_WORDS = 30;

/** One piece of an excerpt: plain text, or a matched word to mark. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/**
 * An excerpt of a result's words around its first match, as pieces of text: the page turns them
 * into text nodes and <mark> elements, so nothing in it is ever parsed as HTML.
 */
export function excerptParts(
  content: string,
  locations: readonly number[],
  range: readonly [number, number] = [0, words(content).length],
): ExcerptPart[] {
  const all = words(content);
  const [lo, hi] = [Math.max(0, range[0]), Math.min(all.length, range[1])];
  const inside = locations.filter((l) => l >= lo && l < hi);
  const hits = new Set(inside);
  const first = Math.min(...inside, hi);
  const start = Math.max(lo, Math.min(first - 8, hi - EXCERPT_WORDS));
  const end = Math.min(hi, start + EXCERPT_WORDS);
  const parts: ExcerptPart[] = [];
  const text = (t: string) => {
    const last = parts.at(-1);
    if (last && !last.mark) last.text += t;
    else parts.push({ text: t, mark: false });
  };
  if (start > lo) text('… ');
  for (let i = start; i < end; i++) {
    if (i > start) text(' ');
    if (hits.has(i)) parts.push({ text: all[i] ?? '', mark: true });
    else text(all[i] ?? '');
  }
  if (end < hi) text(' …');
  return parts;
}

/**
 * Words too common to narrow a search. Pagefind keeps no stop words, and the index chunk of a word
 * holds every position of it: "the" alone is a 40 KB download at 100,000 examples. They are left
 * out of a query unless it has nothing else, or is an exact phrase in quotes.
 */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were with'.split(' '),
);

/**
 * The query Pagefind is given, and the common words left out of it: the stop words above, and the
 * archive's own common words (`common`, listed by the build in shards.json: src/search/common-words.ts).
 */
export function searchQuery(
  query: string,
  common: ReadonlySet<string> = new Set(),
): { query: string; dropped: string[] } {
  const trimmed = query.trim();
  if (/^".*"$/.test(trimmed)) return { query: trimmed, dropped: [] };
  const terms = trimmed.split(/\s+/).filter((t) => t !== '');
  const isCommon = (t: string) => STOP_WORDS.has(termOf(t)) || common.has(termOf(t));
  const kept = terms.filter((t) => !isCommon(t));
  if (kept.length === 0) return { query: trimmed, dropped: [] };
  return { query: kept.join(' '), dropped: terms.filter(isCommon) };
}
