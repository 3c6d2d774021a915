import type { APIRoute, GetStaticPaths } from 'astro';
import { getRun, getRuns, isScoredView } from '../../../site/data.ts';
import { gzipResponse, runEeeSamples } from '../../../site/downloads.ts';

// In a build the samples are written with the run's example pages (src/site/downloads.ts).
export const getStaticPaths = (async () =>
  import.meta.env.DEV
    ? (await getRuns()).filter(isScoredView).map((r) => ({ params: { run: r.id } }))
    : []) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const view = await getRun(params['run'] ?? '');
  if (!isScoredView(view)) return new Response('', { status: 404 });
  return gzipResponse(runEeeSamples(view));
};
