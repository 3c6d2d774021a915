/**
 * What checking a run's examples found, kept between builds. Reading and checking every example is
 * most of validation; a build keeps the outcome for each examples file that had no problem, keyed
 * by the file's bytes, the subjects its benchmark allows and the validation code, so a pull request
 * that adds one run checks that run's examples alone. A problem is never cached: a file with one is
 * checked again, and reported again, by every build. `npm run validate` reads every line each time.
 */
import { createHash } from 'node:crypto';
import { codeDigest } from '../cache/code.ts';
import { CacheStore } from '../cache/store.ts';
import { fileDigest } from '../lib/digests.ts';
import type { ExampleCheck } from './examples-check.ts';

/**
 * The code an examples file is checked with: loading the archive, and every module it runs (the
 * readers and checks, the example checker's threads, the schemas, the statistics).
 */
export const CHECK_CODE = ['src/archive/load.ts'];

/** The entries: one JSON file a checked examples file, named by its key. */
const ENTRY = /^[0-9a-f]{64}\.json$/;

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

  /** The key of an examples file's check. */
  async key(path: string, subjects: readonly string[] | null | undefined): Promise<string> {
    return createHash('sha256')
      .update(
        `benchscope-check/1\0${this.code}\0${await fileDigest(path)}\0${JSON.stringify(subjects ?? String(subjects))}`,
      )
      .digest('hex');
  }

  get(key: string): ExampleCheck | undefined {
    const check = this.store.readJson(`${key}.json`) as ExampleCheck | undefined;
    if (check === undefined) return undefined;
    this.hits++;
    return check;
  }

  put(key: string, check: ExampleCheck): void {
    try {
      this.store.writeJson(`${key}.json`, check);
    } catch {
      // Only the next build's time depends on this entry: it checks the file again.
    }
  }

  /** Remove the entries this build did not use: the cache holds the current archive's checks. */
  sweep(): void {
    this.store.sweep();
  }
}
