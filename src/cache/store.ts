/**
 * The one way a build keeps something between builds: a folder of entries, each a file or a
 * folder named by its key (a digest of what made it), so that an entry never changes once written
 * (new content, new key). Every cache of the build is one or more of these stores (src/cache/root.ts
 * lists them and where they live).
 *
 * An entry is written under a temporary name beside its place and moved into place whole, so a
 * build killed meanwhile leaves no half entry under a key, only a partial (`<name>.<tag>.partial`).
 * When another build stored the same key first, its entry is kept: it has the same content.
 *
 * Reading an entry marks it as used by this build, and the sweep removes what this build did not
 * use, so a cache holds what the current archive needs rather than every past version of it.
 * Partials older than a day are removed too (younger ones may be a running build's).
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** How long a partial is left alone: it may be a running build's. An older one is of a build that died. */
export const PARTIAL_AGE_MS = 86_400_000;

const isPartial = (name: string) => name.endsWith('.partial');

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** A temporary name to write the entry at `final` under, in the same folder (so that moving it is a rename). */
export function partialPath(final: string): string {
  return `${final}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
}

/**
 * Give a complete file written at `partial` its name `final`, keeping the file already there if
 * another build stored it first (then `partial` is removed, and false returned). A hard link, not
 * a rename, since a rename would replace that file; a rename only where the file system has no
 * links (it may then replace an identical file, which no reader can tell).
 */
export function commitFile(partial: string, final: string): boolean {
  try {
    linkSync(partial, final);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      rmSync(partial, { force: true });
      return false;
    }
    if (errorCode(error) !== 'EPERM' && errorCode(error) !== 'ENOTSUP') throw error;
    renameSync(partial, final);
    return true;
  }
  unlinkSync(partial);
  return true;
}

/**
 * Move a complete folder written at `partial` into place at `final`. A folder is never renamed
 * over another that holds files: when another build stored it first, `partial` is removed and
 * false returned.
 */
export function commitFolder(partial: string, final: string): boolean {
  try {
    renameSync(partial, final);
    return true;
  } catch (error) {
    if (!existsSync(final)) throw error;
    rmSync(partial, { recursive: true, force: true });
    return false;
  }
}

/**
 * Which entries a sweep removes, besides partials older than a day:
 *
 * - `{ unused: true }` (the default): those this store object did not use. For a cache that one
 *   object of one process reads, writes and sweeps (the check cache, the search records).
 * - `{ since }`: those nothing used (read or wrote) since `since`, as their times on disk say. For
 *   a cache used by code that Astro bundles apart from the integration that sweeps it (the page
 *   cache, the run index): two copies of this module, each with its own objects, so what marks an
 *   entry as used must be on disk. Give a second of slack: some file systems keep coarse times.
 * - `{ keep }`: all but the `keep` entries used most recently, whatever this build used. For the
 *   search shards: each costs seconds of indexing to make again, and is small beside the pages,
 *   so a few archives' worth is kept (switching branches back finds its shards).
 */
export type SweepPolicy = { unused: true } | { since: Date } | { keep: number };

export interface StoreOptions {
  /**
   * Keep each entry in a sub-folder named by its first two characters: the page cache holds a
   * file per page, a hundred thousand of them, and a folder that large lists slowly.
   */
  fanout?: boolean;
  /**
   * The names of this store's entries. Other names in its folder are left alone (the search
   * shards' folder holds the records' folder, a store of its own). Every name, by default.
   */
  names?: RegExp;
}

export class CacheStore {
  readonly dir: string;
  private readonly fanout: boolean;
  private readonly names: RegExp | undefined;
  /** Names of the entries this object used (read, marked or wrote). */
  private readonly used = new Set<string>();

  constructor(dir: string, options: StoreOptions = {}) {
    this.dir = dir;
    this.fanout = options.fanout ?? false;
    this.names = options.names;
  }

  /** Where the entry `name` is, or would be: a file name (a key, with an extension if it has one). */
  path(name: string): string {
    return this.fanout ? join(this.dir, name.slice(0, 2), name) : join(this.dir, name);
  }

  /** Whether the entry is there (without marking it as used). */
  has(name: string): boolean {
    return existsSync(this.path(name));
  }

  /**
   * The entry's path, the entry marked as used by this build (in this object, and by its time on
   * disk); undefined when there is no such entry.
   */
  use(name: string): string | undefined {
    const path = this.path(name);
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
      // Not ours to touch (a cache restored with another owner): still there, still read.
      if (!existsSync(path)) return undefined;
    }
    this.used.add(name);
    return path;
  }

  /** An entry read as JSON, marked as used; undefined when it is missing or unreadable (then made again). */
  readJson(name: string): unknown {
    const path = this.use(name);
    if (path === undefined) return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Store `value` as JSON under `name`. */
  writeJson(name: string, value: unknown): void {
    const partial = this.partial(name);
    try {
      writeFileSync(partial, JSON.stringify(value));
      this.commit(name, partial);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
  }

  /**
   * A temporary path to write the entry `name` at, a file or a folder, before commit() moves it
   * into place. Its folder is made.
   */
  partial(name: string): string {
    const final = this.path(name);
    mkdirSync(dirname(final), { recursive: true });
    return partialPath(final);
  }

  /**
   * Move what was written at `partial` into place as the entry `name`, and mark it used. False when
   * another build stored it first: its entry is kept (and marked), the partial removed.
   */
  commit(name: string, partial: string): boolean {
    const final = this.path(name);
    const moved = lstatSync(partial).isDirectory() ? commitFolder(partial, final) : commitFile(partial, final);
    if (!moved) this.use(name);
    this.used.add(name);
    return moved;
  }

  /**
   * Write an entry through `write` (given the temporary path to write, a file or a folder), unless
   * it is there already; returns its path, marked as used. A failed write leaves nothing behind.
   */
  async put(name: string, write: (partial: string) => Promise<void>): Promise<string> {
    const known = this.use(name);
    if (known !== undefined) return known;
    const partial = this.partial(name);
    try {
      await write(partial);
      this.commit(name, partial);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw error;
    }
    return this.path(name);
  }

  /** Mark an entry as used without reading it (it belongs to what this build holds). False when it is not there. */
  mark(name: string): boolean {
    return this.use(name) !== undefined;
  }

  /**
   * Remove the entries the policy says this build did not use, and partials older than a day;
   * returns how many entries (not partials) were removed.
   */
  sweep(policy: SweepPolicy = { unused: true }): number {
    if (!existsSync(this.dir)) return 0;
    const entries: { name: string; path: string; time: number }[] = [];
    const folders = this.fanout
      ? readdirSync(this.dir, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(this.dir, d.name))
      : [this.dir];
    for (const folder of folders)
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (isPartial(name)) {
          if (this.owns(name.replace(/\.[^.]*\.partial$/, '')) && Date.now() - mtime(path) > PARTIAL_AGE_MS)
            rmSync(path, { recursive: true, force: true });
        } else if (this.owns(name)) entries.push({ name, path, time: mtime(path) });
      }
    let stale: typeof entries;
    if ('keep' in policy) stale = entries.sort((a, b) => b.time - a.time).slice(policy.keep);
    else if ('since' in policy) stale = entries.filter((e) => e.time < policy.since.getTime());
    else stale = entries.filter((e) => !this.used.has(e.name));
    for (const entry of stale) rmSync(entry.path, { recursive: true, force: true });
    return stale.length;
  }

  private owns(name: string): boolean {
    return !name.startsWith('.') && (this.names?.test(name) ?? true);
  }
}

/** When an entry was last used or written; 0 when it went meanwhile (another build's sweep). */
function mtime(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}
