import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The archive to read: `BENCHSCOPE_ARCHIVE` when set (a folder holding runs/ and content/),
 * otherwise the project itself. Relative paths resolve against the project root.
 */
export function archiveRoot(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['BENCHSCOPE_ARCHIVE'];
  return chosen ? resolve(projectRoot, chosen) : resolve(projectRoot);
}

/**
 * The folder name under which an archive keeps its own build caches, or '' for the project's own
 * archive (its caches stay where they always were). Two archives never share a content store:
 * Astro's keeps each entry with the file it came from, and an entry of the previous archive
 * (another folder, so another file) would be a duplicate, or a stale page, in the next.
 * The name is the archive folder's, then a digest of its full path.
 */
export function archiveCacheKey(projectRoot: string, archive: string): string {
  if (resolve(archive) === resolve(projectRoot)) return '';
  const name = basename(resolve(archive))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const digest = createHash('sha256').update(resolve(archive)).digest('hex').slice(0, 12);
  return name ? `${name}-${digest}` : digest;
}

/**
 * Astro's cache folder for a build (its content store, and the page cache): beside the output when
 * BENCHSCOPE_OUT names one, else Astro's own default, node_modules/.astro/; below it, in
 * archives/<key>/, for any archive but the project's own.
 */
export function astroCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const out = env['BENCHSCOPE_OUT'];
  const base = out
    ? `${resolve(projectRoot, out).replace(/\/+$/, '')}-cache`
    : join(resolve(projectRoot), 'node_modules', '.astro');
  const key = archiveCacheKey(projectRoot, archiveRoot(projectRoot, env));
  return key ? join(base, 'archives', key) : base;
}

/**
 * A file of the project as a URL: how a worker thread is given its script (Node runs a .ts one by
 * stripping its types). The root needs its trailing slash, or the URL would replace its last folder.
 */
export function projectFile(projectRoot: string, path: string): URL {
  return new URL(path, pathToFileURL(projectRoot.endsWith('/') ? projectRoot : `${projectRoot}/`));
}
