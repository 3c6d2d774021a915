import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Placements } from '../../../src/pipeline/placements.ts';
import { PageCache } from '../../../src/render/page-cache.ts';
import { PROJECT } from '../../helpers/paths.ts';

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'benchscope-cache-'));
  return { cache: new PageCache(join(dir, 'cache'), join(dir, 'out'), { projectRoot: PROJECT }), dir };
}

describe('the page cache', () => {
  it('restores a committed set of pages into a new output, linked to the same files', async () => {
    const { cache, dir } = fresh();
    const set = cache.writeSet('k1');
    set.add('runs/a/examples/x/index.html', '<p>x</p>');
    set.add('runs/a/examples/y/z/index.html', Buffer.from('<p>y/z</p>'));
    await set.commit();
    const again = new PageCache(join(dir, 'cache'), join(dir, 'out2'), { projectRoot: PROJECT });
    expect(again.restoreSet('k1')).toBe(true);
    expect(readFileSync(join(dir, 'out2', 'runs/a/examples/y/z/index.html'), 'utf8')).toBe('<p>y/z</p>');
    expect(statSync(join(dir, 'out2', 'runs/a/examples/x/index.html')).ino).toBe(
      statSync(join(dir, 'out', 'runs/a/examples/x/index.html')).ino,
    );
  });

  it('knows no set that was not committed, and no page it was not given', async () => {
    const { cache } = fresh();
    cache.writeSet('k2').add('a/index.html', 'a');
    await cache.flush();
    expect(cache.restoreSet('k2')).toBe(false);
    expect(cache.restorePage('nope', 'b/index.html')).toBe(false);
  });

  it('sweeps what the latest build did not use', async () => {
    const { cache, dir } = fresh();
    cache.writePage('old', 'old/index.html', 'old');
    cache.writePage('kept', 'kept/index.html', 'kept');
    await cache.flush();
    const past = new Date(Date.now() - 60_000);
    for (const key of ['old', 'kept'])
      utimesSync(join(dir, 'cache', 'pages', key.slice(0, 2), `${key}.html`), past, past);
    const since = new Date(Date.now() - 1000);
    expect(cache.restorePage('kept', 'kept2/index.html')).toBe(true);
    expect(cache.sweep(since)).toBe(1);
    expect(existsSync(join(dir, 'cache', 'pages', 'ol', 'old.html'))).toBe(false);
    expect(cache.restorePage('kept', 'kept3/index.html')).toBe(true);
  });

  it('fails, naming the file, when a page cannot be written', async () => {
    const { cache, dir } = fresh();
    writeFileSync(join(dir, 'out'), 'a file where the output folder should be');
    cache.writePage('k3', 'runs/a/index.html', 'a');
    await expect(cache.flush()).rejects.toThrow(/writing the pages: .*out\/runs/);
  });

  it('writes pages in placement mode into the cache only, and records where they go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchscope-cache-'));
    const placements = new Placements(true);
    const cache = new PageCache(join(dir, 'cache'), join(dir, 'out'), { placements, projectRoot: PROJECT });
    cache.writePage('k4', 'b/index.html', 'b');
    const set = cache.writeSet('k5');
    set.add('c/index.html', 'c');
    await set.commit();
    await cache.flush();
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const placed = [...placements.entries()];
    expect(placed.map(([file]) => file)).toEqual(['c/index.html', 'b/index.html']);
    expect(placed.map(([, cached]) => readFileSync(cached, 'utf8'))).toEqual(['c', 'b']);
  });
});
