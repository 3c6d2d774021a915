import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { jsonLine } from '../lib/json-lines.ts';
import { RunTally, type RunStats } from '../lib/stats.ts';
import { slugify } from '../lib/routes.ts';
import { RUN_SCHEMA_VERSION } from '../schema/run.ts';
import { ImportError, type ImportedRun } from './model.ts';

export interface ContributorFacts {
  provider: string;
  family: string;
  /** Absent: the run is recorded as custom, the safe assumption (custom runs are never ranked against canonical ones). */
  promptMode?: 'canonical' | 'custom' | undefined;
  /** Overrides for what the tool names differently from the registry. */
  runId?: string | undefined;
  benchmarkId?: string | undefined;
  benchmarkVersion?: string | undefined;
  datasetSize?: number | undefined;
  /** For tools that do not record when the run started or ended. */
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
}

/** Runs with at least this many examples are written gzip-compressed, as the format advises. */
export const GZIP_FROM = 5000;

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * A run id from what identifies the run: "<provider>-<family>-<benchmark>-<version>[-<method>]-<date>-n<examples>-<digest>".
 * The digest (six hex digits) covers what else tells two runs apart: the model id, the examples
 * asked, the state and limit, the prompt and the generation settings. Without it, a run made with
 * a sample limit and the full run of the same day got one id, and the second import replaced the
 * first. The same run always gets the same id, so importing it again finds it.
 */
export function defaultRunId(imported: ImportedRun, facts: ContributorFacts): string {
  const date = (facts.finishedAt ?? imported.finishedAt ?? facts.startedAt ?? imported.startedAt ?? '')
    .slice(0, 10)
    .replace(/-/g, '');
  const parts = [
    facts.provider,
    facts.family,
    facts.benchmarkId ?? imported.benchmark.id,
    facts.benchmarkVersion ?? imported.benchmark.version,
    imported.method,
    date,
  ];
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        imported.model,
        imported.state,
        imported.limited,
        imported.examples.map((e) => e.id),
        imported.prompt,
        imported.generation,
        imported.harness,
      ]),
    )
    .digest('hex')
    .slice(0, 6);
  const tail = `-n${imported.examples.length}-${digest}`;
  return `${slugify(parts.filter(Boolean).join('-')).slice(0, 128 - tail.length)}${tail}`;
}

/**
 * The run.json an imported run becomes, with its score and latency recomputed from the examples.
 * Stops when the examples do not reproduce the tool's own figure: a run that disagrees with the
 * tool that produced it must not enter the archive.
 */
export function runFile(
  imported: ImportedRun,
  facts: ContributorFacts,
): { run: Record<string, unknown>; stats: RunStats | null } {
  const id = facts.runId ?? defaultRunId(imported, facts);
  const scored = imported.state === 'completed' || imported.state === 'partial';
  const tally = new RunTally();
  for (const example of imported.examples) tally.add(example);
  const stats = scored ? tally.result() : null;
  if (stats && imported.reported) {
    // Both figures come from the same per-example values; only binary rounding may separate them.
    if (Math.abs(stats.score - imported.reported.value) > 1e-9)
      throw new ImportError(
        `${imported.source}: the examples give ${stats.score} for ${imported.reported.metric}, but the tool reports ${imported.reported.value}. ` +
          'The samples do not match the results (a samples file from another run, or one cut short?); nothing was written.',
      );
  }
  if (scored && imported.examples.length === 0)
    throw new ImportError(
      `${imported.source}: the tool recorded a ${imported.state} run but no samples; nothing was written.`,
    );
  const startedAt = facts.startedAt ?? imported.startedAt;
  const finishedAt = facts.finishedAt ?? imported.finishedAt;
  if (!finishedAt)
    throw new ImportError(
      `${imported.source}: the tool does not record when the run ended; pass --finished-at <ISO 8601 date-time>.`,
    );
  const sampleSize = imported.examples.length;
  const datasetSize = facts.datasetSize ?? imported.benchmark.datasetSize;
  let scope: Record<string, unknown> | undefined;
  if (scored) {
    if (datasetSize === undefined)
      throw new ImportError(
        `${imported.source}: the tool does not record the size of the full dataset; pass --dataset-size <N>, or --benchmark-version naming a registry version that states it.`,
      );
    const full = sampleSize === datasetSize;
    scope = {
      kind: full ? 'full' : 'partial',
      sample_size: sampleSize,
      dataset_size: datasetSize,
      ...(full ? {} : { partial_reason: imported.state === 'partial' ? 'interrupted' : 'by-design' }),
    };
    if (!full && imported.state === 'completed' && !imported.limited)
      throw new ImportError(
        `${imported.source}: ${sampleSize} samples of a ${datasetSize}-example dataset, but the tool applied no limit. Pass --dataset-size if the dataset is smaller than the tool says.`,
      );
  }
  const run: Record<string, unknown> = {
    schema: RUN_SCHEMA_VERSION,
    id,
    benchmark: {
      id: facts.benchmarkId ?? imported.benchmark.id,
      version: facts.benchmarkVersion ?? imported.benchmark.version,
    },
    endpoint: { provider: facts.provider, model: imported.model, family: facts.family },
    prompt: {
      mode: facts.promptMode ?? 'custom',
      template: imported.prompt.template,
      ...(imported.prompt.templateId ? { template_id: imported.prompt.templateId } : {}),
      ...(imported.prompt.fewShot !== undefined ? { few_shot: imported.prompt.fewShot } : {}),
    },
    generation: imported.generation,
    harness: {
      name: imported.harness.name,
      ...(imported.harness.version ? { version: imported.harness.version } : {}),
    },
    state: imported.state,
    ...(scope ? { scope } : {}),
    ...(stats
      ? {
          score: {
            metric: imported.benchmark.metric,
            ...(imported.method ? { method: imported.method } : {}),
            value: round(stats.score, 6),
          },
        }
      : {}),
    ...(stats?.latency
      ? {
          latency_ms: {
            p50: round(stats.latency.p50, 3),
            p95: round(stats.latency.p95, 3),
            mean: round(stats.latency.mean, 3),
          },
        }
      : {}),
    ...(imported.error ? { error: imported.error } : {}),
    ...(startedAt ? { started_at: startedAt } : {}),
    finished_at: finishedAt,
    ...(imported.notes ? { notes: imported.notes } : {}),
    ...(imported.releaseSource ? { source: imported.releaseSource } : {}),
  };
  return { run, stats };
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

const runJsonText = (run: Record<string, unknown>) => `${JSON.stringify(run, null, 2)}\n`;
const scoredState = (run: Record<string, unknown>) => run['state'] === 'completed' || run['state'] === 'partial';

/** A digest of a file's bytes, decompressed if it is gzip. */
async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = createReadStream(path);
  for await (const chunk of path.endsWith('.gz') ? file.pipe(createGunzip()) : file) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * What the run's folder holds now: nothing, this very run (the bytes writeRunFolder would write,
 * examples decompressed), or something else, described for the contributor from its run.json.
 */
export async function existingRunFolder(
  runsDir: string,
  run: Record<string, unknown>,
  imported: ImportedRun,
): Promise<{ kind: 'absent' | 'same' } | { kind: 'different'; holds: string }> {
  const dir = join(runsDir, String(run['id']));
  if (!existsSync(dir)) return { kind: 'absent' };
  let text: string;
  try {
    text = await readFile(join(dir, 'run.json'), 'utf8');
  } catch {
    return { kind: 'different', holds: 'a folder without a readable run.json' };
  }
  const examples = ['examples.jsonl', 'examples.jsonl.gz'].filter((f) => existsSync(join(dir, f)));
  let same = text === runJsonText(run) && examples.length === (scoredState(run) ? 1 : 0);
  if (same && examples[0]) {
    const hash = createHash('sha256');
    for (const example of imported.examples) hash.update(jsonLine(example));
    same = (await fileDigest(join(dir, examples[0]))) === hash.digest('hex');
  }
  if (same) return { kind: 'same' };
  try {
    return { kind: 'different', holds: describeRun(JSON.parse(text)) };
  } catch {
    return { kind: 'different', holds: 'a run.json that is not JSON' };
  }
}

/** A run.json's content in a few words: its benchmark, model, prompt mode, state, examples and end. */
export function describeRun(value: unknown): string {
  const held = (value ?? {}) as {
    benchmark?: { id?: string; version?: string };
    endpoint?: { model?: string };
    prompt?: { mode?: string };
    state?: string;
    scope?: { sample_size?: number };
    finished_at?: string;
  };
  return [
    `${held.benchmark?.id ?? '?'} ${held.benchmark?.version ?? '?'}`,
    held.endpoint?.model ?? '?',
    `${held.prompt?.mode ?? '?'} prompt`,
    held.state ?? '?',
    ...(held.scope?.sample_size !== undefined ? [`${held.scope.sample_size} examples`] : []),
    ...(held.finished_at ? [`finished ${held.finished_at}`] : []),
  ].join(', ');
}

/**
 * Write the run folder: run.json, and the examples of a scored run. Returns the folder. Whatever
 * the folder held goes first: the caller has checked (existingRunFolder) that it may.
 * `gzipLevel` compresses the examples whatever their number, at that level: the same input then
 * gives the same bytes (zlib writes no time into the header), so a committed run can be re-made
 * and compared.
 */
export async function writeRunFolder(
  runsDir: string,
  run: Record<string, unknown>,
  imported: ImportedRun,
  options: { gzipLevel?: number } = {},
): Promise<string> {
  const dir = join(runsDir, String(run['id']));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'run.json'), runJsonText(run));
  if (scoredState(run)) {
    const gzip = options.gzipLevel !== undefined || imported.examples.length >= GZIP_FROM;
    const file = createWriteStream(join(dir, gzip ? 'examples.jsonl.gz' : 'examples.jsonl'));
    const sink: Writable = gzip
      ? createGzip(options.gzipLevel === undefined ? {} : { level: options.gzipLevel })
      : file;
    if (gzip) sink.pipe(file);
    for (const example of imported.examples) await write(sink, jsonLine(example));
    sink.end();
    await once(file, 'close');
  }
  return dir;
}
