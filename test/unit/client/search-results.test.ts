import { describe, expect, it } from 'vitest';
import {
  excerptParts,
  hitsOf,
  words,
  type PagefindFragment,
  type PagefindSubResult,
} from '../../../src/client/search-results.ts';
import { createRoutes } from '../../../src/lib/routes.ts';

const routes = createRoutes('/archive/');

/** A sub-result as Pagefind's client computes it: the words matched after one heading. */
function sub(anchor: { id: string; location: number }, locations: number[]): PagefindSubResult {
  return {
    title: anchor.id,
    url: `/runs/leader/examples/#${anchor.id}`,
    anchor: { element: 'h2', id: anchor.id, text: anchor.id, location: anchor.location },
    locations,
    weighted_locations: locations.map((location) => ({ location, weight: 1, balanced_score: 10 })),
  };
}

// Words: 0 "alpha/00." 1 "windows" 2 "line." 3 "alpha/01." 4 "line" 5 "only." 6 "x/../y." 7 "windows" 8 "line."
const content = 'alpha/00. windows line. alpha/01. line only. x/../y. windows line.';
const [a0, a1, a2] = [
  { id: 'alpha/00', location: 0 },
  { id: 'alpha/01', location: 3 },
  { id: 'x/../y', location: 6 },
];
const anchors = [a0, a1, a2];
const record = (meta: Record<string, string>): PagefindFragment => ({
  url: '/runs/leader/examples/#alpha/00',
  meta,
  filters: { type: ['example'] },
  content,
  locations: [1, 2, 4, 7, 8],
  anchors: anchors.map((a) => ({ element: 'h2', text: a.id, ...a })),
  // In document order, as Pagefind gives them.
  sub_results: [sub(a1, [4]), sub(a0, [1, 2]), sub(a2, [7, 8])],
});

describe('hitsOf', () => {
  it('makes each matching example of a record a result, best match first, linked and titled as its page', () => {
    const hits = hitsOf(
      record({ kind: 'examples', run: 'leader', where: 'prov-x · fam-a on forty 2', verdict: 'correct' }),
      routes,
    );
    expect(hits.map((h) => [h.href, h.title, h.type, h.range, h.locations])).toEqual([
      [
        '/archive/runs/leader/examples/alpha/00/',
        'Example alpha/00 in run leader (prov-x · fam-a on forty 2): correct',
        'example',
        [1, 3],
        [1, 2],
      ],
      [
        '/archive/runs/leader/examples/alpha/01/',
        'Example alpha/01 in run leader (prov-x · fam-a on forty 2): correct',
        'example',
        [4, 6],
        [4],
      ],
    ]);
  });

  it('links a question to the page of every endpoint’s answer', () => {
    const hits = hitsOf(record({ kind: 'questions', benchmark: 'forty', name: 'Forty Questions' }), routes);
    expect(hits.map((h) => [h.href, h.title, h.type])).toEqual([
      [
        '/archive/benchmarks/forty/examples/alpha/00/',
        'Example alpha/00 of Forty Questions on every endpoint',
        'question',
      ],
      [
        '/archive/benchmarks/forty/examples/alpha/01/',
        'Example alpha/01 of Forty Questions on every endpoint',
        'question',
      ],
    ]);
  });

  it('gives no result for a record whose metadata is not one it knows', () => {
    expect(hitsOf(record({ kind: 'examples', run: 'leader', where: 'w', verdict: '<b>' }), routes)).toEqual([]);
    expect(hitsOf(record({ kind: 'questions', benchmark: 'forty' }), routes)).toEqual([]);
  });

  it('keeps a page of the site one result, at the URL Pagefind gives', () => {
    const page: PagefindFragment = {
      url: '/archive/runs/leader/',
      meta: { title: 'Run leader' },
      filters: { type: ['run'] },
      content: 'Run leader scored 90%.',
      locations: [1],
      anchors: [],
      sub_results: [],
    };
    expect(hitsOf(page, routes)).toEqual([
      {
        href: '/archive/runs/leader/',
        title: 'Run leader',
        type: 'run',
        content: 'Run leader scored 90%.',
        locations: [1],
        range: [0, 4],
      },
    ]);
  });
});

describe('excerptParts', () => {
  const text = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');

  it('marks the matched words and cuts around the first, with ellipses where text is left out', () => {
    const parts = excerptParts(text, [20, 22]);
    expect(parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('')).toBe(
      `… ${words(text).slice(12, 20).join(' ')} [w20] w21 [w22] ${words(text).slice(23, 42).join(' ')} …`,
    );
  });

  it('stays within a result’s range: nothing of the neighbouring examples', () => {
    const parts = excerptParts('alpha/00. <b>not bold</b> alpha/01. other', [2, 5], [1, 3]);
    expect(parts).toEqual([
      { text: '<b>not ', mark: false },
      { text: 'bold</b>', mark: true },
    ]);
  });
});
