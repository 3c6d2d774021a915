/**
 * What a reader's browser downloads for a first search: a built site served gzip-compressed, as a
 * static host serves it, the search page opened for a query in a fresh Chromium context (nothing
 * cached), and every response counted until the results are shown. Responses are counted on the
 * browser context, which sees the requests of workers too; where Chromium reports a response
 * without its body size (it does for a worker's own script), the bytes the server sent for it are
 * counted instead.
 */
import type { Browser, Request } from 'playwright-core';
import { serveStatic } from '../pipeline/serve.ts';
import { launchChromium } from './browser.ts';

export interface Transfer {
  /** The path requested, without the server's origin. */
  path: string;
  /** Bytes on the wire: the (compressed) body and the response headers. */
  bytes: number;
}

export interface FirstQuery {
  query: string;
  /** Bytes transferred in all. */
  total: number;
  requests: number;
  /** Every response, largest first. */
  transfers: Transfer[];
  /** The search page's status line once results were shown, e.g. "3 pages or groups of examples match." */
  status: string;
  /** Results listed. */
  results: number;
  /** From opening the page to the results shown, in seconds. */
  seconds: number;
}

export interface FirstQueryOptions {
  /** A browser to use; by default one is launched (and closed) for this measurement. */
  browser?: Browser;
  timeoutMs?: number;
}

/** Measure the first query `query` on the site built in `dist` (built for the base path "/"). */
export async function measureFirstQuery(
  dist: string,
  query: string,
  options: FirstQueryOptions = {},
): Promise<FirstQuery> {
  // What the server sent, by path, for responses Chromium reports without a body size.
  const sent = new Map<string, number>();
  const server = await serveStatic(dist, { gzip: true, onSent: (path, bytes) => sent.set(path, bytes) });
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext();
  try {
    const counted: Promise<Transfer>[] = [];
    const count = async (request: Request): Promise<Transfer> => {
      const sizes = await request.sizes();
      const path = request.url().replace(server.url, '');
      const body = sizes.responseBodySize > 0 ? sizes.responseBodySize : (sent.get(path) ?? 0);
      return { path, bytes: body + sizes.responseHeadersSize };
    };
    let started = 0;
    let failed = 0;
    context.on('request', () => {
      started++;
    });
    context.on('requestfinished', (request) => counted.push(count(request)));
    context.on('requestfailed', () => {
      failed++;
    });
    const page = await context.newPage();
    const began = performance.now();
    await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
    // Results, or the page saying there are none.
    await page.waitForFunction(
      () =>
        document.querySelector('ol.results li') !== null ||
        (document.querySelector('search-page [role="status"]')?.textContent ?? '').startsWith('No results.'),
      undefined,
      { timeout: options.timeoutMs ?? 60_000 },
    );
    const seconds = (performance.now() - began) / 1000;
    // Requests still on the way when the results show are part of the first query too.
    for (let i = 0; i < 100 && counted.length + failed < started; i++) await new Promise((r) => setTimeout(r, 50));
    const transfers = (await Promise.all(counted)).sort((a, b) => b.bytes - a.bytes);
    return {
      query,
      total: transfers.reduce((n, t) => n + t.bytes, 0),
      requests: transfers.length,
      transfers,
      status: (await page.locator('search-page [role="status"]').textContent()) ?? '',
      results: await page.locator('ol.results li').count(),
      seconds,
    };
  } finally {
    await context.close();
    if (!options.browser) await browser.close();
    await server.close();
  }
}
