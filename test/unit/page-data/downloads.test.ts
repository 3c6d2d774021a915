import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readExamples } from '../../../src/archive/examples.ts';
import { loadArchive, type Archive } from '../../../src/archive/load.ts';
import type { Registry } from '../../../src/archive/registry.ts';
import { scoreInterval } from '../../../src/lib/intervals.ts';
import type { Example } from '../../../src/schema/example.ts';
import { isScored } from '../../../src/schema/run.ts';
import type { RunView, ScoredView } from '../../../src/page-data/data.ts';
import {
  gzipResponse,
  RunDownloads,
  runCsv,
  runEee,
  runEeeSamples,
  runJson,
  wholeText,
  type TextSink,
} from '../../../src/page-data/downloads.ts';
import { routes } from '../../../src/page-data/urls.ts';
import { fixture } from '../../helpers/paths.ts';

/*
 * The site reads runs and the registry through Astro's content store (src/page-data/data.ts imports
 * astro:content, and build-cache.ts astro:config/server). Outside a build those modules do not
 * exist: the registry collections are served here from the fixture archive, read as the content
 * loader reads it; the build settings are never read by the downloads.
 */
const store = vi.hoisted(() => ({ registry: undefined as Registry | undefined }));
vi.mock('astro:content', () => ({
  getCollection: (name: 'benchmarks' | 'models' | 'providers') => {
    if (!store.registry) throw new Error('the fixture archive is not loaded yet');
    return Promise.resolve([...store.registry[name].values()].map(({ id, data }) => ({ id, data })));
  },
}));
vi.mock('astro:config/server', () => ({}));

const ADDED = '2026-07-01T00:00:00.000Z';
const SITE = new URL('https://benchscope.test/');

/** A run whose answers and outputs hold what a CSV or a JSON Lines file must escape. */
const HOSTILE: Example[] = [
  {
    id: 'alpha/quotes',
    subject: 'alpha',
    prompt: 'Say, "hi"\nplease',
    output: 'He said "yes", then, no.\nA second line, "quoted"\r\nCRLF,\u2028a line separator\u2029and a paragraph one',
    expected: 'a, "b"\nc',
    extracted: 'a, "b"\nc',
    correct: true,
    scoring: { method: 'exact-match' },
    latency_ms: 12.5,
    tokens: { prompt: 7, completion: 11 },
  },
  {
    id: 'beta/formula',
    subject: 'beta',
    prompt: 'Compute.',
    output: '=1+1',
    expected: '=HYPERLINK("https://evil.example","x")',
    extracted: '@SUM("A1")',
    correct: false,
    scoring: { method: 'exact-match' },
  },
  {
    id: 'alpha/list',
    subject: 'alpha',
    prompt: 'Name two.',
    output: 'x, y and 3',
    expected: ['x, y', 3],
    extracted: 3,
    correct: true,
    scoring: { method: 'exact-match' },
  },
  {
    id: 'beta/error',
    subject: 'beta',
    prompt: 'Anything.',
    output: '',
    expected: 'A',
    extracted: null,
    correct: false,
    error: 'upstream timed out\nretry later',
  },
];

let archive: Archive;
const views = new Map<string, RunView>();

/** A run as the site sees it (src/page-data/data.ts, getRuns). */
function viewOf(id: string): RunView {
  const view = views.get(id);
  if (!view) throw new Error(`no run ${id} in the fixture`);
  return view;
}
function scoredViewOf(id: string): ScoredView {
  const view = viewOf(id);
  if (!view.scored) throw new Error(`${id} is not scored`);
  return view as ScoredView;
}

/** The examples of a run's file, as the file holds them. */
const examplesIn = (id: string): Example[] =>
  readFileSync(join(archive.root, 'runs', id, 'examples.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Example);

beforeAll(async () => {
  // The site-comparison archive, with one run more: the hostile answers above.
  const root = join(mkdtempSync(join(tmpdir(), 'benchscope-downloads-')), 'archive');
  cpSync(fixture('site-comparison'), root, { recursive: true });
  const leader = JSON.parse(readFileSync(join(root, 'runs', 'leader', 'run.json'), 'utf8')) as Record<string, unknown>;
  cpSync(join(root, 'runs', 'leader'), join(root, 'runs', 'hostile'), { recursive: true });
  // Not every hostile example records a latency: the copy declares no latency figures.
  const rest = Object.fromEntries(Object.entries(leader).filter(([key]) => key !== 'latency_ms'));
  writeFileSync(
    join(root, 'runs', 'hostile', 'run.json'),
    JSON.stringify({
      ...rest,
      id: 'hostile',
      scope: { kind: 'partial', sample_size: HOSTILE.length, dataset_size: 40, partial_reason: 'by-design' },
      score: { metric: 'accuracy', value: 0.5 },
    }),
  );
  writeFileSync(join(root, 'runs', 'hostile', 'examples.jsonl'), HOSTILE.map((e) => `${JSON.stringify(e)}\n`).join(''));

  archive = await loadArchive(root);
  expect(archive.problems).toEqual([]);
  store.registry = archive.registry;
  for (const loaded of archive.runs) {
    const { id, run, stats, examplesFile, examplesDigest, contentDigest } = loaded;
    const view: RunView = { id, run, root: archive.root, added: ADDED, contentDigest };
    if (isScored(run) && stats && examplesFile && examplesDigest)
      view.scored = {
        run,
        stats,
        examplesFile,
        examplesDigest,
        interval: scoreInterval(stats),
        noAnswer: stats.unextracted,
      };
    views.set(id, view);
  }
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * CSV as a spreadsheet reads it (RFC 4180): a quoted cell may hold commas, doubled quotes and line
 * breaks; outside quotes a line break (CRLF, or a bare LF or CR) ends the row, and a quote is an error.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') {
      if (cell !== '' || wasQuoted) throw new Error(`a quote inside an unquoted cell, row ${rows.length + 1}`);
      quoted = wasQuoted = true;
    } else if (c === ',') endCell();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote, row ${rows.length + 1}`);
      cell += c;
    }
  }
  if (quoted) throw new Error('a quoted cell is never closed');
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** The CSV as records, keyed by its header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((row) => {
    expect(row).toHaveLength(header.length);
    return Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
  });
}

describe('the CSV download', () => {
  it('has a header naming its columns and one row per example, in file order, each ending in CRLF', async () => {
    const text = await wholeText(runCsv(scoredViewOf('leader')));
    expect(text.split('\r\n')[0]).toBe(
      'id,subject,correct,score,error,expected,extracted,latency_ms,prompt_tokens,completion_tokens',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    const records = csvRecords(text);
    expect(records.map((r) => r['id'])).toEqual(examplesIn('leader').map((e) => e.id));
    // The fixture's first example: answered A, expected A, in 100 ms; no tokens or score recorded.
    expect(records[0]).toEqual({
      id: 'alpha/00',
      subject: 'alpha',
      correct: 'true',
      score: '',
      error: '',
      expected: 'A',
      extracted: 'A',
      latency_ms: '100',
      prompt_tokens: '',
      completion_tokens: '',
    });
  });

  it('holds verdicts and answers but not the prompt and output texts', async () => {
    const text = await wholeText(runCsv(scoredViewOf('leader')));
    // alpha/00's output holds markup and line breaks: none of it is in the CSV.
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('Question alpha/00');
  });

  it('quotes answers holding commas, quotes and line breaks, so that they read back whole', async () => {
    const text = await wholeText(runCsv(scoredViewOf('hostile')));
    const records = csvRecords(text);
    expect(records).toHaveLength(HOSTILE.length);
    const [quotes, formula, list, error] = records;
    expect(quotes).toMatchObject({
      id: 'alpha/quotes',
      expected: 'a, "b"\nc',
      extracted: 'a, "b"\nc',
      latency_ms: '12.5',
      prompt_tokens: '7',
      completion_tokens: '11',
    });
    // Text a spreadsheet would run as a formula starts with an apostrophe; the JSON keeps it verbatim.
    expect(formula).toMatchObject({ expected: '\'=HYPERLINK("https://evil.example","x")', extracted: '\'@SUM("A1")' });
    // A list of answers is one cell; numbers stay numbers.
    expect(list).toMatchObject({ expected: 'x, y | 3', extracted: '3', correct: 'true' });
    expect(error).toMatchObject({ correct: 'false', error: 'upstream timed out\nretry later', extracted: '' });
  });

  it('shows an endpoint error in its own column, the example counted incorrect', async () => {
    const records = csvRecords(await wholeText(runCsv(scoredViewOf('far-behind'))));
    const failed = examplesIn('far-behind').filter((e) => e.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    for (const example of failed)
      expect(records.find((r) => r['id'] === example.id)).toMatchObject({
        correct: 'false',
        error: example.error,
        extracted: '',
      });
    expect(records.filter((r) => r['error'] !== '')).toHaveLength(failed.length);
  });
});

describe('the JSON download', () => {
  it('is the run file, the figures recomputed from its examples, and every example verbatim', async () => {
    const view = scoredViewOf('hostile');
    const text = await wholeText(runJson(view));
    const doc = JSON.parse(text) as {
      run: unknown;
      recomputed: { score: number; total: number; interval: { low: number; high: number } };
      added: string;
      examples: Example[];
    };
    expect(doc.run).toEqual(JSON.parse(readFileSync(join(archive.root, 'runs', 'hostile', 'run.json'), 'utf8')));
    expect(doc.added).toBe(ADDED);
    expect(doc.examples).toEqual(HOSTILE);
    expect(doc.examples[0]?.output).toBe(HOSTILE[0]?.output);
    expect(doc.recomputed.score).toBe(0.5);
    expect(doc.recomputed.total).toBe(HOSTILE.length);
    expect(doc.recomputed.interval.low).toBeLessThan(0.5);
    expect(doc.recomputed.interval.high).toBeGreaterThan(0.5);
    // Written piece by piece, it is still the bytes JSON.stringify(document, null, 1) writes.
    expect(text).toBe(JSON.stringify(doc, null, 1));
  });

  it('of a run without examples has none, and no recomputed figures', async () => {
    const view = viewOf('failed');
    expect(view.scored).toBeUndefined();
    const text = await wholeText(runJson(view));
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).toEqual({ run: view.run, recomputed: null, added: ADDED, examples: [] });
    expect(text).toBe(JSON.stringify(doc, null, 1));
  });
});

describe('the Every Eval Ever samples download', () => {
  it('is one line per example, each whole, the outputs verbatim', async () => {
    const text = await wholeText(runEeeSamples(scoredViewOf('hostile')));
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(HOSTILE.length);
    // Line and paragraph separators are escaped: a reader that splits on them keeps each record whole.
    expect(text).not.toMatch(/[\u2028\u2029]/);
    const samples = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(samples.map((s) => s['sample_id'])).toEqual(HOSTILE.map((e) => e.id));
    expect(samples[0]).toMatchObject({
      evaluation_id: 'benchscope/hostile',
      input: { raw: HOSTILE[0]?.prompt, reference: ['a, "b"\nc'] },
      output: { raw: [HOSTILE[0]?.output] },
      evaluation: { score: 1, is_correct: true },
    });
    expect(samples[3]).toMatchObject({
      error: 'upstream timed out\nretry later',
      answer_attribution: [],
      evaluation: { score: 0, is_correct: false },
    });
  });
});

describe('gzip-compressed downloads', () => {
  it('decompress to the text the download holds', async () => {
    const view = scoredViewOf('hostile');
    for (const make of [runJson, runCsv, runEeeSamples]) {
      const response = await gzipResponse(make(view));
      expect(response.headers.get('Content-Type')).toBe('application/gzip');
      const body = gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
      expect(body).toBe(await wholeText(make(view)));
      expect(body.length).toBeGreaterThan(0);
    }
  });
});

/** Sinks in memory that record when each file was opened and closed. */
function memorySinks() {
  const files = new Map<string, string>();
  const events: string[] = [];
  const open = (path: string): TextSink => {
    events.push(`open ${path}`);
    let text = '';
    return {
      write: (piece) => {
        text += piece;
      },
      close: () => {
        events.push(`close ${path}`);
        files.set(path, text);
        return Promise.resolve();
      },
    };
  };
  return { files, events, open };
}

describe("the build's one pass over a run's examples", () => {
  it('writes the same four files the routes serve', async () => {
    for (const id of ['leader', 'far-behind', 'hostile']) {
      const view = scoredViewOf(id);
      const { files, open } = memorySinks();
      const downloads = new RunDownloads(view, SITE, open);
      for await (const { example } of readExamples(view.root, view.scored.examplesFile)) downloads.add(example);
      await downloads.finish();
      expect(new Map(files)).toEqual(
        new Map([
          [routes.runJson(id), await wholeText(runJson(view))],
          [routes.runCsv(id), await wholeText(runCsv(view))],
          [routes.runEeeSamples(id), await wholeText(runEeeSamples(view))],
          [routes.runEee(id), await wholeText(runEee(view, SITE))],
        ]),
      );
    }
  });

  it('writes the aggregate record last, naming the samples file by its checksum and line count', async () => {
    const view = scoredViewOf('hostile');
    const { files, events, open } = memorySinks();
    const downloads = new RunDownloads(view, SITE, open);
    for (const example of HOSTILE) downloads.add(example);
    await downloads.finish();
    const samples = files.get(routes.runEeeSamples('hostile')) ?? '';
    expect(events.indexOf(`open ${routes.runEee('hostile')}`)).toBeGreaterThan(
      events.indexOf(`close ${routes.runEeeSamples('hostile')}`),
    );
    expect(events.filter((e) => e.startsWith('close'))).toHaveLength(4);
    const aggregate = JSON.parse(files.get(routes.runEee('hostile')) ?? '') as {
      detailed_evaluation_results: { checksum: string; total_rows: number };
      source_metadata: { additional_details: Record<string, string> };
      model_info: Record<string, unknown>;
    };
    expect(aggregate.detailed_evaluation_results).toMatchObject({
      checksum: createHash('sha256').update(samples).digest('hex'),
      total_rows: HOSTILE.length,
    });
    // What the registry and the site add: the provider's and the developer's names, the run page.
    expect(aggregate.model_info).toMatchObject({
      developer: 'Test Org',
      inference_platform: 'Provider X',
      additional_details: { model_availability: 'open_weights' },
    });
    expect(aggregate.source_metadata.additional_details['benchscope_url']).toBe(
      'https://benchscope.test/runs/hostile/',
    );
  });

  it('names no run page in the record when the site has no address', async () => {
    const aggregate = JSON.parse(await wholeText(runEee(scoredViewOf('leader'), undefined))) as {
      source_metadata: { additional_details: Record<string, string> };
    };
    expect(aggregate.source_metadata.additional_details).not.toHaveProperty('benchscope_url');
    expect(aggregate.source_metadata.additional_details['benchscope_run_id']).toBe('leader');
  });
});
