import { describe, expect, it } from 'vitest';
import { atomFeed } from '../../../src/lib/atom.ts';
import { csvCell, csvRow } from '../../../src/lib/csv.ts';

describe('CSV', () => {
  it('quotes what needs quoting and writes numbers as numbers', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 3, null, true])).toBe(
      'a,"b,c","say ""hi""","two\nlines",3,,true\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-1)).toBe('-1');
  });
});

describe('Atom', () => {
  it('escapes text and drops characters XML cannot hold', () => {
    const xml = atomFeed({
      id: 'https://x/runs/feed.xml',
      title: 'Runs',
      self: 'https://x/runs/feed.xml',
      home: 'https://x/runs/',
      updated: '2026-01-01T00:00:00.000Z',
      entries: [
        {
          id: 'https://x/runs/a/',
          title: '<b>A & B</b>\u0001',
          link: 'https://x/runs/a/?a=1&b=2',
          updated: '2026-01-01T00:00:00.000Z',
          summary: 'ok',
        },
      ],
    });
    expect(xml).toContain('<title>&lt;b&gt;A &amp; B&lt;/b&gt;</title>');
    expect(xml).toContain('href="https://x/runs/a/?a=1&amp;b=2"');
    expect(xml).not.toContain('\u0001');
  });
});
