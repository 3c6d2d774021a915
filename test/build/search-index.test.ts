import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchIndexer, type SearchStats } from '../../src/search/indexer.ts';
import { startSearchIndex } from '../../src/search/start.ts';
import { searchArchiveAt } from '../helpers/search.ts';
import { buildOnce } from '../helpers/build.ts';
import { fixture, PROJECT } from '../helpers/paths.ts';
import { htmlPages, page } from '../helpers/site.ts';

// The search index of a built site, and the indexer on its own: shards, cache and process.
let dist = '';

beforeAll(async () => {
  dist = await buildOnce('site-comparison', 'site-comparison');
}, 180_000);

const scratch = () => mkdtempSync(join(tmpdir(), 'benchscope-search-'));

describe('the built search index', () => {
  it('holds the primary index with Pagefind’s runtime (no worker), and the archive’s shards without it, and no Pagefind UI', () => {
    const root = readdirSync(join(dist, 'pagefind')).sort();
    expect(root.filter((f) => !/^pagefind\.en_[0-9a-f]+\.pf_meta$/.test(f))).toEqual([
      'archive',
      'filter',
      'fragment',
      'index',
      'pagefind-entry.json',
      'pagefind.js',
      'shards.json',
      'wasm.en.pagefind',
      'wasm.unknown.pagefind',
    ]);
    const list = JSON.parse(readFileSync(join(dist, 'pagefind', 'shards.json'), 'utf8')) as { shards: string[] };
    expect(list.shards).toHaveLength(1);
    expect(list.shards[0]).toMatch(/^archive\/[0-9a-f]{32}\/$/);
    const shard = readdirSync(join(dist, 'pagefind', list.shards[0] ?? '')).sort();
    expect(shard.filter((f) => !f.endsWith('.pf_meta'))).toEqual([
      'filter',
      'fragment',
      'index',
      'pagefind-entry.json',
    ]);
  });

  it('indexes the site’s own pages from their markup, and no example or cross-endpoint page', () => {
    const marked = htmlPages(dist).filter((f) => page(dist, f)('[data-pagefind-body]').length > 0);
    expect(marked.filter((f) => /^\/(runs|benchmarks)\/[^/]+\/examples\//.test(f))).toEqual([]);
    expect(marked).toContain('/runs/leader/index.html');
    expect(marked).toContain('/benchmarks/forty/index.html');
    expect(marked).toContain('/learn/how-results-work/index.html');
    expect(page(dist, '/runs/leader/examples/alpha/00/')('main').attr('data-pagefind-body')).toBeUndefined();
  });
});

/** A site to index: two pages of the site, one of them outside the index by its markup. */
function fakeDist(): string {
  const out = join(scratch(), 'dist');
  mkdirSync(join(out, 'runs', 'leader'), { recursive: true });
  writeFileSync(
    join(out, 'runs', 'leader', 'index.html'),
    '<html lang="en"><body><main data-pagefind-body><h1>Run leader</h1><p>Scores.</p></main></body></html>',
  );
  writeFileSync(join(out, 'index.html'), '<html lang="en"><body><main><h1>Home</h1></main></body></html>');
  return out;
}

const summary = (stats: SearchStats) => stats.shards.map((s) => [s.name, s.cached, s.items]);

describe('the search indexer', () => {
  it('takes unchanged shards from the cache, and re-indexes only the shard a new run joins when it asks no new question', async () => {
    const archive = scratch();
    cpSync(fixture('site-comparison'), archive, { recursive: true });
    const cacheDir = join(scratch(), 'cache');
    const index = async () => {
      // A cap of 100 items splits this small archive into several shards, as a large one would be.
      const indexer = new SearchIndexer({
        archive: await searchArchiveAt(archive),
        cacheDir,
        projectRoot: PROJECT,
        shardCap: 100,
      });
      await indexer.indexArchive();
      return indexer.finish(fakeDist());
    };
    const first = await index();
    expect(summary(first)).toEqual([
      ['archive 3-of-16', false, 52],
      ['archive 5-of-16', false, 20],
      ['archive 8-of-16', false, 20],
      ['archive 11-of-16', false, 80],
      ['archive 12-of-16', false, 40],
      ['archive 13-of-16', false, 30],
      ['archive 15-of-16', false, 70],
      ['pages', false, 1],
    ]);
    expect(summary(await index()).every(([, cached]) => cached)).toBe(true);

    // A new run of 40 examples: the same questions, answered again.
    const added = join(archive, 'runs', 'leader-again');
    cpSync(join(archive, 'runs', 'leader'), added, { recursive: true });
    const runFile = join(added, 'run.json');
    writeFileSync(runFile, readFileSync(runFile, 'utf8').replace('"id": "leader"', '"id": "leader-again"'));
    const second = await index();
    // Its own shard alone: the shard of the benchmark's 70 questions is keyed by the questions, which did not change.
    expect(summary(second).filter(([, cached]) => !cached)).toEqual([['archive 2-of-16', false, 40]]);
    expect(second.shards.filter((s) => s.cached && s.name !== 'pages').map((s) => s.key)).toEqual(
      first.shards.filter((s) => s.name !== 'pages').map((s) => s.key),
    );
    // The pages of the site were the same, so their index came from the cache too.
    expect(second.shards.at(-1)?.cached).toBe(true);
  }, 60_000);

  it('runs in its own process and reports why it could not index', async () => {
    // A run whose examples file went missing after validation.
    const archive = await searchArchiveAt(fixture('site-comparison'));
    const gone = { ...archive, runs: archive.runs.map((r) => ({ ...r, examplesFile: `${r.examplesFile}.gone` })) };
    const job = startSearchIndex({ archive: gone, cacheDir: join(scratch(), 'cache') });
    await expect(job.finish(fakeDist())).rejects.toThrow(/ENOENT.*examples\.jsonl\.gone/);
  });

  it('writes the index into the site from its own process', async () => {
    const out = fakeDist();
    const stats = await startSearchIndex({
      archive: await searchArchiveAt(fixture('site-comparison')),
      cacheDir: join(scratch(), 'cache'),
    }).finish(out);
    expect(summary(stats)).toEqual([
      ['archive 1-of-1', false, 312],
      ['pages', false, 1],
    ]);
    expect(existsSync(join(out, 'pagefind', 'pagefind.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'pagefind', 'shards.json'), 'utf8'))).toEqual({
      shards: [`archive/${stats.shards[0]?.key ?? ''}/`],
      // "(A)" is the output of most of its examples, but 312 items are too few for common words.
      common: [],
    });
  }, 60_000);
});
