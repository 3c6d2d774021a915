import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import { CacheStore, partialPath } from '../cache/store.ts';
import type { TextSink } from '../page-data/downloads.ts';
import type { Placements } from '../pipeline/placements.ts';
import { cannotLink, KnownFolders, PageWriter, writerScript, type WriteOp } from './page-writer.ts';

/**
 * Rendered pages kept between builds, keyed by a digest of everything they were made from (the
 * run's files, the registry entries they show, the project's code): a build renders only what
 * changed and links the rest into the output. The cache lives outside the output folder, so CI
 * can keep it between runs, and an entry never changes once written (new content, new key).
 *
 * Pages are hard-linked into the output (a copy where the file system cannot link), which leaves
 * the cached files intact when the output is emptied or replaced. A page rendered anew is written
 * into the output and linked into the cache, so that a build from scratch writes each page once.
 * What the build puts where is recorded in the placements it handed over (src/pipeline/placements.ts):
 * a set as a whole, a single page by its file. When the build updates a previous output in place
 * (src/pipeline/assemble.ts), pages go into the cache only, for assembling to link what the output
 * does not hold yet. New pages are written by a thread of their own (src/render/page-writer.ts)
 * while the next ones render.
 *
 * The cache is two keyed stores (src/cache/store.ts): sets/, a folder per set of pages (a run's
 * example pages, its lists, its downloads) with their list in manifest.json, and pages/, a file per
 * page (a cross-endpoint page), in sub-folders by the key's first two characters.
 */
/** The cache's folder among what is kept for the output (src/cache/root.ts). */
export const PAGE_CACHE_FOLDER = 'pages';

export interface PageCacheOptions {
  /**
   * Where to record what goes where (src/pipeline/placements.ts); when they are deferred, pages
   * are not put into the output here but left to assembling (src/pipeline/assemble.ts).
   */
  placements?: Placements | undefined;
  /** The project's root, where the page writer's script is (src/render/page-writer.ts). */
  projectRoot: string;
}

export class PageCache {
  private readonly made = new KnownFolders();
  private writer: PageWriter | undefined;
  private readonly sets: CacheStore;
  private readonly pages: CacheStore;
  readonly dir: string;
  readonly outDir: string;
  readonly placements: Placements | undefined;
  /** Whether pages go into the cache only, for assembling to link. */
  private readonly deferred: boolean;
  private readonly projectRoot: string;

  constructor(dir: string, outDir: string, options: PageCacheOptions) {
    this.dir = dir;
    this.sets = new CacheStore(join(dir, 'sets'));
    this.pages = new CacheStore(join(dir, 'pages'), { fanout: true });
    this.outDir = outDir;
    this.placements = options.placements;
    this.deferred = options.placements?.deferred ?? false;
    this.projectRoot = options.projectRoot;
  }

  /** Wait for the pages written so far. */
  async flush(): Promise<void> {
    await this.writer?.settle();
  }

  /** Wait while the page writer is behind (between batches of pages), so memory stays flat. */
  async ready(): Promise<void> {
    await this.writer?.ready();
  }

  /** Put a cached set of pages in the output. False when no set has this key. */
  restoreSet(key: string): boolean {
    // Marked as used by this build, so the sweep keeps it.
    const dir = this.sets.use(key);
    if (dir === undefined) return false;
    this.placements?.addSet(dir);
    if (!this.deferred) {
      const files = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as string[];
      files.forEach((file, i) => {
        linkInto(this.outDir, file, join(dir, `${i}.html`), this.made);
      });
    }
    return true;
  }

  /** Start a set: add pages one by one, then commit to make the set visible to later builds. */
  writeSet(key: string): {
    add(file: string, html: string | Uint8Array): void;
    openText(file: string): TextSink;
    commit(): Promise<void>;
  } {
    const final = this.sets.path(key);
    const partial = this.sets.partial(key);
    mkdirSync(partial);
    const files: string[] = [];
    return {
      add: (file, html) => {
        const name = `${files.length}.html`;
        files.push(file);
        if (this.deferred) this.write({ path: join(partial, name), body: html });
        else this.write({ path: join(this.outDir, file), body: html, linkTo: join(partial, name) });
      },
      // A file too large to hold (a run's downloads): written piece by piece, here, into the set.
      openText: (file) => {
        const name = `${files.length}.html`;
        files.push(file);
        const path = join(partial, name);
        const fd = openSync(path, 'w');
        // Downloads named *.gz are compressed as they are written: a run's text in three formats
        // would otherwise be most of the site's size.
        const gzip = file.endsWith('.gz') ? createGzip({ level: 9 }) : undefined;
        gzip?.on('data', (chunk: Buffer) => writeSync(fd, chunk));
        const ended = gzip && new Promise((resolve, reject) => gzip.on('end', resolve).on('error', reject));
        let pending = '';
        const flush = () => {
          if (gzip) gzip.write(pending);
          else writeSync(fd, pending);
          pending = '';
        };
        return {
          // Pieces joined into writes of at least 64 KB: a write per example would be a system call per example.
          write: (text) => {
            pending += text;
            if (pending.length >= 1 << 16) flush();
          },
          close: async () => {
            if (pending !== '') flush();
            if (gzip) {
              gzip.end();
              await ended;
            }
            closeSync(fd);
            if (!this.deferred) linkInto(this.outDir, file, path, this.made);
          },
        };
      },
      commit: async () => {
        await this.writer?.settle();
        writeFileSync(join(partial, 'manifest.json'), JSON.stringify(files));
        // Another build may have written the same set meanwhile; either copy is the same.
        this.sets.commit(key, partial);
        this.placements?.addSet(final);
      },
    };
  }

  /** Put one cached page in the output. False when no page has this key. */
  restorePage(key: string, file: string): boolean {
    const cached = this.pages.use(`${key}.html`);
    if (cached === undefined) return false;
    this.placements?.addPage(file, cached);
    if (!this.deferred) linkInto(this.outDir, file, cached, this.made);
    return true;
  }

  /** Write a page into the output (or, when assembling, into the cache only) and cache it. */
  writePage(key: string, file: string, html: string | Uint8Array): void {
    const cached = this.pages.path(`${key}.html`);
    this.placements?.addPage(file, cached);
    if (this.deferred) this.write({ path: partialPath(cached), body: html, renameTo: cached });
    else this.write({ path: join(this.outDir, file), body: html, linkTo: cached });
  }

  private write(op: WriteOp) {
    this.writer ??= new PageWriter(writerScript(this.projectRoot));
    this.writer.write(op);
  }

  /**
   * Remove what no build has used since `since`: the cache holds one archive's pages, not every
   * past one. By the entries' times, since the sweep runs in Astro's integration, apart from the
   * objects the pages were rendered with (src/cache/store.ts).
   */
  sweep(since: Date): number {
    return this.sets.sweep({ since }) + this.pages.sweep({ since });
  }
}

/**
 * Put a cached page at `file` below `outDir`: a hard link, or a copy where the file system cannot
 * link. `made` remembers the folders already created.
 */
export function linkInto(outDir: string, file: string, cached: string, made: KnownFolders): void {
  const target = join(outDir, file);
  const dir = dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  try {
    linkSync(cached, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      rmSync(target);
      linkSync(cached, target);
    } else if (cannotLink(error)) copyFileSync(cached, target);
    else throw error;
  }
}
