import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetOtherArchive } from '../../../src/pipeline/dev-store.ts';

describe("the dev server's content store", () => {
  it('is dropped when the archive changed since the last dev server, and kept while it did not', () => {
    const project = mkdtempSync(join(tmpdir(), 'benchscope-dev-'));
    const store = join(project, '.astro', 'data-store.json');
    const fill = () => {
      mkdirSync(join(project, '.astro'), { recursive: true });
      writeFileSync(store, '{}');
    };
    const other = join(project, 'elsewhere');
    expect(forgetOtherArchive(project, project)).toBe(false);
    fill();
    expect(forgetOtherArchive(project, project)).toBe(false);
    expect(existsSync(store)).toBe(true);
    expect(forgetOtherArchive(project, other)).toBe(true);
    expect(existsSync(store)).toBe(false);
    fill();
    expect(forgetOtherArchive(project, other)).toBe(false);
    expect(existsSync(store)).toBe(true);
    expect(forgetOtherArchive(project, project)).toBe(true);
  });
});
