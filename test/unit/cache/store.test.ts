import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore, commitFile } from '../../../src/cache/store.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'benchscope-store-'));
const past = (path: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  utimesSync(path, then, then);
};

describe('a cache store', () => {
  it('stores JSON under a key and reads it back, and knows no key it was not given', () => {
    const store = new CacheStore(join(scratch(), 'checks'));
    expect(store.readJson('a.json')).toBeUndefined();
    store.writeJson('a.json', { n: 1 });
    expect(store.readJson('a.json')).toEqual({ n: 1 });
    expect(readdirSync(store.dir)).toEqual(['a.json']);
  });

  it('takes an unreadable entry for a missing one (it is made again)', () => {
    const store = new CacheStore(scratch());
    writeFileSync(store.path('a.json'), '{"half');
    expect(store.readJson('a.json')).toBeUndefined();
  });

  it('writes a folder under a temporary name and moves it into place whole', async () => {
    const store = new CacheStore(join(scratch(), 'search'));
    let seen: string[] = [];
    const path = await store.put('k', async (partial) => {
      mkdirSync(partial);
      writeFileSync(join(partial, 'a'), 'a');
      // Until it is complete, the entry is not there.
      seen = readdirSync(store.dir);
      expect(store.has('k')).toBe(false);
      await Promise.resolve();
    });
    expect(seen).toEqual([expect.stringMatching(/^k\.\d+-[0-9a-f]+\.partial$/)]);
    expect(readFileSync(join(path, 'a'), 'utf8')).toBe('a');
    expect(readdirSync(store.dir)).toEqual(['k']);
  });

  it('leaves nothing when writing an entry fails', async () => {
    const store = new CacheStore(scratch());
    await expect(
      store.put('k', (partial) => {
        writeFileSync(partial, 'half');
        return Promise.reject(new Error('disk full'));
      }),
    ).rejects.toThrow('disk full');
    expect(readdirSync(store.dir)).toEqual([]);
  });

  it('keeps the entry another build stored first, file or folder', () => {
    const store = new CacheStore(scratch());
    for (const content of ['first', 'second']) {
      const file = store.partial('f.html');
      writeFileSync(file, content);
      expect(store.commit('f.html', file)).toBe(content === 'first');
      const folder = store.partial('d');
      mkdirSync(folder);
      writeFileSync(join(folder, 'x'), content);
      expect(store.commit('d', folder)).toBe(content === 'first');
    }
    expect(readFileSync(store.path('f.html'), 'utf8')).toBe('first');
    expect(readFileSync(join(store.path('d'), 'x'), 'utf8')).toBe('first');
    expect(readdirSync(store.dir).sort()).toEqual(['d', 'f.html']);
  });

  it('commits a file by linking it, so a reader of the entry already there keeps reading it', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'entry'), 'theirs');
    const before = statSync(join(dir, 'entry')).ino;
    writeFileSync(join(dir, 'mine.partial'), 'mine');
    expect(commitFile(join(dir, 'mine.partial'), join(dir, 'entry'))).toBe(false);
    expect(statSync(join(dir, 'entry')).ino).toBe(before);
    expect(existsSync(join(dir, 'mine.partial'))).toBe(false);
  });

  it('sweeps what this build did not use, and partials of builds that died a day ago', () => {
    const dir = scratch();
    const first = new CacheStore(dir, { names: /\.json$/ });
    for (const key of ['a', 'b', 'c']) first.writeJson(`${key}.json`, key);
    writeFileSync(join(dir, 'other.txt'), 'not an entry of this store');
    writeFileSync(join(dir, 'd.json.1-dead.partial'), '');
    past(join(dir, 'd.json.1-dead.partial'), 2 * 86_400_000);
    writeFileSync(join(dir, 'e.json.2-live.partial'), '');
    // The next build: a new store object, which reads one entry and writes another.
    const next = new CacheStore(dir, { names: /\.json$/ });
    expect(next.readJson('a.json')).toBe('a');
    next.mark('b.json');
    next.writeJson('f.json', 'f');
    expect(next.sweep()).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json', 'e.json.2-live.partial', 'f.json', 'other.txt']);
  });

  it('sweeps by time what nothing used since a build started, for entries used through another object', () => {
    const dir = scratch();
    const writer = new CacheStore(dir, { fanout: true });
    for (const key of ['aa1', 'ab2', 'bc3']) writer.writeJson(key, key);
    for (const key of ['aa1', 'ab2', 'bc3']) past(writer.path(key), 60_000);
    expect(writer.path('ab2')).toBe(join(dir, 'ab', 'ab2'));
    const started = new Date(Date.now() - 1000);
    // The renderer's object uses an entry; the sweeping object knows only the times.
    expect(new CacheStore(dir, { fanout: true }).use('ab2')).toBe(join(dir, 'ab', 'ab2'));
    const sweeper = new CacheStore(dir, { fanout: true });
    expect(sweeper.sweep({ since: started })).toBe(2);
    expect(existsSync(writer.path('ab2'))).toBe(true);
    expect(existsSync(writer.path('aa1'))).toBe(false);
  });

  it('can keep the entries used most recently instead, leaving other names alone', () => {
    const dir = scratch();
    const store = new CacheStore(dir, { names: /^[0-9a-f]{4}$/ });
    mkdirSync(join(dir, 'records'));
    past(join(dir, 'records'), 10 * 86_400_000);
    const keys = ['0000', '1111', '2222'];
    keys.forEach((key, i) => {
      store.writeJson(key, key);
      past(store.path(key), (3 - i) * 60_000);
    });
    new CacheStore(dir).use('0000');
    expect(new CacheStore(dir, { names: /^[0-9a-f]{4}$/ }).sweep({ keep: 2 })).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['0000', '2222', 'records']);
  });
});
