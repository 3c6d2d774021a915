import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveCacheKey } from '../cache/root.ts';

/**
 * The dev server keeps its content store in the project's .astro/ folder whatever the archive
 * (Astro does not let it move, as it lets a build's: astroCacheDir, src/cache/root.ts). When the
 * archive changed since the last dev server, the store is dropped, so the next archive never sees
 * the previous one's registry entries; Astro fills it again from the archive. Returns whether a
 * store was dropped.
 */
export function forgetOtherArchive(projectRoot: string, archive: string): boolean {
  const dir = join(projectRoot, '.astro');
  const marker = join(dir, 'benchscope-archive');
  const key = archiveCacheKey(projectRoot, archive) || 'this project';
  if (existsSync(marker) && readFileSync(marker, 'utf8') === key) return false;
  const store = join(dir, 'data-store.json');
  const dropped = existsSync(store);
  rmSync(store, { force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, key);
  return dropped;
}
