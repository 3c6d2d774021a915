import { createHash } from 'node:crypto';
import { scoreInterval } from '../lib/intervals.ts';
import { jsonLine } from '../lib/json-lines.ts';
import type { RunStats } from '../lib/stats.ts';
import { exampleScore, type ChatMessage, type Example } from '../schema/example.ts';
import type { ScoredRun } from '../schema/run.ts';
import {
  EEE_SCHEMA_VERSION,
  epochSeconds,
  EXAMPLE_KEYS,
  FEW_SHOT_KEY,
  GENERATION_ARG_EXTRAS,
  METHOD_KEY,
  RUN_KEYS,
  sampleHash,
} from './fields.ts';

/**
 * A completed or partial run as an Every Eval Ever record (schema 0.3.0): the aggregate JSON and
 * the instance-level JSONL beside it. Pure functions of the run, its examples and what the
 * registry says; docs/importers.md lists what maps to what.
 */

type Record_ = Record<string, unknown>;

/** What the archive knows around a run. */
export interface ExportContext {
  /** When the run joined the archive (ISO 8601): the record's retrieved_timestamp, so every build writes the same bytes. */
  added: string;
  /** The run page, as an absolute URL, when the site has one. */
  url?: string | undefined;
  /** The provider's display name (the endpoint's inference platform). */
  providerName?: string | undefined;
  /** The model family's organisation, when the registry knows it. */
  organisation?: string | undefined;
  /** The family's weights openness, from the registry. */
  weights?: 'open' | 'partial' | 'closed' | 'unknown' | undefined;
}

/** Where the record would live in the EEE datastore, and the UUID its two files share. */
export interface EeeNames {
  uuid: string;
  /** `data/<collection>/<developer>/<model>/<uuid>.json` */
  aggregatePath: string;
  /** `data/<collection>/<developer>/<model>/<uuid>_samples.jsonl` */
  samplesPath: string;
}

/** One datastore path component, made portable as EEE's publisher makes it. */
const component = (value: string) =>
  value
    // Characters Windows refuses in file names, control characters included, as EEE's validator checks them.
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"\\|?*\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/, '')
    .replace(/^data$/, 'data_') || '_';

/**
 * A UUID in version-4 form derived from the run id, so that a rebuild names the files alike
 * (EEE's validator requires the v4 form; a random one would change every build).
 */
export function eeeUuid(runId: string): string {
  const h = createHash('sha256').update(`benchscope:${runId}`).digest('hex').split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const x = h.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function eeeNames(run: ScoredRun, context: Pick<ExportContext, 'organisation'>): EeeNames {
  const uuid = eeeUuid(run.id);
  // EEE files a record under its model id's namespace, or under the developer for bare ids.
  const parts = run.endpoint.model.split('/').filter(Boolean);
  const developer = parts.length >= 2 ? (parts[0] ?? '') : (context.organisation ?? run.endpoint.family);
  const model = (parts.length >= 2 ? parts.slice(1) : parts).map(component).join('_');
  const dir = ['data', component(run.benchmark.id), component(developer), component(model)].join('/');
  return { uuid, aggregatePath: `${dir}/${uuid}.json`, samplesPath: `${dir}/${uuid}_samples.jsonl` };
}

/** The name of the run's evaluation result, and its id: the benchmark, and how answers were read. */
function resultNames(run: ScoredRun): { name: string; id: string } {
  const name = run.score.method ? `${run.benchmark.id}/${run.score.method}` : run.benchmark.id;
  return { name, id: `${name}:${run.score.metric}` };
}

const answerText = (v: Example['expected']): string[] =>
  v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

const userText = (messages: readonly ChatMessage[]) =>
  messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');

/** One example as one line of the samples file. */
export function eeeSample(run: ScoredRun, example: Example): Record_ {
  const { name, id } = resultNames(run);
  const reference = answerText(example.expected);
  const chat = Array.isArray(example.prompt) ? example.prompt : undefined;
  // A conversation that already holds replies (few-shot turns, tool results) is EEE's multi-turn
  // record; one question, with or without a system message, is single-turn.
  const conversation = chat?.some((m) => m.role === 'assistant' || m.role === 'tool') ?? false;
  const raw = chat ? userText(chat) : (example.prompt as string);
  const messages = conversation
    ? [...(chat ?? []), { role: 'assistant', content: example.output }].map((m, turn) => ({
        turn_idx: turn,
        role: m.role,
        content: m.content,
      }))
    : undefined;
  const lastTurn = messages ? messages.length - 1 : 0;
  const metadata: Record<string, string> = {};
  if (example.subject !== undefined) metadata[EXAMPLE_KEYS.subject] = example.subject;
  if (example.scoring && example.extracted === null) metadata[EXAMPLE_KEYS.method] = example.scoring.method;
  if (example.scoring?.rule !== undefined) metadata[EXAMPLE_KEYS.rule] = example.scoring.rule;
  if (example.scoring?.notes !== undefined) metadata[EXAMPLE_KEYS.notes] = example.scoring.notes;
  if (example.scoring?.choices) metadata[EXAMPLE_KEYS.choices] = JSON.stringify(example.scoring.choices);
  if (example.scoring?.tests) metadata[EXAMPLE_KEYS.tests] = JSON.stringify(example.scoring.tests);
  const choices = example.scoring?.choices?.map((c) => c.text ?? c.label);
  return {
    schema_version: EEE_SCHEMA_VERSION,
    evaluation_id: evaluationId(run),
    model_id: run.endpoint.model,
    evaluation_name: name,
    evaluation_result_id: id,
    sample_id: example.id,
    sample_hash: sampleHash(raw, reference),
    interaction_type: !conversation ? 'single_turn' : chat?.some((m) => m.role === 'tool') ? 'agentic' : 'multi_turn',
    input: {
      raw,
      // A chat prompt in a single-turn record: EEE has no field for a message list there, so the
      // messages as sent go into `formatted`, JSON-encoded (the importer reads them back).
      ...(chat && !conversation ? { formatted: JSON.stringify(chat) } : {}),
      reference,
      ...(choices ? { choices } : {}),
    },
    ...(messages ? { output: null, messages } : { output: { raw: [example.output] } }),
    answer_attribution:
      example.extracted === null
        ? []
        : [
            {
              turn_idx: lastTurn,
              source: messages ? `messages[${lastTurn}].content` : 'output.raw',
              extracted_value: String(example.extracted),
              extraction_method: example.scoring?.method ?? 'unknown',
              is_terminal: true,
            },
          ],
    evaluation: { score: exampleScore(example), is_correct: example.correct },
    ...(example.tokens
      ? {
          token_usage: {
            input_tokens: example.tokens.prompt,
            output_tokens: example.tokens.completion,
            total_tokens: example.tokens.prompt + example.tokens.completion,
          },
        }
      : {}),
    ...(example.latency_ms !== undefined ? { performance: { latency_ms: example.latency_ms } } : {}),
    ...(example.error !== undefined ? { error: example.error } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

/** One line of the samples file, newline included. */
export const eeeSampleLine = (run: ScoredRun, example: Example): string => jsonLine(eeeSample(run, example));

/** The aggregate record's id: stable, from the run id (EEE keys it on the source's identity, never on "now"). */
export const evaluationId = (run: ScoredRun): string => `benchscope/${run.id}`;

function generationConfig(run: ScoredRun): Record_ {
  const g = run.generation;
  const args: Record_ = {};
  if (g.temperature !== undefined) args['temperature'] = g.temperature;
  if (g.top_p !== undefined) args['top_p'] = g.top_p;
  if (g.top_k !== undefined) args['top_k'] = g.top_k;
  if (g.max_tokens !== undefined) args['max_tokens'] = g.max_tokens;
  if (run.prompt.template !== '') args['prompt_template'] = run.prompt.template;
  const details: Record<string, string> = {};
  if (run.prompt.few_shot !== undefined) details[FEW_SHOT_KEY] = String(run.prompt.few_shot);
  if (g.seed !== undefined) details['seed'] = String(g.seed);
  if (g.stop !== undefined) details['stop'] = JSON.stringify(g.stop);
  if (g.frequency_penalty !== undefined) details['frequency_penalty'] = String(g.frequency_penalty);
  if (g.presence_penalty !== undefined) details['presence_penalty'] = String(g.presence_penalty);
  for (const [key, value] of Object.entries(g.extra ?? {})) {
    // The generation_args EEE types, which an import keeps in `extra`, go back to their place.
    const kind = (GENERATION_ARG_EXTRAS as Record<string, string>)[key];
    if (kind === 'boolean' && typeof value === 'boolean') args[key] = value;
    else if (kind === 'string' && typeof value === 'string') args[key] = value;
    else if (kind === 'integer' && typeof value === 'number' && Number.isInteger(value)) args[key] = value;
    else if (kind === 'object' && typeof value === 'string' && /^\s*\{/.test(value)) args[key] = JSON.parse(value);
    else details[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return {
    ...(Object.keys(args).length > 0 ? { generation_args: args } : {}),
    ...(Object.keys(details).length > 0 ? { additional_details: details } : {}),
  };
}

/**
 * The aggregate record. `stats` are the figures the site recomputed from the examples (the score
 * and its interval are those the run page shows); `samples` describes the samples file (its
 * SHA-256 and its number of lines).
 */
export function eeeAggregate(
  run: ScoredRun,
  stats: RunStats,
  samples: { checksum: string; rows: number },
  context: ExportContext,
): Record_ {
  const { name, id } = resultNames(run);
  const interval = scoreInterval(stats);
  const generation = generationConfig(run);
  const names = eeeNames(run, context);
  const facts: Record<string, string> = {
    [RUN_KEYS.runId]: run.id,
    ...(context.url ? { [RUN_KEYS.url]: context.url } : {}),
    [RUN_KEYS.provider]: run.endpoint.provider,
    [RUN_KEYS.family]: run.endpoint.family,
    [RUN_KEYS.promptMode]: run.prompt.mode,
    ...(run.prompt.template_id ? { [RUN_KEYS.templateId]: run.prompt.template_id } : {}),
    [RUN_KEYS.benchmarkVersion]: run.benchmark.version,
    [RUN_KEYS.state]: run.state,
    ...(run.scope.partial_reason ? { [RUN_KEYS.partialReason]: run.scope.partial_reason } : {}),
    ...(run.state === 'partial' && run.error ? { [RUN_KEYS.error]: run.error } : {}),
    ...(run.started_at ? { [RUN_KEYS.startedAt]: run.started_at } : {}),
    [RUN_KEYS.finishedAt]: run.finished_at,
    ...(run.notes ? { [RUN_KEYS.notes]: run.notes } : {}),
    ...(run.synthetic ? { [RUN_KEYS.synthetic]: 'true' } : {}),
    ...(run.source ? { [RUN_KEYS.source]: JSON.stringify(run.source) } : {}),
  };
  const evaluationTimestamp = run.started_at ? { evaluation_timestamp: epochSeconds(run.started_at) } : {};
  const scope = `${run.scope.sample_size} of ${run.scope.dataset_size} examples`;
  return {
    schema_version: EEE_SCHEMA_VERSION,
    evaluation_id: evaluationId(run),
    ...evaluationTimestamp,
    retrieved_timestamp: epochSeconds(context.added),
    source_metadata: {
      source_name: run.source ? `Benchscope, imported from ${run.source.repository}` : 'Benchscope',
      // Benchscope publishes every example's raw output: an evaluation run, not documentation.
      source_type: 'evaluation_run',
      source_organization_name: 'Benchscope',
      // Benchscope does not record whether the contributor is the model's developer.
      evaluator_relationship: 'other',
      additional_details: facts,
    },
    eval_library: { name: run.harness.name, version: run.harness.version ?? 'unknown' },
    model_info: {
      name: run.endpoint.model,
      id: run.endpoint.model,
      ...(context.organisation ? { developer: context.organisation } : {}),
      inference_platform: context.providerName ?? run.endpoint.provider,
      additional_details: {
        // Benchscope records who served the endpoint, not who controlled the deployment.
        deployment_type: 'unknown',
        model_availability:
          context.weights === 'open' ? 'open_weights' : context.weights === 'closed' ? 'closed_weights' : 'unknown',
      },
    },
    evaluation_results: [
      {
        evaluation_result_id: id,
        evaluation_name: name,
        source_data: {
          dataset_name: run.benchmark.id,
          source_type: 'other',
          additional_details: { samples_number: String(run.scope.dataset_size) },
        },
        ...evaluationTimestamp,
        metric_config: {
          evaluation_description: `Benchscope run ${run.id}: ${run.benchmark.id} ${run.benchmark.version}, ${run.state}, ${scope}${run.scope.partial_reason ? ` (${run.scope.partial_reason})` : ''}, ${run.prompt.mode} prompt.`,
          metric_id: run.score.metric,
          metric_name: run.score.metric,
          ...(run.score.metric === 'accuracy' ? { metric_kind: 'accuracy' } : {}),
          metric_unit: 'proportion',
          lower_is_better: false,
          score_type: 'continuous',
          min_score: 0,
          max_score: 1,
          ...(run.score.method ? { additional_details: { [METHOD_KEY]: run.score.method } } : {}),
        },
        score_details: {
          score: stats.score,
          uncertainty: {
            confidence_interval: {
              lower: interval.low,
              upper: interval.high,
              confidence_level: 0.95,
              method: interval.method === 'wilson' ? 'wilson score interval' : 'normal approximation',
            },
            num_samples: stats.total,
          },
        },
        ...(Object.keys(generation).length > 0 ? { generation_config: generation } : {}),
      },
    ],
    detailed_evaluation_results: {
      format: 'jsonl',
      file_path: names.samplesPath,
      hash_algorithm: 'sha256',
      checksum: samples.checksum,
      total_rows: samples.rows,
    },
  };
}

/** The SHA-256 and line count of the samples file, computed line by line: runs reach gigabytes. */
export async function samplesDigest(
  run: ScoredRun,
  examples: AsyncIterable<Example> | Iterable<Example>,
): Promise<{ checksum: string; rows: number }> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const example of examples) {
    hash.update(eeeSampleLine(run, example));
    rows++;
  }
  return { checksum: hash.digest('hex'), rows };
}

/** Both files of the record, in memory: for tests and the command line, not for runs of gigabytes. */
export function eeeRecord(
  run: ScoredRun,
  stats: RunStats,
  examples: readonly Example[],
  context: ExportContext,
): { names: EeeNames; aggregate: Record_; samples: string } {
  const samples = examples.map((e) => eeeSampleLine(run, e)).join('');
  const checksum = createHash('sha256').update(samples).digest('hex');
  return {
    names: eeeNames(run, context),
    aggregate: eeeAggregate(run, stats, { checksum, rows: examples.length }, context),
    samples,
  };
}
