import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/pipeline/serve.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildOnce } from '../helpers/build.ts';
import { writeHostileArchive } from '../helpers/hostile.ts';

// The hostile-text archive in Chromium. The policy is bypassed here on purpose: these tests check
// that the markup itself holds (escaping, isolation, wrapping), not that the CSP would catch a
// failure of it; test/e2e/csp.e2e.test.ts checks the policy.
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  server = await serveStatic(await buildOnce('hostile-site', writeHostileArchive()));
  browser = await launchChromium();
  context = await browser.newContext({ bypassCSP: true });
}, 240_000);

afterAll(async () => {
  await context.close();
  await browser.close();
  await server.close();
});

/** A page that records dialogs (every payload calls alert), script errors and console errors. */
async function watched(): Promise<{ page: Page; events: string[] }> {
  const page = await context.newPage();
  const events: string[] = [];
  page.on('dialog', (d) => {
    events.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => events.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') events.push(`console: ${m.text()}`);
  });
  // Script from the input would be a request too, to evil.example: none may leave.
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) events.push(`request: ${r.url()}`);
  });
  return { page, events };
}

const PAGES = [
  '/',
  '/runs/',
  '/runs/hostile-chat/',
  '/runs/hostile-failed/',
  '/runs/hostile-text/examples/',
  '/runs/hostile-chat/examples/p/bidi/',
  '/runs/hostile-chat/examples/p/html/',
  '/runs/hostile-text/examples/p/breakouts/',
  '/runs/hostile-text/examples/p/combining/',
  '/runs/hostile-chat/examples/big/unbroken/',
  '/runs/hostile-text/examples/big/hostile/',
  '/benchmarks/',
  '/benchmarks/hostile/',
  '/benchmarks/hostile/examples/p/urls/',
  '/models/hostile-fam/',
  '/providers/hostile-prov/',
  '/learn/benchmarks/hostile/',
];

describe('hostile text in a real browser', () => {
  it.each(PAGES)('%s runs nothing from the input, and fits the screen at any width', async (path) => {
    const { page, events } = await watched();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        screen: document.documentElement.clientWidth,
      }));
      expect(widths.page, `${path} at ${width}px`).toBeLessThanOrEqual(widths.screen);
    }
    expect(events).toEqual([]);
    await page.close();
  });

  it.each(PAGES)('%s: no hostile text reorders the text after it', async (path) => {
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    const result = await page.evaluate(() => {
      const reordered: string[] = [];
      const elements = [...document.querySelectorAll('bdi.untrusted')].slice(0, 400);
      for (const element of elements) {
        // Text of the page's own, right after the untrusted text, in the same line of text.
        const probe = document.createElement('span');
        probe.textContent = 'probe';
        // One word that never breaks: its letters go left to right unless something reorders them.
        probe.style.whiteSpace = 'nowrap';
        probe.style.overflowWrap = 'normal';
        element.after(probe);
        const text = probe.firstChild as Text;
        const xs = [0, 1, 2, 3, 4].map((i) => {
          const range = document.createRange();
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          return range.getBoundingClientRect().x;
        });
        if (!xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0))) reordered.push(element.textContent.slice(0, 40));
        probe.remove();
      }
      const boxes = [...document.querySelectorAll('.bidi-control')].map((b) => getComputedStyle(b).display);
      return { probed: elements.length, reordered, boxes: [...new Set(boxes)] };
    });
    expect(result.reordered).toEqual([]);
    if (result.boxes.length > 0) expect(result.boxes).toEqual(['inline-block']);
    if (path !== '/runs/hostile-text/examples/') expect(result.probed).toBeGreaterThan(0);
    await page.close();
  });

  it.each(['alert onerror', 'script alert closed', 'javascript data', 'injected heading', 'mustache template'])(
    'search shows hostile outputs matching %j as text, and runs nothing',
    async (query) => {
      const { page, events } = await watched();
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
      await page.waitForSelector('ol.results li', { timeout: 15_000 });
      const tags = await page
        .locator('ol.results *')
        .evaluateAll((els) => [...new Set(els.map((e) => e.tagName.toLowerCase()))].sort());
      expect(
        tags.every((t) => ['a', 'li', 'mark', 'p', 'span'].includes(t)),
        tags.join(' '),
      ).toBe(true);
      const excerpts = await page.locator('ol.results .excerpt').allInnerTexts();
      expect(
        excerpts.some((e) => /<\w+/.test(e)),
        'the markup is shown as text',
      ).toBe(true);
      expect(events).toEqual([]);
      await page.close();
    },
  );
});
