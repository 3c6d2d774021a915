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
import { siteSearch } from '../../src/bench/site-search.ts';

// The search index of a built site, and the indexer on its own: shards, cache and process.
let dist = '';

beforeAll(async () => {
  dist = await buildOnce('site-comparison', 'site-comparison');
}, 180_000);

const scratch = () => mkdtempSync(join(tmpdir(), 'benchscope-search-'));

describe('the built search index', () => {
  it('holds the directory as the primary index with Pagefind’s runtime (no worker), the pages and a shard per unit without it, and no Pagefind UI', () => {
    const root = readdirSync(join(dist, 'pagefind')).sort();
    expect(root.filter((f) => !/^pagefind\.en_[0-9a-f]+\.pf_meta$/.test(f))).toEqual([
      'archive',
      'filter',
      'fragment',
      'index',
      'pagefind-entry.json',
      'pagefind.js',
      'pages',
      'shards.json',
      'wasm.en.pagefind',
      'wasm.unknown.pagefind',
    ]);
    const list = JSON.parse(readFileSync(join(dist, 'pagefind', 'shards.json'), 'utf8')) as { pages: string };
    expect(list.pages).toBe('pages/');
    // One shard for each of the fixture's eight scored runs and one for its benchmark's questions.
    const shards = readdirSync(join(dist, 'pagefind', 'archive'));
    expect(shards).toHaveLength(9);
    for (const shard of [...shards.map((s) => `archive/${s}`), 'pages'])
      expect(
        readdirSync(join(dist, 'pagefind', shard))
          .filter((f) => !f.endsWith('.pf_meta'))
          .sort(),
      ).toEqual(['filter', 'fragment', 'index', 'pagefind-entry.json']);
  });

  it('routes a query to the shards that hold all its words, and ranks their results as one list', async () => {
    const search = await siteSearch(dist);
    // A string of one output: one run's shard.
    expect(await search.shards('windows line trailing spaces')).toHaveLength(1);
    const hits = await search.hits('windows line trailing spaces');
    expect(hits[0]?.href).toBe('/runs/leader/examples/alpha/00/');
    // An id's word: the shards of the runs that asked such a question, and the questions'; no
    // shard that holds a match is left out.
    const everywhere = await search.shards('alpha');
    const runsWith = readdirSync(join(fixture('site-comparison'), 'runs')).filter((run) => {
      const file = join(fixture('site-comparison'), 'runs', run, 'examples.jsonl');
      return existsSync(file) && readFileSync(file, 'utf8').includes('"id": "alpha/');
    });
    expect(everywhere.length).toBeGreaterThan(2);
    const alpha = await search.hits('alpha', {}, 1000);
    const found = new Set(alpha.filter((h) => h.href.startsWith('/runs/')).map((h) => h.href.split('/')[2]));
    expect([...found].sort()).toEqual(runsWith.sort());
    expect(alpha.some((h) => h.href.startsWith('/benchmarks/forty/examples/alpha/'))).toBe(true);
    // A filter routes too: incorrect examples are in the runs that have some.
    const incorrect = await search.shards('alpha', { verdict: 'incorrect' });
    expect(incorrect.length).toBeGreaterThan(0);
    expect(incorrect.length).toBeLessThan(everywhere.length);
    for (const hit of await search.hits('alpha', { verdict: 'incorrect' }, 50))
      expect(hit.title).toMatch(/: incorrect$/);
    // Results of several shards in one list, best first: the scores never rise down the list.
    const many = await search.hits('alpha', {}, 40);
    expect(new Set(many.map((h) => h.href.split('/')[2])).size).toBeGreaterThan(1);
    // A word in no shard loads none, and finds nothing of the archive.
    expect(await search.shards('zyzzogeton')).toEqual([]);
  }, 60_000);

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
  it('takes unchanged shards from the cache, and indexes an added run’s shard alone (and the directory) when it asks no new question', async () => {
    const archive = scratch();
    cpSync(fixture('site-comparison'), archive, { recursive: true });
    const cacheDir = join(scratch(), 'cache');
    const index = async () => {
      const indexer = new SearchIndexer({ archive: await searchArchiveAt(archive), cacheDir, projectRoot: PROJECT });
      await indexer.indexArchive();
      return indexer.finish(fakeDist());
    };
    const first = await index();
    expect(summary(first)).toEqual([
      ['archive run/close-second/1-of-1', false, 40],
      ['archive run/custom/1-of-1', false, 40],
      ['archive run/far-behind/1-of-1', false, 40],
      ['archive run/interrupted/1-of-1', false, 12],
      ['archive run/leader/1-of-1', false, 40],
      ['archive run/old-version/1-of-1', false, 30],
      ['archive run/subset-a/1-of-1', false, 20],
      ['archive run/subset-b/1-of-1', false, 20],
      ['archive questions/forty/1-of-1', false, 70],
      ['directory', false, 9],
      ['pages', false, 1],
    ]);
    expect(summary(await index()).every(([, cached]) => cached)).toBe(true);

    // A new run of 40 examples: the same questions, answered again.
    const added = join(archive, 'runs', 'leader-again');
    cpSync(join(archive, 'runs', 'leader'), added, { recursive: true });
    const runFile = join(added, 'run.json');
    writeFileSync(runFile, readFileSync(runFile, 'utf8').replace('"id": "leader"', '"id": "leader-again"'));
    const second = await index();
    // Its own shard, and the directory that names it: the shard of the benchmark's 70 questions is
    // keyed by the questions, which did not change.
    expect(summary(second).filter(([, cached]) => !cached)).toEqual([
      ['archive run/leader-again/1-of-1', false, 40],
      ['directory', false, 10],
    ]);
    const archiveKeys = (stats: SearchStats) =>
      stats.shards
        .filter((s) => s.name.startsWith('archive ') && s.name !== 'archive run/leader-again/1-of-1')
        .map((s) => s.key);
    expect(archiveKeys(second)).toEqual(archiveKeys(first));
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
    expect(summary(stats).map(([name]) => name)).toContain('directory');
    expect(existsSync(join(out, 'pagefind', 'pagefind.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'pagefind', 'shards.json'), 'utf8'))).toEqual({
      pages: 'pages/',
      // "(A)" is the output of most of its examples, but 312 items are too few for common words.
      common: [],
      best: {},
    });
  }, 60_000);
});
