import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import fg from 'fast-glob';
import type { ChatMessage, Example, Prompt } from '../schema/example.ts';
import type { Run } from '../schema/run.ts';
import { exampleId } from './ids.ts';
import { parseLenientJson } from './lenient-json.ts';
import { ImportError, type ImportedRun } from './model.ts';
import { isObj, list, num, obj, scalar, str, type Json, type Obj } from './values.ts';

/**
 * Stanford CRFM HELM run folders (`benchmark_output/runs/<suite>/<run>/`), as `helm-run` writes
 * them once a run has finished. One folder is one run; notes on the format, and the version
 * checked, are in docs/importers.md.
 */

const FILES = ['run_spec.json', 'scenario_state.json', 'per_instance_stats.json', 'stats.json'] as const;

/** Adaptation methods whose requests are one prompt and one generated answer per instance. */
const GENERATION_METHODS = new Set([
  'generation',
  'chat',
  'multiple_choice_joint',
  'multiple_choice_joint_chain_of_thought',
]);

/** HELM's exact-match family measures the fraction answered right: Benchscope calls that accuracy. */
const ACCURACY_METRICS = new Set([
  'exact_match',
  'quasi_exact_match',
  'prefix_exact_match',
  'quasi_prefix_exact_match',
]);

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

export interface HelmOptions {
  /** The HELM metric whose per-instance values become the verdicts. */
  metric?: string | undefined;
  /** The split to import (HELM evaluates several splits in one run and reports each apart). */
  split?: string | undefined;
}

async function readJson(file: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ImportError(
      `${dirname(file)}: no ${basename(file)}; HELM writes it when a run finishes (is this a run folder of benchmark_output/runs/<suite>/?)`,
    );
  }
  try {
    return parseLenientJson(text);
  } catch (error) {
    throw new ImportError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Run folders among the inputs: folders holding run_spec.json, or folders searched for them. */
async function runFolders(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (!statSync(input).isDirectory()) {
      if (basename(input) === 'run_spec.json') out.push(dirname(input));
      else throw new ImportError(`${input}: expected a HELM run folder (the folder holding run_spec.json)`);
    } else if (existsSync(join(input, 'run_spec.json'))) out.push(input);
    else {
      const found = await fg('**/run_spec.json', { cwd: input, absolute: true });
      if (found.length === 0) throw new ImportError(`${input}: no HELM run folder (run_spec.json) in this folder`);
      out.push(...found.map((f) => dirname(f)).sort());
    }
  }
  return out;
}

/** A HELM stat's value: its mean, or sum over count when the mean was left out. */
function statValue(stat: Obj): number | undefined {
  const mean = num(stat['mean']);
  if (mean !== undefined) return mean;
  const count = num(stat['count']);
  const sum = num(stat['sum']);
  return count && sum !== undefined ? sum / count : undefined;
}

/** A stat of the given metric and split on unperturbed instances, without a sub-split. */
function isPlain(stat: Obj, metric: string, split: string): boolean {
  const name = obj(stat['name']);
  return name['name'] === metric && name['split'] === split && !name['perturbation'] && !name['sub_split'];
}

function promptOf(request: Obj, file: string): Prompt {
  if (request['multimodal_prompt'])
    throw new ImportError(`${file}: multimodal prompts (images, audio) are not supported; nothing was written`);
  const messages = list(request['messages']);
  if (messages.length > 0)
    return messages.map(obj).map((m): ChatMessage => {
      const role = str(m['role']) ?? 'user';
      return { role: (ROLES.has(role) ? role : 'user') as ChatMessage['role'], content: str(m['content']) ?? '' };
    });
  return str(request['prompt']) ?? '';
}

/** The completion HELM scores: the one with the highest log-probability (the first on ties). */
function scoredCompletion(result: Obj): string | undefined {
  const completions = list(result['completions']).map(obj);
  let best: Obj | undefined;
  for (const c of completions) if (!best || (num(c['logprob']) ?? 0) > (num(best['logprob']) ?? 0)) best = c;
  return best ? (str(best['text']) ?? '') : undefined;
}

function referencesOf(state: Obj): { texts: string[]; correct: string[] } {
  const refs = list(obj(state['instance'])['references']).map(obj);
  const texts = refs.map((r) => str(obj(r['output'])['text']) ?? '');
  const correct = refs
    .filter((r) => list(r['tags']).includes('correct'))
    .map((r) => str(obj(r['output'])['text']) ?? '');
  return { texts, correct };
}

function generationOf(request: Obj): Run['generation'] {
  const out: Run['generation'] = {};
  const extra: Record<string, string | number | boolean | null> = {};
  const temperature = num(request['temperature']);
  if (temperature !== undefined) out.temperature = temperature;
  const topP = num(request['top_p']);
  if (topP !== undefined) out.top_p = topP;
  const maxTokens = num(request['max_tokens']);
  if (maxTokens !== undefined && Number.isInteger(maxTokens) && maxTokens >= 1) out.max_tokens = maxTokens;
  if (Array.isArray(request['stop_sequences'])) out.stop = request['stop_sequences'].map(String);
  const frequency = num(request['frequency_penalty']);
  if (frequency !== undefined) out.frequency_penalty = frequency;
  const presence = num(request['presence_penalty']);
  if (presence !== undefined) out.presence_penalty = presence;
  for (const key of ['num_completions', 'top_k_per_token', 'echo_prompt', 'random'])
    if (request[key] !== undefined) extra[key] = scalar(request[key]);
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** The adapter spec's prompt settings, one per line: HELM builds every prompt from these. */
function templateOf(adapter: Obj): string {
  const keys = [
    'method',
    'global_prefix',
    'instructions',
    'input_prefix',
    'input_suffix',
    'reference_prefix',
    'reference_suffix',
    'chain_of_thought_prefix',
    'chain_of_thought_suffix',
    'output_prefix',
    'output_suffix',
    'instance_prefix',
    'global_suffix',
    'substitutions',
    'max_train_instances',
    'sample_train',
    'output_mapping_pattern',
  ];
  return keys
    .filter((k) => adapter[k] !== undefined && adapter[k] !== null)
    .map((k) => `${k}: ${JSON.stringify(adapter[k])}`)
    .join('\n');
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

async function importRun(dir: string, options: HelmOptions): Promise<ImportedRun> {
  const [runSpec, scenarioState, perInstance, stats] = (await Promise.all(
    FILES.map((f) => readJson(join(dir, f))),
  )) as [Json, Json, Json, Json];
  const scenario = existsSync(join(dir, 'scenario.json')) ? obj(await readJson(join(dir, 'scenario.json'))) : {};
  const spec = obj(runSpec);
  const runName = str(spec['name']) ?? basename(dir);
  const source = `HELM run ${runName}`;
  const adapter = { ...obj(obj(scenarioState)['adapter_spec']), ...obj(spec['adapter_spec']) };
  const method = str(adapter['method']) ?? '';
  if (!GENERATION_METHODS.has(method))
    throw new ImportError(
      `${source}: adaptation method "${method}" is not supported (only ${[...GENERATION_METHODS].join(', ')}: one prompt and one answer per instance); nothing was written`,
    );
  const mapped: string[] = [];
  const dropped: string[] = [];
  const file = join(dir, 'scenario_state.json');
  const states = list(obj(scenarioState)['request_states']).map(obj);

  // Unperturbed evaluation requests, by split. Perturbed copies are HELM's robustness and fairness
  // variants of the same instances: other questions, scored apart.
  const perturbed = states.filter((s) => obj(s['instance'])['perturbation']);
  const plain = states.filter((s) => !obj(s['instance'])['perturbation'] && s['reference_index'] == null);
  const splits = [...new Set(plain.map((s) => str(obj(s['instance'])['split']) ?? ''))];
  const split = options.split ?? (splits.length === 1 ? splits[0] : splits.includes('test') ? 'test' : undefined) ?? '';
  if (!splits.includes(split))
    throw new ImportError(
      options.split
        ? `${source}: no instances of split "${options.split}"; it has ${splits.join(', ')}`
        : `${source}: instances of several splits (${splits.join(', ')}) and none is "test"; pass --split <name>`,
    );
  const chosen = plain.filter((s) => obj(s['instance'])['split'] === split);
  const otherSplits = splits.filter((s) => s !== split);

  // Per-instance stats of unperturbed instances, by instance and train trial.
  const statsOf = new Map<string, Obj[]>();
  for (const entry of list(perInstance).map(obj)) {
    if (entry['perturbation']) continue;
    statsOf.set(
      `${String(entry['instance_id'])}\u0000${num(entry['train_trial_index']) ?? 0}`,
      list(entry['stats']).map(obj),
    );
  }
  const listed = list(spec['metric_specs'])
    .map(obj)
    .flatMap((m) => list(obj(m['args'])['names']).map(String));
  const available = [...new Set([...statsOf.values()].flat().map((s) => str(obj(s['name'])['name']) ?? ''))];
  const metric = options.metric ?? listed.find((m) => available.includes(m)) ?? '';
  if (!available.includes(metric))
    throw new ImportError(
      options.metric
        ? `${source}: no per-instance metric "${options.metric}"; it has ${available.join(', ')}`
        : `${source}: none of the metrics the run spec lists (${listed.join(', ') || 'none'}) has per-instance values; pass --metric <name>`,
    );
  const reported = list(stats)
    .map(obj)
    .find((s) => isPlain(s, metric, split));
  const reportedValue = reported ? statValue(reported) : undefined;
  if (reportedValue === undefined)
    throw new ImportError(
      `${source}: stats.json has no ${metric} figure for split ${split} on unperturbed instances, so the score cannot be checked against HELM's; nothing was written`,
    );

  const subject = str(obj(obj(spec['scenario_spec'])['args'])['subject']);
  const pattern = str(adapter['output_mapping_pattern']);
  const byInstance = new Map<string, Obj[]>();
  for (const state of chosen) {
    const id = String(obj(state['instance'])['id']);
    byInstance.set(id, [...(byInstance.get(id) ?? []), state]);
  }
  const examples: Example[] = [];
  const used = new Set<string>();
  const shots = new Set<number>();
  let unscored = 0;
  let trials = 1;
  let timed = true;
  for (const [instanceId, group] of byInstance) {
    group.sort((a, b) => (num(a['train_trial_index']) ?? 0) - (num(b['train_trial_index']) ?? 0));
    const values = group.flatMap((state) => {
      const found = (statsOf.get(`${instanceId}\u0000${num(state['train_trial_index']) ?? 0}`) ?? []).find(
        (s) => obj(s['name'])['name'] === metric,
      );
      const value = found ? statValue(found) : undefined;
      return value === undefined ? [] : [value];
    });
    if (values.length === 0) {
      unscored++;
      continue;
    }
    if (values.length !== group.length)
      throw new ImportError(
        `${source}: instance ${instanceId} has ${metric} for ${values.length} of its ${group.length} train trials; nothing was written`,
      );
    for (const v of values)
      if (v < 0 || v > 1)
        throw new ImportError(
          `${source}: ${metric} of instance ${instanceId} is ${v}; Benchscope scores are fractions between 0 and 1, so a ${metric} run cannot be imported`,
        );
    trials = Math.max(trials, group.length);
    const score = values.reduce((a, b) => a + b, 0) / values.length;
    const first = group[0] ?? {};
    const request = obj(first['request']);
    const result = obj(first['result']);
    const shown = num(first['num_train_instances']);
    if (shown !== undefined) shots.add(shown);
    if (group.some((state) => num(obj(state['result'])['request_time']) === undefined)) timed = false;
    const completion = scoredCompletion(result);
    const failed = result['success'] === false || completion === undefined;
    const output = completion ?? '';
    const mapping = isObj(first['output_mapping']) ? first['output_mapping'] : undefined;
    const { correct: golds } = referencesOf(first);
    const keys = mapping
      ? golds.flatMap((g) => Object.entries(mapping).flatMap(([k, v]) => (v === g ? [k] : [])))
      : golds;
    const notes: string[] = [];
    if (group.length > 1)
      notes.push(
        `${group.length} train trials: ${values.join(', ')}; the score is their mean, the prompt and output shown are trial 0's.`,
      );
    const took = num(result['request_time']);
    examples.push({
      id: exampleId(subject ? `${subject}/${instanceId}` : instanceId, used, file),
      ...(subject ? { subject } : {}),
      prompt: promptOf(request, file),
      output,
      expected: keys.length === 0 ? null : keys.length === 1 ? (keys[0] ?? null) : keys,
      extracted: failed || pattern || output.trim() === '' ? null : output.trim(),
      correct: score === 1,
      ...(score !== 0 && score !== 1 ? { score } : {}),
      scoring: {
        method: metric,
        rule: mapping
          ? `HELM ${metric}: the completion, stripped, is read as a choice letter and its choice compared with the correct reference.`
          : `HELM ${metric}: the completion, stripped, compared with the correct references.`,
        ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
      },
      ...(took !== undefined && timed ? { latency_ms: Math.round(took * 1000 * 1000) / 1000 } : {}),
      ...(failed && score === 0 ? { error: str(result['error']) ?? 'The request failed.' } : {}),
    });
  }
  if (!timed) for (const e of examples) delete e.latency_ms;

  // The run's dates from all its requests (every split and perturbation), unless some came from
  // HELM's cache: those were sent earlier, by another run.
  const results = states.map((state) => obj(state['result']));
  const cached = results.filter((r) => r['cached'] === true).length;
  const starts = results.flatMap((r) => num(r['request_datetime']) ?? []);
  const ends = results.flatMap((r) => {
    const at = num(r['request_datetime']);
    return at === undefined ? [] : [at + (num(r['request_time']) ?? 0)];
  });
  const dated = cached === 0 && starts.length === states.length && starts.length > 0;
  const fewShot = shots.size === 1 ? [...shots][0] : undefined;
  const model = str(adapter['model_deployment']) ?? str(adapter['model']) ?? 'unknown';
  const limited = num(adapter['max_eval_instances']) !== undefined;
  // The run name is "<scenario>:<arg>=<value>,…"; without the model, it names the prompt setup.
  const [scenarioPart = runName, argsPart = ''] = runName.split(/:(.*)/s);
  const args = argsPart.split(',').filter((a) => a !== '' && !a.startsWith('model='));
  const templateName = `${scenarioPart}${args.length > 0 ? `:${args.join(',')}` : ''}`;
  const scenarioName = str(scenario['name']) ?? scenarioPart;

  mapped.push(
    `${examples.length} instances of split ${split} → examples (ids from instance ids${subject ? `, prefixed by subject ${subject}` : ''}; prompt and completion from scenario_state.json)`,
  );
  mapped.push(
    `metric ${metric}${ACCURACY_METRICS.has(metric) ? ' → accuracy' : ''} from per_instance_stats.json; checked against stats.json (${reportedValue})`,
  );
  if (trials > 1)
    mapped.push(`${trials} train trials per instance → one example each, scored as their mean, as HELM averages them`);
  mapped.push(
    `model deployment ${model}${str(adapter['model']) && adapter['model'] !== model ? ` (model ${String(adapter['model'])})` : ''}, ${fewShot ?? '?'}-shot (num_train_instances)${limited ? `, max_eval_instances ${String(adapter['max_eval_instances'])} → partial by design` : ''}`,
  );
  if (dated)
    mapped.push('start and end: the first request sent and the last answer received (request_datetime, request_time)');
  if (otherSplits.length > 0)
    dropped.push(
      `instances of split ${otherSplits.join(', ')} (${plain.length - chosen.length}): HELM reports each split apart; import again with --split <name>`,
    );
  if (perturbed.length > 0)
    dropped.push(
      `${perturbed.length} perturbed requests (robustness and fairness variants): other questions, scored apart`,
    );
  if (unscored > 0) dropped.push(`${unscored} instances without a ${metric} value`);
  const others = listed.filter((m) => m !== metric && available.includes(m));
  if (others.length > 0)
    dropped.push(
      `other metrics (${others.join(', ')}): a run holds one; import again with --metric <name> for another`,
    );
  if (shots.size > 1) dropped.push(`few-shot count: it varies between requests (${[...shots].join(', ')})`);
  if (pattern)
    dropped.push(`extracted answers: HELM reads them with the Python pattern ${pattern}, not re-applied here`);
  dropped.push('token counts: HELM counts them with its own tokenizer, not as the endpoint reported them');
  dropped.push('harness version: HELM does not write it into the run folder');
  dropped.push('benchmark version: HELM does not version its scenarios; pass --benchmark-version');
  dropped.push(
    'dataset size: HELM does not record it; pass --dataset-size, or --benchmark-version naming a registry version that states it',
  );
  if (!dated)
    dropped.push(
      cached > 0
        ? `run dates: ${cached} answers came from HELM's cache, so the request times are not this run's; pass --finished-at`
        : 'run dates: not recorded for every request; pass --finished-at',
    );
  if (!timed) dropped.push('latency: request_time is not recorded for every request, so the run declares none');

  return {
    source,
    benchmark: {
      id: scenarioName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
      version: 'unversioned',
      name: scenarioName,
      metric: ACCURACY_METRICS.has(metric) ? 'accuracy' : metric,
      task: method.startsWith('multiple_choice') ? 'multiple-choice' : 'free-text',
      subjects: subject ? [subject] : undefined,
    },
    method: metric,
    model,
    prompt: { template: templateOf(adapter), templateId: `helm/${templateName}`.slice(0, 200), fewShot },
    generation: generationOf(obj(chosen[0]?.['request'])),
    harness: { name: 'helm' },
    state: 'completed',
    limited,
    startedAt: dated ? iso(Math.min(...starts)) : undefined,
    finishedAt: dated ? iso(Math.max(...ends)) : undefined,
    examples,
    reported: { metric, value: reportedValue },
    mapped,
    dropped,
  };
}

export async function importHelm(inputs: readonly string[], options: HelmOptions = {}): Promise<ImportedRun[]> {
  const runs: ImportedRun[] = [];
  for (const dir of await runFolders(inputs)) runs.push(await importRun(dir, options));
  return runs;
}
