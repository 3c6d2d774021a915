import { fileURLToPath } from 'node:url';
import { base, root, site } from 'astro:config/server';
import { outputCachePath, type OutputCacheName } from '../cache/root.ts';
import { CacheStore } from '../cache/store.ts';
import { cacheKey, codeDigest } from '../render/code-digest.ts';

/**
 * What a build keeps between builds for its output (src/cache/root.ts): rendered pages
 * (src/render/page-cache.ts) and facts derived from each run's examples. Every key includes a
 * digest of the code that renders pages and of the site's settings, so a change to either starts
 * afresh.
 */

let digest: string | undefined;

/** The digest of the code pages are rendered with and of the settings they are rendered with. */
export function codeKey(): string {
  digest ??= codeDigest(fileURLToPath(root), { site, base });
  return digest;
}

/** A folder of what the build keeps for its output. */
export function cacheFolder(name: OutputCacheName): string {
  return outputCachePath(fileURLToPath(root), name);
}

const stores = new Map<string, CacheStore>();

/**
 * A JSON value computed once per key and kept on disk (a keyed store, src/cache/store.ts): the
 * next build reads it instead of computing it again.
 */
export async function cachedJson<T>(folder: 'run-index', parts: string[], compute: () => Promise<T>): Promise<T> {
  let store = stores.get(folder);
  if (!store) stores.set(folder, (store = new CacheStore(cacheFolder(folder))));
  const name = `${cacheKey(codeKey(), ...parts)}.json`;
  const known = store.readJson(name);
  if (known !== undefined) return known as T;
  const value = await compute();
  store.writeJson(name, value);
  return value;
}
