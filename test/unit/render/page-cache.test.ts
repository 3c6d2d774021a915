import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PageCache } from '../../../src/render/page-cache.ts';

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'benchscope-cache-'));
  return { cache: new PageCache(join(dir, 'cache'), join(dir, 'out')), dir };
}

describe('the page cache', () => {
  it('restores a committed set of pages into a new output, linked to the same files', () => {
    const { cache, dir } = fresh();
    const set = cache.writeSet('k1');
    set.add('runs/a/examples/x/index.html', '<p>x</p>');
    set.add('runs/a/examples/y/z/index.html', '<p>y/z</p>');
    set.commit();
    const again = new PageCache(join(dir, 'cache'), join(dir, 'out2'));
    expect(again.restoreSet('k1')).toEqual(['runs/a/examples/x/index.html', 'runs/a/examples/y/z/index.html']);
    expect(readFileSync(join(dir, 'out2', 'runs/a/examples/y/z/index.html'), 'utf8')).toBe('<p>y/z</p>');
    expect(statSync(join(dir, 'out2', 'runs/a/examples/x/index.html')).ino).toBe(
      statSync(join(dir, 'out', 'runs/a/examples/x/index.html')).ino,
    );
  });

  it('knows no set that was not committed, and no page it was not given', () => {
    const { cache } = fresh();
    cache.writeSet('k2').add('a/index.html', 'a');
    expect(cache.restoreSet('k2')).toBeUndefined();
    expect(cache.restorePage('nope', 'b/index.html')).toBe(false);
  });

  it('sweeps what the latest build did not use', () => {
    const { cache, dir } = fresh();
    cache.writePage('old', 'old/index.html', 'old');
    cache.writePage('kept', 'kept/index.html', 'kept');
    const past = new Date(Date.now() - 60_000);
    for (const key of ['old', 'kept'])
      utimesSync(join(dir, 'cache', 'pages', key.slice(0, 2), `${key}.html`), past, past);
    const since = new Date(Date.now() - 1000);
    expect(cache.restorePage('kept', 'kept2/index.html')).toBe(true);
    expect(cache.sweep(since)).toBe(1);
    expect(existsSync(join(dir, 'cache', 'pages', 'ol', 'old.html'))).toBe(false);
    expect(cache.restorePage('kept', 'kept3/index.html')).toBe(true);
  });
});
