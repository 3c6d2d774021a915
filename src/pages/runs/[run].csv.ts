import type { APIRoute, GetStaticPaths } from 'astro';
import { readExamples } from '../../archive/examples.ts';
import { csvRow } from '../../lib/csv.ts';
import { getRun, getRuns, isScoredView } from '../../site/data.ts';

export const getStaticPaths = (async () =>
  (await getRuns()).filter(isScoredView).map((r) => ({ params: { run: r.id } }))) satisfies GetStaticPaths;

const HEADER = [
  'id',
  'subject',
  'correct',
  'score',
  'error',
  'expected',
  'extracted',
  'latency_ms',
  'prompt_tokens',
  'completion_tokens',
  'output',
  'prompt',
];

/** One row per example. Chat prompts are flattened as "role: content" blocks. */
export const GET: APIRoute = async ({ params }) => {
  const view = await getRun(params['run'] ?? '');
  if (!isScoredView(view)) return new Response('', { status: 404 });
  let body = csvRow(HEADER);
  for await (const { example: e } of readExamples(view.root, view.scored.examplesFile)) {
    const prompt =
      typeof e.prompt === 'string' ? e.prompt : e.prompt.map((m) => `${m.role}: ${m.content}`).join('\n\n');
    const answer = (v: typeof e.expected) =>
      v === null ? null : Array.isArray(v) ? v.join(' | ') : typeof v === 'boolean' ? String(v) : v;
    body += csvRow([
      e.id,
      e.subject,
      e.correct,
      e.score,
      e.error,
      answer(e.expected),
      answer(e.extracted),
      e.latency_ms,
      e.tokens?.prompt,
      e.tokens?.completion,
      e.output,
      prompt,
    ]);
  }
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
