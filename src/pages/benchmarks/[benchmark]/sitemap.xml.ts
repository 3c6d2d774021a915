import type { APIRoute, GetStaticPaths } from 'astro';
import { sitemapXml } from '../../../lib/sitemap.ts';
import { buildCrossPages } from '../../../render/example-pages.ts';
import { getBenchmarks } from '../../../site/data.ts';

// The sitemap of a benchmark's cross-endpoint example pages, which this route renders in a build.
export const getStaticPaths = (async () =>
  (await getBenchmarks()).map((b) => ({ params: { benchmark: b.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const paths = await buildCrossPages(params['benchmark'] ?? '');
  return new Response(sitemapXml(paths.map((p) => new URL(p, site).href)), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
