import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersForAll, serveStatic, type StaticServer } from '../../src/pipeline/serve.ts';
import { CSP_HEADER, CSP_META, CSP_META_NO_SCRIPT } from '../../src/page-data/security.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildOnce } from '../helpers/build.ts';
import { htmlPages, page as parsed } from '../helpers/site.ts';

// The built site under its own Content-Security-Policy, in Chromium, without bypassing it: sent
// as the headers of public/_headers (a host that reads it), and as the <meta> alone (GitHub Pages).
let dist = '';
let withHeaders: StaticServer;
let metaOnly: StaticServer;
let browser: Browser;

beforeAll(async () => {
  dist = await buildOnce('site-comparison', 'site-comparison');
  withHeaders = await serveStatic(dist, { headers: true });
  metaOnly = await serveStatic(dist);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser.close();
  await withHeaders.close();
  await metaOnly.close();
});

/** One page of each type. */
const PAGES = [
  '/',
  '/runs/',
  '/runs/leader/',
  '/runs/leader/examples/',
  '/runs/leader/incorrect/beta/',
  '/runs/leader/examples/alpha/00/',
  '/runs/failed/',
  '/benchmarks/',
  '/benchmarks/forty/',
  '/benchmarks/forty/examples/alpha/00/',
  '/models/',
  '/models/fam-a/',
  '/providers/',
  '/providers/prov-x/',
  '/learn/',
  '/learn/how-results-work/',
  '/learn/benchmarks/forty/',
  '/search/',
  '/no-such-page/',
];

interface Reports {
  violations: string[];
  console: string[];
}

/** A page that records every policy violation (the DOM event, and the console's error lines). */
async function watched(): Promise<{ page: Page; reports: Reports }> {
  const page = await browser.newPage();
  const reports: Reports = { violations: [], console: [] };
  await page.exposeFunction('__reportViolation', (v: string) => reports.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') reports.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => reports.console.push(`pageerror: ${e.message}`));
  return { page, reports };
}

describe('the Content-Security-Policy', () => {
  it('is in every page, first in its head after the charset', () => {
    for (const file of htmlPages(dist)) {
      const $ = parsed(dist, file);
      expect($('head > meta').eq(1).attr('http-equiv'), file).toBe('content-security-policy');
      // Example pages, their lists and the cross-endpoint pages show untrusted text and run nothing.
      const untrusted = /^\/(runs\/[^/]+\/(?!index\.html$)|benchmarks\/[^/]+\/examples\/)/.test(file);
      expect($('head > meta').eq(1).attr('content'), file).toBe(untrusted ? CSP_META_NO_SCRIPT : CSP_META);
    }
  });

  it('is sent as a header, with X-Content-Type-Options and Referrer-Policy, where _headers is read', async () => {
    expect(headersForAll(dist)).toEqual({
      'Content-Security-Policy': CSP_HEADER,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    const response = await fetch(`${withHeaders.url}/runs/`);
    expect(response.headers.get('content-security-policy')).toBe(CSP_HEADER);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  // The <meta> policy is the header's less frame-ancestors: a few pages with script show it holds.
  describe.each([
    ['sent as headers', () => withHeaders, PAGES],
    ['in the <meta> only', () => metaOnly, ['/', '/runs/', '/runs/leader/examples/alpha/00/', '/benchmarks/forty/']],
  ])('%s', (_, server, pages) => {
    it.each(pages)('%s loads with no violation and no console error', async (path) => {
      const { page, reports } = await watched();
      await page.goto(`${server().url}${path}`, { waitUntil: 'load' });
      // Run the page's script where it has one: sorting a table.
      if ((await page.locator('sortable-table').count()) > 0) {
        const sort = page.locator('sortable-table thead button.sort').first();
        await sort.click();
        expect(await sort.locator('xpath=..').getAttribute('aria-sort')).toBe('ascending');
      }
      expect(reports.violations).toEqual([]);
      expect(reports.console.filter((m) => !(path === '/no-such-page/' && m.includes('404')))).toEqual([]);
      await page.close();
    });

    it('runs a search, WebAssembly included and no worker needed, with no violation', async () => {
      const { page, reports } = await watched();
      await page.goto(`${server().url}/search/?q=${encodeURIComponent('windows line')}`);
      await page.waitForSelector('ol.results li', { timeout: 15_000 });
      expect(await page.locator('ol.results li').count()).toBeGreaterThan(0);
      await page.selectOption('select[data-filter="verdict"]', 'correct');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('verdict') === 'correct');
      await page.waitForSelector('ol.results li');
      expect(reports.violations).toEqual([]);
      expect(reports.console).toEqual([]);
      await page.close();
    });
  });

  it('blocks what it is meant to: an inline script injected into a page is refused and reported', async () => {
    const { page, reports } = await watched();
    await page.goto(`${withHeaders.url}/runs/`);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
      return (window as unknown as { __ran?: boolean }).__ran === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => reports.violations.length).toBeGreaterThan(0);
    expect(reports.violations[0]).toMatch(/^script-src(-elem)? blocked inline/);
    await page.close();
  });
});
