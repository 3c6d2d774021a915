import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArchive } from '../../../src/archive/load.ts';
import { formatProblem } from '../../../src/archive/problems.ts';
import { isScored } from '../../../src/schema/run.ts';
import { generateSample } from '../../../src/sample/generate.ts';
import { COMMITTED_SAMPLE } from '../../../src/sample/plan.ts';
import { SAMPLE } from '../../helpers/paths.ts';

const temp: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'benchscope-sample-'));
  temp.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** File contents by path, gzip files compared by their text (compressed bytes vary with zlib). */
function contents(root: string, files: string[]): Map<string, string> {
  return new Map(
    files.map((f) => {
      const bytes = readFileSync(join(root, f));
      return [
        f,
        createHash('sha256')
          .update(f.endsWith('.gz') ? gunzipSync(bytes) : bytes)
          .digest('hex'),
      ];
    }),
  );
}

describe('npm run sample', () => {
  it('writes the committed sample archive exactly, and nothing else is in its runs/', async () => {
    const out = tempDir();
    const summary = await generateSample({ out, ...COMMITTED_SAMPLE });
    expect(contents(out, summary.files)).toEqual(contents(SAMPLE, summary.files));
    const committed = (await fg('runs/**', { cwd: SAMPLE, dot: true })).sort();
    expect(committed).toEqual(summary.files.filter((f) => f.startsWith('runs/')));
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const sa = await generateSample({ out: a, examples: 600, seed: 7 });
    await generateSample({ out: b, examples: 600, seed: 7 });
    await generateSample({ out: c, examples: 600, seed: 8 });
    expect(contents(b, sa.files)).toEqual(contents(a, sa.files));
    expect(contents(c, sa.files)).not.toEqual(contents(a, sa.files));
  });

  it.each([600, 12_000])('makes a valid archive of about %i examples', async (examples) => {
    const out = tempDir();
    const summary = await generateSample({ out, examples, seed: 3, gzipFrom: 900 });
    expect(Math.abs(summary.examples - examples) / examples).toBeLessThan(0.05);
    const archive = await loadArchive(out);
    expect(archive.problems.map(formatProblem)).toEqual([]);
    expect(archive.examples).toBe(summary.examples);
    // Large runs are compressed, as contributors are asked to do.
    for (const run of archive.runs.filter((r) => r.stats && r.id !== 'quiz-synth-v2-aurora-nimbus'))
      expect(readdirSync(join(out, 'runs', run.id)).includes('examples.jsonl.gz')).toBe((run.stats?.total ?? 0) >= 900);
  });
});

describe('the committed sample archive', async () => {
  const archive = await loadArchive(SAMPLE);
  const runs = archive.runs.map((r) => r.run);

  it('is valid, synthetic and of modest size', () => {
    expect(archive.problems.map(formatProblem)).toEqual([]);
    expect(archive.examples).toBeGreaterThanOrEqual(2000);
    expect(archive.examples).toBeLessThanOrEqual(5000);
    expect(runs.every((r) => r.synthetic === true)).toBe(true);
  });

  it('exercises the whole format', () => {
    const benchmarks = new Map([...archive.registry.benchmarks.values()].map((b) => [b.id, b.data]));
    const used = new Set(runs.map((r) => r.benchmark.id));
    expect(used.size).toBeGreaterThanOrEqual(3);
    const tasks = new Set([...used].map((id) => benchmarks.get(id)?.task));
    expect(tasks).toEqual(new Set(['multiple-choice', 'numeric-answer', 'code']));
    expect([...used].some((id) => (benchmarks.get(id)?.subjects?.length ?? 0) > 0)).toBe(true);
    expect(new Set(runs.map((r) => r.endpoint.provider)).size).toBeGreaterThanOrEqual(3);
    const providersOf = new Map<string, Set<string>>();
    for (const r of runs)
      providersOf.set(r.endpoint.family, (providersOf.get(r.endpoint.family) ?? new Set()).add(r.endpoint.provider));
    expect([...providersOf.values()].filter((p) => p.size >= 2).length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.prompt.mode))).toEqual(new Set(['canonical', 'custom']));
    expect(new Set(runs.map((r) => r.state))).toEqual(new Set(['completed', 'partial', 'failed', 'cancelled']));
    const scopes = runs.filter(isScored).map((r) => (r.scope.kind === 'full' ? 'full' : r.scope.partial_reason));
    expect(new Set(scopes)).toEqual(new Set(['full', 'by-design', 'interrupted']));
    expect(new Set(runs.map((r) => `${r.benchmark.id}@${r.benchmark.version}`)).size).toBeGreaterThan(used.size);
    const files = archive.runs.flatMap((r) => (r.examplesFile ? [r.examplesFile] : []));
    expect(files.some((f) => f.endsWith('.gz'))).toBe(true);
    const firstPrompts = files.map((f) => {
      const bytes = readFileSync(join(SAMPLE, f));
      const text = (f.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      return (JSON.parse(text.slice(0, text.indexOf('\n'))) as { prompt: unknown }).prompt;
    });
    expect(firstPrompts.some((p) => typeof p === 'string')).toBe(true);
    expect(firstPrompts.some((p) => Array.isArray(p))).toBe(true);
    expect(archive.runs.some((r) => (r.stats?.errors ?? 0) > 0)).toBe(true);
    expect(relative(SAMPLE, archive.root)).toBe('');
  });
});
