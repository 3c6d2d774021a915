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

/** Render each item through `page`, returning one complete HTML document per item. */
export async function renderPages(
  page: AstroComponentFactory,
  items: readonly Record<string, unknown>[],
  options: { site: string | undefined; base: string },
): Promise<string[]> {
  if (items.length === 0) return [];
  const html = await (
    await getContainer(options)
  ).renderToString(PageBatch, {
    props: { page, items, separator: SEPARATOR },
  });
  const pages = html.split(SEPARATOR);
  pages.pop(); // what follows the last separator: nothing
  if (pages.length !== items.length) throw new Error(`rendered ${pages.length} pages for ${items.length} items`);
  // Astro starts every page it renders with a doctype; a component render has none of its own.
  return pages.map((p) => `<!DOCTYPE html>${p}`);
}
