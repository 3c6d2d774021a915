import { describe, expect, it } from 'vitest';
import {
  checkRelease,
  difference,
  formatDifferences,
  formatTable,
  type ReleaseFiles,
} from '../../../src/scorers/release-check.ts';

function memory(files: Record<string, string>): ReleaseFiles {
  return {
    list: (dir) => [
      ...new Set(
        Object.keys(files)
          .filter((p) => p.startsWith(`${dir}/`))
          .map((p) => p.slice(dir.length + 1).split('/')[0] ?? ''),
      ),
    ],
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no file ${path}`);
      return text;
    },
  };
}

const reply = (a: string) => `{"reasoning": "r", "answer": "${a}"}`;

describe('checkRelease', () => {
  it('scores a ZeroEval gsm folder and finds renamed rows', () => {
    const fs = memory({
      '/r/gsm/deepseek-chat.json': JSON.stringify([
        { id: 'a', output: [reply('18')], answer: '# 18' },
        { id: 'b', output: [reply('5')], answer: '# 6' },
        { id: 'c', output: ['no json'], answer: '# 1' },
        { id: 'd', output: [reply('$1,000')], answer: '# 1000' },
      ]),
      '/r/gsm.summary.json': JSON.stringify([
        { Model: 'deepseek-v2-chat-0628', Acc: '25.00', 'No answer': '25.00', Total: 4 },
      ]),
    });
    const run = checkRelease(fs, 'zeroeval-gsm', '/r')[0];
    if (!run) throw new Error('no run');
    expect(run).toMatchObject({
      file: 'gsm/deepseek-chat.json',
      correct: 2,
      noAnswer: 1,
      accuracy: 50,
      published: 25,
      publishedNoAnswer: 25,
      publishedTotal: null,
    });
    expect(difference(run)).toBe(25);
    const table = formatTable([run]);
    expect(table).toContain('+25.00');
    expect(table).toContain('> 0.5');
    expect(table).toContain('0 of 1 runs within 0.5 pp');
    expect(formatDifferences(run, { a: true, b: false, c: false, d: false }, 5)).toContain(
      'd: ours correct, publisher incorrect',
    );
  });
  it('scores BBH outputs against their eval metrics, and skips non-letter tasks for multiple-choice-letter', () => {
    const fs = memory({
      '/b/code-davinci-002-cot/snarks_few_shot_template_0-255000.json': JSON.stringify({
        canary: 'x',
        outputs: [
          { input: 'q', prediction: 'So the answer is (A).', target: '(A)' },
          { input: 'q', prediction: 'So the answer is (A) or (B).', target: '(B)' },
        ],
      }),
      '/b/code-davinci-002-cot/snarks_few_shot_template_0-255000_eval_metrics.jsonl': '{"accuracy": 50.0}\n',
      '/b/code-davinci-002-cot/navigate_few_shot_template_0-255000.json': JSON.stringify({
        canary: 'x',
        outputs: [{ input: 'q', prediction: 'So the answer is Yes.', target: 'Yes' }],
      }),
      '/b/code-davinci-002-cot/navigate_few_shot_template_0-255000_eval_metrics.jsonl': '{"accuracy": 100.0}\n',
    });
    const runs = checkRelease(fs, 'bbh', '/b');
    expect(runs.map((r) => [r.file.split('/')[1], r.accuracy, r.published])).toEqual([
      ['navigate_few_shot_template_0-255000.json', 100, 100],
      ['snarks_few_shot_template_0-255000.json', 50, 50],
    ]);
    expect(checkRelease(fs, 'bbh', '/b', 'multiple-choice-letter').map((r) => r.file)).toEqual([
      'code-davinci-002-cot/snarks_few_shot_template_0-255000.json',
    ]);
  });
});
