import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';

/**
 * A digest of the project's own code and of the settings pages are rendered with: part of every
 * cache key, so that changing a component (or the base path) renders its pages anew. Coarse on
 * purpose: any change under src/ invalidates every cached page, which is always correct.
 */
export function codeDigest(projectRoot: string, settings: Record<string, string | undefined>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(settings));
  const files = fg.sync(['src/**', 'astro.config.mjs', 'package-lock.json'], { cwd: projectRoot, dot: false });
  for (const file of files.sort()) hash.update(`\0${file}\0`).update(readFileSync(join(projectRoot, file)));
  return hash.digest('hex');
}

/** A cache key from its parts. */
export function cacheKey(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}
