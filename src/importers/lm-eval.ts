import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { statSync } from 'node:fs';
import fg from 'fast-glob';
import { parseJsonDocument, type JsonDocument } from '../archive/json.ts';
import { readLines } from '../archive/jsonl.ts';
import type { ChatMessage, Example, Prompt } from '../schema/example.ts';
import type { Run } from '../schema/run.ts';
import { ImportError, type ImportedRun } from './model.ts';

/**
 * EleutherAI lm-evaluation-harness 0.4.3 and later, run with `--log_samples`: a
 * `results_<ts>.json` and one `samples_<task>_<ts>.jsonl` per task. Notes on the format, and the
 * versions checked, are in docs/importers.md.
 */

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json): string | undefined => (typeof v === 'string' ? v : undefined);
/** Any JSON value as text: strings as they are, everything else as JSON. */
const asText = (v: Json): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
const num = (v: Json): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What Benchscope calls the harness's metrics: a fraction of examples scored right is accuracy. */
const METRIC_NAMES: Record<string, string> = { acc: 'accuracy', exact_match: 'accuracy' };

interface Sample {
  line: number;
  data: Obj;
}

async function readSamples(path: string): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const event of readLines(path)) {
    if (event.kind === 'problem') throw new ImportError(`${path}:${event.line}: ${event.message}`);
    let data: Json;
    try {
      data = JSON.parse(event.text);
    } catch {
      throw new ImportError(
        `${path}:${event.line}: not JSON; lm-eval before 0.4.3 wrote samples as one JSON array, which this importer does not read`,
      );
    }
    if (!isObj(data)) throw new ImportError(`${path}:${event.line}: expected a JSON object per line`);
    out.push({ line: event.line, data });
  }
  return out;
}

/** `results_<ts>.json` files among the inputs (files, or folders searched for them). */
async function resultFiles(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const samples: string[] = [];
  for (const input of inputs) {
    if (statSync(input).isDirectory()) {
      const found = await fg('**/results_*.json', { cwd: input, absolute: true });
      if (found.length === 0) throw new ImportError(`${input}: no results_<timestamp>.json file in this folder`);
      out.push(...found.sort());
    } else if (/^samples_.+\.jsonl$/.test(basename(input))) {
      // A shell expands out/* to the samples files too: each is read beside its results file.
      samples.push(input);
    } else out.push(input);
  }
  if (out.length === 0 && samples[0])
    throw new ImportError(
      `${samples[0]}: a samples file is read beside its results_<timestamp>.json; name that file or its folder`,
    );
  return [...new Set(out)];
}

function parseMetricKey(key: string): { metric: string; filter: string } | undefined {
  const comma = key.indexOf(',');
  if (comma < 0) return undefined;
  const metric = key.slice(0, comma);
  if (metric.endsWith('_stderr')) return undefined;
  return { metric, filter: key.slice(comma + 1) };
}

/** The rendered prompt as sent: a string, or for API chat models the JSON-encoded message list. */
function promptOf(args: Json): Prompt | undefined {
  const first = Array.isArray(args)
    ? (args[0] as Json[] | undefined)?.[0]
    : isObj(args) && isObj(args['gen_args_0'])
      ? args['gen_args_0']['arg_0']
      : undefined;
  if (typeof first === 'string') return first;
  if (Array.isArray(first) && typeof first[0] === 'string') {
    const messages = JSON.parse(first[0]) as Json;
    if (Array.isArray(messages)) {
      const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
      return messages.map((m): ChatMessage => {
        const message = isObj(m) ? m : {};
        const role = str(message['role']) ?? 'user';
        const content = message['content'];
        const text =
          typeof content === 'string'
            ? content
            : Array.isArray(content)
              ? content.map((p) => (isObj(p) ? (str(p['text']) ?? '') : '')).join('')
              : '';
        return { role: (roles.has(role) ? role : 'user') as ChatMessage['role'], content: text };
      });
    }
  }
  return undefined;
}

/** The request arguments as a list of [context, continuation-or-settings] pairs, whichever form the version wrote. */
function requests(args: Json): [Json, Json][] {
  if (Array.isArray(args)) return args.map((a) => (Array.isArray(a) ? [a[0], a[1]] : [a, undefined]));
  if (!isObj(args)) return [];
  return Object.keys(args)
    .filter((k) => k.startsWith('gen_args_'))
    .sort((a, b) => Number(a.slice(9)) - Number(b.slice(9)))
    .map((k) => {
      const r = args[k];
      return isObj(r) ? [r['arg_0'], r['arg_1']] : [undefined, undefined];
    });
}

/** A per-example metric value as a verdict, or why it is not one. */
function verdict(value: Json): { correct: boolean; score?: number } | string {
  if (value === true || value === 1) return { correct: true };
  if (value === false || value === 0) return { correct: false };
  if (typeof value === 'number' && value > 0 && value < 1) return { correct: false, score: value };
  return `per-example values like ${JSON.stringify(value)} are not scores between 0 and 1 (a corpus-level metric?)`;
}

const TASK_KINDS: Record<string, ImportedRun['benchmark']['task']> = {
  multiple_choice: 'multiple-choice',
  generate_until: 'free-text',
  loglikelihood: 'free-text',
};

function generationOf(config: Obj): Run['generation'] {
  const kwargs = isObj(config['generation_kwargs']) ? config['generation_kwargs'] : undefined;
  if (!kwargs) return {};
  const out: Run['generation'] = {};
  const extra: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'temperature' && typeof value === 'number') out.temperature = value;
    else if (key === 'top_p' && typeof value === 'number') out.top_p = value;
    else if (key === 'top_k' && typeof value === 'number') out.top_k = value;
    else if ((key === 'max_gen_toks' || key === 'max_tokens') && typeof value === 'number') out.max_tokens = value;
    else if (key === 'until' && Array.isArray(value)) out.stop = value.map(String);
    else if (key === 'seed' && typeof value === 'number') out.seed = value;
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      extra[key] = value as string | number | boolean | null;
    else extra[key] = JSON.stringify(value);
  }
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

function templateOf(config: Obj, results: Obj): string {
  const parts: string[] = [];
  const add = (label: string, value: Json) => {
    if (value === undefined || value === null || value === '') return;
    parts.push(`${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  };
  add('description', config['description']);
  add('doc_to_text', config['doc_to_text']);
  add('doc_to_target', config['doc_to_target']);
  add('doc_to_choice', config['doc_to_choice']);
  add('target_delimiter', config['target_delimiter']);
  add('fewshot_delimiter', config['fewshot_delimiter']);
  add('system_instruction', results['system_instruction']);
  if (results['chat_template']) add('chat_template (sha256)', results['chat_template_sha'] ?? 'applied');
  return parts.join('\n');
}

interface Context {
  file: string;
  doc: JsonDocument;
  results: Obj;
  ts: string;
}

/** The task version exactly as written ("3.0", not 3): versions are labels. */
function versionOf(ctx: Context, task: string): string | undefined {
  const raw = ctx.doc.rawNumber(['versions', task]);
  if (raw !== undefined) return raw;
  const v = isObj(ctx.results['versions']) ? ctx.results['versions'][task] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function timesOf(results: Obj): { startedAt?: string; finishedAt?: string } {
  const date = num(results['date']);
  const total = Number(results['total_evaluation_time_seconds']);
  if (date === undefined) return {};
  const started = new Date(date * 1000);
  return {
    startedAt: started.toISOString(),
    ...(Number.isFinite(total) ? { finishedAt: new Date(started.getTime() + total * 1000).toISOString() } : {}),
  };
}

function modelOf(results: Obj): string {
  const name = str(results['model_name']);
  if (name) return name;
  const config = isObj(results['config']) ? results['config'] : {};
  const args = config['model_args'];
  if (isObj(args))
    for (const key of ['pretrained', 'model', 'engine', 'path']) if (str(args[key])) return str(args[key]) ?? '';
  if (typeof args === 'string') {
    const match = /(?:^|,)(?:pretrained|model|engine|path)=([^,]+)/.exec(args);
    if (match?.[1]) return match[1];
  }
  return str(config['model']) ?? 'unknown';
}

/** One scored run of one task (or group) under one filter and one metric. */
async function importTask(
  ctx: Context,
  name: string,
  leaves: { task: string; subject?: string | undefined }[],
  metric: string,
  filter: string,
  otherMetrics: string[],
  otherFilters: string[],
): Promise<ImportedRun> {
  const configs = isObj(ctx.results['configs']) ? ctx.results['configs'] : {};
  const nSamples = isObj(ctx.results['n-samples']) ? ctx.results['n-samples'] : {};
  const resultEntry =
    isObj(ctx.results['results']) && isObj(ctx.results['results'][name]) ? ctx.results['results'][name] : {};
  const source = `lm-eval ${leaves.length > 1 || leaves[0]?.task !== name ? 'group' : 'task'} ${name}${filter === 'none' ? '' : `, filter ${filter}`}`;
  const examples: Example[] = [];
  const mapped: string[] = [];
  const dropped: string[] = [];
  let datasetSize = 0;
  let limited = false;
  let invalid = 0;
  let loglikelihood = false;
  for (const leaf of leaves) {
    const config = isObj(configs[leaf.task]) ? (configs[leaf.task] as Obj) : {};
    const samplesFile = join(dirname(ctx.file), `samples_${leaf.task}_${ctx.ts}.jsonl`);
    let samples: Sample[];
    try {
      samples = await readSamples(samplesFile);
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw new ImportError(
        `${source}: no samples file ${basename(samplesFile)} beside ${basename(ctx.file)}; run lm-eval with --log_samples`,
      );
    }
    const counts = isObj(nSamples[leaf.task]) ? (nSamples[leaf.task] as Obj) : {};
    const original = num(counts['original']);
    const effective = num(counts['effective']);
    if (original === undefined)
      throw new ImportError(`${source}: results give no n-samples for ${leaf.task}; pass --dataset-size`);
    datasetSize += original;
    if (effective !== undefined && effective < original) limited = true;
    // Lines repeat each document once per filter: keep this filter's, by name when the version wrote it.
    const filters = Array.isArray(config['filter_list'])
      ? (config['filter_list'] as Json[]).map((f) => (isObj(f) ? str(f['name']) : undefined))
      : ['none'];
    const hasFilterField = samples.some((s) => 'filter' in s.data);
    const own = hasFilterField
      ? samples.filter((s) => s.data['filter'] === filter)
      : samples.slice(
          ...(() => {
            const block = samples.length / Math.max(1, filters.length);
            const k = Math.max(0, filters.indexOf(filter));
            return [k * block, (k + 1) * block];
          })(),
        );
    if (effective !== undefined && own.length !== effective)
      throw new ImportError(
        `${source}: ${basename(samplesFile)} holds ${own.length} samples for this filter, the results count ${effective}; nothing was written`,
      );
    for (const { line, data } of own) {
      const docId = data['doc_id'];
      const id = `${leaf.subject ? `${leaf.subject}/` : ''}${String(docId)}`;
      const prompt = promptOf(data['arguments']);
      if (prompt === undefined) throw new ImportError(`${samplesFile}:${line}: no prompt in "arguments"`);
      const reqs = requests(data['arguments']);
      const judged = verdict(data[metric]);
      if (typeof judged === 'string') throw new ImportError(`${source}: metric ${metric}: ${judged}`);
      const filtered = Array.isArray(data['filtered_resps']) ? (data['filtered_resps'] as Json[]) : [];
      const resps = Array.isArray(data['resps']) ? (data['resps'] as Json[]) : [];
      const target = data['target'];
      const isChoice =
        reqs.length > 1 ||
        (config['output_type'] !== 'generate_until' && reqs.length > 0 && typeof reqs[0]?.[1] === 'string');
      let example: Example;
      if (isChoice && config['output_type'] !== 'generate_until') {
        loglikelihood = true;
        const choices = reqs.map(([, continuation], k) => {
          const pair = filtered[k];
          const ll = Number(Array.isArray(pair) ? pair[0] : pair);
          return {
            label: asText(continuation).trim() || String(k),
            loglikelihood: Number.isFinite(ll) ? ll : -Infinity,
          };
        });
        let best = 0;
        choices.forEach((c, k) => {
          if (c.loglikelihood > (choices[best]?.loglikelihood ?? -Infinity)) best = k;
        });
        const gold =
          typeof target === 'string' && /^\d+$/.test(target)
            ? Number(target)
            : typeof target === 'number'
              ? target
              : undefined;
        example = {
          id,
          ...(leaf.subject ? { subject: leaf.subject } : {}),
          prompt,
          output: '',
          expected:
            gold !== undefined
              ? (choices[gold]?.label ?? String(target))
              : typeof target === 'string'
                ? target
                : JSON.stringify(target),
          extracted: choices[best]?.label ?? null,
          ...judged,
          scoring: {
            method: 'loglikelihood',
            rule: `No text is generated: the choice the model gives the highest log-likelihood is its answer (lm-eval metric ${metric}).`,
            choices: choices.map((c) => ({
              label: c.label,
              loglikelihood: Number.isFinite(c.loglikelihood) ? c.loglikelihood : -1e308,
            })),
          },
        };
      } else {
        const raw = resps[0];
        const output = Array.isArray(raw) ? raw.map(asText).join('\n') : asText(raw);
        const answer = filtered[0];
        const extracted =
          answer === '[invalid]'
            ? null
            : Array.isArray(answer)
              ? JSON.stringify(answer)
              : answer === undefined
                ? null
                : asText(answer);
        if (answer === '[invalid]') invalid++;
        example = {
          id,
          ...(leaf.subject ? { subject: leaf.subject } : {}),
          prompt,
          output,
          expected: typeof target === 'string' ? target : JSON.stringify(target),
          extracted,
          ...judged,
          scoring: {
            method: filter === 'none' ? metric : filter,
            rule: `lm-eval filter "${filter}", metric ${metric}.`,
          },
        };
      }
      examples.push(example);
    }
  }
  const reportedValue = num(resultEntry[`${metric},${filter}`]);
  if (reportedValue !== undefined && leaves.length > 1) {
    // A group's figure is a mean over its subtasks, by size only when the group says so; a run's
    // score is a mean over examples. Say which, rather than report a bare mismatch.
    const bySubject = new Map<string, number[]>();
    for (const e of examples)
      bySubject.set(e.subject ?? '', [...(bySubject.get(e.subject ?? '') ?? []), e.score ?? (e.correct ? 1 : 0)]);
    const means = [...bySubject.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    const unweighted = means.reduce((a, b) => a + b, 0) / means.length;
    const pooled = examples.reduce((a, e) => a + (e.score ?? (e.correct ? 1 : 0)), 0) / examples.length;
    if (Math.abs(pooled - reportedValue) > 1e-9 && Math.abs(unweighted - reportedValue) <= 1e-9)
      throw new ImportError(
        `${source}: the tool reports ${reportedValue}, the unweighted mean of its ${means.length} subtasks (weight_by_size off), but a run's score is the mean over its ${examples.length} examples (${pooled}). Import the subtasks as runs of their own; nothing was written.`,
      );
  }
  const firstConfig = isObj(configs[leaves[0]?.task ?? '']) ? (configs[leaves[0]?.task ?? ''] as Obj) : {};
  const nShot = isObj(ctx.results['n-shot']) ? num(ctx.results['n-shot'][leaves[0]?.task ?? '']) : undefined;
  const version = versionOf(ctx, name) ?? versionOf(ctx, leaves[0]?.task ?? '') ?? 'unversioned';
  const lmVersion = str(ctx.results['lm_eval_version']);
  const benchmarkId = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  mapped.push(
    `${examples.length} samples → examples (ids from doc_id${leaves.length > 1 ? ', prefixed by subject' : ''})`,
  );
  mapped.push(`metric ${metric}${METRIC_NAMES[metric] ? ` → ${METRIC_NAMES[metric]}` : ''}, filter ${filter}`);
  if (loglikelihood)
    mapped.push(
      'log-likelihood scoring: each example lists its choices and their log-likelihoods; no output text exists',
    );
  if (invalid > 0) mapped.push(`${invalid} answers the filter could not extract ("[invalid]") → extracted: none`);
  mapped.push(
    `model ${modelOf(ctx.results)}, ${nShot ?? 0}-shot, dataset size ${datasetSize} (n-samples.original)${limited ? ', limit applied → partial by design' : ''}`,
  );
  dropped.push('stderr figures: the site computes its own intervals from the examples');
  if (otherMetrics.length > 0)
    dropped.push(
      `other metrics (${otherMetrics.join(', ')}): a run holds one; import again with --metric <name> for another`,
    );
  if (otherFilters.length > 0) dropped.push(`the other filters (${otherFilters.join(', ')}) become runs of their own`);
  dropped.push('dataset rows (doc), hashes and the environment description: not part of a run');
  if (!lmVersion) dropped.push('harness version: this results file does not record lm_eval_version');
  if (!timesOf(ctx.results).finishedAt) dropped.push('end time: not recorded by this version; pass --finished-at');
  return {
    source,
    benchmark: {
      id: benchmarkId,
      version,
      datasetSize,
      name,
      metric: METRIC_NAMES[metric] ?? metric,
      task: TASK_KINDS[str(firstConfig['output_type']) ?? ''] ?? 'free-text',
      subjects: leaves.length > 1 ? leaves.map((l) => l.subject ?? l.task) : undefined,
    },
    method: filter === 'none' ? undefined : filter,
    model: modelOf(ctx.results),
    prompt: { template: templateOf(firstConfig, ctx.results), templateId: `lm-eval/${name}`, fewShot: nShot },
    generation: generationOf(firstConfig),
    harness: { name: 'lm-evaluation-harness', version: lmVersion },
    state: 'completed',
    limited,
    ...timesOf(ctx.results),
    examples,
    reported: reportedValue === undefined ? undefined : { metric, value: reportedValue },
    mapped,
    dropped,
  };
}

/** Leaf tasks below a group, recursively, with the subject each stands for. */
function leavesOf(group: string, subtasks: Obj, configs: Obj): { task: string; subject?: string }[] {
  const children = Array.isArray(subtasks[group]) ? (subtasks[group] as Json[]).map(String) : [];
  return children.flatMap((child) => {
    if (Array.isArray(subtasks[child]) && (subtasks[child] as Json[]).length > 0)
      return leavesOf(child, subtasks, configs);
    const config = isObj(configs[child]) ? configs[child] : {};
    return [{ task: child, subject: str(config['task_alias'])?.trim() ?? child.replace(new RegExp(`^${group}_`), '') }];
  });
}

export async function importLmEval(
  inputs: readonly string[],
  options: { metric?: string | undefined } = {},
): Promise<ImportedRun[]> {
  const runs: ImportedRun[] = [];
  for (const file of await resultFiles(inputs)) {
    const match = /^results_(.+)\.json$/.exec(basename(file));
    if (!match?.[1])
      throw new ImportError(
        `${file}: expected a results_<timestamp>.json file (lm-eval 0.4.3 or later, run with --log_samples)`,
      );
    const text = await readFile(file, 'utf8');
    let doc: JsonDocument;
    try {
      doc = parseJsonDocument(text);
    } catch (error) {
      throw new ImportError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const results = doc.value;
    if (!isObj(results) || !isObj(results['results']) || !isObj(results['configs']))
      throw new ImportError(`${file}: not an lm-eval results file (no "results" and "configs")`);
    const ctx: Context = { file, doc, results, ts: match[1] };
    const configs = results['configs'];
    const subtasks = isObj(results['group_subtasks']) ? results['group_subtasks'] : {};
    const groups = Object.keys(subtasks).filter(
      (g) => Array.isArray(subtasks[g]) && (subtasks[g] as Json[]).length > 0,
    );
    const children = new Set(groups.flatMap((g) => (subtasks[g] as Json[]).map(String)));
    const topGroups = groups.filter((g) => !children.has(g));
    const grouped = new Set(topGroups.flatMap((g) => leavesOf(g, subtasks, configs).map((l) => l.task)));
    const units = [
      ...topGroups.map((g) => ({ name: g, leaves: leavesOf(g, subtasks, configs) })),
      ...Object.keys(configs)
        .filter((t) => !grouped.has(t))
        .map((t) => ({ name: t, leaves: [{ task: t }] })),
    ];
    for (const unit of units) {
      const entry = results['results'][unit.name];
      if (!isObj(entry)) throw new ImportError(`${file}: no results for ${unit.name}`);
      const keys = Object.keys(entry).flatMap((k) => parseMetricKey(k) ?? []);
      if (keys.length === 0) throw new ImportError(`${file}: ${unit.name} reports no metric`);
      const firstLeafConfig = isObj(configs[unit.leaves[0]?.task ?? ''])
        ? (configs[unit.leaves[0]?.task ?? ''] as Obj)
        : {};
      const listed = Array.isArray(firstLeafConfig['metric_list'])
        ? (firstLeafConfig['metric_list'] as Json[]).flatMap((m) =>
            isObj(m) && str(m['metric']) ? [str(m['metric']) ?? ''] : [],
          )
        : [];
      const metrics = [...new Set(keys.map((k) => k.metric))];
      const metric = options.metric ?? listed.find((m) => metrics.includes(m)) ?? metrics[0] ?? '';
      if (!metrics.includes(metric))
        throw new ImportError(`${file}: ${unit.name} has no metric "${metric}"; it has ${metrics.join(', ')}`);
      const filters = [...new Set(keys.filter((k) => k.metric === metric).map((k) => k.filter))];
      for (const filter of filters)
        runs.push(
          await importTask(
            ctx,
            unit.name,
            unit.leaves,
            metric,
            filter,
            metrics.filter((m) => m !== metric),
            filters.filter((f) => f !== filter),
          ),
        );
    }
  }
  return runs;
}
