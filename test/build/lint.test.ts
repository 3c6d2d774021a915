import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from '../helpers/paths.ts';
import { run } from '../helpers/run.ts';

const bin = (pkg: string, file: string) => join(PROJECT, 'node_modules', pkg, file);

describe('code style', () => {
  it('passes ESLint with the type-checked rules', async () => {
    const result = await run(process.execPath, [bin('eslint', 'bin/eslint.js'), '.']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('is formatted by Prettier (npm run format fixes it)', async () => {
    const result = await run(process.execPath, [bin('prettier', 'bin/prettier.cjs'), '--check', '.']);
    expect(result.stdout).toContain('All matched files use Prettier code style!');
    expect(result.code).toBe(0);
  }, 60_000);
});
