import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureFirstQuery } from '../../src/bench/first-query.ts';
import { buildOnce } from '../helpers/build.ts';

let dist = '';

beforeAll(async () => {
  dist = await buildOnce('site-comparison', 'site-comparison');
}, 180_000);

describe('measureFirstQuery', () => {
  it('counts every download of a first search, compressed as sent, and Pagefind runs without its worker', async () => {
    const result = await measureFirstQuery(dist, 'windows line');
    expect(result.results).toBe(1);
    expect(result.status).toBe('1 page or group of examples matches.');
    const paths = result.transfers.map((t) => t.path.replace(/\?ts=\d+$/, ''));
    for (const path of [
      '/search/?q=windows%20line',
      '/pagefind/pagefind.js',
      '/pagefind/wasm.en.pagefind',
      '/pagefind/pagefind-entry.json',
      '/pagefind/shards.json',
    ])
      expect(paths).toContain(path);
    // The search page runs Pagefind on its own thread: the worker's script is never fetched.
    expect(paths).not.toContain('/pagefind/pagefind-worker.js');
    expect(paths.filter((p) => p.startsWith('/pagefind/archive/') && p.endsWith('.pf_fragment'))).toHaveLength(1);
    expect(result.requests).toBe(result.transfers.length);
    expect(result.total).toBe(result.transfers.reduce((n, t) => n + t.bytes, 0));
    // Pagefind's script is sent gzip-compressed, and counted as sent (with its headers).
    const script = result.transfers.find((t) => t.path === '/pagefind/pagefind.js');
    const gzipped = gzipSync(readFileSync(join(dist, 'pagefind', 'pagefind.js'))).length;
    expect(script?.bytes).toBeGreaterThan(gzipped);
    expect(script?.bytes).toBeLessThan(gzipped + 1000);
    // Pagefind's WebAssembly is compressed already and sent as it is.
    const wasm = result.transfers.find((t) => t.path === '/pagefind/wasm.en.pagefind');
    expect(wasm?.bytes).toBeGreaterThan(statSync(join(dist, 'pagefind', 'wasm.en.pagefind')).size);
  }, 60_000);
});
