import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { OUT } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';

// npm run bench is not part of npm test, but it must not rot: run it at a tiny size.
describe('npm run bench', () => {
  it('builds a small archive cold and after adding a run, and prints the figures', async () => {
    const result = await script('bench', ['--sizes', '300', '--no-first-query', '--work-dir', join(OUT, 'bench')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = new Map(
      result.stdout
        .split('\n')
        .filter((l) => l.startsWith('| '))
        .map((l) => l.split('|').map((c) => c.trim()))
        .map((cells) => [cells[1] ?? '', cells[2] ?? '']),
    );
    expect(rows.get('examples')).toMatch(/^\d{3}$/);
    expect(rows.get('floor (plain streaming writer)')).toMatch(/^\d+\.\d s$/);
    expect(rows.get('cold build, wall (the archive / the grown archive)')).toMatch(/^\d+\.\d s \/ \d+\.\d s$/);
    expect(rows.get('ratio to floor, the faster (target ≤ 4×)')).toMatch(/^\d+\.\d×$/);
    expect(rows.get('page phase ratio, the faster (target ≤ 4×)')).toMatch(/^\d+\.\d×$/);
    expect(rows.get('same dist/ as a cold build')).toBe('yes');
    // The added run's pages, downloads and search shard, and the pages that list it, are uploaded;
    // the rest of the site is not.
    const upload = /^([\d,]+), [\d.]+ MB \/ (\d+)$/.exec(
      rows.get('a deploy then uploads: files, bytes / deletes') ?? '',
    );
    expect(Number(upload?.[1]?.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(Number(upload?.[1]?.replace(/,/g, ''))).toBeLessThan(Number(rows.get('pages')?.replace(/,/g, '')));
    // The search, run as the search page runs it, at this size.
    expect(rows.get('checks: rare word first / filter / hostile as text / one list')).toBe('yes / yes / yes / yes');
    expect(rows.get('per example, beyond its prompt and output (target ≤ 8 KB)')).toMatch(/^\d+\.\d KB$/);
    expect(rows.get('JS, example page')).toBe('0.0 KB');
  }, 240_000);
});
