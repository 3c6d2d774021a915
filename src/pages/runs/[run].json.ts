import type { APIRoute, GetStaticPaths } from 'astro';
import { readExamples } from '../../archive/examples.ts';
import { getRun, getRuns } from '../../site/data.ts';

export const getStaticPaths = (async () =>
  (await getRuns()).map((r) => ({ params: { run: r.id } }))) satisfies GetStaticPaths;

/** The whole run as one JSON document: the run file, the figures recomputed from it, and every example verbatim. */
export const GET: APIRoute = async ({ params }) => {
  const view = await getRun(params['run'] ?? '');
  const examples = [];
  if (view.scored)
    for await (const { example } of readExamples(view.root, view.scored.examplesFile)) examples.push(example);
  const { stats, interval } = view.scored ?? {};
  const body = {
    run: view.run,
    recomputed: stats && interval ? { ...stats, interval } : null,
    added: view.added,
    examples,
  };
  return new Response(JSON.stringify(body, null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
