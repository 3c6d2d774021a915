import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArchive } from '../../../src/archive/load.ts';
import { importLmEval } from '../../../src/importers/lm-eval.ts';
import type { ImportedRun } from '../../../src/importers/model.ts';
import { defaultRunId } from '../../../src/importers/write.ts';
import { fixture } from '../../helpers/paths.ts';
import { script } from '../../helpers/run.ts';

// npm run import as a contributor meets it: never replacing a run without a word, ids that tell
// runs apart, and the command line as people type it.
const lmEval = (name: string) => fixture(`import/lm-eval/${name}`);
const who = ['--provider', 'acme', '--family', 'llama-3'];

/** Every file under a folder with its bytes: what an import must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'base64');
  };
  walk(dir, '');
  return out;
}

const importTo = (root: string, args: string[]) =>
  script('import', [...args, ...who, '--out', join(root, 'runs'), '--register']);

describe('an import never replaces a run without a word', () => {
  it('refuses to write into a folder holding a different run, naming it and the ways on, and writes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-import-'));
    const first = await importTo(root, ['lm-eval', lmEval('gsm8k-two-filters'), '--metric', 'exact_match']);
    expect(first.code).toBe(0);
    const [id] = readdirSync(join(root, 'runs'));
    const before = snapshot(root);
    // Another run, given the same id.
    const second = await importTo(root, ['lm-eval', lmEval('chat-ifeval'), '--id', id ?? '']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`runs/${id ?? ''}/ already holds a different run`);
    expect(second.stderr).toMatch(
      /\(gsm8k 3\.0, meta-llama\/Llama-3\.2-3B, custom prompt, completed, 2 examples, finished [^)]+\); lm-eval task ifeval would replace it/,
    );
    expect(second.stderr).toContain('--id <another id>');
    expect(second.stderr).toContain('--replace');
    expect(second.stderr).toContain('nothing was written');
    // Not a file changed, not a registry stub added.
    expect(snapshot(root)).toEqual(before);

    const replaced = await importTo(root, ['lm-eval', lmEval('chat-ifeval'), '--id', id ?? '', '--replace']);
    expect(replaced.code).toBe(0);
    const archive = await loadArchive(root);
    expect(archive.runs.find((r) => r.id === id)?.run.benchmark.id).toBe('ifeval');
  });

  it('says so, and writes nothing, when the very same input is imported again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-import-'));
    const args = ['lm-eval', lmEval('gsm8k-two-filters')];
    expect((await importTo(root, args)).code).toBe(0);
    const before = snapshot(root);
    const again = await importTo(root, args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported: \S*runs\/[^/]+\/ holds this very run; nothing was written/);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('run ids made by importers', () => {
  it('differ for runs that differ in scope, limit, settings or model, and stay short and readable', async () => {
    const [base] = await importLmEval([lmEval('gsm8k-two-filters')]);
    if (!base) throw new Error('no run');
    const facts = { provider: 'acme', family: 'llama-3' };
    const variants: Record<string, ImportedRun> = {
      base,
      limit: { ...base, examples: base.examples.slice(0, 1) },
      full: { ...base, limited: false },
      settings: { ...base, generation: { ...base.generation, temperature: 0.7 } },
      model: { ...base, model: 'meta-llama/Llama-3.2-3B-Instruct' },
      template: { ...base, prompt: { ...base.prompt, fewShot: 5 } },
    };
    const ids = Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, defaultRunId(v, facts)]));
    expect(new Set(Object.values(ids)).size).toBe(Object.keys(ids).length);
    for (const id of Object.values(ids)) {
      expect(id).toMatch(/^acme-llama-3-gsm8k-3-0-strict-match-20250620-n\d+-[0-9a-f]{6}$/);
      expect(id.length).toBeLessThanOrEqual(64);
    }
    // The same run always gets the same id, so importing it again finds it.
    expect(defaultRunId({ ...base }, facts)).toBe(ids['base']);
  });
});

describe('the import command line', () => {
  it('prints its usage for --help, and exits 0', async () => {
    const result = await script('import', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run import -- <format> <inputs…>/);
  });

  it('accepts the samples files a shell expands beside their results file (lm-eval out/*)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-import-'));
    const dir = join(lmEval('gsm8k-two-filters'), 'meta-llama__Llama-3.2-3B');
    const files = readdirSync(dir).map((f) => join(dir, f));
    expect(files.some((f) => f.includes('samples_'))).toBe(true);
    const result = await importTo(root, ['lm-eval', ...files]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(join(root, 'runs'))).toHaveLength(2);
  });

  it('takes the dataset size from the registry version --benchmark-version names (HELM)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-import-'));
    mkdirSync(join(root, 'content', 'benchmarks'), { recursive: true });
    writeFileSync(
      join(root, 'content', 'benchmarks', 'mmlu.mdx'),
      '---\nname: MMLU\nsummary: Questions.\nmetric: accuracy\ntask: multiple-choice\nversions:\n  - id: "2024"\n    dataset_size: 311\n---\n\nMMLU.\n',
    );
    const input = join(mkdtempSync(join(tmpdir(), 'benchscope-helm-in-')), 'mmlu-joint');
    cpSync(fixture('import/helm/mmlu-joint'), input, { recursive: true });
    const result = await script('import', [
      'helm',
      input,
      '--provider',
      'openai',
      '--family',
      'gpt-4o',
      '--benchmark-version',
      '2024',
      '--out',
      join(root, 'runs'),
    ]);
    expect(result.stderr).toBe('');
    const [id] = readdirSync(join(root, 'runs'));
    const run = JSON.parse(readFileSync(join(root, 'runs', id ?? '', 'run.json'), 'utf8')) as unknown;
    expect(run).toMatchObject({ scope: { kind: 'partial', sample_size: 3, dataset_size: 311 } });
    expect(result.stdout).toContain('dataset size: 311, from content/benchmarks/mmlu.mdx (version 2024)');
  });
});
