import { cpSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleIndex, readExamples, releaseExampleIndex, sweepExampleCopies } from '../../../src/archive/examples.ts';
import { fixture } from '../../helpers/paths.ts';

const cache = mkdtempSync(join(tmpdir(), 'benchscope-examples-'));
const archive = fixture('valid-all-states');

async function collect(root: string, file: string) {
  const out = [];
  for await (const record of readExamples(root, file)) out.push(record);
  return out;
}

describe('readExamples', () => {
  it('streams a run in file order with line numbers', async () => {
    const records = await collect(archive, 'runs/quiz-full/examples.jsonl');
    expect(records.map((r) => [r.example.id, r.line, r.index])).toEqual([
      ['q1', 1, 0],
      ['q2', 2, 1],
      ['q3', 3, 2],
      ['q4', 4, 3],
    ]);
    expect(records[1]?.example.output).toBe('The answer is (D).');
  });

  it('reads gzip files the same way', async () => {
    const plain = await collect(archive, 'runs/quiz-full/examples.jsonl');
    const gzip = await collect(archive, 'runs/quiz-full-gz/examples.jsonl.gz');
    expect(gzip).toEqual(plain);
  });
});

describe('exampleIndex', () => {
  it.each([
    ['plain', archive, 'runs/quiz-full/examples.jsonl'],
    ['gzip', archive, 'runs/quiz-full-gz/examples.jsonl.gz'],
    ['BOM and CRLF', fixture('bom-crlf'), 'runs/quiz-crlf/examples.jsonl'],
  ])('finds one example by id in a %s file', async (_, root, file) => {
    const index = await exampleIndex(root, file, cache);
    expect(index.ids).toEqual(['q1', 'q2', 'q3', 'q4']);
    const all = await collect(root, file);
    for (const { example } of all) expect(await index.get(example.id)).toEqual(example);
    expect(await index.get('q5')).toBeUndefined();
  });

  it.each([
    ['plain', archive, 'runs/quiz-full/examples.jsonl'],
    ['gzip', archive, 'runs/quiz-full-gz/examples.jsonl.gz'],
    ['BOM and CRLF', fixture('bom-crlf'), 'runs/quiz-crlf/examples.jsonl'],
  ])(
    'in a %s file, reads examples at the places a pass over the file found, without reading it again',
    async (_, root, file) => {
      releaseExampleIndex(root, file); // built by the test before
      const all = await collect(root, file);
      // The places of all but the last example: the index knows only those.
      const known = all.slice(0, -1);
      const index = await exampleIndex(root, file, mkdtempSync(join(tmpdir(), 'benchscope-known-')), {
        ids: known.map((r) => r.example.id),
        places: known.map((r) => r.place),
      });
      expect(index.ids).toEqual(['q1', 'q2', 'q3']);
      for (const { example } of known) expect(await index.get(example.id)).toEqual(example);
      expect(await index.get('q4')).toBeUndefined();
      releaseExampleIndex(root, file);
    },
  );

  it('is built once and shared', async () => {
    const a = exampleIndex(archive, 'runs/code-chat/examples.jsonl', cache);
    const b = exampleIndex(archive, 'runs/code-chat/examples.jsonl', cache);
    expect(a).toBe(b);
    expect((await a).ids).toEqual(['task/0', 'task/1', 'task/2']);
    expect((await (await a).get('task/1'))?.scoring?.tests?.map((t) => t.passed)).toEqual([true, false]);
  });

  it('once released, is built afresh, and an index still held keeps answering', async () => {
    const file = 'runs/quiz-full/examples.jsonl';
    const held = await exampleIndex(archive, file, cache);
    const expected = await held.get('q2');
    releaseExampleIndex(archive, file);
    await Promise.resolve();
    const fresh = exampleIndex(archive, file, cache);
    expect(await fresh).not.toBe(held);
    expect(await held.get('q2')).toEqual(expected);
    expect((await fresh).ids).toEqual(['q1', 'q2', 'q3', 'q4']);
  });

  it("keeps a gzip file's decompressed copy while the file is unchanged, read or not", async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-copies-archive-'));
    cpSync(archive, root, { recursive: true });
    const copies = mkdtempSync(join(tmpdir(), 'benchscope-copies-'));
    const file = 'runs/quiz-full-gz/examples.jsonl.gz';
    await exampleIndex(root, file, copies);
    releaseExampleIndex(root, file);
    const [copy] = readdirSync(copies);
    expect(copy).toMatch(/^[0-9a-f]{24}\.jsonl$/);
    // A build that reads no example of the run keeps its copy.
    expect(sweepExampleCopies([join(root, file)], copies)).toBe(0);
    expect(readdirSync(copies)).toEqual([copy]);
    // Once the file changes, its copy is of a file the archive no longer has.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, file), later, later);
    expect(sweepExampleCopies([join(root, file)], copies)).toBe(1);
    expect(readdirSync(copies)).toEqual([]);
  });
});
