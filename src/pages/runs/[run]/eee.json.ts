import type { APIRoute, GetStaticPaths } from 'astro';
import { eeeAggregate, samplesDigest } from '../../../importers/eee/export.ts';
import { getRun, getRuns, isScoredView } from '../../../site/data.ts';
import { eeeContext, examplesOf } from '../../../site/eee.ts';

export const getStaticPaths = (async () =>
  (await getRuns()).filter(isScoredView).map((r) => ({ params: { run: r.id } }))) satisfies GetStaticPaths;

/** The run as an Every Eval Ever aggregate record; its samples file is eee_samples.jsonl beside it. */
export const GET: APIRoute = async ({ params, site }) => {
  const view = await getRun(params['run'] ?? '');
  if (!isScoredView(view)) return new Response('', { status: 404 });
  // The record names its samples file by checksum and line count: read the examples once for those.
  const samples = await samplesDigest(view.scored.run, examplesOf(view));
  const record = eeeAggregate(view.scored.run, view.scored.stats, samples, await eeeContext(view, site));
  return new Response(`${JSON.stringify(record, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
