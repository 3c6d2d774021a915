import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, OUT } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';
import { files } from '../helpers/site.ts';

// The catalogue of malformed inputs: each fixture, what it holds, and (in its expected-problems.txt)
// exactly what the build must say about it.
const CATALOGUE: [string, string][] = [
  ['json-syntax', 'truncated JSON, a record split over two lines, NaN and Infinity, duplicate keys'],
  ['invalid-utf8', 'invalid UTF-8'],
  ['wrong-types', 'numbers as strings'],
  ['stray-files', 'a run folder without run.json, misnamed files'],
  ['failed-cancelled-rules', 'examples beside a failed or cancelled run'],
  ['not-gzip', 'a .gz that is not gzip'],
  ['symlinks', 'symbolic links leaving the archive'],
  ['duplicate-example-id', 'ids differing only by case'],
  ['path-traversal-id', 'path-traversal ids'],
  ['empty-archive', 'no runs at all'],
];

const expected = (name: string) =>
  readFileSync(join(fixture(name), 'expected-problems.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);

describe.each(CATALOGUE)('npm run build on %s (%s)', (name) => {
  it('exits 1 listing exactly the expected problems, and leaves the previous build untouched', async () => {
    const out = join(OUT, 'bad-files', name, 'dist');
    rmSync(dirname(out), { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), 'previous build');
    const result = await script('build', [], { BENCHSCOPE_ARCHIVE: fixture(name), BENCHSCOPE_OUT: out });
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines.slice(0, -2)).toEqual(expected(name));
    // Every problem names its file, then its line (and column) where it has one.
    for (const line of expected(name)) expect(line).toMatch(/^(runs|content)\/[^:]*(:\d+(:\d+)?)?: \S/);
    expect(lines.at(-2)).toMatch(new RegExp(`^${expected(name).length} problems? in \\d+ files? of `));
    expect(lines.at(-1)).toBe('The site was not built: fix the problems above, then run `npm run build` again.');
    expect(files(out)).toEqual(['/index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('previous build');
    expect(readdirSync(dirname(out))).toEqual(['dist']);
  }, 60_000);
});
