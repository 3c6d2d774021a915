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
 * Each is made as a sequence of pieces and written as it is made: a run's downloads reach
 * hundreds of megabytes, more than a build should hold at once.
 */

/** A download's text, piece by piece. */
export type Text = AsyncGenerator<string>;

/** The whole of a download's text, for the routes that serve one in development. */
export async function wholeText(text: Text): Promise<string> {
  let all = '';
  for await (const piece of text) all += piece;
  return all;
}

/** A value's JSON as `JSON.stringify(value, null, 1)` writes it at `depth` levels down. */
const nested = (value: unknown, depth: number) =>
  JSON.stringify(value, null, 1).replaceAll('\n', `\n${' '.repeat(depth)}`);

/**
 * The whole run as one JSON document: the run file, the figures recomputed from it, and every
 * example verbatim, the same bytes as `JSON.stringify(document, null, 1)`. A JSON string never
 * holds a raw line break, so indenting at line breaks indents only the structure.
 */
export async function* runJson(view: RunView): Text {
  const { stats, interval } = view.scored ?? {};
  const head = { run: view.run, recomputed: stats && interval ? { ...stats, interval } : null, added: view.added };
  // The head's object without its closing "\n}", then the examples as its last member.
  yield `${JSON.stringify(head, null, 1).slice(0, -2)},\n "examples": [`;
  let count = 0;
  if (view.scored)
    for await (const { example } of readExamples(view.root, view.scored.examplesFile))
      yield `${count++ === 0 ? '' : ','}\n  ${nested(example, 2)}`;
  yield count === 0 ? ']\n}' : '\n ]\n}';
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
export async function* runCsv(view: ScoredView): Text {
  yield csvRow(CSV_HEADER);
  for await (const { example: e } of readExamples(view.root, view.scored.examplesFile)) {
    const prompt =
      typeof e.prompt === 'string' ? e.prompt : e.prompt.map((m) => `${m.role}: ${m.content}`).join('\n\n');
    const answer = (v: typeof e.expected) =>
      v === null ? null : Array.isArray(v) ? v.join(' | ') : typeof v === 'boolean' ? String(v) : v;
    yield csvRow([
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
}

/** The run as an Every Eval Ever aggregate record; its samples file is eee_samples.jsonl beside it. */
export async function* runEee(view: ScoredView, site: URL | undefined): Text {
  // The record names its samples file by checksum and line count: read the examples once for those.
  const samples = await samplesDigest(view.scored.run, examplesOf(view));
  const record = eeeAggregate(view.scored.run, view.scored.stats, samples, await eeeContext(view, site));
  yield `${JSON.stringify(record, null, 2)}\n`;
}

/** The run's examples as Every Eval Ever instance-level records, one per line. */
export async function* runEeeSamples(view: ScoredView): Text {
  for await (const example of examplesOf(view)) yield eeeSampleLine(view.scored.run, example);
}

/** Every download of a scored run, with the URL it is published at. */
export function runDownloads(view: ScoredView, site: URL | undefined): { path: string; text: Text }[] {
  return [
    { path: routes.runJson(view.id), text: runJson(view) },
    { path: routes.runCsv(view.id), text: runCsv(view) },
    { path: routes.runEee(view.id), text: runEee(view, site) },
    { path: routes.runEeeSamples(view.id), text: runEeeSamples(view) },
  ];
}

/** Which runs a download route builds itself: all in development, in a build only those without examples. */
export function servedByRoute(view: RunView): boolean {
  return import.meta.env.DEV || !isScoredView(view);
}
