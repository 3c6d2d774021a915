import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/pipeline/serve.ts';
import { launchChromium } from '../helpers/browser.ts';
import { buildOnce } from '../helpers/build.ts';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(await buildOnce('site-comparison', 'site-comparison'), { gzip: true });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.close();
});

/** Open the search page for a query and wait for its results. */
async function search(query: string, params = ''): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}${params}`);
  await page.waitForSelector('ol.results li', { timeout: 15_000 });
  return page;
}

const resultLinks = (page: Page) =>
  page.locator('ol.results li .result-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

describe('search, in a real browser against the built site', () => {
  it('finds the one example whose output holds a distinctive string, first', async () => {
    const page = await search('windows line trailing spaces');
    const links = await resultLinks(page);
    expect(links[0]).toBe('/runs/leader/examples/alpha/00/');
    expect(await page.locator('ol.results li').first().locator('.result-title a').innerText()).toBe(
      'Example alpha/00 in run leader (prov-x · fam-a on forty 2): correct',
    );
    await page.close();
  });

  it('narrows the results with a filter', async () => {
    // An output word (the outputs here are "(A)" and "(B)", so the example ids, which head each
    // example in the index): prompts are indexed once per question, which has no verdict.
    const page = await search('alpha');
    const all = Number(/^(\d+)/.exec(await page.locator('[role="status"]').innerText())?.[1]);
    await page.selectOption('select[data-filter="verdict"]', 'incorrect');
    await page.waitForFunction(
      (n) => !(document.querySelector('[role="status"]')?.textContent ?? '').startsWith(`${n} `),
      all,
    );
    const narrowed = Number(/^(\d+)/.exec(await page.locator('[role="status"]').innerText())?.[1]);
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
    expect(page.url()).toContain('verdict=incorrect');
    for (const href of await resultLinks(page)) expect(href).toMatch(/^\/runs\/[^/]+\/examples\//);
    await page.close();
  });

  it('finds the examples with no answer extracted through the answer filter, and no others', async () => {
    // far-behind's three outputs with no letter in them ("I am not sure which letter it is."); the
    // query is a word of every example id of subject alpha, in every run.
    const page = await search('alpha', '&answer=none');
    expect(await page.locator('select[data-filter="answer"] option:checked').innerText()).toBe('none extracted');
    expect((await resultLinks(page)).sort()).toEqual(
      ['alpha/20', 'alpha/22'].map((id) => `/runs/far-behind/examples/${id}/`),
    );
    await page.close();
  });

  it('finds a question by a phrase of its prompt, linked to the page of every endpoint that answered it', async () => {
    const page = await search('Question beta/03 pick the right letter');
    const first = page.locator('ol.results li').first();
    expect(await first.locator('.result-title a').getAttribute('href')).toBe('/benchmarks/forty/examples/beta/03/');
    expect(await first.locator('.result-title a').innerText()).toBe(
      'Example beta/03 of Forty Questions on every endpoint',
    );
    expect(await first.locator('.badge').innerText()).toBe('Question');
    // The question as the runs sent it: as a chat message and as a completion prompt (ending "A:").
    expect(await first.locator('.excerpt').innerText()).toBe(
      'Question beta/03: pick the right letter. Question beta/03: pick the right letter. A:',
    );
    await page.close();
  });

  it('shows matched text as text: a hostile output found by search runs nothing', async () => {
    const page = await browser.newPage();
    const alerts: string[] = [];
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('alert not bold')}`);
    await page.waitForSelector('ol.results li');
    const excerpt = await page.locator('ol.results li .excerpt').first().innerText();
    expect(excerpt).toContain('not bold');
    expect(await page.locator('ol.results b, ol.results script').count()).toBe(0);
    expect(alerts).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('starts from the search box in the header of any page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/runs/`);
    await page.fill('header input[name="q"]', 'windows line');
    await page.press('header input[name="q"]', 'Enter');
    await page.waitForURL(/\/search\/\?q=windows\+line/);
    await page.waitForSelector('ol.results li');
    expect((await resultLinks(page))[0]).toBe('/runs/leader/examples/alpha/00/');
    await page.close();
  });

  it('says, without JavaScript, that search needs it and where to browse instead', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/search/?q=anything`);
    const note = page.locator('.needs-js');
    expect(await note.innerText()).toContain('needs JavaScript');
    expect(await note.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/benchmarks/',
      '/runs/',
      '/models/',
      '/providers/',
      '/learn/',
    ]);
    await context.close();
  });
});

describe('search under a base path', () => {
  it('loads the index and links every result under the base path', async () => {
    const dist = await buildOnce('base-path', 'site-comparison', {
      BENCHSCOPE_BASE: '/archive',
      BENCHSCOPE_SITE: 'https://example.github.io',
    });
    // The site as its host serves it: under /archive/.
    const root = mkdtempSync(join(tmpdir(), 'benchscope-base-'));
    symlinkSync(dist, join(root, 'archive'));
    const based = await serveStatic(root, { gzip: true });
    const page = await browser.newPage();
    try {
      for (const [query, first] of [
        ['windows line', '/archive/runs/leader/examples/alpha/00/'],
        ['Question beta/03 pick the right letter', '/archive/benchmarks/forty/examples/beta/03/'],
        ['leader', '/archive/runs/leader/'],
      ]) {
        await page.goto(`${based.url}/archive/search/?q=${encodeURIComponent(query ?? '')}`);
        await page.waitForSelector('ol.results li', { timeout: 15_000 });
        expect((await resultLinks(page))[0]).toBe(first);
      }
    } finally {
      await page.close();
      await based.close();
    }
  }, 180_000);
});
