import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchCacheDir } from '../../../src/search/cache.ts';
import { outputListPath, stampPath } from '../../../src/pipeline/fingerprint.ts';
import {
  astroCacheDir,
  cachePath,
  cacheRoot,
  outputCacheDir,
  outputCachePath,
  recordOutput,
  sweepOutputs,
} from '../../../src/cache/root.ts';

describe('the cache root', () => {
  it('is node_modules/.cache/benchscope/ of the project, or BENCHSCOPE_CACHE', () => {
    expect(cacheRoot('/p', {})).toBe('/p/node_modules/.cache/benchscope');
    expect(cacheRoot('/p', { BENCHSCOPE_CACHE: '/var/cache/bs' })).toBe('/var/cache/bs');
    expect(cacheRoot('/p', { BENCHSCOPE_CACHE: 'relative' })).toBe('/p/relative');
    expect(cacheRoot('/p', { BENCHSCOPE_ARCHIVE: '/data/Big Archive' })).toMatch(
      /^\/p\/node_modules\/\.cache\/benchscope\/archives\/big-archive-[0-9a-f]{12}$/,
    );
  });

  it('holds every cache of a build, so that BENCHSCOPE_CACHE moves them all', () => {
    for (const env of [{}, { BENCHSCOPE_OUT: '/tmp/site' }, { BENCHSCOPE_ARCHIVE: '/data/a' }]) {
      const chosen = { ...env, BENCHSCOPE_CACHE: '/c' };
      const paths = [
        cachePath('/p', 'checks', chosen),
        cachePath('/p', 'examples', chosen),
        searchCacheDir('/p', chosen),
        astroCacheDir('/p', chosen),
        outputCachePath('/p', 'pages', chosen),
        stampPath('/p', chosen),
        outputListPath('/p', chosen),
      ];
      for (const path of paths) expect(path.startsWith('/c/')).toBe(true);
      expect(new Set(paths).size).toBe(paths.length);
    }
  });

  it("keeps Astro's cache folder and the page cache for each output folder and archive", () => {
    const dirs = [
      {},
      { BENCHSCOPE_OUT: '/tmp/one' },
      { BENCHSCOPE_OUT: '/tmp/two' },
      { BENCHSCOPE_OUT: '/tmp/two', BENCHSCOPE_ARCHIVE: '/data/a' },
    ].map((env) => outputCacheDir('/p', { ...env, BENCHSCOPE_CACHE: '/c' }));
    expect(new Set(dirs).size).toBe(4);
    expect(dirs[0]).toMatch(/^\/c\/outputs\/dist-[0-9a-f]{12}$/);
    expect(dirs[1]).toMatch(/^\/c\/outputs\/one-[0-9a-f]{12}$/);
    expect(outputCacheDir('/p', { BENCHSCOPE_OUT: '/tmp/one', BENCHSCOPE_CACHE: '/c' })).toBe(dirs[1]);
  });

  it('forgets the folders of outputs that are gone, once no build used them for a day', () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-root-'));
    const env = (out: string) => ({ BENCHSCOPE_CACHE: join(root, 'cache'), BENCHSCOPE_OUT: join(root, out) });
    for (const out of ['kept', 'gone', 'gone-today']) {
      recordOutput(root, env(out));
      mkdirSync(outputCachePath(root, 'pages', env(out)), { recursive: true });
    }
    mkdirSync(join(root, 'kept'));
    mkdirSync(join(root, 'cache', 'outputs', 'not-recorded'));
    const old = new Date(Date.now() - 2 * 86_400_000);
    for (const out of ['kept', 'gone']) utimesSync(join(outputCacheDir(root, env(out)), 'output.json'), old, old);
    expect(sweepOutputs(root, env('kept'))).toBe(1);
    expect(existsSync(outputCacheDir(root, env('gone')))).toBe(false);
    expect(readdirSync(join(root, 'cache', 'outputs')).sort()).toEqual(
      [outputCacheDir(root, env('kept')), outputCacheDir(root, env('gone-today')), 'not-recorded']
        .map((p) => p.split('/').at(-1))
        .sort(),
    );
  });
});
