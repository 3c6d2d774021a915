import { describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { writeHostileArchive } from '../helpers/hostile.ts';
import { census } from '../helpers/nothing-lost.ts';
import { fixture, SAMPLE } from '../helpers/paths.ts';

// Every example and every run of an archive, counted on the site built from it.
describe.each([
  ['the site-comparison fixture', 'site-comparison', () => fixture('site-comparison'), 10, 242],
  ['the bundled sample', 'sample', () => SAMPLE, 20, 2998],
  ['the hostile-text archive', 'hostile-site', () => writeHostileArchive(), 5, 39],
])('%s', (_, build, root, runs, examples) => {
  it('gives every example one page and a place in its lists, and every run its rows', async () => {
    const archive = root();
    const dist = await buildOnce(build, archive);
    const counted = await census(archive, dist);
    expect(counted.problems).toEqual([]);
    expect([counted.runs, counted.examples]).toEqual([runs, examples]);
    expect(counted.listed).toBeGreaterThanOrEqual(examples);
  }, 240_000);
});
