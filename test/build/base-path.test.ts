import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { checkLinks, page } from '../helpers/site.ts';

// The site served from a sub-path, as a GitHub Pages project site is: /<repository>/.
let dist = '';

beforeAll(async () => {
  dist = await buildOnce('base-path', 'site-comparison', {
    BENCHSCOPE_BASE: '/archive',
    BENCHSCOPE_SITE: 'https://example.github.io',
  });
}, 180_000);

describe('a build under a base path', () => {
  it('resolves every internal link and asset under the base path, explainers included', () => {
    const report = checkLinks(dist, { base: '/archive/', site: 'https://example.github.io' });
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(5000);
  });

  it('puts the URLs the client scripts use under the base path too', () => {
    expect(page(dist, '/search/')('search-page').attr('data-base')).toBe('/archive/');
    expect(page(dist, '/learn/how-results-work/')('a[href*="reading-scores"]').attr('href')).toBe(
      '/archive/learn/reading-scores/#intervals',
    );
    expect(page(dist, '/runs/leader/')('link[rel="canonical"]').attr('href')).toBe(
      'https://example.github.io/archive/runs/leader/',
    );
    expect(readFileSync(join(dist, 'runs', 'feed.xml'), 'utf8')).toContain(
      '<link rel="alternate" type="text/html" href="https://example.github.io/archive/runs/leader/"/>',
    );
  });
});
