import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../../src/render/families.ts';
import { PROJECT } from '../../helpers/paths.ts';

/** The "Written by" column of docs/site.md's URL table. */
function writtenBy(): string {
  const doc = readFileSync(join(PROJECT, 'docs', 'site.md'), 'utf8');
  return doc
    .split('\n')
    .filter((line) => line.startsWith('| `/'))
    .map((line) => line.split(' | ').at(-1) ?? '')
    .join('\n');
}

describe("docs/site.md's URL table", () => {
  it('names the writer of every route under src/pages/', () => {
    const column = writtenBy();
    const routes = fg.sync('src/pages/**/*.{astro,ts}', { cwd: PROJECT }).sort();
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((route) => !column.includes(`\`${route}\``))).toEqual([]);
  });

  it('names every page family, as the declaration calls it', () => {
    const column = writtenBy();
    expect(FAMILIES.map((f) => f.name).filter((name) => !column.includes(`page family *${name}*`))).toEqual([]);
  });
});
