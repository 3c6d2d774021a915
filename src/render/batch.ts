import { randomBytes } from 'node:crypto';
import { experimental_AstroContainer } from 'astro/container';
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import PageBatch from './PageBatch.astro';

/**
 * Pages rendered outside Astro's route loop: the example pages and the cross-endpoint pages, a
 * hundred thousand of them for a large archive. Astro renders one route per page with a fixed
 * setup cost per render; here the same page components are rendered through the Container API, many
 * pages per call, by the routes that list those pages (see src/pages/runs/[run]/sitemap.xml.ts).
 */

/** Pages per render call: enough to spread the setup cost, few enough to keep memory flat. */
export const BATCH = 100;

let container: Promise<experimental_AstroContainer> | undefined;

function getContainer(options: { site: string | undefined; base: string }) {
  container ??= experimental_AstroContainer.create({
    astroConfig: { ...(options.site ? { site: options.site } : {}), base: options.base, trailingSlash: 'always' },
  });
  return container;
}

/**
 * A separator no page can contain: every string from a run file is escaped, so the marker could
 * only appear through the page components, and the nonce makes even that impossible by chance.
 */
const SEPARATOR = `<!--benchscope:page:${randomBytes(8).toString('hex')}-->`;
const SEPARATOR_BYTES = Buffer.from(SEPARATOR);

/**
 * Render each item through `page`, returning one complete HTML document per item, as UTF-8 bytes:
 * the pages go to files, and taking Astro's bytes as they are spares decoding them into strings
 * only to encode them again on the way out.
 */
export async function renderPages(
  page: AstroComponentFactory,
  items: readonly Record<string, unknown>[],
  options: { site: string | undefined; base: string },
): Promise<Buffer[]> {
  if (items.length === 0) return [];
  const response = await (
    await getContainer(options)
  ).renderToResponse(PageBatch, {
    props: { page, items, separator: SEPARATOR },
  });
  const html = Buffer.from(await response.arrayBuffer());
  const pages: Buffer[] = [];
  for (let start = 0, end; (end = html.indexOf(SEPARATOR_BYTES, start)) !== -1; start = end + SEPARATOR_BYTES.length)
    pages.push(html.subarray(start, end));
  if (pages.length !== items.length) throw new Error(`rendered ${pages.length} pages for ${items.length} items`);
  return pages;
}
