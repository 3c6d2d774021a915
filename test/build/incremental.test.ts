import { cpSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRun } from '../../src/bench/extra-run.ts';
import { compareTrees } from '../../src/bench/run.ts';
import { fixture, OUT } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';

// A pull request adds one run to a built archive: the next build renders that run's pages and the
// cross-endpoint pages it joins, links every other page from the cache, and writes the same site
// a build from scratch would.
const work = join(OUT, 'incremental');
const archive = join(work, 'archive');
const site = join(work, 'site');
const fresh = join(work, 'fresh');
const freshAfterRemoval = join(work, 'fresh-after-removal');
// Caches of their own, emptied with the rest: the first build starts cold, the fresh build has an
// output of its own and so a page cache of its own (src/cache/root.ts).
const cache = join(work, 'cache');
// An example page and a list page of a run the pull request leaves as it was.
const untouched = ['runs/leader/examples/alpha/00/index.html', 'runs/leader/examples/index.html'];
let before: number[];
let afterAdding: ReturnType<typeof compareTrees>;
// The added run's first example page and its list of examples, there after adding it.
const addedPages = ['runs/added-run/examples/alpha/00/index.html', 'runs/added-run/examples/index.html'];
let added: boolean[];
let keptInodes: number[];

async function build(out: string) {
  const result = await script('build', [], {
    BENCHSCOPE_ARCHIVE: archive,
    BENCHSCOPE_OUT: out,
    BENCHSCOPE_CACHE: cache,
  });
  if (result.code !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(fixture('site-comparison'), archive, { recursive: true });
  await build(site);
  before = untouched.map((file) => statSync(join(site, file)).ino);
  await addRun(archive, 10, 'added-run');
  await build(site);
  added = addedPages.map((file) => existsSync(join(site, file)));
  keptInodes = untouched.map((file) => statSync(join(site, file)).ino);
  await build(fresh);
  afterAdding = compareTrees(fresh, site);
  // Then a pull request takes it out again.
  rmSync(join(archive, 'runs', 'added-run'), { recursive: true });
  await build(site);
  await build(freshAfterRemoval);
}, 240_000);

describe('a build after adding one run', () => {
  it("renders the new run's pages", () => {
    expect(added).toEqual([true, true]);
  });

  it('links the pages of unchanged runs from the cache instead of rendering them again', () => {
    expect(keptInodes).toEqual(before);
  });

  it('writes exactly the site a build from scratch writes', () => {
    expect(afterAdding).toEqual({ same: true });
  });
});

describe('a build after removing that run', () => {
  it("removes the run's pages, downloads and search shard, and leaves the site a build from scratch writes", () => {
    expect(existsSync(join(site, 'runs', 'added-run'))).toBe(false);
    expect(existsSync(join(site, 'runs', 'added-run.csv.gz'))).toBe(false);
    expect(compareTrees(freshAfterRemoval, site)).toEqual({ same: true });
    expect(untouched.map((file) => statSync(join(site, file)).ino)).toEqual(before);
  });
});
