import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import fg from 'fast-glob';
import { readLines } from '../../archive/jsonl.ts';
import {
  EXAMPLE_KEYS,
  FEW_SHOT_KEY,
  GENERATION_ARG_EXTRAS,
  isoFromEee,
  METHOD_KEY,
  RUN_KEYS,
} from '../../eee/fields.ts';
import type { ChatMessage, Example, Prompt } from '../../schema/example.ts';
import type { Run } from '../../schema/run.ts';
import { exampleId } from '../ids.ts';
import { ImportError, type ImportedRun } from '../model.ts';
import { isObj, list, num, obj, scalar, str, type Json, type Obj } from '../values.ts';
import { eeeValidators, schemaProblems } from './validate.ts';

/**
 * Every Eval Ever records (schema 0.3.x): an aggregate `<uuid>.json` and its
 * `<uuid>_samples.jsonl`. Each evaluation result with samples becomes a run. Records EEE's own
 * converters wrote (from HELM, Inspect, lm-eval and the leaderboards it adapts) read the same way.
 * Notes on the format, and the version checked, are in docs/importers.md.
 */

/** The most schema problems listed per file: enough to see what is wrong, not a flood. */
const MAX_PROBLEMS = 20;

/** Benchscope's name for metrics that are the fraction of examples scored right. */
const METRIC_NAMES: Record<string, string> = { acc: 'accuracy', exact_match: 'accuracy' };

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

type Scoring = NonNullable<Example['scoring']>;

interface Sample {
  line: number;
  data: Obj;
}

interface Record_ {
  file: string;
  samplesFile: string;
  aggregate: Obj;
  samples: Sample[];
}

/**
 * The record without its null members. EEE's own validator (pydantic) reads a null optional field
 * as absent, and its converters write the samples that way (`"evaluation_result_id": null`, which
 * the JSON Schema alone would refuse); its aggregates are written without them. Reading null as
 * absent accepts what EEE accepts; a null where a value is required is still refused.
 */
export function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObj(value)) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}

function stop(file: string, what: string, problems: string[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length - shown.length;
  throw new ImportError(
    `${file}: ${what}:\n${shown.map((p) => `  ${p}`).join('\n')}${more > 0 ? `\n  … and ${more} more` : ''}`,
  );
}

async function aggregateFiles(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (statSync(input).isDirectory()) {
      const found = await fg('**/*.json', { cwd: input, absolute: true });
      if (found.length === 0) throw new ImportError(`${input}: no aggregate .json record in this folder`);
      out.push(...found.sort());
    } else if (input.endsWith('_samples.jsonl'))
      throw new ImportError(`${input}: name the aggregate .json record; its samples file is found from it`);
    else out.push(input);
  }
  return out;
}

async function readRecord(file: string): Promise<Record_> {
  let aggregate: Json;
  try {
    aggregate = withoutNulls(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new ImportError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const { aggregate: validAggregate, sample: validSample } = eeeValidators();
  if (!validAggregate(aggregate))
    stop(
      file,
      'not a valid Every Eval Ever aggregate record (eval.schema.json 0.3.0)',
      schemaProblems(validAggregate.errors),
    );
  const record = obj(aggregate);
  // The samples file shares the aggregate's UUID and folder; file_path gives its datastore path.
  const declared = str(obj(record['detailed_evaluation_results'])['file_path']);
  const samplesFile = join(dirname(file), declared ? basename(declared) : `${basename(file, '.json')}_samples.jsonl`);
  if (!existsSync(samplesFile))
    throw new ImportError(
      declared
        ? `${file}: its samples file ${basename(samplesFile)} (detailed_evaluation_results.file_path) is not beside it`
        : `${file}: no instance-level samples (no detailed_evaluation_results, no ${basename(samplesFile)}); Benchscope needs every example, so nothing was written`,
    );
  const samples: Sample[] = [];
  const problems: string[] = [];
  const evaluationId = record['evaluation_id'];
  const modelId = obj(record['model_info'])['id'];
  for await (const event of readLines(samplesFile)) {
    if (event.kind === 'problem') {
      problems.push(`line ${event.line}: ${event.message}`);
      continue;
    }
    let data: Json;
    try {
      data = withoutNulls(JSON.parse(event.text));
    } catch {
      problems.push(`line ${event.line}: not JSON`);
      continue;
    }
    if (!validSample(data)) {
      for (const p of schemaProblems(validSample.errors)) problems.push(`line ${event.line}: ${p}`);
      continue;
    }
    const row = obj(data);
    if (row['evaluation_id'] !== evaluationId)
      problems.push(`line ${event.line}: /evaluation_id: expected the aggregate's ${JSON.stringify(evaluationId)}`);
    if (row['model_id'] !== modelId)
      problems.push(`line ${event.line}: /model_id: expected the aggregate's model_info.id ${JSON.stringify(modelId)}`);
    samples.push({ line: event.line, data: row });
  }
  if (problems.length > 0)
    stop(samplesFile, 'not valid Every Eval Ever samples (instance_level_eval.schema.json 0.3.0)', problems);
  const rows = num(obj(record['detailed_evaluation_results'])['total_rows']);
  if (rows !== undefined && rows !== samples.length)
    throw new ImportError(
      `${samplesFile}: ${samples.length} lines, but the aggregate declares total_rows ${rows}; a samples file cut short (or from another record)? Nothing was written.`,
    );
  return { file, samplesFile, aggregate: record, samples };
}

/** The sample rows an evaluation result owns: by evaluation_result_id where both carry one, else by evaluation_name. */
function rowsOf(result: Obj, samples: readonly Sample[]): Sample[] {
  const id = str(result['evaluation_result_id']);
  return samples.filter((s) => {
    const rowId = str(s.data['evaluation_result_id']);
    return id !== undefined && rowId !== undefined
      ? rowId === id
      : s.data['evaluation_name'] === result['evaluation_name'];
  });
}

/** The metric a result names, most specific first; lm-eval's converter names it only in the description. */
function metricOf(result: Obj): string {
  const config = obj(result['metric_config']);
  return (
    str(config['metric_id']) ??
    str(config['metric_name']) ??
    /^(\S+) \(filter: /.exec(str(config['evaluation_description']) ?? '')?.[1] ??
    str(config['evaluation_description']) ??
    str(result['evaluation_name']) ??
    'score'
  );
}

/** How answers were read, when the record says: Benchscope's own key, or lm-eval's filter. */
function methodOf(result: Obj): string | undefined {
  const config = obj(result['metric_config']);
  const own = str(obj(config['additional_details'])[METHOD_KEY]);
  if (own) return own;
  const filter = /\(filter: (.+)\)$/.exec(str(config['evaluation_description']) ?? '')?.[1];
  return filter && filter !== 'none' ? filter : undefined;
}

/** `--metric` matches a result by its id, its metric id or name, or its evaluation name. */
const matches = (result: Obj, wanted: string) =>
  [
    result['evaluation_result_id'],
    obj(result['metric_config'])['metric_id'],
    obj(result['metric_config'])['metric_name'],
    result['evaluation_name'],
  ].includes(wanted);

const toMessage = (m: Obj): ChatMessage => {
  const role = str(m['role']) ?? 'user';
  return { role: (ROLES.has(role) ? role : 'user') as ChatMessage['role'], content: str(m['content']) ?? '' };
};

/** A chat prompt the exporter wrote into `input.formatted`: a JSON list of {role, content}. */
function formattedMessages(text: string | undefined): ChatMessage[] | undefined {
  if (!text?.startsWith('[')) return undefined;
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const all = parsed.every(
    (m) => isObj(m) && typeof m['role'] === 'string' && typeof m['content'] === 'string' && ROLES.has(m['role']),
  );
  return all ? parsed.map((m) => toMessage(obj(m))) : undefined;
}

interface Counts {
  dropped: Map<string, number>;
}

const note = (counts: Counts, why: string) => counts.dropped.set(why, (counts.dropped.get(why) ?? 0) + 1);

/** One sample row as an example's content: prompt, output, answers, verdict. */
function exampleOf(row: Obj, counts: Counts): Omit<Example, 'id'> {
  const input = obj(row['input']);
  const metadata = obj(row['metadata']);
  const messages = list(row['messages']).map(obj);
  let prompt: Prompt;
  let output: string;
  if (messages.length > 0) {
    // A conversation: the prompt is everything before the last reply, the output that reply.
    let last = messages.length - 1;
    while (last >= 0 && messages[last]?.['role'] !== 'assistant') last--;
    prompt = messages.slice(0, last >= 0 ? last : messages.length).map(toMessage);
    output = last >= 0 ? (str(messages[last]?.['content']) ?? '') : '';
    if (prompt.length === 0) prompt = str(input['raw']) ?? '';
    if (messages.some((m) => list(m['tool_calls']).length > 0)) note(counts, 'tool calls of the messages');
    if (messages.some((m) => str(m['reasoning_trace']))) note(counts, 'reasoning traces');
  } else {
    const formatted = str(input['formatted']);
    prompt = formattedMessages(formatted) ?? formatted ?? str(input['raw']) ?? '';
    if (formatted !== undefined && !formattedMessages(formatted) && formatted !== input['raw'])
      note(counts, 'input.raw (the bare question; the prompt as sent is input.formatted)');
    const raws = list(obj(row['output'])['raw']).map(String);
    output = raws[0] ?? '';
    if (raws.length > 1) note(counts, 'responses after the first in output.raw');
    if (list(obj(row['output'])['reasoning_trace']).length > 0) note(counts, 'reasoning traces');
  }
  const reference = list(input['reference']).map(String);
  const attributions = list(row['answer_attribution']).map(obj);
  const terminal = attributions.filter((a) => a['is_terminal'] === true).at(-1) ?? attributions.at(-1);
  if (attributions.length > 1) note(counts, 'answer attributions other than the final one');
  const evaluation = obj(row['evaluation']);
  const score = num(evaluation['score']) ?? 0;
  const correct = evaluation['is_correct'] === true;
  const parse = (key: string): Json => {
    const text = str(metadata[key]);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  // Written by Benchscope's export; the run is validated once written, so a wrong shape is reported then.
  const choices = parse(EXAMPLE_KEYS.choices) as Scoring['choices'];
  const tests = parse(EXAMPLE_KEYS.tests) as Scoring['tests'];
  const rule = str(metadata[EXAMPLE_KEYS.rule]);
  const notes = str(metadata[EXAMPLE_KEYS.notes]);
  const method = str(terminal?.['extraction_method']) ?? str(metadata[EXAMPLE_KEYS.method]);
  const usage = obj(row['token_usage']);
  const latency = num(obj(row['performance'])['latency_ms']);
  const error = str(row['error']);
  for (const key of Object.keys(metadata))
    if (!(Object.values(EXAMPLE_KEYS) as string[]).includes(key)) note(counts, `metadata "${key}"`);
  if (list(input['choices']).length > 0 && !choices) note(counts, 'input.choices (choices without log-likelihoods)');
  if (
    num(usage['total_tokens']) !== undefined &&
    num(usage['total_tokens']) !== (num(usage['input_tokens']) ?? 0) + (num(usage['output_tokens']) ?? 0)
  )
    note(counts, 'total_tokens beyond input plus output tokens (reasoning, cache)');
  const subject = str(metadata[EXAMPLE_KEYS.subject]);
  const scoringNotes = [notes, error && (correct || score > 0) ? `EEE error: ${error}` : undefined].filter(Boolean);
  return {
    ...(subject ? { subject } : {}),
    prompt,
    output,
    expected: reference.length === 0 ? null : reference.length === 1 ? (reference[0] ?? null) : reference,
    extracted: terminal ? (str(terminal['extracted_value']) ?? null) : null,
    correct,
    ...(score !== (correct ? 1 : 0) ? { score } : {}),
    ...(method || rule || choices || tests || scoringNotes.length > 0
      ? {
          scoring: {
            method: method ?? 'unknown',
            ...(rule ? { rule } : {}),
            ...(tests ? { tests } : {}),
            ...(choices ? { choices } : {}),
            ...(scoringNotes.length > 0 ? { notes: scoringNotes.join('\n') } : {}),
          },
        }
      : {}),
    ...(latency !== undefined ? { latency_ms: latency } : {}),
    ...(num(usage['input_tokens']) !== undefined && num(usage['output_tokens']) !== undefined
      ? { tokens: { prompt: num(usage['input_tokens']) ?? 0, completion: num(usage['output_tokens']) ?? 0 } }
      : {}),
    // Benchscope counts an example with an error as incorrect; one the tool scored right keeps its verdict.
    ...(error && !correct && score === 0 ? { error } : {}),
  };
}

function generationOf(result: Obj): Run['generation'] {
  const config = obj(result['generation_config']);
  const args = obj(config['generation_args']);
  const out: Run['generation'] = {};
  const extra: Record<string, string | number | boolean | null> = {};
  const temperature = num(args['temperature']);
  if (temperature !== undefined && temperature >= 0) out.temperature = temperature;
  const topP = num(args['top_p']);
  if (topP !== undefined && topP >= 0 && topP <= 1) out.top_p = topP;
  const topK = num(args['top_k']);
  if (topK !== undefined && Number.isInteger(topK) && topK >= 0) out.top_k = topK;
  const maxTokens = num(args['max_tokens']);
  if (maxTokens !== undefined) out.max_tokens = maxTokens;
  for (const key of Object.keys(GENERATION_ARG_EXTRAS)) if (args[key] !== undefined) extra[key] = scalar(args[key]);
  for (const [key, value] of Object.entries(obj(config['additional_details']))) {
    const text = String(value);
    const number = Number(text);
    if (key === FEW_SHOT_KEY) continue;
    if (key === 'seed' && Number.isInteger(number) && text.trim() !== '') out.seed = number;
    else if (
      (key === 'frequency_penalty' || key === 'presence_penalty') &&
      Number.isFinite(number) &&
      text.trim() !== ''
    )
      out[key] = number;
    else if (['stop', 'until', 'stop_sequences', 'stop_seqs'].includes(key) && out.stop === undefined) {
      let parsed: Json;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) out.stop = parsed;
      else extra[key] = text;
    } else extra[key] = text;
  }
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** One evaluation result of a record as a run, with the rows it owns. */
function importResult(record: Record_, result: Obj, rows: Sample[], others: string[]): ImportedRun {
  const { aggregate } = record;
  const file = basename(record.file);
  const name = str(result['evaluation_name']) ?? 'evaluation';
  const source = `EEE record ${file}, result ${str(result['evaluation_result_id']) ?? name}`;
  const facts = obj(obj(aggregate['source_metadata'])['additional_details']);
  const fact = (key: string) => str(facts[key]);
  const sourceData = obj(result['source_data']);
  const metricConfig = obj(result['metric_config']);
  const mapped: string[] = [];
  const dropped: string[] = [];
  if (metricConfig['lower_is_better'] === true)
    throw new ImportError(
      `${source}: a lower ${metricOf(result)} is better, but Benchscope ranks higher scores first; nothing was written`,
    );
  const reported = num(obj(result['score_details'])['score']);

  // Rows repeating a sample id (HELM's train trials, epochs) make one example, scored as their mean.
  const bySample = new Map<string, Sample[]>();
  for (const row of rows) {
    const id = String(row.data['sample_id']);
    bySample.set(id, [...(bySample.get(id) ?? []), row]);
  }
  const counts: Counts = { dropped: new Map() };
  const examples: Example[] = [];
  const used = new Set<string>();
  let repeated = 0;
  for (const [sampleId, group] of bySample) {
    const scores = group.map((s) => num(obj(s.data['evaluation'])['score']) ?? 0);
    for (const [k, v] of scores.entries())
      if (v < 0 || v > 1)
        throw new ImportError(
          `${record.samplesFile}:${group[k]?.line ?? 0}: evaluation.score is ${v}; Benchscope scores are fractions between 0 and 1, so this result cannot be imported`,
        );
    const first = group[0]?.data ?? {};
    const content = exampleOf(first, counts);
    if (group.length > 1) {
      repeated++;
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      content.correct = mean === 1;
      delete content.score;
      delete content.error;
      if (mean !== 0 && mean !== 1) content.score = mean;
      content.scoring = {
        method: content.scoring?.method ?? 'unknown',
        ...content.scoring,
        notes: [
          content.scoring?.notes,
          `${group.length} rows for this sample: ${scores.join(', ')}; the score is their mean, the output shown is the first row's.`,
        ]
          .filter(Boolean)
          .join('\n'),
      };
    }
    examples.push({ id: exampleId(sampleId, used, record.samplesFile), ...content });
  }

  const datasetSize =
    num(sourceData['samples_number']) ??
    (Number(str(obj(sourceData['additional_details'])['samples_number'])) || undefined);
  const state = fact(RUN_KEYS.state) === 'partial' ? 'partial' : 'completed';
  const limited =
    fact(RUN_KEYS.partialReason) === 'by-design' ||
    Array.isArray(sourceData['sample_ids']) ||
    str(obj(sourceData['additional_details'])['sample_ids']) !== undefined;
  const generationConfig = obj(result['generation_config']);
  const template = str(obj(generationConfig['generation_args'])['prompt_template']) ?? '';
  const fewShotText = str(obj(generationConfig['additional_details'])[FEW_SHOT_KEY]);
  const fewShot = fewShotText !== undefined && /^\d+$/.test(fewShotText) ? Number(fewShotText) : undefined;
  const library = obj(aggregate['eval_library']);
  const version = str(library['version']);
  const metric = metricOf(result);
  const method = methodOf(result);
  const dataset = str(sourceData['dataset_name']) ?? name;
  // Benchscope's own dates come back verbatim; EEE's timestamps are converted.
  const verbatim = (key: string) => (isoFromEee(fact(key)) ? fact(key) : undefined);
  const started =
    verbatim(RUN_KEYS.startedAt) ??
    isoFromEee(aggregate['evaluation_timestamp']) ??
    isoFromEee(result['evaluation_timestamp']);
  const finished = verbatim(RUN_KEYS.finishedAt);
  const model = str(obj(aggregate['model_info'])['id']) ?? 'unknown';
  const hasChoices = rows.some((r) => list(obj(r.data['input'])['choices']).length > 0);

  mapped.push(
    `${examples.length} samples → examples (ids from sample_id${repeated > 0 ? `; ${repeated} samples with several rows scored as their mean` : ''})`,
  );
  mapped.push(
    `metric ${metric}${METRIC_NAMES[metric] ? ` → ${METRIC_NAMES[metric]}` : ''}${method ? `, method ${method}` : ''}, checked against score_details.score (${reported ?? 'none'})`,
  );
  mapped.push(
    `model ${model}, ${eeeLibrary(library)}, ${fewShot ?? '?'}-shot, dataset ${dataset}${datasetSize ? ` of ${datasetSize} samples (samples_number)` : ''}`,
  );
  const provider = fact(RUN_KEYS.provider);
  if (fact(RUN_KEYS.runId))
    mapped.push(
      `a Benchscope export of run ${fact(RUN_KEYS.runId) ?? ''}: pass --provider ${provider ?? '?'} --family ${fact(RUN_KEYS.family) ?? '?'} --prompt-mode ${fact(RUN_KEYS.promptMode) ?? '?'}${fact(RUN_KEYS.benchmarkVersion) ? ` --benchmark-version ${fact(RUN_KEYS.benchmarkVersion) ?? ''}` : ''} to keep them`,
    );
  if (others.length > 0)
    dropped.push(
      `other results on these same samples (${others.join(', ')}): the samples carry one score; import again with --metric <name> for another`,
    );
  for (const [why, n] of counts.dropped) dropped.push(`${why} (${n} samples): Benchscope has no field for it`);
  dropped.push(
    'evaluation_id, retrieved_timestamp, source_metadata, model_info beyond its id, uncertainty and sample_hash: the export writes its own',
  );
  if (!template) dropped.push('prompt template: the record has no generation_args.prompt_template');
  if (!finished) dropped.push('end time: EEE records only when the evaluation ran; pass --finished-at');
  if (!datasetSize) dropped.push('dataset size: no samples_number; pass --dataset-size');

  return {
    source,
    benchmark: {
      id:
        dataset
          .toLowerCase()
          .replace(/[^a-z0-9._-]+/g, '-')
          .replace(/^[^a-z0-9]+/, '') || 'benchmark',
      version: fact(RUN_KEYS.benchmarkVersion) ?? 'unversioned',
      datasetSize,
      name: dataset,
      metric: METRIC_NAMES[metric] ?? metric,
      task: hasChoices ? 'multiple-choice' : 'free-text',
      subjects: (() => {
        const subjects = [...new Set(examples.flatMap((e) => (e.subject ? [e.subject] : [])))];
        return subjects.length > 0 ? subjects : undefined;
      })(),
    },
    method,
    model,
    prompt: { template, templateId: fact(RUN_KEYS.templateId), fewShot },
    generation: generationOf(result),
    harness: {
      name: str(library['name']) ?? 'unknown',
      version: version && version !== 'unknown' ? version : undefined,
    },
    state,
    limited,
    error: state === 'partial' ? fact(RUN_KEYS.error) : undefined,
    startedAt: started,
    finishedAt: finished,
    examples,
    reported: reported === undefined ? undefined : { metric, value: reported },
    mapped,
    dropped,
  };
}

const eeeLibrary = (library: Obj) =>
  `${str(library['name']) ?? 'unknown library'}${str(library['version']) && library['version'] !== 'unknown' ? ` ${String(library['version'])}` : ''}`;

export async function importEee(
  inputs: readonly string[],
  options: { metric?: string | undefined } = {},
): Promise<ImportedRun[]> {
  const runs: ImportedRun[] = [];
  for (const file of await aggregateFiles(inputs)) {
    const record = await readRecord(file);
    const results = list(record.aggregate['evaluation_results']).map(obj);
    const candidates = options.metric ? results.filter((r) => matches(r, options.metric ?? '')) : results;
    if (candidates.length === 0)
      throw new ImportError(
        `${file}: no result "${options.metric ?? ''}"; it has ${results.map((r) => str(r['evaluation_result_id']) ?? metricOf(r)).join(', ')}`,
      );
    // Results that own the same rows (several metrics of one evaluation, rows without a result
    // id) make one run: the rows carry one score each.
    const groups = new Map<string, { results: Obj[]; rows: Sample[] }>();
    for (const result of candidates) {
      const rows = rowsOf(result, record.samples);
      if (rows.length === 0) continue;
      const key = rows.map((r) => r.line).join(',');
      const group = groups.get(key) ?? { results: [], rows };
      group.results.push(result);
      groups.set(key, group);
    }
    if (groups.size === 0)
      throw new ImportError(
        `${file}: no sample of ${basename(record.samplesFile)} belongs to ${options.metric ? `result "${options.metric}"` : 'any of its results'} (by evaluation_result_id or evaluation_name); nothing was written`,
      );
    for (const { results: owners, rows } of groups.values()) {
      const [chosen, ...others] = owners;
      if (!chosen) continue;
      const run = importResult(
        record,
        chosen,
        rows,
        others.map((r) => str(r['evaluation_result_id']) ?? metricOf(r)),
      );
      // When the rows match another result sharing them, say which to ask for.
      const mean = run.examples.reduce((a, e) => a + (e.score ?? (e.correct ? 1 : 0)), 0) / run.examples.length;
      const fits = others.find((r) => Math.abs((num(obj(r['score_details'])['score']) ?? NaN) - mean) <= 1e-9);
      if (run.reported && Math.abs(run.reported.value - mean) > 1e-9 && fits)
        throw new ImportError(
          `${run.source}: the samples give ${mean}, which is the score of result ${str(fits['evaluation_result_id']) ?? metricOf(fits)}, not of ${str(chosen['evaluation_result_id']) ?? metricOf(chosen)} (${run.reported.value}); pass --metric ${str(fits['evaluation_result_id']) ?? metricOf(fits)}. Nothing was written.`,
        );
      runs.push(run);
    }
    const unlinked = candidates.filter((r) => rowsOf(r, record.samples).length === 0);
    if (unlinked.length > 0 && runs.length > 0)
      runs
        .at(-1)
        ?.dropped.push(
          `results without samples (${unlinked.map((r) => str(r['evaluation_result_id']) ?? str(r['evaluation_name']) ?? '').join(', ')}): a run needs its examples`,
        );
  }
  return runs;
}
