import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import { importHelm } from '../../../src/importers/helm.ts';
import { fixture } from '../../helpers/paths.ts';
import { script } from '../../helpers/run.ts';

const input = (name: string) => fixture(`import/helm/${name}`);

async function importInto(dir: string, extra: string[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'benchscope-helm-'));
  const result = await script('import', [
    'helm',
    dir,
    '--provider',
    'openai',
    '--family',
    'gpt-4o',
    '--out',
    join(root, 'runs'),
    '--register',
    ...extra,
  ]);
  return { root, result, archive: await loadArchive(root) };
}

/** A copy of a fixture run folder with one file changed, to show what the importer refuses. */
function variant(name: string, file: string, change: (data: unknown) => unknown): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'benchscope-helm-in-')), name);
  cpSync(input(name), dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')))));
  return dir;
}

describe('HELM import', () => {
  it('turns a multiple-choice run into a valid run of its test split, scored as HELM scored it', async () => {
    const { result, archive } = await importInto(input('mmlu-joint'), ['--dataset-size', '311']);
    expect(result.code).toBe(0);
    expect(archive.problems.map(formatProblem)).toEqual([]);
    const [loaded] = archive.runs;
    expect(loaded?.stats).toMatchObject({ total: 3, correct: 2 });
    expect(loaded?.run).toMatchObject({
      state: 'completed',
      benchmark: { id: 'mmlu', version: 'unversioned' },
      endpoint: { model: 'openai/gpt-4o-mini-2024-07-18' },
      prompt: { few_shot: 2, template_id: 'helm/mmlu:subject=philosophy,method=multiple_choice_joint' },
      generation: { temperature: 0, max_tokens: 1, stop: [], top_p: 1, extra: { num_completions: 1 } },
      harness: { name: 'helm' },
      scope: { kind: 'partial', sample_size: 3, dataset_size: 311, partial_reason: 'by-design' },
      score: { metric: 'accuracy', method: 'exact_match', value: 0.666667 },
      started_at: '2025-11-05T15:02:02.000Z',
      finished_at: '2025-11-05T15:02:07.125Z',
    });
    expect(result.stdout).toContain('accuracy 0.6667 (the tool reports 0.6667)');
    expect(result.stdout).toContain(
      'dropped: instances of split valid (1): HELM reports each split apart; import again with --split <name>',
    );
    expect(result.stdout).toContain(
      'dropped: 1 perturbed requests (robustness and fairness variants): other questions, scored apart',
    );
    expect(result.stdout).toContain(
      'dropped: other metrics (quasi_exact_match, prefix_exact_match, quasi_prefix_exact_match)',
    );
  });

  it('keeps the prompt and completion verbatim, non-ASCII included, and reads the choice letter', async () => {
    const [run] = await importHelm([input('mmlu-joint')]);
    const [first, second, third] = run?.examples ?? [];
    expect(first).toMatchObject({
      id: 'philosophy/id147',
      subject: 'philosophy',
      output: ' C',
      expected: 'C',
      extracted: 'C',
      correct: true,
      latency_ms: 680.367,
    });
    expect(typeof first?.prompt === 'string' && first.prompt.endsWith('D. meaning in an afterlife\nAnswer:')).toBe(
      true,
    );
    expect(second).toMatchObject({ expected: 'B', extracted: 'D', correct: false });
    expect(third?.prompt).toContain('Who wrote the “Ἠθικὰ Νικομάχεια” (Nicomachean Ethics)?');
    const [valid] = await importHelm([input('mmlu-joint')], { split: 'valid' });
    expect(valid?.examples.map((e) => e.id)).toEqual(['philosophy/id3']);
    expect(valid?.reported).toEqual({ metric: 'exact_match', value: 0 });
  });

  it('reads chat requests as messages and averages train trials, as HELM does', async () => {
    const { result, archive } = await importInto(input('chat-generation'), [
      '--metric',
      'f1_score',
      '--dataset-size',
      '3',
      '--finished-at',
      '2024-05-01T00:00:00Z',
    ]);
    expect(result.code).toBe(0);
    expect(archive.problems).toEqual([]);
    expect(archive.runs[0]?.run).toMatchObject({
      benchmark: { id: 'narrative_qa' },
      prompt: { few_shot: 0, template_id: 'helm/narrative_qa' },
      score: { metric: 'f1_score', method: 'f1_score', value: 0.383333 },
      scope: { kind: 'full' },
    });
    expect(archive.runs[0]?.run).not.toHaveProperty('latency_ms');
    expect(result.stdout).toContain(
      "dropped: run dates: 6 answers came from HELM's cache, so the request times are not this run's; pass --finished-at",
    );
    const [run] = await importHelm([input('chat-generation')], { metric: 'f1_score' });
    expect(run?.examples[0]).toMatchObject({
      id: 'id1',
      prompt: [
        { role: 'system', content: 'Answer briefly.' },
        {
          role: 'user',
          content:
            'Passage: Jean Valjean steals bread and is sent to prison.\nQuestion: Why is Valjean sent to prison in «Les Misérables»?\nAnswer:',
        },
      ],
      output: 'For stealing bread',
      expected: ['For stealing bread', 'He stole bread'],
      correct: false,
      score: 0.75,
    });
    expect(run?.examples[0]?.scoring?.notes).toBe(
      "2 train trials: 1, 0.5; the score is their mean, the prompt and output shown are trial 0's.",
    );
    expect(run?.examples[2]).toMatchObject({ output: '', extracted: null, correct: false });
    expect(run?.examples[2]).not.toHaveProperty('score');
  });

  it('stops, writing nothing, when its figure disagrees with stats.json or a file is missing', async () => {
    const edited = variant('mmlu-joint', 'stats.json', (stats) =>
      (stats as { name: { name: string; split: string; perturbation?: unknown }; mean: number }[]).map((s) =>
        s.name.name === 'exact_match' && s.name.split === 'test' && !s.name.perturbation ? { ...s, mean: 0.5 } : s,
      ),
    );
    const disagree = await importInto(edited, ['--dataset-size', '311']);
    expect(disagree.result.code).toBe(1);
    expect(disagree.result.stderr).toContain(
      'the examples give 0.6666666666666666 for exact_match, but the tool reports 0.5. The samples do not match the results',
    );
    expect(existsSync(join(disagree.root, 'runs')) ? readdirSync(join(disagree.root, 'runs')) : []).toEqual([]);

    const missing = join(mkdtempSync(join(tmpdir(), 'benchscope-helm-in-')), 'run');
    cpSync(input('mmlu-joint'), missing, { recursive: true });
    rmSync(join(missing, 'per_instance_stats.json'));
    const incomplete = await importInto(missing);
    expect(incomplete.result.code).toBe(1);
    expect(incomplete.result.stderr).toContain(
      `${missing}: no per_instance_stats.json; HELM writes it when a run finishes`,
    );
    await expect(importHelm([input('mmlu-joint')], { metric: 'bleu_4' })).rejects.toThrow(
      'no per-instance metric "bleu_4"; it has num_prompt_tokens, num_completion_tokens, inference_runtime, exact_match, quasi_exact_match, prefix_exact_match, quasi_prefix_exact_match',
    );
  });
});
