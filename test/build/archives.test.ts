import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputListPath, stampPath } from '../../src/pipeline/fingerprint.ts';
import { archiveCacheKey, astroCacheDir, cacheRoot } from '../../src/cache/root.ts';
import { fixture, OUT, PROJECT } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';
import { page } from '../helpers/site.ts';

// Two archives whose registries differ, built one after the other the README's way
// (BENCHSCOPE_ARCHIVE=<dir> npm run build), into the default output, dist/. The project's own dist/
// and what the build remembers of it are put aside meanwhile, and put back.
const DIST = join(PROJECT, 'dist');
const SAVED = join(OUT, 'archives-saved');
const kept = [DIST, stampPath(PROJECT), outputListPath(PROJECT)];
const A = join(OUT, 'archives', 'first');
const B = join(OUT, 'archives', 'second');

beforeAll(() => {
  rmSync(SAVED, { recursive: true, force: true });
  mkdirSync(SAVED, { recursive: true });
  kept.forEach((path, i) => {
    if (existsSync(path)) renameSync(path, join(SAVED, String(i)));
  });
  rmSync(join(OUT, 'archives'), { recursive: true, force: true });
  cpSync(fixture('site-comparison'), A, { recursive: true });
  cpSync(fixture('site-comparison'), B, { recursive: true });
  const entry = join(B, 'content', 'benchmarks', 'forty.mdx');
  writeFileSync(entry, readFileSync(entry, 'utf8').replace(/^name: .*$/m, 'name: Forty, second archive'));
});

afterAll(() => {
  kept.forEach((path, i) => {
    rmSync(path, { recursive: true, force: true });
    if (existsSync(join(SAVED, String(i)))) renameSync(join(SAVED, String(i)), path);
  });
  rmSync(SAVED, { recursive: true, force: true });
});

const build = async (archive: string) => {
  const result = await script('build', [], { BENCHSCOPE_ARCHIVE: archive });
  expect(result.code, result.stderr).toBe(0);
  return `${result.stdout}\n${result.stderr}`;
};

describe('archives built one after the other', () => {
  it('each get their own content store: no entry of the previous archive, no warning', async () => {
    const first = await build(A);
    expect(first).not.toMatch(/glob-loader|same slug/);
    expect(page(DIST, '/benchmarks/forty/')('h1').text()).toContain('Forty');
    const second = await build(B);
    expect(second).not.toMatch(/glob-loader|same slug/);
    expect(readFileSync(join(DIST, 'benchmarks', 'forty', 'index.html'), 'utf8')).toContain('Forty, second archive');
    const again = await build(A);
    expect(again).not.toMatch(/glob-loader|same slug/);
    expect(readFileSync(join(DIST, 'benchmarks', 'forty', 'index.html'), 'utf8')).not.toContain('second archive');
  }, 300_000);

  it('keep their caches apart, unless told otherwise', () => {
    const env = (archive?: string, extra: Record<string, string> = {}) => ({
      ...(archive ? { BENCHSCOPE_ARCHIVE: archive } : {}),
      ...extra,
    });
    expect(archiveCacheKey(PROJECT, PROJECT)).toBe('');
    expect(archiveCacheKey(PROJECT, A)).toMatch(/^first-[0-9a-f]{12}$/);
    // The project's own archive keeps the folder it always had; Astro's cache folder is in it.
    const own = cacheRoot(PROJECT, env());
    expect(own).toBe(join(PROJECT, 'node_modules', '.cache', 'benchscope'));
    expect(astroCacheDir(PROJECT, env()).slice(own.length)).toMatch(/^\/outputs\/dist-[0-9a-f]{12}\/astro$/);
    const dirs = [A, B].map((a) => [astroCacheDir(PROJECT, env(a)), cacheRoot(PROJECT, env(a))] as const);
    expect(new Set(dirs.flat()).size).toBe(4);
    const [astroA, rootA] = dirs[0] ?? ['', ''];
    expect(rootA).toBe(join(own, 'archives', archiveCacheKey(PROJECT, A)));
    expect(astroA.startsWith(`${rootA}/`)).toBe(true);
    expect(cacheRoot(PROJECT, env(A, { BENCHSCOPE_CACHE: '/tmp/chosen' }))).toBe('/tmp/chosen');
    // Archives sharing a chosen folder still never share a content store.
    const chosen = [A, B].map((a) => astroCacheDir(PROJECT, env(a, { BENCHSCOPE_CACHE: '/tmp/chosen' })));
    expect(new Set(chosen).size).toBe(2);
    for (const dir of chosen) expect(dir.startsWith('/tmp/chosen/outputs/')).toBe(true);
  });
});
