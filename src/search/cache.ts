/**
 * The search cache: every shard Pagefind wrote, kept outside dist/ under a key that hashes what the
 * shard was made from (the bytes of its run files, the registry text it indexes) and what made it
 * (this project's search code, Pagefind's version). A build whose shard key is in the cache links
 * the cached files into dist/ instead of indexing again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { archiveCacheKey, archiveRoot } from '../archive/root.ts';
import { sourceDigest } from '../lib/digests.ts';

/**
 * The folder of Benchscope's build caches: BENCHSCOPE_CACHE, or node_modules/.cache/benchscope/,
 * in archives/<key>/ for any archive but the project's own (archiveCacheKey): each build sweeps
 * what it did not use, so two archives sharing a folder would undo each other's caches.
 */
export function cacheRoot(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['BENCHSCOPE_CACHE'];
  if (chosen) return resolve(projectRoot, chosen);
  const key = archiveCacheKey(projectRoot, archiveRoot(projectRoot, env));
  return join(projectRoot, 'node_modules', '.cache', 'benchscope', ...(key ? ['archives', key] : []));
}

/** Where search shards are cached. */
export function searchCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(projectRoot, env), 'search');
}

/**
 * The code whose output a shard is: the search documents and indexer, and what they read runs
 * and examples with, title results by and count words with (every module they import:
 * test/unit/search/cache.test.ts checks). A change to any of it re-indexes every shard.
 */
export const SEARCH_CODE = ['src/search/**', 'src/schema/**', 'src/archive/**', 'src/site/labels.ts', 'src/lib/**'];

/** A digest of the search code and of the Pagefind release that indexes with it. */
export async function codeDigest(projectRoot: string): Promise<string> {
  const pagefind = JSON.parse(
    await readFile(join(projectRoot, 'node_modules', 'pagefind', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return sourceDigest(projectRoot, SEARCH_CODE, `pagefind ${pagefind.version}`);
}

/**
 * A shard's cache key: the code digest and, for each of its inputs in order, a name and a digest.
 * Names are part of the key, so moving an input between shards changes both shards' keys.
 */
export function shardKey(code: string, inputs: readonly (readonly [string, string])[]): string {
  const hash = createHash('sha256').update(`benchscope-search/1\0${code}\0`);
  for (const [name, digest] of inputs) hash.update(`${name}\0${digest}\0`);
  return hash.digest('hex').slice(0, 32);
}

async function* walk(dir: string, prefix = ''): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) yield* walk(join(dir, entry.name), path);
    else yield path;
  }
}

/** A shard's own bookkeeping file in the cache (what it holds), never placed in dist/. */
export const SHARD_INFO = 'benchscope-shard.json';

/** The shards one cache folder holds, by key. */
export class ShardCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  path(key: string): string {
    return join(this.dir, key);
  }

  has(key: string): boolean {
    return existsSync(join(this.path(key), 'pagefind-entry.json'));
  }

  /** A fresh folder to write a shard into, moved into place by commit(). */
  async begin(key: string): Promise<string> {
    const dir = join(this.dir, `.partial-${key}-${process.pid}-${Date.now()}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Put a written shard in the cache. The rename is atomic, so a shard in the cache is always
   * complete; when another build stored the same key first, its copy (identical) is kept.
   */
  async commit(key: string, partial: string): Promise<void> {
    try {
      await rename(partial, this.path(key));
    } catch (error) {
      if (!this.has(key)) throw error;
      await rm(partial, { recursive: true, force: true });
    }
  }

  /**
   * Place a cached shard's files at `dest`: hard links where the filesystems allow (a shard of a
   * large archive is tens of megabytes), copies otherwise. Marks the shard as used, for prune().
   */
  async place(key: string, dest: string): Promise<number> {
    const from = this.path(key);
    let bytes = 0;
    for await (const file of walk(from)) {
      if (file === SHARD_INFO) continue;
      const target = join(dest, file);
      await mkdir(join(target, '..'), { recursive: true });
      try {
        await link(join(from, file), target);
      } catch {
        await copyFile(join(from, file), target);
      }
      bytes += (await stat(target)).size;
    }
    const now = new Date();
    await utimes(from, now, now);
    return bytes;
  }

  /**
   * Remove all but the `keep` shards used most recently (and partial folders of builds that died).
   * Other folders (the units' records, src/search/records.ts) look after themselves.
   */
  async prune(keep = 64): Promise<void> {
    if (!existsSync(this.dir)) return;
    const entries = await readdir(this.dir, { withFileTypes: true });
    const shards: { name: string; used: number }[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const info = await stat(join(this.dir, entry.name));
      if (entry.name.startsWith('.partial-')) {
        // A partial folder older than a day belongs to a build that did not finish.
        if (Date.now() - info.mtimeMs > 86_400_000)
          await rm(join(this.dir, entry.name), { recursive: true, force: true });
      } else if (/^[0-9a-f]{32}$/.test(entry.name)) shards.push({ name: entry.name, used: info.mtimeMs });
    }
    shards.sort((a, b) => b.used - a.used);
    for (const old of shards.slice(keep)) await rm(join(this.dir, old.name), { recursive: true, force: true });
  }
}
