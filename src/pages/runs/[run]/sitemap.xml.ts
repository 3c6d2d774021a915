import type { APIRoute, GetStaticPaths } from 'astro';
import { sitemapXml } from '../../../lib/sitemap.ts';
import { runPagePaths } from '../../../render/family-pages.ts';
import { getRun, getRuns, isScoredView } from '../../../page-data/data.ts';

// The sitemap of a run's example lists and example pages (page families: src/render/families.ts).
export const getStaticPaths = (async () =>
  (await getRuns()).filter(isScoredView).map((view) => ({ params: { run: view.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const view = await getRun(params['run'] ?? '');
  if (!isScoredView(view)) throw new Error(`run ${view.id} has no examples`);
  return new Response(sitemapXml((await runPagePaths(view)).map((p) => new URL(p, site).href)), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
