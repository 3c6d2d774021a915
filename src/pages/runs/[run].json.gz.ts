import type { APIRoute, GetStaticPaths } from 'astro';
import { getRun, getRuns } from '../../site/data.ts';
import { gzipResponse, runJson, servedByRoute } from '../../site/downloads.ts';

// A scored run's downloads are written with its example pages in a build (src/site/downloads.ts).
export const getStaticPaths = (async () =>
  (await getRuns()).filter(servedByRoute).map((r) => ({ params: { run: r.id } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => gzipResponse(runJson(await getRun(params['run'] ?? '')));
