/**
 * The search cache: every shard Pagefind wrote, kept outside dist/ under a key that hashes what the
 * shard was made from (the bytes of its run files, the registry text it indexes) and what made it
 * (this project's search code, Pagefind's version). A build whose shard key is in the cache links
 * the cached files into dist/ instead of indexing again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeDigest as closureDigest } from '../cache/code.ts';
import { cachePath } from '../cache/root.ts';
import { CacheStore } from '../cache/store.ts';

/** Where search shards are cached: search/ of the cache root (src/cache/root.ts). */
export function searchCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return cachePath(projectRoot, 'search', env);
}

/**
 * The code whose output a shard is: the indexer's process, and every module it runs (the search
 * documents and indexer, and what they read runs and examples with, title results by and count
 * words with). A change to any of it re-indexes every shard.
 */
export const SEARCH_CODE = ['src/search/worker.ts'];

/** A digest of the search code and of the Pagefind release that indexes with it. */
export async function codeDigest(projectRoot: string): Promise<string> {
  const pagefind = JSON.parse(
    await readFile(join(projectRoot, 'node_modules', 'pagefind', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return closureDigest(projectRoot, SEARCH_CODE, `pagefind ${pagefind.version}`);
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

/** The shards one cache folder holds, by key: folders of a keyed store (src/cache/store.ts). */
export class ShardCache {
  readonly dir: string;
  private readonly store: CacheStore;

  constructor(dir: string) {
    this.dir = dir;
    // Other folders (the units' records, src/search/records.ts) look after themselves.
    this.store = new CacheStore(dir, { names: /^[0-9a-f]{32}$/ });
  }

  path(key: string): string {
    return this.store.path(key);
  }

  has(key: string): boolean {
    return existsSync(join(this.path(key), 'pagefind-entry.json'));
  }

  /** The cached shard's folder, marked as used (for prune()). */
  use(key: string): string {
    return this.store.use(key) ?? this.path(key);
  }

  /** A fresh folder to write a shard into, moved into place by commit(). */
  async begin(key: string): Promise<string> {
    const dir = this.store.partial(key);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Put a written shard in the cache, whole; when another build stored the same key first, its
   * copy (identical) is kept.
   */
  commit(key: string, partial: string): Promise<void> {
    this.store.commit(key, partial);
    return Promise.resolve();
  }

  /**
   * Place a cached shard's files at `dest`: hard links where the filesystems allow (a shard of a
   * large archive is tens of megabytes), copies otherwise. Marks the shard as used, for prune().
   */
  async place(key: string, dest: string): Promise<number> {
    const from = this.use(key);
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
    return bytes;
  }

  /**
   * Remove all but the `keep` shards used most recently (and partial folders of builds that died).
   * Unlike the other caches, a shard this build did not use is kept while it is among the most
   * recent: it costs seconds of indexing to make again, so a few archives' worth stays.
   */
  prune(keep = 64): Promise<void> {
    this.store.sweep({ keep });
    return Promise.resolve();
  }
}
