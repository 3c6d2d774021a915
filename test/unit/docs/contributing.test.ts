import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLmEval } from '../../../src/importers/lm-eval.ts';
import { runFile } from '../../../src/importers/write.ts';
import { CHANGE_KINDS, KIND_REVIEW, KIND_TITLES } from '../../../src/pr/kinds.ts';
import { fixture, fixtureNames, PROJECT } from '../../helpers/paths.ts';

// CONTRIBUTING.md shows a complete run and the validator's messages: both must stay true.
const guide = readFileSync(join(PROJECT, 'CONTRIBUTING.md'), 'utf8');
const blocks = [...guide.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] ?? '' }));
const example = join(fixture('valid-all-states'), 'runs', 'quiz-full');

describe('CONTRIBUTING.md', () => {
  it('shows a complete run exactly as the valid fixture holds it', () => {
    const runJson = blocks.find((b) => b.lang === 'json')?.body ?? '';
    const { $schema, ...run } = JSON.parse(runJson) as Record<string, unknown>;
    expect($schema).toBe('../../public/schemas/run.schema.json');
    expect(run).toEqual(JSON.parse(readFileSync(join(example, 'run.json'), 'utf8')));
    const lines = blocks.find((b) => b.body.startsWith('{"id"'))?.body;
    expect(lines).toBe(readFileSync(join(example, 'examples.jsonl'), 'utf8'));
  });

  it("states the importer's own default prompt mode", async () => {
    const [imported] = await importLmEval([fixture('import/lm-eval/gsm8k-two-filters')]);
    if (!imported) throw new Error('no run');
    const { run } = runFile(imported, { provider: 'acme', family: 'llama-3' });
    const mode = (run['prompt'] as { mode: string }).mode;
    const said = guide.replace(/\s+/g, ' ');
    expect(said).toContain(`without it the run is recorded as \`${mode}\`, the safe default`);
    expect(said).not.toMatch(/canonical prompt \(the default\)/);
  });

  it('tells reviewers what to read for each kind of change, in the words the check uses', () => {
    for (const kind of CHANGE_KINDS) {
      const title = kind === 'runs' ? 'runs only' : KIND_TITLES[kind];
      expect(guide).toContain(`| ${title} | ${KIND_REVIEW[kind]} |`);
    }
  });

  it('quotes only messages the validator gives for a fixture', () => {
    const produced = fixtureNames().flatMap((name) =>
      readdirSync(fixture(name)).includes('expected-problems.txt')
        ? readFileSync(join(fixture(name), 'expected-problems.txt'), 'utf8').split('\n').filter(Boolean)
        : [],
    );
    const quoted = [...guide.matchAll(/^\| `((?:runs|content)\/[^`]+)` \|/gm)].map((m) => m[1]);
    expect(quoted.length).toBeGreaterThanOrEqual(15);
    expect(quoted.filter((q) => !produced.includes(q ?? ''))).toEqual([]);
  });
});
