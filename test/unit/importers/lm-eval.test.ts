import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import { importLmEval } from '../../../src/importers/lm-eval.ts';
import { fixture } from '../../helpers/paths.ts';
import { script } from '../../helpers/run.ts';

const input = (name: string) => fixture(`import/lm-eval/${name}`);

/** Import into a fresh archive with registry stubs, and load it back through the validator. */
async function importInto(name: string, extra: string[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'benchscope-import-'));
  const result = await script('import', [
    'lm-eval',
    input(name),
    '--provider',
    'acme',
    '--family',
    'llama-3',
    '--out',
    join(root, 'runs'),
    '--register',
    ...extra,
  ]);
  const archive = await loadArchive(root);
  return { root, result, archive };
}

describe('lm-eval import', () => {
  it('makes one run per filter, scored as the tool scored it, valid for the archive', async () => {
    const { result, archive } = await importInto('gsm8k-two-filters');
    expect(result.code).toBe(0);
    expect(archive.problems.map(formatProblem)).toEqual([]);
    const byMethod = new Map(archive.runs.map((r) => [r.run.state === 'completed' ? r.run.score.method : '', r]));
    expect([...byMethod.keys()].sort()).toEqual(['flexible-extract', 'strict-match']);
    expect(byMethod.get('strict-match')?.stats?.score).toBe(0.5);
    expect(byMethod.get('flexible-extract')?.stats?.score).toBe(1);
    const run = byMethod.get('strict-match')?.run;
    expect(run).toMatchObject({
      benchmark: { id: 'gsm8k', version: '3.0' },
      endpoint: { provider: 'acme', family: 'llama-3', model: 'meta-llama/Llama-3.2-3B' },
      prompt: { mode: 'custom', few_shot: 1 },
      scope: { kind: 'partial', sample_size: 2, dataset_size: 1319, partial_reason: 'by-design' },
      harness: { name: 'lm-evaluation-harness', version: '0.4.9' },
      generation: { temperature: 0, stop: ['Question:', '</s>', '<|im_end|>'], extra: { do_sample: false } },
      started_at: '2025-06-20T12:03:22.501Z',
    });
    expect(result.stdout).toContain('dropped: the other filters (flexible-extract) become runs of their own');
    expect(result.stdout).toContain('1 answers the filter could not extract ("[invalid]") → extracted: none');
  });

  it('keeps prompts and outputs verbatim, non-ASCII included, and the extracted answer', async () => {
    const [strict] = await importLmEval([input('gsm8k-two-filters')]);
    const first = strict?.examples[0];
    expect(first?.id).toBe('0');
    expect(typeof first?.prompt === 'string' && first.prompt.includes('Janet’s ducks')).toBe(true);
    expect(first?.output).toContain('#### 18');
    expect(first?.extracted).toBe('18');
    expect(strict?.examples[1]?.extracted).toBeNull();
  });

  it('turns a group into one run with subjects, and log-likelihood scoring into choices', async () => {
    const { result, archive } = await importInto('mmlu-group', ['--finished-at', '2025-06-20T15:10:00Z']);
    expect(result.code).toBe(0);
    expect(archive.problems).toEqual([]);
    const [run] = archive.runs;
    expect(run?.stats).toMatchObject({ total: 2, correct: 1, score: 0.5 });
    expect(run?.stats?.subjects.map((s) => s.subject)).toEqual(['anatomy', 'astronomy']);
    const [imported] = await importLmEval([input('mmlu-group')]);
    const example = imported?.examples[0];
    expect(example).toMatchObject({
      id: 'anatomy/0',
      subject: 'anatomy',
      output: '',
      expected: 'A',
      extracted: 'D',
      correct: false,
    });
    expect(example?.scoring?.method).toBe('loglikelihood');
    expect(example?.scoring?.choices?.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('stops, writing nothing, when it cannot date the run or the samples disagree with the results', async () => {
    const undated = await importInto('mmlu-group');
    expect(undated.result.code).toBe(1);
    expect(undated.result.stderr).toContain('the tool does not record when the run ended; pass --finished-at');
    const cut = await importInto('truncated-samples');
    expect(cut.result.code).toBe(1);
    expect(cut.result.stderr).toContain('holds 2 samples for this filter, the results count 3; nothing was written');
    expect(existsSync(join(cut.root, 'runs')) ? readdirSync(join(cut.root, 'runs')) : []).toEqual([]);
  });

  it('reads chat prompts of API models as messages, and picks the first listed of several metrics', async () => {
    const [api] = await importLmEval([input('api-chat')]);
    expect(Array.isArray(api?.examples[0]?.prompt)).toBe(true);
    const prompt = api?.examples[0]?.prompt as { role: string; content: string }[];
    expect(prompt.map((m) => m.role)).toEqual(['system', 'user']);
    expect(prompt[0]?.content).toBe('Réponds en français, s’il te plaît.');
    expect(api?.harness.version).toBeUndefined();
    const { archive, result } = await importInto('chat-ifeval');
    expect(result.code).toBe(0);
    expect(archive.runs[0]?.run.state === 'completed' && archive.runs[0].run.score.metric).toBe(
      'prompt_level_strict_acc',
    );
    expect(result.stdout).toContain(
      'other metrics (inst_level_strict_acc, prompt_level_loose_acc, inst_level_loose_acc)',
    );
    const examples = readFileSync(join(archive.root, 'runs', archive.runs[0]?.id ?? '', 'examples.jsonl'), 'utf8');
    expect(examples).toContain('東京');
  });
});
