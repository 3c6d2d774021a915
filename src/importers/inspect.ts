import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import fg from 'fast-glob';
import type { ChatMessage, Example, Prompt } from '../schema/example.ts';
import type { Run } from '../schema/run.ts';
import { exampleId } from './ids.ts';
import { parseLenientJson } from './lenient-json.ts';
import { ImportError, type ImportedRun } from './model.ts';
import { readZip } from './zip.ts';

/**
 * UK AISI Inspect logs, both the `.json` form and the default `.eval` zip. One log is one run.
 * Notes on the format, and the version checked, are in docs/importers.md.
 */

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: Json): Obj => (isObj(v) ? v : {});
const str = (v: Json): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: Json): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

/** A log read from either form: the header fields and the samples. */
interface Log {
  file: string;
  status: string;
  eval: Obj;
  plan: Obj;
  results?: Obj | undefined;
  stats: Obj;
  error?: Obj | undefined;
  samples: Obj[];
}

async function readLog(file: string): Promise<Log> {
  const bytes = await readFile(file);
  const parse = (text: string, where: string): Obj => {
    try {
      return obj(parseLenientJson(text));
    } catch (error) {
      throw new ImportError(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    let members: Map<string, Buffer>;
    try {
      members = await readZip(file);
    } catch (error) {
      throw new ImportError(
        `${file}: cannot be read as an Inspect .eval archive (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const member = (name: string) => {
      const data = members.get(name);
      return data ? parse(data.toString('utf8'), `${file}:${name}`) : undefined;
    };
    if ([...members.keys()].some((n) => /^samples\/[^/]+\//.test(n)))
      throw new ImportError(
        `${file}: samples are stored in folders (Inspect's experimental chunked layout); convert the log with \`inspect log convert\` first`,
      );
    // No header: the process stopped before the log was finished. The journal still says what ran.
    const header = member('header.json') ?? { status: 'started', ...member('_journal/start.json') };
    const samples = [...members.keys()]
      .filter((n) => n.startsWith('samples/') && n.endsWith('.json'))
      .map((n) => member(n) ?? {});
    return {
      file,
      status: str(header['status']) ?? 'started',
      eval: obj(header['eval']),
      plan: obj(header['plan']),
      results: isObj(header['results']) ? header['results'] : undefined,
      stats: obj(header['stats']),
      error: isObj(header['error']) ? header['error'] : undefined,
      samples,
    };
  }
  const log = parse(bytes.toString('utf8'), file);
  return {
    file,
    status: str(log['status']) ?? 'started',
    eval: obj(log['eval']),
    plan: obj(log['plan']),
    results: isObj(log['results']) ? log['results'] : undefined,
    stats: obj(log['stats']),
    error: isObj(log['error']) ? log['error'] : undefined,
    samples: list(log['samples']).map(obj),
  };
}

/** Inspect's value_to_float: "C" 1, "P" 0.5, "I" and "N" 0, numbers and booleans as such; null (NaN) unscored. */
export function valueToFloat(value: Json): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === 'C') return 1;
  if (value === 'P') return 0.5;
  if (value === 'I' || value === 'N') return 0;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'yes' || lower === 'true') return 1;
    if (lower === 'no' || lower === 'false') return 0;
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n)) return n;
  }
  return 0;
}

/** The plain text of a message's content: the string, or its text parts joined (reasoning left out). */
function textOf(content: Json): string {
  if (typeof content === 'string') return content;
  return list(content)
    .flatMap((part) =>
      isObj(part) && part['type'] === 'text' && typeof part['text'] === 'string' ? [part['text']] : [],
    )
    .join('\n');
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

function resolveAttachment(text: string, attachments: Obj): string {
  const match = /^attachment:\/\/([0-9a-f]+)$/.exec(text);
  const resolved = match?.[1] ? attachments[match[1]] : undefined;
  return typeof resolved === 'string' ? resolved : text;
}

function toMessages(messages: Json[], attachments: Obj): ChatMessage[] {
  return messages.map(obj).map((m) => {
    const role = str(m['role']) ?? 'user';
    return {
      role: (ROLES.has(role) ? role : 'user') as ChatMessage['role'],
      content: resolveAttachment(textOf(m['content']), attachments),
    };
  });
}

/**
 * The prompt as sent for the final generation: the input of the model event that produced the
 * sample's output (expanding pooled messages), or else the conversation without its trailing replies.
 */
function promptOf(sample: Obj): { prompt: Prompt; from: 'event' | 'messages' | 'input' } {
  const attachments = obj(sample['attachments']);
  const outputId = str(obj(obj(list(obj(sample['output'])['choices'])[0])['message'])['id']);
  const pool = list(obj(sample['events_data'])['messages']);
  const models = list(sample['events'])
    .map(obj)
    .filter((e) => e['event'] === 'model');
  const event =
    models.find(
      (e) =>
        outputId !== undefined && str(obj(obj(list(obj(e['output'])['choices'])[0])['message'])['id']) === outputId,
    ) ?? models.filter((e) => str(e['role']) !== 'grader').at(-1);
  if (event) {
    let input = list(event['input']);
    if (input.length === 0 && Array.isArray(event['input_refs']))
      input = list(event['input_refs']).flatMap((range) => {
        const [start, end] = list(range).map((n) => Number(n));
        return pool.slice(start ?? 0, end ?? 0);
      });
    if (input.length > 0) return { prompt: toMessages(input, attachments), from: 'event' };
  }
  const messages = list(sample['messages']);
  let end = messages.length;
  while (end > 0 && ['assistant', 'tool'].includes(str(obj(messages[end - 1])['role']) ?? '')) end--;
  if (end > 0) return { prompt: toMessages(messages.slice(0, end), attachments), from: 'messages' };
  const input = sample['input'];
  return { prompt: typeof input === 'string' ? input : toMessages(list(input), attachments), from: 'input' };
}

function outputOf(sample: Obj): string {
  const output = obj(sample['output']);
  const completion = str(output['completion']);
  if (completion) return completion;
  return textOf(obj(obj(list(output['choices'])[0])['message'])['content']);
}

function generationOf(log: Log): Run['generation'] {
  const config = { ...obj(log.eval['model_generate_config']), ...obj(log.plan['config']) };
  const out: Run['generation'] = {};
  const extra: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'temperature' && typeof value === 'number') out.temperature = value;
    else if (key === 'top_p' && typeof value === 'number') out.top_p = value;
    else if (key === 'top_k' && typeof value === 'number') out.top_k = value;
    else if (key === 'max_tokens' && typeof value === 'number') out.max_tokens = value;
    else if (key === 'seed' && typeof value === 'number') out.seed = value;
    else if (key === 'stop_seqs' && Array.isArray(value)) out.stop = value.map(String);
    else if (key === 'frequency_penalty' && typeof value === 'number') out.frequency_penalty = value;
    else if (key === 'presence_penalty' && typeof value === 'number') out.presence_penalty = value;
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      extra[key] = value as string | number | boolean | null;
    else extra[key] = JSON.stringify(value);
  }
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** The solver plan in words: the closest thing Inspect has to a prompt template. */
function templateOf(log: Log): string {
  const steps = list(log.plan['steps']).map(obj);
  if (steps.length === 0) return '(no solver plan recorded)';
  return steps
    .map((s) => {
      const params = obj(s['params']);
      const shown = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      return `${str(s['solver']) ?? 'solver'}${shown.length > 0 ? `(${shown.join(', ')})` : ''}`;
    })
    .join('\n');
}

const isCancellation = (message: string) => /^(CancelledError\(|Cancelled\()/.test(message);

async function logFiles(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (statSync(input).isDirectory()) {
      const found = await fg('**/*.{eval,json}', { cwd: input, absolute: true });
      if (found.length === 0) throw new ImportError(`${input}: no .eval or .json log in this folder`);
      out.push(...found.sort());
    } else out.push(input);
  }
  return out;
}

function importLog(log: Log, options: { scorer?: string | undefined }): ImportedRun {
  const file = basename(log.file);
  const task = str(log.eval['task']) ?? 'task';
  const taskName = task.split('/').at(-1) ?? task;
  const source = `Inspect log ${file} (task ${task})`;
  const mapped: string[] = [];
  const dropped: string[] = [];
  const resultScores = list(log.results?.['scores']).map(obj);
  const declared = list(log.eval['scorers']).map((s) => str(obj(s)['name']) ?? '');
  const scorerNames = [...new Set([...resultScores.map((s) => str(s['name']) ?? ''), ...declared])].filter(Boolean);
  const scorerOption = options.scorer ?? '';
  const scorer = options.scorer ?? scorerNames[0];
  if (
    options.scorer &&
    !scorerNames.includes(options.scorer) &&
    log.samples.every((s) => !(scorerOption in obj(s['scores'])))
  )
    throw new ImportError(`${source}: no scorer "${options.scorer}"; it has ${scorerNames.join(', ') || 'none'}`);
  if (scorer && scorerNames.length > 1)
    dropped.push(
      `other scorers (${scorerNames.filter((n) => n !== scorer).join(', ')}): a run holds one; import again with --scorer <name>`,
    );

  // Group epochs by sample id: a run's example is one item, scored as the mean over its epochs.
  const byId = new Map<string, Obj[]>();
  for (const sample of log.samples) {
    const key = JSON.stringify(sample['id']);
    byId.set(key, [...(byId.get(key) ?? []), sample]);
  }
  const examples: Example[] = [];
  const used = new Set<string>();
  let unscored = 0;
  let interrupted = 0;
  let epochs = 1;
  const promptFrom = new Set<string>();
  for (const samples of byId.values()) {
    samples.sort((a, b) => (num(a['epoch']) ?? 0) - (num(b['epoch']) ?? 0));
    epochs = Math.max(epochs, samples.length);
    const scored = samples.filter((s) => scorer !== undefined && isObj(obj(s['scores'])[scorer]));
    if (scored.length === 0) {
      if (samples.some((s) => isCancellation(str(obj(s['error'])['message']) ?? ''))) interrupted++;
      else unscored++;
      continue;
    }
    const values = scored
      .map((s) => valueToFloat(obj(obj(s['scores'])[scorer ?? ''])['value']))
      .filter((v): v is number => v !== undefined);
    if (values.length === 0) {
      unscored++;
      continue;
    }
    const score = values.reduce((a, b) => a + b, 0) / values.length;
    const first = scored[0] ?? {};
    const verdict = obj(obj(first['scores'])[scorer ?? '']);
    const { prompt, from } = promptOf(first);
    promptFrom.add(from);
    const output = outputOf(first);
    const usage = obj(obj(first['output'])['usage']);
    const time = num(obj(first['output'])['time']);
    const error = str(obj(first['error'])['message']);
    const target = first['target'];
    const answer = verdict['answer'];
    const notes: string[] = [];
    if (str(verdict['explanation']) && verdict['explanation'] !== output)
      notes.push(`Explanation: ${String(verdict['explanation'])}`);
    if (scored.length > 1)
      notes.push(
        `${scored.length} epochs: ${scored.map((s) => JSON.stringify(obj(obj(s['scores'])[scorer ?? ''])['value'])).join(', ')}; the score is their mean, the output shown is epoch 1's.`,
      );
    examples.push({
      id: exampleId(first['id'], used, file),
      prompt,
      output,
      expected: typeof target === 'string' ? target : Array.isArray(target) ? target.map(String) : null,
      extracted: typeof answer === 'string' || typeof answer === 'number' ? answer : null,
      correct: score === 1,
      ...(score !== 0 && score !== 1 ? { score: Math.min(1, Math.max(0, score)) } : {}),
      scoring: {
        method: scorer ?? 'scorer',
        rule: `Inspect scorer "${scorer ?? ''}"`,
        ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
      },
      ...(time !== undefined ? { latency_ms: Math.round(time * 1000 * 1000) / 1000 } : {}),
      ...(num(usage['input_tokens']) !== undefined && num(usage['output_tokens']) !== undefined
        ? { tokens: { prompt: num(usage['input_tokens']) ?? 0, completion: num(usage['output_tokens']) ?? 0 } }
        : {}),
      ...(error && score !== 1 && !isCancellation(error) ? { error } : {}),
    });
  }

  // The status decides the state: results from an unfinished log are partial, none at all failed or cancelled.
  const errorMessage = str(log.error?.['message']);
  let state: Run['state'];
  let runError: string | undefined;
  if (log.status === 'success') state = 'completed';
  else if (examples.length > 0) {
    state = 'partial';
    runError =
      log.status === 'cancelled'
        ? 'Cancelled before every sample was scored.'
        : log.status === 'error'
          ? (errorMessage ?? 'Stopped by an error.')
          : 'The log was never finished: the process stopped before the end.';
  } else if (log.status === 'cancelled') {
    state = 'cancelled';
    runError = 'Cancelled before any sample was scored.';
  } else {
    state = 'failed';
    runError = errorMessage ?? 'The log was never finished and holds no scored sample.';
  }

  const dataset = obj(log.eval['dataset']);
  const config = obj(log.eval['config']);
  const size = num(dataset['samples']);
  const limited =
    config['limit'] !== undefined ||
    (Array.isArray(dataset['sample_ids']) && size !== undefined && dataset['sample_ids'].length < size);
  const reportedScore = resultScores.find(
    (s) => s['name'] === scorer && (s['reducer'] === undefined || s['reducer'] === 'mean'),
  );
  const metrics = obj(reportedScore?.['metrics']);
  const reportedMetric = isObj(metrics['accuracy']) ? 'accuracy' : isObj(metrics['mean']) ? 'mean' : undefined;
  const reported = reportedMetric ? num(obj(metrics[reportedMetric])['value']) : undefined;
  const taskArgs = obj(log.eval['task_args']);
  const fewShot = [taskArgs['fewshot'], taskArgs['few_shot'], taskArgs['num_fewshot']]
    .map(num)
    .find((n) => n !== undefined);
  const started = str(log.stats['started_at']) || str(log.eval['created']);
  const completed = str(log.stats['completed_at']) || undefined;
  const iso = (t: string | undefined) =>
    t && Number.isFinite(Date.parse(t))
      ? new Date(Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(t) ? t : `${t}Z`)).toISOString()
      : undefined;

  if (examples.length > 0)
    mapped.push(
      `${examples.length} scored samples → examples (prompt from ${[...promptFrom].join(' and ')}${promptFrom.has('event') ? ': the model call that produced the output' : ''})`,
    );
  if (epochs > 1)
    mapped.push(
      `${epochs} epochs per sample → one example each, scored as the mean over epochs (Inspect's default reducer)`,
    );
  mapped.push(`status ${log.status} → ${state}${runError ? ` ("${runError}")` : ''}`);
  mapped.push(
    `scorer ${scorer ?? '(none)'}: "C"/"P"/"I"/"N" → 1/0.5/0/0, its answer → extracted, explanation → scoring notes`,
  );
  if (interrupted > 0) dropped.push(`${interrupted} samples cancelled while running, without a score`);
  if (unscored > 0) dropped.push(`${unscored} samples without a score for ${scorer ?? 'the scorer'} (errors, or NaN)`);
  dropped.push('transcripts (events), sandbox, store and metadata of the samples: not part of a run');
  if (fewShot === undefined) dropped.push('few-shot count: Inspect does not record it');
  if (!examples.every((e) => e.latency_ms !== undefined))
    dropped.push('latency: not recorded for every sample (output.time), so the run declares none');

  return {
    source,
    benchmark: {
      id: taskName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
      version:
        typeof log.eval['task_version'] === 'number' || typeof log.eval['task_version'] === 'string'
          ? String(log.eval['task_version'])
          : '0',
      datasetSize: size,
      name: str(log.eval['task_display_name']) ?? taskName,
      metric: 'accuracy',
      task: 'free-text',
    },
    model: str(log.eval['model']) ?? 'unknown',
    prompt: { template: templateOf(log), templateId: `inspect/${task}`, fewShot },
    generation: generationOf(log),
    harness: { name: 'inspect_ai', version: str(obj(log.eval['packages'])['inspect_ai']) },
    state,
    limited,
    error: runError,
    startedAt: iso(started),
    finishedAt: iso(completed),
    examples,
    reported:
      reported === undefined || state === 'failed' || state === 'cancelled'
        ? undefined
        : { metric: reportedMetric ?? 'accuracy', value: reported },
    mapped,
    dropped,
  };
}

export async function importInspect(
  inputs: readonly string[],
  options: { scorer?: string | undefined } = {},
): Promise<ImportedRun[]> {
  const runs: ImportedRun[] = [];
  for (const file of await logFiles(inputs)) runs.push(importLog(await readLog(file), options));
  return runs;
}
