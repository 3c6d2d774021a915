import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDigest } from '../../../src/lib/digests.ts';
import { CHECK_CODE, CheckCache } from '../../../src/archive/check-cache.ts';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import { moduleClosure } from '../../helpers/imports.ts';
import { fixture, PROJECT } from '../../helpers/paths.ts';

/** A copy of a fixture archive to change, and a check cache of its own. */
function copy(name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'benchscope-checks-'));
  const root = join(dir, 'archive');
  cpSync(fixture(name), root, { recursive: true });
  return { root, cache: () => new CheckCache(join(dir, 'checks'), PROJECT) };
}

const problems = async (root: string, cache: CheckCache) =>
  (await loadArchive(root, { checked: cache })).problems.map(formatProblem);

describe("the build's check cache", () => {
  it('reads again only the examples files that changed, with the same outcome as reading them all', async () => {
    const { root, cache } = copy('valid-all-states');
    const plain = await loadArchive(root);
    const withExamples = plain.runs.filter((r) => r.examplesFile).length;
    expect(withExamples).toBeGreaterThan(2);

    const first = cache();
    expect(await loadArchive(root, { checked: first })).toEqual(plain);
    expect(first.hits).toBe(0);
    const second = cache();
    expect(await loadArchive(root, { checked: second })).toEqual(plain);
    expect(second.hits).toBe(withExamples);

    // One changed file: read again, and its problem reported, in this build and the next.
    appendFileSync(join(root, 'runs/quiz-full/examples.jsonl'), '{"id": "q9"\n');
    for (const attempt of [cache(), cache()]) {
      const found = await problems(root, attempt);
      expect(found.some((p) => p.startsWith('runs/quiz-full/examples.jsonl:'))).toBe(true);
      expect(attempt.hits).toBe(withExamples - 1);
    }
  });

  it("checks a file again when its benchmark's subjects change", async () => {
    const { root, cache } = copy('valid-all-states');
    expect(await problems(root, cache())).toEqual([]);
    const entry = join(root, 'content/benchmarks/tiny-quiz.mdx');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('subjects: [alpha, beta]', 'subjects: [alpha, gamma]'));
    const found = await problems(root, cache());
    expect(found).toContain(
      'runs/quiz-full/examples.jsonl:2: examples[1].subject: "beta" is not a subject of this benchmark; its registry entry lists: alpha, gamma',
    );
  });

  it('keeps the checks of the archive it last validated, not of every past one', async () => {
    const { root, cache } = copy('valid-all-states');
    const first = cache();
    await loadArchive(root, { checked: first });
    first.sweep();
    // The checks (not what the cache notes of each file's size and time).
    const entries = () => readdirSync(first.dir).filter((name) => name.endsWith('.json')).length;
    const before = entries();
    // The same records, written differently: a new file to check, and the old entry not needed.
    const examples = join(root, 'runs/quiz-full/examples.jsonl');
    writeFileSync(examples, readFileSync(examples, 'utf8').replaceAll('{"id": ', '{"id":'));
    const second = cache();
    await loadArchive(root, { checked: second });
    second.sweep();
    expect(second.hits).toBe(before - 1);
    expect(entries()).toBe(before);
  });

  it('is keyed by every module validation runs, so none can change an outcome without changing its key', () => {
    const seen = moduleClosure('src/archive/load.ts');
    expect(new Set(CHECK_CODE.flatMap((entry) => [...moduleClosure(entry)]))).toEqual(seen);
    // The checks of an examples file, the thread that runs them, the schema, the statistics.
    for (const module of [
      'src/archive/validate-run.ts',
      'src/archive/example-checker.ts',
      'src/archive/example-checker.worker.ts',
      'src/archive/jsonl.ts',
      'src/schema/example.ts',
      'src/lib/stats.ts',
    ])
      expect(seen).toContain(module);
  });

  it('gets a new key when a module validation imports changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchscope-check-code-'));
    cpSync(join(PROJECT, 'src'), join(dir, 'src'), { recursive: true });
    const file = join(fixture('valid-all-states'), 'runs/quiz-full/examples.jsonl');
    const key = async () => new CheckCache(join(dir, 'checks'), dir).keyOf(await fileDigest(file), ['alpha']);
    const first = await key();
    writeFileSync(join(dir, 'src/importers/lm-eval.ts'), '// not run by validation\n', { flag: 'a' });
    expect(await key()).toBe(first);
    writeFileSync(join(dir, 'src/schema/common.ts'), '// a change\n', { flag: 'a' });
    expect(await key()).not.toBe(first);
  });
});
