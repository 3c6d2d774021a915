/**
 * What checking a run's examples found, kept between builds. Reading and checking every example is
 * most of validation; a build keeps the outcome for each examples file that had no problem, keyed
 * by the file's bytes, the subjects its benchmark allows and the validation code, so a pull request
 * that adds one run checks that run's examples alone. A problem is never cached: a file with one is
 * checked again, and reported again, by every build. `npm run validate` reads every line each time.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileDigest, sourceDigest } from '../lib/digests.ts';
import { readJsonFile, writeJsonFile } from '../lib/json-files.ts';
import type { ExampleCheck } from './examples-check.ts';

/** The code an examples file is checked with: the archive's readers and checks, the schemas, the statistics. */
export const CHECK_CODE = ['src/archive/**', 'src/schema/**', 'src/lib/**'];

export class CheckCache {
  readonly dir: string;
  private readonly code: string;
  /** Entries this build used: the sweep keeps these and removes the rest. */
  private readonly used = new Set<string>();
  /** Examples files whose check came from the cache. */
  hits = 0;

  constructor(dir: string, projectRoot: string) {
    this.dir = dir;
    this.code = sourceDigest(projectRoot, CHECK_CODE);
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
    const check = readJsonFile(join(this.dir, `${key}.json`)) as ExampleCheck | undefined;
    if (check === undefined) return undefined;
    this.used.add(key);
    this.hits++;
    return check;
  }

  put(key: string, check: ExampleCheck): void {
    this.used.add(key);
    try {
      writeJsonFile(join(this.dir, `${key}.json`), check);
    } catch {
      // Only the next build's time depends on this entry: it checks the file again.
    }
  }

  /** Remove the entries this build did not use: the cache holds the current archive's checks. */
  sweep(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir))
      if (name.endsWith('.json') && !this.used.has(name.slice(0, -'.json'.length)))
        rmSync(join(this.dir, name), { force: true });
  }
}
