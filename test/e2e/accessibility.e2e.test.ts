import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/pipeline/serve.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildOnce } from '../helpers/build.ts';

// axe-core in Chromium over one page of each type. Its script is injected into the page, which
// the site's Content-Security-Policy would refuse: this context bypasses the policy, for axe only
// (test/e2e/csp.e2e.test.ts runs the site under it).
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  server = await serveStatic(await buildOnce('site-comparison', 'site-comparison'));
  browser = await launchChromium();
  context = await browser.newContext({ bypassCSP: true });
}, 180_000);

afterAll(async () => {
  await context.close();
  await browser.close();
  await server.close();
});

const PAGES = [
  '/',
  '/runs/',
  '/runs/leader/',
  '/runs/failed/',
  '/runs/leader/examples/',
  '/runs/far-behind/incorrect/beta/',
  '/runs/leader/examples/alpha/00/',
  '/benchmarks/',
  '/benchmarks/forty/',
  '/benchmarks/forty/examples/alpha/00/',
  '/models/',
  '/models/fam-a/',
  '/providers/',
  '/providers/prov-x/',
  '/learn/',
  '/learn/how-results-work/',
  '/learn/reading-scores/',
  '/learn/benchmarks/forty/',
  '/search/?q=windows%20line',
  '/no-such-page/',
];

/** Rules axe ran on a page, and its serious or critical violations, one line each. */
async function audit(
  path: string,
  colorScheme: 'light' | 'dark',
): Promise<{ rules: string[]; serious: string[]; minor: number }> {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme });
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  if (path.startsWith('/search/')) await page.waitForSelector('ol.results li', { timeout: 15_000 });
  await page.addScriptTag({ content: AXE });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    return axe.run(document);
  });
  await page.close();
  const rules = [...results.passes, ...results.violations, ...results.incomplete].map((r) => r.id);
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? ''}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return { rules, serious, minor: results.violations.length - serious.length };
}

const totals = { pages: 0, runs: 0, rules: new Set<string>(), minor: 0 };

/** The dark scheme changes colours only: a page of each set of components is enough. */
const DARK = [
  '/',
  '/runs/',
  '/runs/leader/',
  '/runs/leader/examples/alpha/00/',
  '/benchmarks/forty/',
  '/models/fam-a/',
  '/learn/reading-scores/',
  '/search/?q=windows%20line',
];

describe('axe-core, one page of each type', () => {
  describe.each([
    ['light', PAGES],
    ['dark', DARK],
  ] as const)('in the %s colour scheme', (scheme, pages) => {
    it.each(pages)('%s has no serious or critical violation', async (path) => {
      const { rules, serious, minor } = await audit(path, scheme);
      expect(serious).toEqual([]);
      expect(rules.length).toBeGreaterThan(20);
      totals.pages++;
      totals.runs += rules.length;
      for (const rule of rules) totals.rules.add(rule);
      totals.minor += minor;
    });
  });

  it('ran on every page, in both schemes', () => {
    expect(totals.pages).toBe(PAGES.length + DARK.length);
    console.log(
      `axe-core: ${totals.rules.size} rules, ${totals.runs} rule runs over ${totals.pages} page audits; ${totals.minor} minor or moderate violations`,
    );
  });
});
