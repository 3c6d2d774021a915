import type { APIRoute, GetStaticPaths } from 'astro';
import { sitemapXml } from '../../../lib/sitemap.ts';
import { buildRunPages } from '../../../render/example-pages.ts';
import { getRun, getRuns, isScoredView } from '../../../site/data.ts';

// The sitemap of a run's example and list pages. In a build, this route is also what renders those
// pages and the run's downloads: one route per run rather than one per page (src/render/example-pages.ts).
export const getStaticPaths = (async () =>
  (await getRuns()).filter(isScoredView).map((view) => ({ params: { run: view.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const view = await getRun(params['run'] ?? '');
  if (!isScoredView(view)) throw new Error(`run ${view.id} has no examples`);
  const paths = await buildRunPages(view, site);
  return new Response(sitemapXml(paths.map((p) => new URL(p, site).href)), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
