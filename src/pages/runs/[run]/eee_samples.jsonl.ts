import type { APIRoute, GetStaticPaths } from 'astro';
import { eeeSampleLine } from '../../../importers/eee/export.ts';
import { getRun, getRuns, isScoredView } from '../../../site/data.ts';
import { examplesOf } from '../../../site/eee.ts';

export const getStaticPaths = (async () =>
  (await getRuns()).filter(isScoredView).map((r) => ({ params: { run: r.id } }))) satisfies GetStaticPaths;

/** The run's examples as Every Eval Ever instance-level records, one per line. */
export const GET: APIRoute = async ({ params }) => {
  const view = await getRun(params['run'] ?? '');
  if (!isScoredView(view)) return new Response('', { status: 404 });
  let body = '';
  for await (const example of examplesOf(view)) body += eeeSampleLine(view.scored.run, example);
  return new Response(body, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' } });
};
