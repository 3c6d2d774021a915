import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { moduleClosure as closure } from '../../src/cache/code.ts';
import { PROJECT } from './paths.ts';

/** Modules whose imports are read; any other file (JSON, CSS) imports nothing. */
const CODE = /\.(ts|mts|js|mjs|astro)$/;

/**
 * The project modules `file` imports or re-exports from (relative specifiers, static only), as
 * paths from the project root. A dynamic import() is loaded later and cannot close a circle at load.
 */
export function relativeImports(file: string): string[] {
  if (!CODE.test(file)) return [];
  const text = readFileSync(join(PROJECT, file), 'utf8');
  const specs = [
    ...text.matchAll(/^import\s[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^export\s[^'";]*\sfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
  ].map(([, spec]) => (spec ?? '').replace(/\?.*$/, ''));
  return [...new Set(specs.map((spec) => relative(PROJECT, join(PROJECT, dirname(file), spec))))];
}

/** `entry` and every project module it imports statically, followed: what loading it loads. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of relativeImports(file)) visit(next);
  };
  visit(entry);
  return seen;
}

/** `entry` and every project module it imports, followed (src/cache/code.ts), as paths from the project root. */
export function moduleClosure(entry: string): Set<string> {
  return new Set(closure(PROJECT, [entry]));
}

/**
 * Every import circle among `files` and what they import, each as `a → b → … → a`, starting from
 * its first module in sorted order (so each circle is listed once). Type-only imports count: a
 * module that needs another's types is still built on it.
 */
export function importCycles(files: Iterable<string>): string[] {
  const graph = new Map<string, string[]>();
  for (const entry of files)
    for (const file of staticClosure(entry)) if (!graph.has(file)) graph.set(file, relativeImports(file).sort());
  const cycles: string[] = [];
  const nodes = [...graph.keys()].sort();
  for (const start of nodes) {
    // Only modules after `start`: a circle through an earlier one was listed from there.
    const path = [start];
    const onPath = new Set(path);
    const walk = (file: string) => {
      for (const next of graph.get(file) ?? []) {
        if (next === start) cycles.push([...path, start].join(' → '));
        else if (next > start && !onPath.has(next) && graph.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}
