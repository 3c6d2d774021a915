import type { APIRoute, GetStaticPaths } from 'astro';
import { csvRow } from '../../lib/csv.ts';
import { getBenchmarks, getClasses, getRuns } from '../../page-data/data.ts';
import { classTitle } from '../../page-data/labels.ts';

export const getStaticPaths = (async () => {
  const runs = await getRuns();
  return (await getBenchmarks())
    .filter((b) => runs.some((r) => r.run.benchmark.id === b.id))
    .map((b) => ({ params: { benchmark: b.id } }));
}) satisfies GetStaticPaths;

const HEADER = [
  'class',
  'class_title',
  'rank',
  'run',
  'provider',
  'family',
  'model',
  'version',
  'prompt_mode',
  'scope',
  'partial_reason',
  'state',
  'score',
  'interval_low',
  'interval_high',
  'interval_method',
  'correct',
  'total',
  'errors',
  'no_answer',
  'versus_leader_p',
  'versus_leader_test',
  'indistinguishable_from_leader',
  'latency_p50_ms',
  'latency_p95_ms',
  'finished_at',
  'harness',
  'harness_version',
];

/** The comparison tables of a benchmark, one row per scored run, in the order the page shows them. */
export const GET: APIRoute = async ({ params }) => {
  const classes = await getClasses(params['benchmark'] ?? '');
  let body = csvRow(HEADER);
  classes.forEach((c, i) => {
    for (const m of c.members) {
      const { run, stats, interval } = m.run.view.scored;
      body += csvRow([
        i + 1,
        classTitle(c),
        m.rank,
        m.run.id,
        run.endpoint.provider,
        run.endpoint.family,
        run.endpoint.model,
        run.benchmark.version,
        run.prompt.mode,
        run.scope.kind,
        run.scope.partial_reason,
        run.state,
        stats.score,
        interval.low,
        interval.high,
        interval.method,
        stats.correct,
        stats.total,
        stats.errors,
        // Empty where the benchmark's scoring reads no answer (code): not applicable, never 0.
        m.run.view.scored.noAnswer,
        m.versusLeader?.p,
        m.versusLeader?.test,
        m.indistinguishable,
        stats.latency?.p50,
        stats.latency?.p95,
        run.finished_at,
        run.harness.name,
        run.harness.version,
      ]);
    }
  });
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
