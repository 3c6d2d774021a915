import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(PROJECT, 'test', 'fixtures');
/** The synthetic sample archive (npm run sample's committed output): the archive most build tests read. */
export const SAMPLE = join(FIXTURES, 'sample');
/** Scratch space for test outputs (git-ignored). */
export const OUT = join(PROJECT, 'test', '.out');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/**
 * Fixture archives, by name: the folders that hold a runs/ folder (import/ holds harness outputs
 * for the importers instead). Those with expected-problems.txt must fail with exactly those lines.
 */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'runs')))
    .map((d) => d.name)
    .sort();
}

/** The run folders of a fixture archive, by name: every one must reach the site. */
export function runFolders(name: string): string[] {
  return readdirSync(join(fixture(name), 'runs'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
