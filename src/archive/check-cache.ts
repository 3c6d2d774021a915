/**
 * What checking a run's examples found, kept between builds. Reading and checking every example is
 * most of validation; a build keeps the outcome for each examples file that had no problem, keyed
 * by the file's bytes, the subjects its benchmark allows and the validation code, so a pull request
 * that adds one run checks that run's examples alone. A problem is never cached: a file with one is
 * checked again, and reported again, by every build. `npm run validate` reads every line each time.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { codeDigest } from '../cache/code.ts';
import { CacheStore } from '../cache/store.ts';
import { fileDigest } from '../lib/digests.ts';
import type { ExampleCheck } from './examples-check.ts';

/**
 * The code an examples file is checked with: loading the archive, and every module it runs (the
 * readers and checks, the example checker's threads, the schemas, the statistics).
 */
export const CHECK_CODE = ['src/archive/load.ts'];

/**
 * The entries: one JSON file a checked examples file, named by its key; and for each examples file
 * checked, by path, what it was then (`<digest of the path>.seen`: Seen).
 */
const ENTRY = /^[0-9a-f]{64}\.(json|seen)$/;

/** An examples file as a build checked it: its size and time, and the digest of its bytes. */
interface Seen {
  size: number;
  mtimeMs: number;
  digest: string;
}

export class CheckCache {
  readonly dir: string;
  private readonly code: string;
  private readonly store: CacheStore;
  /** Examples files whose check came from the cache. */
  hits = 0;

  constructor(dir: string, projectRoot: string) {
    this.dir = dir;
    this.store = new CacheStore(dir, { names: ENTRY });
    this.code = codeDigest(projectRoot, CHECK_CODE);
  }

  /**
   * The key of an examples file's check, from the digest of the file as stored: computed by reading
   * the file (fileDigest) when the cache may hold its check, else by the check itself as it reads.
   */
  keyOf(digest: string, subjects: readonly string[] | null | undefined): string {
    return createHash('sha256')
      .update(`benchscope-check/1\0${this.code}\0${digest}\0${JSON.stringify(subjects ?? String(subjects))}`)
      .digest('hex');
  }

  /**
   * The key to look the file at `path` up by, or undefined when the cache cannot hold its check.
   * - An earlier build checked the file there with the same size and time: the digest it
   *   recorded (as make and git trust a file's time, nothing is read).
   * - The same size, another time (a fresh checkout): the digest, read from the file.
   * - Otherwise (a build from scratch, a new run, a file that changed size): no key, since it would
   *   find nothing, and reading the file for it would be a reading for nothing: the check reads it
   *   once, and hashes it on the way (keyOf).
   */
  async key(path: string, subjects: readonly string[] | null | undefined): Promise<string | undefined> {
    const now = statSync(path, { throwIfNoEntry: false });
    const seen = this.store.readJson(this.seenEntry(path)) as Seen | undefined;
    if (!now || !seen || seen.size !== now.size) return undefined;
    return this.keyOf(seen.mtimeMs === now.mtimeMs ? seen.digest : await fileDigest(path), subjects);
  }

  private seenEntry(path: string): string {
    return `${createHash('sha256').update(path).digest('hex')}.seen`;
  }

  get(key: string): ExampleCheck | undefined {
    const check = this.store.readJson(`${key}.json`) as ExampleCheck | undefined;
    if (check === undefined) return undefined;
    this.hits++;
    return check;
  }

  /** Keep the check of the file at `path` (whose digest is `digest`) under `key`. */
  put(key: string, check: ExampleCheck, path: string, digest: string): void {
    try {
      this.store.writeJson(`${key}.json`, check);
      const { size, mtimeMs } = statSync(path);
      this.store.writeJson(this.seenEntry(path), { size, mtimeMs, digest } satisfies Seen);
    } catch {
      // Only the next build's time depends on this entry: it checks the file again.
    }
  }

  /** Remove the entries this build did not use: the cache holds the current archive's checks. */
  sweep(): void {
    this.store.sweep();
  }
}
