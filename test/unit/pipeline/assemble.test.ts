import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { assemble } from '../../../src/pipeline/assemble.ts';
import { Placements } from '../../../src/pipeline/placements.ts';
import { compareTrees } from '../../../src/bench/run.ts';
import { OUT } from '../../helpers/paths.ts';

const root = join(OUT, 'assemble');
const cache = join(root, 'cache');
const discarded: string[] = [];

function cached(name: string, html: string): string {
  const path = join(cache, name);
  writeFileSync(path, html);
  return path;
}

/** A cached set of pages, as the page cache keeps one: `<i>.html` for the i-th file of manifest.json. */
function cachedSet(name: string, pages: Record<string, string>): string {
  const dir = join(cache, name);
  mkdirSync(dir);
  Object.values(pages).forEach((html, i) => {
    writeFileSync(join(dir, `${i}.html`), html);
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(Object.keys(pages)));
  return dir;
}

/**
 * One build: Astro's files, the cached sets and pages to link, assembled into `out` (deferred
 * when the output can be updated, as the pipeline does).
 */
function build(out: string, astro: Record<string, string>, pages: Record<string, string>, sets: string[] = []) {
  const next = `${out}.next`;
  const listFile = `${out}.list.json`;
  mkdirSync(next, { recursive: true });
  for (const [file, text] of Object.entries(astro)) {
    mkdirSync(join(next, file, '..'), { recursive: true });
    writeFileSync(join(next, file), text);
  }
  const placements = new Placements(true);
  for (const set of sets) placements.addSet(set);
  for (const [file, cached] of Object.entries(pages)) placements.addPage(file, cached);
  return assemble({ next, out, placements, listFile, discard: (p) => discarded.push(p) });
}

beforeEach(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
});

describe('assembling a build', () => {
  it('updates the previous output in place: unchanged pages stay, stale files go, and the result is a fresh build', () => {
    const a = cached('a.html', 'page a');
    const b = cached('b.html', 'page b');
    const out = join(root, 'dist');
    expect(
      build(
        out,
        { 'index.html': 'home 1', 'runs/old/index.html': 'old run' },
        {
          'runs/x/examples/a/index.html': a,
          'runs/x/examples/b/index.html': b,
        },
      ).mode,
    ).toBe('fresh');
    const before = statSync(join(out, 'runs/x/examples/a/index.html')).ino;
    const c = cached('c.html', 'page c');
    const b2 = cached('b2.html', 'page b, changed');
    const second = build(
      out,
      { 'index.html': 'home 2' },
      {
        'runs/x/examples/a/index.html': a,
        'runs/x/examples/b/index.html': b2,
        'runs/y/examples/c/index.html': c,
      },
    );
    expect(second).toEqual({ mode: 'updated', linked: 2, kept: 1, moved: 1, removed: 1 });
    expect(statSync(join(out, 'runs/x/examples/a/index.html')).ino).toBe(before);
    expect(readFileSync(join(out, 'runs/x/examples/b/index.html'), 'utf8')).toBe('page b, changed');
    expect(existsSync(join(out, 'runs/old'))).toBe(false);
    const fresh = join(root, 'fresh');
    build(
      fresh,
      { 'index.html': 'home 2' },
      {
        'runs/x/examples/a/index.html': a,
        'runs/x/examples/b/index.html': b2,
        'runs/y/examples/c/index.html': c,
      },
    );
    expect(compareTrees(fresh, out)).toEqual({ same: true });
  });

  it('builds afresh when the output was replaced since its list was written', () => {
    const out = join(root, 'dist');
    build(out, { 'index.html': 'home 1' }, {});
    rmSync(out, { recursive: true });
    mkdirSync(out);
    writeFileSync(join(out, 'stray.html'), 'not from a build');
    expect(build(out, { 'index.html': 'home 2' }, {}).mode).toBe('fresh');
    expect(existsSync(join(out, 'stray.html'))).toBe(false);
    expect(discarded).toHaveLength(1);
  });

  it('links a set the output lacks, removes one it no longer has, and leaves one it holds alone', () => {
    const out = join(root, 'dist');
    const x1 = cachedSet('x1', { 'runs/x/examples/a/index.html': 'a', 'runs/x/examples/b/index.html': 'b' });
    const y = cachedSet('y', { 'runs/y/examples/c/index.html': 'c' });
    expect(build(out, { 'index.html': 'home' }, {}, [x1, y])).toMatchObject({ mode: 'fresh', linked: 3 });
    // Run x changed (a new set, one example fewer); y did not. Its file is replaced by hand: a set
    // the output holds is trusted, not listed or checked again.
    const x2 = cachedSet('x2', { 'runs/x/examples/a/index.html': 'a, changed' });
    rmSync(join(out, 'runs/y/examples/c/index.html'));
    writeFileSync(join(out, 'runs/y/examples/c/index.html'), 'c');
    const ino = statSync(join(out, 'runs/y/examples/c/index.html')).ino;
    expect(build(out, { 'index.html': 'home' }, {}, [x2, y])).toEqual({
      mode: 'updated',
      linked: 1,
      kept: 1,
      moved: 1,
      removed: 2,
    });
    expect(statSync(join(out, 'runs/y/examples/c/index.html')).ino).toBe(ino);
    expect(readFileSync(join(out, 'runs/x/examples/a/index.html'), 'utf8')).toBe('a, changed');
    expect(existsSync(join(out, 'runs/x/examples/b'))).toBe(false);
    const fresh = join(root, 'fresh');
    build(fresh, { 'index.html': 'home' }, {}, [x2, y]);
    expect(compareTrees(fresh, out)).toEqual({ same: true });
  });
});
