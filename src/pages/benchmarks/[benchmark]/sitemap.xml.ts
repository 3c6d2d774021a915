import type { APIRoute, GetStaticPaths } from 'astro';
import { sitemapXml } from '../../../lib/sitemap.ts';
import { crossPagePaths } from '../../../render/family-pages.ts';
import { getBenchmarks } from '../../../page-data/data.ts';

// The sitemap of a benchmark's cross-endpoint pages (a page family: src/render/families.ts).
export const getStaticPaths = (async () =>
  (await getBenchmarks()).map((b) => ({ params: { benchmark: b.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const paths = await crossPagePaths(params['benchmark'] ?? '');
  return new Response(sitemapXml(paths.map((p) => new URL(p, site).href)), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
