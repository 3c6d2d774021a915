import { readExamples } from '../archive/examples.ts';
import { eeeAggregate, eeeSampleLine, samplesDigest } from '../importers/eee/export.ts';
import { csvRow } from '../lib/csv.ts';
import { isScoredView, type RunView, type ScoredView } from './data.ts';
import { eeeContext, examplesOf } from './eee.ts';
import { routes } from './routes.ts';

/**
 * A run's downloads: the run with every example as JSON, its examples as CSV, and its Every Eval
 * Ever record (aggregate and samples). Their routes serve them in development; in a build they
 * are written with the run's example pages and cached with them (src/render/example-pages.ts).
 */

/** The whole run as one JSON document: the run file, the figures recomputed from it, and every example verbatim. */
export async function runJson(view: RunView): Promise<string> {
  const examples = [];
  if (view.scored)
    for await (const { example } of readExamples(view.root, view.scored.examplesFile)) examples.push(example);
  const { stats, interval } = view.scored ?? {};
  return JSON.stringify(
    { run: view.run, recomputed: stats && interval ? { ...stats, interval } : null, added: view.added, examples },
    null,
    1,
  );
}

const CSV_HEADER = [
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
export async function runCsv(view: ScoredView): Promise<string> {
  let body = csvRow(CSV_HEADER);
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
  return body;
}

/** The run as an Every Eval Ever aggregate record; its samples file is eee_samples.jsonl beside it. */
export async function runEee(view: ScoredView, site: URL | undefined): Promise<string> {
  // The record names its samples file by checksum and line count: read the examples once for those.
  const samples = await samplesDigest(view.scored.run, examplesOf(view));
  const record = eeeAggregate(view.scored.run, view.scored.stats, samples, await eeeContext(view, site));
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The run's examples as Every Eval Ever instance-level records, one per line. */
export async function runEeeSamples(view: ScoredView): Promise<string> {
  let body = '';
  for await (const example of examplesOf(view)) body += eeeSampleLine(view.scored.run, example);
  return body;
}

/** Every download of a scored run, with the URL it is published at. */
export async function runDownloads(view: ScoredView, site: URL | undefined): Promise<{ path: string; body: string }[]> {
  return [
    { path: routes.runJson(view.id), body: await runJson(view) },
    { path: routes.runCsv(view.id), body: await runCsv(view) },
    { path: routes.runEee(view.id), body: await runEee(view, site) },
    { path: routes.runEeeSamples(view.id), body: await runEeeSamples(view) },
  ];
}

/** Which runs a download route builds itself: all in development, in a build only those without examples. */
export function servedByRoute(view: RunView): boolean {
  return import.meta.env.DEV || !isScoredView(view);
}
