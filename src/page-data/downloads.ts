import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readExamples } from '../archive/examples.ts';
import { eeeAggregate, eeeSampleLine, samplesDigest } from '../eee/export.ts';
import { csvRow } from '../lib/csv.ts';
import type { Example } from '../schema/example.ts';
import type { RunView, ScoredView } from './data.ts';
import { eeeContext, examplesOf } from './eee.ts';
import { routes } from './urls.ts';

/**
 * A run's downloads: the run with every example as JSON, its examples as CSV, and its Every Eval
 * Ever record (aggregate and samples): the "run downloads" page family (src/render/families.ts).
 * A build writes them with the run's example pages and caches them with them; the dev server
 * serves them one at a time.
 * Each is made as a sequence of pieces and written as it is made: a run's downloads reach
 * hundreds of megabytes, more than a build should hold at once.
 */

/** A download's text, piece by piece. */
export type Text = AsyncGenerator<string>;

/** The whole of a download's text, for the dev server, which serves one at a time. */
export async function wholeText(text: Text): Promise<string> {
  let all = '';
  for await (const piece of text) all += piece;
  return all;
}

/** A download served whole, gzip-compressed as the build writes it (its URL ends in .gz). */
export async function gzipResponse(text: Text): Promise<Response> {
  return new Response(new Uint8Array(gzipSync(await wholeText(text), { level: 9 })), {
    headers: { 'Content-Type': 'application/gzip' },
  });
}

/** A value's JSON as `JSON.stringify(value, null, 1)` writes it at `depth` levels down. */
const nested = (value: unknown, depth: number) =>
  JSON.stringify(value, null, 1).replaceAll('\n', `\n${' '.repeat(depth)}`);

/**
 * A download that lists every example: what comes before the examples, each example's piece, and
 * what comes after. The build writes all of a run's downloads in one pass over its examples
 * (RunDownloads); the dev server makes one at a time (runJson, runCsv, …).
 */
interface ExampleFormat {
  head: string;
  example(example: Example, index: number): string;
  tail(count: number): string;
}

/**
 * The whole run as one JSON document: the run file, the figures recomputed from it, and every
 * example verbatim, the same bytes as `JSON.stringify(document, null, 1)`. A JSON string never
 * holds a raw line break, so indenting at line breaks indents only the structure.
 */
function jsonFormat(view: RunView): ExampleFormat {
  const { stats, interval, noAnswer } = view.scored ?? {};
  // noAnswer: the unextracted examples where the benchmark's scoring reads an answer; null where it reads none.
  const head = {
    run: view.run,
    recomputed: stats && interval ? { ...stats, noAnswer, interval } : null,
    added: view.added,
  };
  return {
    // The head's object without its closing "\n}", then the examples as its last member.
    head: `${JSON.stringify(head, null, 1).slice(0, -2)},\n "examples": [`,
    example: (example, index) => `${index === 0 ? '' : ','}\n  ${nested(example, 2)}`,
    tail: (count) => (count === 0 ? ']\n}' : '\n ]\n}'),
  };
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
];

const answerCell = (v: Example['expected']) =>
  v === null ? null : Array.isArray(v) ? v.join(' | ') : typeof v === 'boolean' ? String(v) : v;

/**
 * One row per example: its verdict and answers, not its texts. The JSON and the EEE samples hold
 * every prompt and output already; a third copy would make the downloads most of the site.
 */
const csvFormat: ExampleFormat = {
  head: csvRow(CSV_HEADER),
  example: (e) =>
    csvRow([
      e.id,
      e.subject,
      e.correct,
      e.score,
      e.error,
      answerCell(e.expected),
      answerCell(e.extracted),
      e.latency_ms,
      e.tokens?.prompt,
      e.tokens?.completion,
    ]),
  tail: () => '',
};

/** The run's examples as Every Eval Ever instance-level records, one per line. */
const samplesFormat = (view: ScoredView): ExampleFormat => ({
  head: '',
  example: (example) => eeeSampleLine(view.scored.run, example),
  tail: () => '',
});

/** The run as an Every Eval Ever aggregate record, naming its samples file by checksum and line count. */
async function eeeText(view: ScoredView, site: URL | undefined, samples: { checksum: string; rows: number }) {
  const record = eeeAggregate(view.scored.run, view.scored.stats, samples, await eeeContext(view, site));
  return `${JSON.stringify(record, null, 2)}\n`;
}

async function* formatText(format: ExampleFormat, view: RunView): Text {
  yield format.head;
  let count = 0;
  if (view.scored)
    for await (const { example, index } of readExamples(view.root, view.scored.examplesFile)) {
      yield format.example(example, index);
      count++;
    }
  yield format.tail(count);
}

export const runJson = (view: RunView): Text => formatText(jsonFormat(view), view);
export const runCsv = (view: ScoredView): Text => formatText(csvFormat, view);
export const runEeeSamples = (view: ScoredView): Text => formatText(samplesFormat(view), view);

export async function* runEee(view: ScoredView, site: URL | undefined): Text {
  // The record names its samples file by checksum and line count: read the examples once for those.
  yield await eeeText(view, site, await samplesDigest(view.scored.run, examplesOf(view)));
}

/** Where a download is written, a piece at a time. */
export interface TextSink {
  write(text: string): void;
  close(): Promise<void>;
}

/**
 * Every download of a scored run, made in the build's one pass over the run's examples (the pass
 * that renders its pages): `add` each example in file order, then `finish`. The aggregate record
 * comes last, since it names the samples file by its checksum.
 */
export class RunDownloads {
  private readonly sinks: { format: ExampleFormat; sink: TextSink }[];
  /** The samples file, hashed as it is written. */
  private readonly samples: { format: ExampleFormat; sink: TextSink };
  private readonly hash = createHash('sha256');
  private count = 0;
  private readonly view: ScoredView;
  private readonly site: URL | undefined;
  private readonly open: (path: string) => TextSink;

  constructor(view: ScoredView, site: URL | undefined, open: (path: string) => TextSink) {
    this.view = view;
    this.site = site;
    this.open = open;
    this.sinks = [
      { format: jsonFormat(view), sink: open(routes.runJson(view.id)) },
      { format: csvFormat, sink: open(routes.runCsv(view.id)) },
    ];
    this.samples = { format: samplesFormat(view), sink: open(routes.runEeeSamples(view.id)) };
    for (const { format, sink } of this.sinks) sink.write(format.head);
  }

  add(example: Example): void {
    for (const { format, sink } of this.sinks) sink.write(format.example(example, this.count));
    const line = this.samples.format.example(example, this.count);
    this.samples.sink.write(line);
    this.hash.update(line);
    this.count++;
  }

  async finish(): Promise<void> {
    for (const { format, sink } of this.sinks) {
      sink.write(format.tail(this.count));
      await sink.close();
    }
    await this.samples.sink.close();
    const eee = this.open(routes.runEee(this.view.id));
    eee.write(await eeeText(this.view, this.site, { checksum: this.hash.digest('hex'), rows: this.count }));
    await eee.close();
  }
}
