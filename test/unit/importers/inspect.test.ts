import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import { importInspect, valueToFloat } from '../../../src/importers/inspect.ts';
import { fixture } from '../../helpers/paths.ts';
import { script } from '../../helpers/run.ts';

const input = (name: string) => fixture(`import/inspect/${name}`);

async function importInto(name: string, extra: string[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'benchscope-inspect-'));
  const result = await script('import', [
    'inspect',
    input(name),
    '--provider',
    'acme',
    '--family',
    'gpt-4o',
    '--out',
    join(root, 'runs'),
    '--register',
    ...extra,
  ]);
  return { result, archive: await loadArchive(root) };
}

describe('Inspect import', () => {
  it.each(['success.json', 'success.eval'])(
    'reads the %s form into a valid run scored as Inspect scored it',
    async (name) => {
      const { result, archive } = await importInto(name);
      expect(result.code).toBe(0);
      expect(archive.problems.map(formatProblem)).toEqual([]);
      const [loaded] = archive.runs;
      expect(loaded?.stats).toMatchObject({ total: 2, correct: 1, score: 0.5 });
      expect(loaded?.run).toMatchObject({
        state: 'completed',
        benchmark: { id: 'arith', version: '2' },
        endpoint: { model: 'openai/gpt-4o-mini' },
        prompt: { few_shot: 0, template: 'system_message(template=Be terse.)\ngenerate' },
        generation: { temperature: 0, max_tokens: 16, stop: ['\n\n'] },
        harness: { name: 'inspect_ai', version: '0.3.260' },
        started_at: '2026-08-01T10:00:00.000Z',
        finished_at: '2026-08-01T10:00:03.000Z',
      });
    },
  );

  it('takes the prompt from the model call that produced the output, and the output text without reasoning', async () => {
    const [run] = await importInspect([input('success.eval')]);
    const [first, second] = run?.examples ?? [];
    expect(first?.prompt).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'What is 2+2? Answer with a number.' },
    ]);
    expect(first).toMatchObject({
      output: '4',
      expected: '4',
      extracted: '4',
      correct: true,
      latency_ms: 412,
      tokens: { prompt: 20, completion: 1 },
    });
    expect(second).toMatchObject({ output: '6 — naïvely', extracted: '6', correct: false });
    expect((second?.prompt as { content: string }[])[1]?.content).toBe(
      'What is 3×3? Answer with a number, s’il vous plaît.',
    );
  });

  it('scores several epochs as their mean, as Inspect reports it', async () => {
    const { archive } = await importInto('epochs.eval');
    expect(archive.runs[0]?.stats).toMatchObject({ total: 2, score: 0.75, correct: 1 });
    const [run] = await importInspect([input('epochs.eval')]);
    expect(run?.examples[0]).toMatchObject({ id: '1', correct: false, score: 0.5, output: '5' });
  });

  it('makes an unfinished log partial, cancelled or failed as fits', async () => {
    const cancelled = await importInto('cancelled.json');
    expect(cancelled.archive.runs[0]?.run).toMatchObject({
      state: 'partial',
      scope: { kind: 'partial', partial_reason: 'interrupted', sample_size: 1, dataset_size: 2 },
    });
    expect(cancelled.result.stdout).toContain('1 samples cancelled while running, without a score');
    const early = await importInto('cancelled-early.json');
    expect(early.archive.runs[0]?.run).toMatchObject({
      state: 'cancelled',
      error: 'Cancelled before any sample was scored.',
    });
    const failed = await importInto('error.json');
    expect(failed.archive.runs[0]?.run).toMatchObject({
      state: 'failed',
      error: 'AuthenticationError: invalid API key',
    });
    expect(failed.archive.problems).toEqual([]);
    const killed = await importInto('killed.eval', ['--finished-at', '2026-08-01T10:05:00Z']);
    expect(killed.archive.runs[0]?.run).toMatchObject({
      state: 'partial',
      error: 'The log was never finished: the process stopped before the end.',
    });
  });

  it('reads verdicts as Inspect does', () => {
    expect(['C', 'P', 'I', 'N', true, 0.25, '0.5', 'yes', null].map(valueToFloat)).toEqual([
      1,
      0.5,
      0,
      0,
      1,
      0.25,
      0.5,
      1,
      undefined,
    ]);
  });
});
