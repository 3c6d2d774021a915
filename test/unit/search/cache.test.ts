import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
  appendFileSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unitKey } from '../../../src/search/plan.ts';
import { archiveUnits, planArchive } from '../../../src/search/archive.ts';
import { searchArchiveAt } from '../../helpers/search.ts';
import { RecordsCache, unitRecords } from '../../../src/search/records.ts';
import {
  codeDigest,
  SEARCH_CODE,
  searchCacheDir,
  ShardCache,
  shardKey,
  SHARD_INFO,
} from '../../../src/search/cache.ts';
import { moduleClosure } from '../../helpers/imports.ts';
import { fixture } from '../../helpers/paths.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'benchscope-search-cache-'));

describe('cache folder', () => {
  it('is search/ of the cache root: node_modules/.cache/benchscope/ of the project, or BENCHSCOPE_CACHE', () => {
    expect(searchCacheDir('/p', {})).toBe('/p/node_modules/.cache/benchscope/search');
    expect(searchCacheDir('/p', { BENCHSCOPE_CACHE: '/var/cache/bs' })).toBe('/var/cache/bs/search');
    expect(searchCacheDir('/p', { BENCHSCOPE_CACHE: 'relative' })).toBe('/p/relative/search');
  });
});

describe('shard keys', () => {
  const inputs = [
    ['run/a/1-of-1', 'digest-a'],
    ['questions/quiz/1-of-1', 'name=Quiz\na=digest-a'],
  ] as const;

  it('are the same for the same code and inputs, and differ when any of them changes', () => {
    const key = shardKey('code-1', inputs);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(
      shardKey(
        'code-1',
        inputs.map(([n, d]) => [n, d]),
      ),
    ).toBe(key);
    expect(shardKey('code-2', inputs)).not.toBe(key);
    expect(shardKey('code-1', [inputs[0], ['questions/quiz/1-of-1', 'name=Quiz!\na=digest-a']])).not.toBe(key);
    expect(shardKey('code-1', [['run/b/1-of-1', 'digest-a'], inputs[1]])).not.toBe(key);
    expect(shardKey('code-1', [inputs[0]])).not.toBe(key);
  });

  it('cover the search code and the Pagefind version', async () => {
    const root = scratch();
    mkdirSync(join(root, 'src', 'search'), { recursive: true });
    mkdirSync(join(root, 'src', 'pages'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'pagefind'), { recursive: true });
    writeFileSync(join(root, 'src', 'search', 'worker.ts'), "import { K } from './documents.ts';\n");
    writeFileSync(join(root, 'src', 'search', 'documents.ts'), 'export const K = 32;\n');
    writeFileSync(join(root, 'src', 'pages', 'index.astro'), 'page\n');
    writeFileSync(join(root, 'node_modules', 'pagefind', 'package.json'), '{"version":"1.6.0"}');
    const first = await codeDigest(root);
    writeFileSync(join(root, 'src', 'pages', 'index.astro'), 'another page\n');
    expect(await codeDigest(root)).toBe(first);
    writeFileSync(join(root, 'src', 'search', 'documents.ts'), 'export const K = 64;\n');
    const second = await codeDigest(root);
    expect(second).not.toBe(first);
    writeFileSync(join(root, 'node_modules', 'pagefind', 'package.json'), '{"version":"1.6.1"}');
    expect(await codeDigest(root)).not.toBe(second);
  });

  it('cover every module the indexer runs, so none can change a shard without changing its key', () => {
    const seen = moduleClosure('src/search/worker.ts');
    expect(new Set(SEARCH_CODE.flatMap((entry) => [...moduleClosure(entry)]))).toEqual(seen);
    // What makes the records and the shards, what reads the run files, what titles the results.
    for (const module of [
      'src/search/indexer.ts',
      'src/search/records.ts',
      'src/search/documents.ts',
      'src/search/plan.ts',
      'src/search/pagefind.ts',
      'src/search/common-words.ts',
      'src/search/directory.ts',
      'src/archive/examples.ts',
      'src/archive/jsonl.ts',
      'src/page-data/labels.ts',
      'src/lib/json-lines.ts',
    ])
      expect(seen).toContain(module);
  });

  it('of an archive change with what its run files say and the benchmark names it shows', async () => {
    const root = scratch();
    cpSync(fixture('site-comparison'), root, { recursive: true });
    const records = new RecordsCache(join(root, '..', `records-${Date.now()}`));
    const keys = async () => {
      const archive = await searchArchiveAt(root);
      const plan = planArchive(archive, 'code', await unitRecords(archive, archiveUnits(archive), 'code', records));
      return new Map(plan.map((s) => [unitKey(s.unit), s.key]));
    };
    /** The shards whose keys differ between two plans. */
    const changed = (a: Map<string, string>, b: Map<string, string>) =>
      [...b].filter(([unit, key]) => a.get(unit) !== key).map(([unit]) => unit);
    const first = await keys();
    expect(changed(first, await keys())).toEqual([]);
    // Spacing alone says nothing new: the run's identity (its contentDigest) is unchanged.
    appendFileSync(join(root, 'runs', 'leader', 'run.json'), '\n');
    expect(changed(first, await keys())).toEqual([]);
    const examples = join(root, 'runs', 'leader', 'examples.jsonl');
    writeFileSync(examples, readFileSync(examples, 'utf8').replace('"output": "', '"output": "Well, '));
    const second = await keys();
    expect(changed(first, second)).toEqual(['run/leader/1-of-1']);
    const mdx = join(root, 'content', 'benchmarks', 'forty.mdx');
    writeFileSync(mdx, readFileSync(mdx, 'utf8').replace('name: Forty Questions', 'name: Forty Questions, renamed'));
    const third = await keys();
    // The questions' records are titled with the benchmark's name.
    expect(changed(second, third)).toEqual(['questions/forty/1-of-1']);
    // The benchmark's prose is not indexed with the archive: editing it keeps the keys.
    writeFileSync(mdx, `${readFileSync(mdx, 'utf8')}\nAnother paragraph.\n`);
    expect(changed(third, await keys())).toEqual([]);
  });
});

describe('ShardCache', () => {
  it('stores a written shard atomically and places it as links, without its bookkeeping file', async () => {
    const cache = new ShardCache(join(scratch(), 'search'));
    expect(cache.has('k1')).toBe(false);
    const partial = await cache.begin('k1');
    mkdirSync(join(partial, 'index'));
    writeFileSync(join(partial, 'pagefind-entry.json'), '{}');
    writeFileSync(join(partial, 'index', 'en_1.pf_index'), 'chunk');
    writeFileSync(join(partial, SHARD_INFO), '{"records":1}');
    expect(cache.has('k1')).toBe(false);
    await cache.commit('k1', partial);
    expect(cache.has('k1')).toBe(true);
    const dest = join(scratch(), 'dist', 'pagefind');
    expect(await cache.place('k1', dest)).toBe(7);
    expect(readdirSync(dest, { recursive: true }).sort()).toEqual([
      'index',
      'index/en_1.pf_index',
      'pagefind-entry.json',
    ]);
    expect(readFileSync(join(dest, 'index', 'en_1.pf_index'), 'utf8')).toBe('chunk');
    expect(statSync(join(dest, 'index', 'en_1.pf_index')).ino).toBe(
      statSync(join(cache.path('k1'), 'index', 'en_1.pf_index')).ino,
    );
  });

  it('keeps the copy already stored when two builds write the same key', async () => {
    const cache = new ShardCache(join(scratch(), 'search'));
    for (const content of ['first', 'second']) {
      const partial = await cache.begin('k');
      writeFileSync(join(partial, 'pagefind-entry.json'), content);
      await cache.commit('k', partial);
    }
    expect(readFileSync(join(cache.path('k'), 'pagefind-entry.json'), 'utf8')).toBe('first');
    expect(readdirSync(cache.dir)).toEqual(['k']);
  });

  it('prunes all but the shards used most recently, and leaves other folders alone', async () => {
    const cache = new ShardCache(join(scratch(), 'search'));
    const [old, middle, recent] = ['0', '1', '2'].map((c) => c.repeat(32)) as [string, string, string];
    mkdirSync(join(cache.dir, 'records'), { recursive: true });
    utimesSync(join(cache.dir, 'records'), 500, 500);
    for (const [i, key] of [old, middle, recent].entries()) {
      const partial = await cache.begin(key);
      writeFileSync(join(partial, 'pagefind-entry.json'), '{}');
      await cache.commit(key, partial);
      utimesSync(cache.path(key), 1_000 + i, 1_000 + i);
    }
    await cache.place(old, join(scratch(), 'dist'));
    await cache.prune(2);
    expect(readdirSync(cache.dir).sort()).toEqual([old, recent, 'records']);
  });
});
