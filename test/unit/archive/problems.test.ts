import { describe, expect, it } from 'vitest';
import { formatPath, formatProblem, suggest } from '../../../src/archive/problems.ts';

describe('formatProblem', () => {
  it('prints file:line: path: message', () => {
    expect(
      formatProblem({
        file: 'runs/acme-mmlu/examples.jsonl',
        line: 1532,
        path: 'examples[1531].correct',
        message: 'expected boolean, received string',
      }),
    ).toBe('runs/acme-mmlu/examples.jsonl:1532: examples[1531].correct: expected boolean, received string');
  });

  it('adds the column of syntax errors and leaves out what is unknown', () => {
    expect(formatProblem({ file: 'runs/a/run.json', line: 3, column: 9, message: 'invalid JSON: x' })).toBe(
      'runs/a/run.json:3:9: invalid JSON: x',
    );
    expect(formatProblem({ file: 'runs/a/', message: 'run folder without run.json' })).toBe(
      'runs/a/: run folder without run.json',
    );
  });
});

describe('formatPath', () => {
  it('writes field paths as a reader would type them', () => {
    expect(formatPath(['scope', 'kind'])).toBe('scope.kind');
    expect(formatPath(['prompt', 0, 'role'], 'examples[3]')).toBe('examples[3].prompt[0].role');
    expect(formatPath(['generation', 'extra', 'top-a'])).toBe('generation.extra["top-a"]');
  });
});

describe('suggest', () => {
  it('finds the field a typo was meant to be, and nothing for unrelated names', () => {
    expect(suggest('socre', ['score', 'scope', 'state'])).toBe('score');
    expect(suggest('sample_sise', ['sample_size', 'dataset_size'])).toBe('sample_size');
    expect(suggest('colour', ['id', 'output', 'correct'])).toBeUndefined();
  });
});
