import { createHash } from 'node:crypto';
import { codeDigest as closureDigest } from '../cache/code.ts';

/**
 * The code the cached pages are made with: the module that renders them (its components, layout
 * and stylesheet, the data they read, the page writer's thread), Astro's configuration, and the
 * packages' versions. Cached pages are rendered outside Astro's route loop, so no other page's code
 * reaches them: the one stylesheet they link is named by its own bytes (global.css?url).
 */
export const RENDER_CODE = ['src/render/family-pages.ts', 'astro.config.mjs', 'package-lock.json'];

/**
 * A digest of the code pages are rendered with (RENDER_CODE and every module it imports) and of
 * the settings they are rendered with: part of every key of the page cache and the run index, so
 * that changing a component (or the base path) renders its pages anew.
 */
export function codeDigest(projectRoot: string, settings: Record<string, string | undefined>): string {
  return closureDigest(projectRoot, RENDER_CODE, JSON.stringify(settings));
}

/** A cache key from its parts. */
export function cacheKey(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}
