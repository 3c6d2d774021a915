import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/pipeline/serve.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildOnce } from '../helpers/build.ts';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(await buildOnce('site-comparison', 'site-comparison'));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.close();
});

describe('the list of runs, with JavaScript turned off', () => {
  it('filters by any combination of benchmark, provider, family, state and prompt', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/runs/`);
    const visible = () => page.locator('table.runs tbody tr:visible th').allInnerTexts();
    expect(await visible()).toHaveLength(10);
    await page.selectOption('#filter-state', 'failed');
    expect(await visible()).toEqual(['failed']);
    await page.selectOption('#filter-state', '');
    await page.selectOption('#filter-provider', 'prov-y');
    await page.selectOption('#filter-family', 'fam-a');
    expect((await visible()).sort()).toEqual(['close-second', 'interrupted']);
    await page.selectOption('#filter-mode', 'custom');
    expect(await visible()).toEqual([]);
    await page.selectOption('#filter-family', '');
    expect(await visible()).toEqual(['custom']);
    await context.close();
  });
});

describe('pages on a phone', () => {
  it.each([
    '/',
    '/runs/',
    '/benchmarks/forty/',
    '/runs/leader/',
    '/runs/leader/examples/alpha/00/',
    '/benchmarks/forty/examples/alpha/00/',
  ])('%s fits the screen: only tables scroll, inside their box', async (path) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(`${server.url}${path}`);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    await page.close();
  });
});

describe('the example page', () => {
  it('ships no script and shows the output as text', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${server.url}/runs/leader/examples/alpha/00/`);
    expect(scripts).toEqual([]);
    expect(dialogs).toBe(0);
    expect(await page.locator('pre[aria-label="Raw output"]').innerText()).toContain(
      '<b>not bold</b> &amp; <script>alert(1)</script>',
    );
    await page.close();
  });
});
