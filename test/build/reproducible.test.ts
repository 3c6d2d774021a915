import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addedDates } from '../../src/archive/history.ts';
import { buildOnce } from '../helpers/build.ts';
import { fixture, OUT } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';
import { files } from '../helpers/site.ts';

// The same commit built twice, into two folders with their own caches, at two different times:
// whatever differs came from the clock, the machine or an unstable order.
let first = '';
let second = '';

beforeAll(async () => {
  first = await buildOnce('site-comparison', 'site-comparison');
  second = join(OUT, 'reproducible', 'dist');
  rmSync(join(OUT, 'reproducible'), { recursive: true, force: true });
  const result = await script('build', [], {
    BENCHSCOPE_ARCHIVE: fixture('site-comparison'),
    BENCHSCOPE_OUT: second,
    BENCHSCOPE_CACHE: join(OUT, 'reproducible', 'cache'),
  });
  if (result.code !== 0) throw new Error(`the second build failed:\n${result.stderr}`);
}, 180_000);

describe('two builds of the same commit', () => {
  it('write the same files', () => {
    expect(files(second)).toEqual(files(first));
  });

  it('write every file byte for byte the same', () => {
    const differing = files(first).find(
      (file) => !readFileSync(join(first, file)).equals(readFileSync(join(second, file))),
    );
    expect(differing, `${differing ?? ''} differs between the two builds`).toBeUndefined();
  });

  it('hold neither the date of the build nor where it was made', async () => {
    // Two builds on one day share their date: look for it, unless a commit of the data has it too.
    const today = new Date().toISOString().slice(0, 10);
    const committed = [...(await addedDates(fixture('site-comparison'))).values()].some((d) => d.startsWith(today));
    const leaks = files(second).filter((file) => {
      const content = readFileSync(join(second, file), 'latin1');
      return (!committed && content.includes(today)) || content.includes(OUT);
    });
    expect(leaks).toEqual([]);
  });
});
