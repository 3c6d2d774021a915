import { cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { archiveUnits } from '../../../src/search/archive.ts';
import { searchArchiveAt } from '../../helpers/search.ts';
import { RecordsCache, unitRecords } from '../../../src/search/records.ts';
import { fixture } from '../../helpers/paths.ts';

// Count the reads of run files: records of what did not change are never made again.
const reads: string[] = [];
vi.mock('../../../src/archive/examples.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/archive/examples.ts')>();
  return {
    ...original,
    readExamples: (root: string, file: string) => {
      reads.push(file);
      return original.readExamples(root, file);
    },
  };
});
beforeEach(() => {
  reads.length = 0;
});

/** A copy of the site-comparison archive, and a records cache of its own. */
function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'benchscope-records-'));
  const root = join(dir, 'archive');
  cpSync(fixture('site-comparison'), root, { recursive: true });
  const cache = new RecordsCache(join(dir, 'records'));
  const make = async () => {
    const archive = await searchArchiveAt(root);
    return { archive, records: await unitRecords(archive, archiveUnits(archive), 'code', cache) };
  };
  return { root, cache, make };
}

/** A new run of the `leader` run's examples, `change` applied to its examples file. */
function addRun(root: string, id: string, change: (examples: string) => string = (e) => e) {
  const from = join(root, 'runs', 'leader');
  const to = join(root, 'runs', id);
  cpSync(from, to, { recursive: true });
  const run = JSON.parse(readFileSync(join(from, 'run.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(to, 'run.json'), JSON.stringify({ ...run, id }, null, 2));
  writeFileSync(join(to, 'examples.jsonl'), change(readFileSync(join(from, 'examples.jsonl'), 'utf8')));
  return `runs/${id}/examples.jsonl`;
}

describe('unit records', () => {
  it('holds each example and each question once, in its unit, reading each run file once', async () => {
    const { cache, make } = setUp();
    const { archive, records } = await make();
    expect(reads.sort()).toEqual(archive.runs.map((r) => r.examplesFile).sort());
    const seen: string[] = [];
    for (const [unit, info] of records) {
      let items = 0;
      for await (const doc of cache.documents(info.key)) {
        const owner = /^\/runs\/([^/]+)\//.exec(doc.url)?.[1];
        const benchmark = /^\/benchmarks\/([^/]+)\//.exec(doc.url)?.[1];
        expect(unit).toMatch(owner ? new RegExp(`^run/${owner}/`) : new RegExp(`^questions/${benchmark ?? ''}/`));
        for (const [, id] of doc.content.matchAll(/<h2 id="([^"]+)">/g)) seen.push(`${owner ?? '?'} ${id}`);
        items += doc.items;
      }
      expect(items).toBe(info.items);
    }
    const examples = archive.runs.reduce((n, r) => n + r.examples, 0);
    expect(seen.filter((s) => !s.startsWith('?'))).toHaveLength(examples);
    expect(new Set(seen).size).toBe(seen.length);
    // The questions of the benchmark: the 70 ids of its two versions, each once.
    expect(seen.filter((s) => s.startsWith('? '))).toHaveLength(70);
    expect([...records.keys()].filter((k) => k.startsWith('questions/'))).toEqual(['questions/forty/1-of-1']);
  });

  it('reads no run file when nothing changed, and only the added run when it asks no new question', async () => {
    const { root, make } = setUp();
    const before = (await make()).records;
    reads.length = 0;
    const again = (await make()).records;
    expect(reads).toEqual([]);
    expect(again).toEqual(before);

    const added = addRun(root, 'leader-again');
    const after = (await make()).records;
    expect(reads).toEqual([added]);
    // The benchmark's questions are the same: their records (and their shard) are kept.
    expect(after.get('questions/forty/1-of-1')?.key).toBe(before.get('questions/forty/1-of-1')?.key);
    expect(after.get('run/leader-again/1-of-1')?.items).toBe(40);
  });

  it("gathers a benchmark's questions again when a run words one differently", async () => {
    const { root, cache, make } = setUp();
    const before = (await make()).records;
    reads.length = 0;
    const added = addRun(root, 'leader-reworded', (e) =>
      e.replace('Question alpha/00: pick the right letter.', 'Question alpha/00, reworded: pick a letter.'),
    );
    const { archive, records } = await make();
    // The new run once, for its records and its questions; the other runs' questions come from the
    // texts their records keep, not from their files.
    expect(reads).toEqual([added]);
    expect(archive.runs.length).toBeGreaterThan(2);
    const key = records.get('questions/forty/1-of-1')?.key;
    expect(key).not.toBe(before.get('questions/forty/1-of-1')?.key);
    const texts: string[] = [];
    for await (const doc of cache.documents(key ?? '')) texts.push(doc.content);
    expect(texts.join('')).toContain('Question alpha/00, reworded: pick a letter.');
    expect(texts.join('')).toContain('Question alpha/00: pick the right letter.');
  });

  it('reads back a question holding U+2028 and U+2029 (line and paragraph separators) whole', async () => {
    const { root, cache, make } = setUp();
    // Raw in the run file, as JSON allows: a reader that splits lines on them would cut the record.
    addRun(root, 'leader-separators', (e) =>
      e.replace('Question alpha/00: pick the right letter.', 'Question alpha/00:\u2028line\u2029paragraph.'),
    );
    const { records } = await make();
    const texts: string[] = [];
    for (const info of records.values()) for await (const doc of cache.documents(info.key)) texts.push(doc.content);
    expect(texts.join('')).toContain('Question alpha/00:\u2028line\u2029paragraph.');
    const file = readFileSync(cache.file(records.get('questions/forty/1-of-1')?.key ?? '', 'documents'), 'utf8');
    // Written escaped, so that the cache's lines are lines for any reader.
    expect(file).not.toMatch(/[\u2028\u2029]/);
  });

  it('sweeps what the last build did not use, and half-written files of builds that died', async () => {
    const { root, cache, make } = setUp();
    await make();
    await cache.sweep();
    const kept = readdirSync(cache.dir);
    const name = (c: string, tail: string) => `${c.repeat(32)}${tail}`;
    const old = new Date(Date.now() - 2 * 86_400_000);
    writeFileSync(join(cache.dir, name('f', '.jsonl')), ''); // records no unit has any more
    writeFileSync(join(cache.dir, name('e', '.jsonl.123.partial')), ''); // a build that died two days ago
    utimesSync(join(cache.dir, name('e', '.jsonl.123.partial')), old, old);
    writeFileSync(join(cache.dir, name('d', '.jsonl.456.partial')), ''); // a build writing now
    // The next build: a fresh cache object, as in a new process.
    const next = new RecordsCache(cache.dir);
    const archive = await searchArchiveAt(root);
    await unitRecords(archive, archiveUnits(archive), 'code', next);
    await next.sweep();
    expect(readdirSync(cache.dir).sort()).toEqual([...kept, name('d', '.jsonl.456.partial')].sort());
  });
});
