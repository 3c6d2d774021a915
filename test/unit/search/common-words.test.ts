import { describe, expect, it } from 'vitest';
import { commonWords, frequentWords } from '../../../src/search/common-words.ts';
import { exampleRecords, runFacts } from '../../../src/search/documents.ts';
import { searchQuery } from '../../../src/client/search-results.ts';

describe('the archive’s common words', () => {
  it('counts, for each record, how many of its items hold each word, once per item and as the search page spells it', () => {
    const records = exampleRecords(
      runFacts('r', {
        benchmark: { id: 'b', version: '1' },
        endpoint: { provider: 'p', family: 'f' },
        prompt: { mode: 'canonical' },
      } as never),
      { items: 3, chars: 1e6 },
    );
    records.add(
      'k',
      { verdict: 'correct', subject: undefined, unanswered: false },
      { id: 'e1', texts: ['The answer, the ANSWER.'] },
    );
    records.add(
      'k',
      { verdict: 'correct', subject: undefined, unanswered: false },
      { id: 'e2', texts: ['An answer', 'works'] },
    );
    const doc = records.add(
      'k',
      { verdict: 'correct', subject: undefined, unanswered: false },
      { id: 'e3', texts: ['It works!'] },
    );
    expect(Object.fromEntries(doc?.itemsWith ?? [])).toEqual({ the: 1, answer: 2, an: 1, works: 2, it: 1 });
  });

  it('keeps a shard’s words held by at least 1% of its items, and names those in a quarter of a large archive', () => {
    const counts = new Map([
      ['answer', 400],
      ['rare', 9],
      ['some', 10],
    ]);
    expect(frequentWords(1000, counts)).toEqual([
      ['answer', 400],
      ['some', 10],
    ]);
    const first: [string, number][] = [
      ['answer', 8_000],
      ['works', 2_000],
    ];
    const second: [string, number][] = [
      ['answer', 4_000],
      ['works', 6_000],
      ['orbit', 9_999],
    ];
    // answer 12,000 of 40,000, works 8,000, orbit 9,999: the line is 10,000.
    expect(
      commonWords([
        { items: 20_000, frequent: first },
        { items: 20_000, frequent: second },
      ]),
    ).toEqual(['answer']);
    expect(commonWords([])).toEqual([]);
  });

  it('names none in a small archive, where a quarter of it is a few words searched for on purpose', () => {
    expect(commonWords([{ items: 4_000, frequent: [['mustache', 3_000]] }])).toEqual([]);
    expect(commonWords([{ items: 20_000, frequent: [['mustache', 5_000]] }])).toEqual(['mustache']);
  });
});

describe('searchQuery', () => {
  const common = new Set(['answer']);

  it('leaves stop words and the archive’s common words out of a query that has other words, and says which', () => {
    expect(searchQuery('the answer works', common)).toEqual({ query: 'works', dropped: ['the', 'answer'] });
    expect(searchQuery('The Answer, works')).toEqual({ query: 'Answer, works', dropped: ['The'] });
  });

  it('keeps every word of a query made only of common words, and of a quoted phrase', () => {
    expect(searchQuery('the answer', common)).toEqual({ query: 'the answer', dropped: [] });
    expect(searchQuery('"the answer works"', common)).toEqual({ query: '"the answer works"', dropped: [] });
  });
});
