import { exampleIndex } from './examples.ts';
import type { Problem } from './problems.ts';
import type { Registry } from './registry.ts';
import type { LoadedRun } from './validate-run.ts';

/** Components of the registry's MDX that name a run or an example (see src/components/mdx/). */
const TAG = /<(RunScore|ExampleCard)\b([^<>]*?)\/?>/g;
const ATTRIBUTE = /([A-Za-z]+)\s*=\s*"([^"]*)"/g;

export interface Reference {
  tag: string;
  run?: string | undefined;
  example?: string | undefined;
  line: number;
}

/** The references in an MDX body, with the lines they are on. */
export function mdxReferences(body: string, firstLine: number): Reference[] {
  const out: Reference[] = [];
  for (const match of body.matchAll(TAG)) {
    const attributes = new Map([...(match[2] ?? '').matchAll(ATTRIBUTE)].map((m) => [m[1] ?? '', m[2] ?? '']));
    const line = firstLine + (body.slice(0, match.index).match(/\n/g)?.length ?? 0);
    out.push({
      tag: match[0].replace(/\s*\/?>$/, '>'),
      run: attributes.get('run'),
      example: attributes.get('example'),
      line,
    });
  }
  return out;
}

/**
 * Check that every run and example the registry's explainers cite exists, so a broken reference is
 * reported by `npm run validate` with its line, not discovered when the page fails to build.
 */
export async function checkReferences(
  root: string,
  registry: Registry,
  runs: readonly LoadedRun[],
  problems: Problem[],
  /** When only some runs were validated: the ids of the others, which exist but were not read. */
  unread?: ReadonlySet<string>,
): Promise<void> {
  const byId = new Map(runs.map((r) => [r.id, r]));
  for (const entry of registry.benchmarks.values()) {
    for (const ref of mdxReferences(entry.body, entry.bodyLine)) {
      const report = (message: string) =>
        problems.push({ file: entry.file, line: ref.line, message: `${ref.tag}: ${message}` });
      if (ref.run === undefined) {
        if (ref.tag.startsWith('<RunScore')) report('expected a run="…" attribute');
        continue;
      }
      const run = byId.get(ref.run);
      if (!run && unread?.has(ref.run)) continue;
      if (!run) {
        report(`no run "${ref.run}" in the archive`);
        continue;
      }
      if (!run.examplesFile) {
        report(`run "${ref.run}" is ${run.run.state} and has no score or examples`);
        continue;
      }
      if (ref.example !== undefined && !(await exampleIds(root, run, run.examplesFile)).includes(ref.example))
        report(`run "${ref.run}" has no example "${ref.example}"`);
    }
  }
}

/** A run's example ids: from its index when validation made one, else from its file. */
async function exampleIds(root: string, run: LoadedRun, examplesFile: string): Promise<readonly string[]> {
  return run.index?.summaries.map((s) => s.id) ?? (await exampleIndex(root, examplesFile)).ids;
}
