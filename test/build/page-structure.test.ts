import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { htmlPages, page } from '../helpers/site.ts';

// Landmarks and headings, on every page of a fixture site: what a screen reader's user moves by.
let dist = '';

beforeAll(async () => {
  dist = await buildOnce('site-comparison', 'site-comparison');
}, 180_000);

describe('the structure of every page', () => {
  it('has its landmarks: a skip link, a banner with the main navigation and search, one main, a footer', () => {
    const problems: string[] = [];
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      const has = (selector: string, count = 1) => {
        if ($(selector).length !== count) problems.push(`${file}: ${$(selector).length} × ${selector}`);
      };
      has('html[lang="en"]');
      has('body > a.skip:first-child[href="#main"]');
      has('body > header.site');
      has('body > header.site nav[aria-label="Main"]');
      has('body > main#main');
      has('body > footer.site');
      // Two landmarks of one kind on a page must say which is which.
      const names = new Map<string, string[]>();
      $('nav, [role="search"], aside[aria-label], section[aria-label]').each((_, el) => {
        const kind = $(el).attr('role') ?? el.tagName;
        const label = $(el).attr('aria-label') ?? $(`#${$(el).attr('aria-labelledby') ?? ''}`).text();
        names.set(kind, [...(names.get(kind) ?? []), label]);
      });
      for (const [kind, labels] of names)
        if (labels.length > 1 && new Set(labels).size !== labels.length)
          problems.push(`${file}: ${kind} landmarks not told apart: ${labels.join(' | ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('has one <h1>, first in its main, and headings that never skip a level going down', () => {
    const problems: string[] = [];
    let headings = 0;
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      const levels = $('main h1, main h2, main h3, main h4, main h5, main h6')
        .toArray()
        .map((h) => Number(h.tagName.slice(1)));
      headings += levels.length;
      if ($('h1').length !== 1 || levels[0] !== 1) problems.push(`${file}: the first heading is not its one <h1>`);
      levels.forEach((level, i) => {
        const previous = levels[i - 1];
        if (previous !== undefined && level > previous + 1) problems.push(`${file}: h${previous} then h${level}`);
      });
    }
    expect(problems).toEqual([]);
    expect(headings).toBeGreaterThan(1000);
  });
});
