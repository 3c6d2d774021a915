import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base, cacheDir, root, site } from 'astro:config/server';
import { readJsonFile, writeJsonFile } from '../lib/json-files.ts';
import { cacheKey, codeDigest } from '../render/code-digest.ts';

/**
 * What a build keeps between builds, in Astro's cache folder (outside the output): rendered pages
 * (src/render/page-cache.ts) and facts derived from each run's examples. Every key includes a
 * digest of the project's code and the site's settings, so a change to either starts afresh.
 */

let digest: string | undefined;

/** The digest of the project's code and of the settings pages are rendered with. */
export function codeKey(): string {
  digest ??= codeDigest(fileURLToPath(root), { site, base });
  return digest;
}

/** A folder of the build cache. */
export function cacheFolder(name: string): string {
  return join(fileURLToPath(cacheDir), name);
}

/**
 * A JSON value computed once per key and kept on disk: the next build reads it instead of
 * computing it again. Written to a temporary name and renamed, so a killed build leaves no half.
 */
export async function cachedJson<T>(folder: string, parts: string[], compute: () => Promise<T>): Promise<T> {
  const file = join(cacheFolder(folder), `${cacheKey(codeKey(), ...parts)}.json`);
  const known = readJsonFile(file);
  if (known !== undefined) return known as T;
  const value = await compute();
  writeJsonFile(file, value);
  return value;
}
