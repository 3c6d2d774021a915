import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, SAMPLE } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';

const expected = (name: string) =>
  readFileSync(join(fixture(name), 'expected-problems.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);

describe('npm run validate', () => {
  it('passes on the committed archive and says what it holds', async () => {
    const result = await script('validate');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^valid: \d+ runs of 4 benchmarks, [\d,]+ examples in /);
    const sample = await script('validate', [SAMPLE]);
    expect(sample.stdout).toMatch(/^valid: 20 runs of 3 benchmarks, 2,998 examples in /);
  });

  it.each(['wrong-types', 'json-syntax', 'registry-errors', 'stray-files'])(
    'fails on %s, listing every problem as file:line: path: message',
    async (name) => {
      const result = await script('validate', [fixture(name)]);
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').filter(Boolean);
      expect(lines.slice(0, -1)).toEqual(expected(name));
      expect(lines.at(-1)).toMatch(new RegExp(`^${expected(name).length} problems? in \\d+ files? of `));
    },
  );

  it('reads the archive named by BENCHSCOPE_ARCHIVE', async () => {
    const result = await script('validate', [], { BENCHSCOPE_ARCHIVE: fixture('valid-all-states') });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^valid: 7 runs of 2 benchmarks, 16 examples in .*valid-all-states/);
  });
});
