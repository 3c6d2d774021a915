import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PROJECT } from './paths.ts';

/** `entry` and every project module it imports, followed (relative imports), as paths from the project root. */
export function moduleClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(PROJECT, file), 'utf8');
    for (const [, spec] of text.matchAll(/^import[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm))
      visit(relative(PROJECT, join(PROJECT, dirname(file), spec ?? '')));
  };
  visit(entry);
  return seen;
}
