import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import { fixture, fixtureNames, runFolders } from '../../helpers/paths.ts';

/** The problems a fixture must produce, exactly; none for a valid fixture. */
function expected(name: string): string[] {
  const file = join(fixture(name), 'expected-problems.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

describe.each(fixtureNames())('fixture archive %s', (name) => {
  it(expected(name).length ? 'fails with exactly the expected messages' : 'is valid', async () => {
    const archive = await loadArchive(fixture(name));
    expect(archive.problems.map(formatProblem)).toEqual(expected(name));
  });
});

describe('a valid archive', () => {
  it('loads every run, with figures recomputed from the examples', async () => {
    const archive = await loadArchive(fixture('valid-all-states'));
    const byId = new Map(archive.runs.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(runFolders('valid-all-states'));
    expect(byId.size).toBe(7);
    expect(byId.get('quiz-full')?.stats).toMatchObject({
      total: 4,
      correct: 3,
      errors: 0,
      score: 0.75,
      latency: { p50: 250, p95: 385, mean: 250 },
    });
    // The gzip copy of the same examples gives the same figures.
    expect(byId.get('quiz-full-gz')?.stats).toEqual(byId.get('quiz-full')?.stats);
    expect(byId.get('quiz-v2-subset')?.stats).toMatchObject({ total: 3, correct: 2, errors: 1, latency: null });
    expect(byId.get('quiz-failed')?.stats).toBeUndefined();
    expect(byId.get('quiz-cancelled')?.examplesFile).toBeUndefined();
    expect(archive.examples).toBe(16);
  });

  it('accepts a BOM, CRLF line ends and a final newline', async () => {
    const archive = await loadArchive(fixture('bom-crlf'));
    expect(archive.problems).toEqual([]);
    expect(archive.runs[0]?.stats?.total).toBe(4);
  });
});

describe('every rule of the issue has a failing fixture', () => {
  // Each rule, and a fragment of the message that proves it fired.
  const rules: [string, string][] = [
    ['wrong-types', 'examples[2].correct: expected boolean, received string'],
    ['missing-fields', 'harness: required field missing'],
    ['unknown-fields', 'socre: unknown field; did you mean "score"?'],
    ['run-id-mismatch', 'id: expected "quiz-one", the name of the run folder'],
    ['duplicate-example-id', 'differs only in case'],
    ['unknown-references', 'unknown provider "prov-z"'],
    ['sample-size-mismatch', 'declares 3 examples, but runs/quiz/examples.jsonl has 4'],
    ['scope-rules', 'a full run covers the whole dataset'],
    ['scope-rules', 'a run in state "partial" stopped early'],
    ['failed-cancelled-rules', 'failed runs carry no score'],
    ['failed-cancelled-rules', 'a cancelled run has no examples'],
    ['unfinished-states', 'a queued run cannot be published until it ends'],
    ['declared-figures-mismatch', 'score.value: declares 0.749, but the examples give 0.750'],
    ['declared-figures-mismatch', 'latency_ms.p95: declares 390, but the examples give 385'],
    ['timestamps', 'finished_at: expected a time at or after started_at'],
    ['json-syntax', 'runs/truncated/run.json:27:3: invalid JSON'],
    ['json-syntax', 'runs/split-record/examples.jsonl:3: invalid JSON: this line goes on with the record of line 2'],
    ['json-syntax', 'runs/nan/examples.jsonl:2:180: invalid JSON: Infinity is not valid JSON'],
    ['json-syntax', 'runs/duplicate-key/examples.jsonl:2:166: examples[1].correct: duplicate key'],
    ['wrong-types', 'expected number, received string "400": write the number without quotes'],
    ['invalid-utf8', 'runs/quiz/examples.jsonl:2: invalid UTF-8'],
    ['not-gzip', 'cannot be read as gzip'],
    ['stray-files', 'runs/no-run-json/: run folder without run.json'],
    ['failed-cancelled-rules', 'runs/failed-examples/examples.jsonl: a failed run has no examples'],
    ['symlinks', 'runs/leak/examples.jsonl: symbolic link to ../../../../../package.json, outside the archive'],
    ['symlinks', 'content/providers/prov-z.md: symbolic link to ../../../../../README.md, outside the archive'],
    ['path-traversal-id', 'examples[1].id: ".." is not allowed as a path segment'],
    ['empty-archive', 'runs/: the archive holds no runs'],
    ['blank-line', 'runs/quiz/examples.jsonl:3: blank line'],
    ['size-limits', 'text is longer than 1,048,576 characters'],
    ['size-limits', 'the limit is 4,194,304'],
  ];
  it.each(rules)('%s: %s', (name, fragment) => {
    expect(expected(name).some((line) => line.includes(fragment))).toBe(true);
  });
});
