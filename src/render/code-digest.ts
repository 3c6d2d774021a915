import { createHash } from 'node:crypto';
import { sourceDigest } from '../lib/digests.ts';

/**
 * A digest of the project's own code and of the settings pages are rendered with: part of every
 * cache key, so that changing a component (or the base path) renders its pages anew. Coarse on
 * purpose: any change under src/ invalidates every cached page, which is always correct.
 */
export function codeDigest(projectRoot: string, settings: Record<string, string | undefined>): string {
  return sourceDigest(projectRoot, ['src/**', 'astro.config.mjs', 'package-lock.json'], JSON.stringify(settings));
}

/** A cache key from its parts. */
export function cacheKey(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}
