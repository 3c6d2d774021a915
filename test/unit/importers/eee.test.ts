import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExamples } from '../../../src/archive/examples.ts';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import type { LoadedRun } from '../../../src/archive/validate-run.ts';
import { eeeRecord, eeeUuid } from '../../../src/eee/export.ts';
import { sampleHash } from '../../../src/eee/fields.ts';
import { importEee, withoutNulls } from '../../../src/importers/eee/import.ts';
import { eeeValidators, schemaProblems } from '../../../src/importers/eee/validate.ts';
import { runFile } from '../../../src/importers/write.ts';
import type { Example } from '../../../src/schema/example.ts';
import { isScored } from '../../../src/schema/run.ts';
import { fixture, SAMPLE } from '../../helpers/paths.ts';
import { script } from '../../helpers/run.ts';

type Obj = Record<string, unknown>;

/** The value at a path into parsed JSON, or undefined. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Obj)[key] : undefined;
  return v;
}
const rowsOf = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => withoutNulls(JSON.parse(l)) as Obj);

const input = (name: string) => fixture(`import/eee/${name}`);
const ADDED = '2026-09-20T12:00:00.000Z';

async function importInto(dir: string, extra: string[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'benchscope-eee-'));
  const result = await script('import', [
    'eee',
    dir,
    '--provider',
    'acme',
    '--family',
    'llama-3',
    '--out',
    join(root, 'runs'),
    '--register',
    ...extra,
  ]);
  return { root, result, archive: await loadArchive(root) };
}

async function examplesOf(root: string, loaded: LoadedRun): Promise<Example[]> {
  const out: Example[] = [];
  for await (const { example } of readExamples(root, loaded.examplesFile ?? '')) out.push(example);
  return out;
}

/** A loaded run as an EEE record, as the site publishes it. */
async function exportRun(root: string, loaded: LoadedRun) {
  if (!isScored(loaded.run) || !loaded.stats) throw new Error(`${loaded.id} is not scored`);
  return eeeRecord(loaded.run, loaded.stats, await examplesOf(root, loaded), { added: ADDED });
}

/** What EEE's schemas and its datastore rules say about a record: nothing, when it is valid. */
function eeeProblems(record: Awaited<ReturnType<typeof exportRun>>): string[] {
  const { aggregate: validAggregate, sample: validSample } = eeeValidators();
  const problems: string[] = [];
  if (!validAggregate(record.aggregate)) problems.push(...schemaProblems(validAggregate.errors));
  const lines = record.samples.split('\n').filter(Boolean);
  lines.forEach((line, i) => {
    const row = JSON.parse(line) as Obj;
    if (!validSample(row)) problems.push(...schemaProblems(validSample.errors).map((p) => `line ${i + 1}: ${p}`));
    if (row['evaluation_id'] !== record.aggregate['evaluation_id']) problems.push(`line ${i + 1}: evaluation_id`);
    if (row['model_id'] !== (record.aggregate['model_info'] as Obj)['id']) problems.push(`line ${i + 1}: model_id`);
  });
  const detail = record.aggregate['detailed_evaluation_results'] as Obj;
  if (detail['file_path'] !== record.names.samplesPath) problems.push('file_path');
  if (
    !/^data\/[^/]+\/[^/]+\/[^/]+\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.json$/.test(
      record.names.aggregatePath,
    )
  )
    problems.push(`aggregate path ${record.names.aggregatePath}`);
  if (detail['total_rows'] !== lines.length) problems.push('total_rows');
  if (detail['checksum'] !== createHash('sha256').update(record.samples).digest('hex')) problems.push('checksum');
  return problems;
}

const stops = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

/**
 * The fields an EEE record and a Benchscope run both hold, read from an EEE record: what a round
 * trip EEE → Benchscope → EEE must keep. (Normalised only where the two differ in spelling, not in
 * content: stop sequences under lm-eval's "until" come back as "stop", a null message as "", a
 * null member as an absent one.)
 */
function shared(record: Obj, samples: string, resultId: string | undefined, original = false) {
  // A null member is an absent one, as EEE's own validator reads it.
  const aggregate = withoutNulls(record) as Obj;
  const results = (at(aggregate, 'evaluation_results') ?? []) as Obj[];
  const r = (resultId ? results.find((x) => x['evaluation_result_id'] === resultId) : results.at(-1)) ?? {};
  const details = Object.fromEntries(
    Object.entries({ ...(at(r, 'generation_config', 'additional_details') as Obj | undefined) }).map(([k, v]) =>
      ['until', 'stop_sequences', 'stop'].includes(k) ? ['stop', stops(v)] : [k, v],
    ),
  );
  const rows = rowsOf(samples).filter((row) =>
    resultId && row['evaluation_result_id'] ? row['evaluation_result_id'] === resultId : true,
  );
  const source = (key: string) => at(r, 'source_data', key) ?? at(r, 'source_data', 'additional_details', key);
  return {
    schema_version: aggregate['schema_version'],
    evaluation_timestamp: aggregate['evaluation_timestamp'],
    model_id: at(aggregate, 'model_info', 'id'),
    eval_library: aggregate['eval_library'],
    dataset_name: at(r, 'source_data', 'dataset_name'),
    samples_number: Number(source('samples_number')) || undefined,
    metric: Object.fromEntries(
      ['metric_id', 'metric_kind', 'metric_unit', 'lower_is_better', 'score_type', 'min_score', 'max_score'].map(
        (k) => [k, at(r, 'metric_config', k)],
      ),
    ),
    score: at(r, 'score_details', 'score'),
    num_samples: at(r, 'score_details', 'uncertainty', 'num_samples'),
    generation_args: at(r, 'generation_config', 'generation_args'),
    generation_details: details,
    // One record with several results becomes one run each: count the rows of this result.
    total_rows: rows.length,
    samples: rows.map((row) => ({
      // Benchscope ids become URLs: other characters become "-" (the importer says so).
      sample_id: original ? String(row['sample_id']).replace(/[^A-Za-z0-9._/-]+/g, '-') : row['sample_id'],
      interaction_type: row['interaction_type'],
      // A conversation's prompt is its messages; a single turn's, the text as sent.
      prompt: row['messages'] ? undefined : (at(row, 'input', 'formatted') ?? at(row, 'input', 'raw')),
      reference: at(row, 'input', 'reference'),
      output: at(row, 'output', 'raw', 0),
      messages: (row['messages'] as Obj[] | undefined)?.map((m) => [m['turn_idx'], m['role'], m['content'] ?? '']),
      answer: (row['answer_attribution'] as Obj[]).map((a) => [
        a['turn_idx'],
        a['source'],
        a['extracted_value'],
        a['extraction_method'],
        a['is_terminal'],
      ]),
      evaluation: [at(row, 'evaluation', 'score'), at(row, 'evaluation', 'is_correct')],
      tokens: row['token_usage'] && [at(row, 'token_usage', 'input_tokens'), at(row, 'token_usage', 'output_tokens')],
      latency: at(row, 'performance', 'latency_ms'),
      error: row['error'] ?? undefined,
      subject: at(row, 'metadata', 'subject'),
    })),
  };
}

/** `ours` without the fields `original` lacks: what Benchscope learned from flags or knows by its format. */
function known(ours: Obj, original: Obj): Obj {
  return Object.fromEntries(
    Object.entries(ours).flatMap(([k, v]) => {
      const o = original[k];
      if (o === undefined) return [];
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof o === 'object' && o !== null)
        return [[k, known(v as Obj, o as Obj)]];
      return [[k, v]];
    }),
  );
}

describe('Every Eval Ever import', () => {
  it('makes one valid run per evaluation result, scored as the record scores it', async () => {
    const { result, archive } = await importInto(input('lm-eval-gsm8k'), ['--finished-at', '2025-06-15T16:00:00Z']);
    expect(result.code).toBe(0);
    expect(archive.problems.map(formatProblem)).toEqual([]);
    const byMethod = new Map(archive.runs.map((r) => [r.run.state === 'completed' ? r.run.score.method : '', r]));
    expect(byMethod.get('strict-match')?.stats?.score).toBe(2 / 3);
    expect(byMethod.get('flexible-extract')?.stats?.score).toBe(1);
    expect(byMethod.get('strict-match')?.run).toMatchObject({
      benchmark: { id: 'gsm8k', version: 'unversioned' },
      endpoint: { model: 'meta-llama/Llama-3.1-8B-Instruct' },
      prompt: { template: 'Question: {{question}}\nAnswer:', few_shot: 1 },
      generation: { temperature: 0, max_tokens: 256, stop: ['Question:', '</s>'], extra: { do_sample: 'false' } },
      harness: { name: 'lm_eval', version: '0.4.9' },
      scope: { kind: 'partial', sample_size: 3, dataset_size: 1319, partial_reason: 'by-design' },
      started_at: '2025-06-15T15:06:40.000Z',
    });
    expect(result.stdout).toContain('accuracy 0.6667 (the tool reports 0.6667)');
    expect(result.stdout).toContain('dropped: metadata "doc_hash" (3 samples): Benchscope has no field for it');
    expect(result.stdout).toContain(
      'dropped: input.raw (the bare question; the prompt as sent is input.formatted) (3 samples)',
    );
  });

  it('takes the prompt as sent, the raw output and the final extracted answer, non-ASCII included', async () => {
    const [strict] = await importEee([input('lm-eval-gsm8k')]);
    const [first, second, third] = strict?.examples ?? [];
    expect(first?.prompt).toBe(
      'Question: Tom has 3 apples and buys 2 more. How many apples does he have?\nAnswer: 3 + 2 = 5. #### 5\n\nQuestion: Janet’s ducks lay 16 eggs per day. She eats three for breakfast and bakes muffins with four. She sells the rest for $2 each. How much does she make every day?\nAnswer:',
    );
    expect(first).toMatchObject({
      output: 'She sells 16 - 3 - 4 = 9 eggs for 9 * 2 = $18. #### 18',
      expected: '18',
      extracted: '18',
      correct: true,
      scoring: { method: 'strict-match' },
      latency_ms: 812.5,
      tokens: { prompt: 212, completion: 24 },
    });
    expect(second).toMatchObject({ id: '1', extracted: null, correct: false });
    expect(third).toMatchObject({ subject: 'arithmetic', output: '往復なので 2.5 × 2 = 5 時間です。 #### 5' });
  });

  it('reads conversations, and says which result the samples belong to when several share them', async () => {
    // Written as EEE's Inspect converter writes lines: unset optional fields as null, which EEE reads as absent.
    expect(
      readFileSync(join(input('chat-agentic'), '7a9e0b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b_samples.jsonl'), 'utf8'),
    ).toContain('"evaluation_result_id": null');
    const wrong = await importInto(input('chat-agentic'), ['--finished-at', '2025-10-09T09:00:00Z']);
    expect(wrong.result.code).toBe(1);
    expect(wrong.result.stderr).toContain(
      'the samples give 0.6666666666666666, which is the score of result accuracy, not of stderr (0.3333333333333333); pass --metric accuracy. Nothing was written.',
    );
    const { result, archive } = await importInto(input('chat-agentic'), [
      '--metric',
      'accuracy',
      '--finished-at',
      '2025-10-09T09:00:00Z',
      '--dataset-size',
      '3',
    ]);
    expect(result.code).toBe(0);
    expect(archive.problems).toEqual([]);
    expect(archive.runs[0]?.run).toMatchObject({ harness: { name: 'inspect_ai' }, prompt: { template: '' } });
    expect(archive.runs[0]?.run.harness).not.toHaveProperty('version');
    expect(result.stdout).toContain('dropped: tool calls of the messages (1 samples): Benchscope has no field for it');
    const [run] = await importEee([input('chat-agentic')], { metric: 'accuracy' });
    expect(run?.examples.map((e) => e.id)).toEqual(['Mercury_7175875', 'Mercury-7/2', 'tool-1']);
    expect(run?.examples[1]).toMatchObject({
      prompt: [
        { role: 'system', content: 'Réponds en français.' },
        { role: 'user', content: 'Is the Moon a planet?' },
        { role: 'assistant', content: 'Non, c’est un satellite.' },
        { role: 'user', content: 'So: yes or no?' },
      ],
      output: 'No',
      correct: true,
    });
    expect(run?.examples[2]).toMatchObject({ output: 'It is 381.', expected: '391', extracted: '381' });
  });

  it('stops on records that break the published schema or disagree with their samples, naming file and line', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'benchscope-eee-in-')), 'record');
    cpSync(input('lm-eval-gsm8k'), dir, { recursive: true });
    const samples = join(dir, '3f1c2a4e-8b7d-4c2e-9a1f-5d6e7f8a9b0c_samples.jsonl');
    const lines = readFileSync(samples, 'utf8').split('\n');
    const row = JSON.parse(lines[1] ?? '') as Obj;
    delete (row['evaluation'] as Obj)['is_correct'];
    row['interaction_type'] = 'single';
    lines[1] = JSON.stringify(row);
    writeFileSync(samples, lines.join('\n'));
    await expect(importEee([dir])).rejects.toThrow(
      `${samples}: not valid Every Eval Ever samples (instance_level_eval.schema.json 0.3.0):\n  line 2: /interaction_type: must be equal to one of the allowed values ("single_turn", "multi_turn", "agentic")\n  line 2: /evaluation: must have required property 'is_correct'`,
    );
    writeFileSync(
      samples,
      readFileSync(join(input('lm-eval-gsm8k'), basename(samples)), 'utf8')
        .split('\n')
        .slice(0, 4)
        .join('\n'),
    );
    await expect(importEee([dir])).rejects.toThrow(
      `${samples}: 4 lines, but the aggregate declares total_rows 6; a samples file cut short (or from another record)? Nothing was written.`,
    );
  });

  it('stops before writing when two results would become the same run folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'benchscope-eee-in-')), 'record');
    cpSync(input('lm-eval-gsm8k'), dir, { recursive: true });
    const file = join(dir, '3f1c2a4e-8b7d-4c2e-9a1f-5d6e7f8a9b0c.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as { evaluation_results: { metric_config: Obj }[] };
    // Without lm-eval's "(filter: …)" descriptions, nothing tells the two filters apart.
    for (const r of record.evaluation_results) r.metric_config['evaluation_description'] = 'exact_match';
    writeFileSync(file, JSON.stringify(record));
    const { root, result } = await importInto(dir, ['--finished-at', '2025-06-15T16:00:00Z']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'EEE record 3f1c2a4e-8b7d-4c2e-9a1f-5d6e7f8a9b0c.json, result gsm8k/strict-match:exact_match and EEE record 3f1c2a4e-8b7d-4c2e-9a1f-5d6e7f8a9b0c.json, result gsm8k/flexible-extract:exact_match would both become run acme-llama-3-gsm8k-unversioned-20250615-n3-c627c0; import them one at a time with --metric or --id',
    );
    expect(existsSync(join(root, 'runs'))).toBe(false);
  });
});

describe('Every Eval Ever export', () => {
  it('writes a record of every scored run that the published schemas and the datastore rules accept', async () => {
    const archive = await loadArchive(SAMPLE);
    expect(archive.problems).toEqual([]);
    const scored = archive.runs.filter((r) => r.stats);
    expect(scored.length).toBeGreaterThan(10);
    for (const loaded of scored)
      expect([loaded.id, eeeProblems(await exportRun(SAMPLE, loaded))]).toEqual([loaded.id, []]);
  });

  it('names the record as EEE does, the same on every build, and keeps chat prompts and choices readable', async () => {
    expect(eeeUuid('code-synth-aurora-nimbus')).toBe(eeeUuid('code-synth-aurora-nimbus'));
    expect(eeeUuid('code-synth-aurora-nimbus')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // The documented recipe, checked against the value in EEE's own reference conversion.
    expect(sampleHash('What is 2 + 2?', ['4'])).toBe(
      '9c94305328f8e70341f9d1880f4eaa6ea7f93b8922e6a03a8cdcf1924d28db0b',
    );
    const archive = await loadArchive(SAMPLE);
    const code = archive.runs.find((r) => r.id === 'code-synth-aurora-nimbus');
    if (!code) throw new Error('the sample archive lacks code-synth-aurora-nimbus');
    const record = await exportRun(SAMPLE, code);
    expect(record.names.samplesPath).toBe(
      `data/code-synth/aurora/aurora-8b-instruct/${eeeUuid(code.id)}_samples.jsonl`,
    );
    const [first] = rowsOf(record.samples);
    expect(first?.['interaction_type']).toBe('single_turn');
    expect(JSON.parse(String(at(first, 'input', 'formatted')))).toEqual((await examplesOf(SAMPLE, code))[0]?.prompt);
    expect(at(first, 'input', 'raw')).toBe(
      'def sum_multiples_of_2(nums: list[int]):\n    """Return the sum of the numbers in nums that are divisible by 2."""\n',
    );
    expect(record.aggregate).toMatchObject({
      evaluation_id: 'benchscope/code-synth-aurora-nimbus',
      evaluation_timestamp: String(Date.parse('2026-09-17T06:28:07Z') / 1000),
      retrieved_timestamp: String(Date.parse(ADDED) / 1000),
      eval_library: { name: 'benchscope-sample', version: '1' },
      evaluation_results: [{ metric_config: { metric_id: 'pass@1', min_score: 0, max_score: 1 } }],
    });
  });

  it('keeps, through EEE → Benchscope → EEE, every field both formats hold', async () => {
    for (const [name, resultIds, extra] of [
      ['lm-eval-gsm8k', ['gsm8k/strict-match:exact_match', 'gsm8k/flexible-extract:exact_match'], []],
      ['chat-agentic', [undefined], ['--metric', 'accuracy', '--dataset-size', '3']],
    ] as const) {
      const { root, archive } = await importInto(input(name), [...extra, '--finished-at', '2025-10-09T09:00:00Z']);
      expect(archive.problems).toEqual([]);
      const file = readdirSync(input(name)).find((f) => f.endsWith('.json')) ?? '';
      const original = JSON.parse(readFileSync(join(input(name), file), 'utf8')) as Obj;
      const originalSamples = readFileSync(join(input(name), file.replace('.json', '_samples.jsonl')), 'utf8');
      const runs = [...archive.runs].sort((a, b) => b.id.localeCompare(a.id)); // strict-match before flexible-extract
      for (const [k, loaded] of runs.entries()) {
        const again = await exportRun(root, loaded);
        expect(eeeProblems(again)).toEqual([]);
        const before = shared(original, originalSamples, resultIds[k], true);
        const after = shared(again.aggregate, again.samples, undefined);
        expect(known(after, before)).toEqual(before);
      }
    }
  });

  it('keeps a Benchscope run through Benchscope → EEE → Benchscope, but for the types EEE writes as text', async () => {
    const archive = await loadArchive(SAMPLE);
    for (const id of [
      'code-synth-aurora-nimbus',
      'quiz-synth-v2-aurora-harborlight-subset',
      'math-synth-basalt-nimbus',
    ]) {
      const loaded = archive.runs.find((r) => r.id === id);
      if (!loaded || !isScored(loaded.run)) throw new Error(`the sample archive lacks ${id}`);
      const record = await exportRun(SAMPLE, loaded);
      const dir = mkdtempSync(join(tmpdir(), 'benchscope-eee-back-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, basename(record.names.aggregatePath)), JSON.stringify(record.aggregate));
      writeFileSync(join(dir, basename(record.names.samplesPath)), record.samples);
      const [back] = await importEee([dir]);
      if (!back) throw new Error('nothing imported');
      const { run } = runFile(back, {
        provider: loaded.run.endpoint.provider,
        family: loaded.run.endpoint.family,
        promptMode: loaded.run.prompt.mode,
        runId: loaded.run.id,
      });
      // Declared figures come back recomputed from the examples (to more digits than the sample wrote).
      // Notes and the synthetic flag are exported for EEE's readers, but not imported: a contributor says them.
      const { score: declared, latency_ms: latency } = loaded.run;
      const kept = Object.fromEntries(
        Object.entries(loaded.run).filter(([k]) => !['score', 'latency_ms', 'synthetic', 'notes'].includes(k)),
      );
      expect(run).toMatchObject(kept);
      expect(run).not.toHaveProperty('synthetic');
      expect((run['score'] as { value: number }).value).toBeCloseTo(declared.value, 3);
      for (const k of ['p50', 'p95', 'mean'] as const)
        expect((run['latency_ms'] as Record<string, number>)[k]).toBeCloseTo(latency?.[k] ?? NaN, 0);
      const text = (v: Example['expected']) =>
        v === null || typeof v === 'string' ? v : Array.isArray(v) ? v.map(String) : String(v);
      const before = (await examplesOf(SAMPLE, loaded)).map((e) => ({
        ...e,
        expected: text(e.expected),
        extracted: e.extracted === null ? null : String(e.extracted),
      }));
      expect(back.examples).toEqual(before);
    }
    expect(existsSync(join(SAMPLE, 'runs'))).toBe(true);
  });
});
