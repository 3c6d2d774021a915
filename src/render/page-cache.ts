import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import type { TextSink } from '../site/downloads.ts';
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
 * When the build updates a previous output in place (src/pipeline/assemble.ts), pages go into the
 * cache only and their places are recorded, as lines `<file>\t<cached file>` of the placements
 * file, for the build to link once Astro is done. New pages are written by a thread of their own
 * (src/render/page-writer.ts) while the next ones render.
 */
/** The cache's folder inside Astro's cache folder. */
export const PAGE_CACHE_FOLDER = 'benchscope-pages';

export interface PageCacheOptions {
  /** Where to record placements instead of linking them, when the build assembles the output. */
  placements?: string | undefined;
  /** The project's root, where the page writer's script is (src/render/page-writer.ts). */
  projectRoot: string;
}

export class PageCache {
  private readonly made = new KnownFolders();
  private pending: string[] = [];
  private writer: PageWriter | undefined;
  readonly dir: string;
  readonly outDir: string;
  readonly placements: string | undefined;
  private readonly projectRoot: string;

  constructor(dir: string, outDir: string, options: PageCacheOptions) {
    this.dir = dir;
    this.outDir = outDir;
    this.placements = options.placements;
    this.projectRoot = options.projectRoot;
  }

  /** Wait for the pages written so far, then write out the placements recorded so far. */
  async flush(): Promise<void> {
    await this.writer?.settle();
    if (!this.placements || this.pending.length === 0) return;
    appendFileSync(this.placements, `${this.pending.join('\n')}\n`);
    this.pending = [];
  }

  /** Wait while the page writer is behind (between batches of pages), so memory stays flat. */
  async ready(): Promise<void> {
    await this.writer?.ready();
  }

  /** Link a cached set of pages into the output. False when no set has this key. */
  restoreSet(key: string): string[] | undefined {
    const dir = this.setDir(key);
    const manifest = join(dir, 'manifest.json');
    if (!existsSync(manifest)) return undefined;
    const files = JSON.parse(readFileSync(manifest, 'utf8')) as string[];
    files.forEach((file, i) => {
      this.place(join(dir, `${i}.html`), file);
    });
    this.touch(dir);
    return files;
  }

  /** Start a set: add pages one by one, then commit to make the set visible to later builds. */
  writeSet(key: string): {
    add(file: string, html: string | Uint8Array): void;
    openText(file: string): TextSink;
    commit(): Promise<void>;
  } {
    const final = this.setDir(key);
    const partial = `${final}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
    mkdirSync(partial, { recursive: true });
    const files: string[] = [];
    return {
      add: (file, html) => {
        const name = `${files.length}.html`;
        files.push(file);
        if (this.placements) {
          this.write({ path: join(partial, name), body: html });
          // Recorded where it will be once the set is committed.
          this.record(file, join(final, name));
        } else this.write({ path: join(this.outDir, file), body: html, linkTo: join(partial, name) });
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
            if (this.placements) this.record(file, join(final, name));
            else linkInto(this.outDir, file, path, this.made);
          },
        };
      },
      commit: async () => {
        await this.writer?.settle();
        writeFileSync(join(partial, 'manifest.json'), JSON.stringify(files));
        // Another build may have written the same set meanwhile; either copy is the same.
        if (existsSync(final)) rmSync(partial, { recursive: true, force: true });
        else renameSync(partial, final);
      },
    };
  }

  /** Link one cached page into the output. False when no page has this key. */
  restorePage(key: string, file: string): boolean {
    const cached = this.pagePath(key);
    if (!existsSync(cached)) return false;
    this.place(cached, file);
    this.touch(cached);
    return true;
  }

  /** Write a page into the output (or, when assembling, into the cache only) and cache it. */
  writePage(key: string, file: string, html: string | Uint8Array): void {
    const cached = this.pagePath(key);
    if (!this.placements) {
      this.write({ path: join(this.outDir, file), body: html, linkTo: cached });
      return;
    }
    this.write({ path: `${cached}.${process.pid}.partial`, body: html, renameTo: cached });
    this.record(file, cached);
  }

  private write(op: WriteOp) {
    this.writer ??= new PageWriter(writerScript(this.projectRoot));
    this.writer.write(op);
  }

  private record(file: string, cached: string) {
    this.pending.push(`${file}\t${cached}`);
  }

  /** Remove what no build has used since `since`: the cache holds one archive's pages, not every past one. */
  sweep(since: Date): number {
    let removed = 0;
    const stale = (path: string) => statSync(path).mtime < since;
    const sets = join(this.dir, 'sets');
    if (existsSync(sets))
      for (const name of readdirSync(sets)) {
        const path = join(sets, name);
        if (stale(path)) {
          rmSync(path, { recursive: true, force: true });
          removed++;
        }
      }
    const pages = join(this.dir, 'pages');
    if (existsSync(pages))
      for (const shard of readdirSync(pages))
        for (const name of readdirSync(join(pages, shard))) {
          const path = join(pages, shard, name);
          if (stale(path)) {
            rmSync(path, { force: true });
            removed++;
          }
        }
    return removed;
  }

  private setDir(key: string) {
    return join(this.dir, 'sets', key);
  }

  private pagePath(key: string) {
    return join(this.dir, 'pages', key.slice(0, 2), `${key}.html`);
  }

  /** Mark an entry as used by this build, so the sweep keeps it. */
  private touch(path: string) {
    const now = new Date();
    utimesSync(path, now, now);
  }

  private place(cached: string, file: string) {
    if (this.placements) this.record(file, cached);
    else linkInto(this.outDir, file, cached, this.made);
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
