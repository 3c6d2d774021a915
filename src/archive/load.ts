import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverRuns } from './discover.ts';
import { compareProblems, type Problem } from './problems.ts';
import { checkReferences } from './mdx-references.ts';
import { readRegistry, type Registry } from './registry.ts';
import type { CheckOptions } from './example-checker.ts';
import { validateRun, type LoadedRun } from './validate-run.ts';

export interface Archive {
  /** Absolute path of the archive root (the folder holding runs/ and content/). */
  root: string;
  registry: Registry;
  /** Valid runs, sorted by id. */
  runs: LoadedRun[];
  /** Every problem found, sorted by file and line. Empty when the archive is valid. */
  problems: Problem[];
  /** Examples in the valid runs. */
  examples: number;
}

/**
 * Read, validate and derive the whole archive in one pass. The same function serves
 * `npm run validate`, the Content Layer loader and the tests, so they can never disagree.
 */
export interface LoadOptions extends CheckOptions {
  /** Validate only these runs (with the whole registry): what a pull request changed. */
  only?: ReadonlySet<string> | undefined;
}

export async function loadArchive(rootPath: string, options: LoadOptions = {}): Promise<Archive> {
  const root = resolve(rootPath);
  if (!existsSync(root)) {
    return {
      root,
      registry: { benchmarks: new Map(), models: new Map(), providers: new Map(), invalid: new Set() },
      runs: [],
      problems: [{ file: root, message: 'archive folder not found' }],
      examples: 0,
    };
  }
  const { registry, problems } = await readRegistry(root);
  const found = await discoverRuns(root);
  const { only } = options;
  const selected = (file: string) =>
    !only || [...only].some((id) => file.startsWith(`runs/${id}/`)) || file === 'runs/';
  problems.push(...found.problems.filter((p) => selected(p.file)));
  // As many runs at once as the checker has threads; each keeps its own problems, which decide
  // whether it is valid, and they join the archive's in the runs' order.
  const folders = found.folders.filter((folder) => !only || only.has(folder.id));
  const outcomes = await mapAtMost(folders, options.checker?.capacity ?? 1, async (folder) => {
    const own: Problem[] = [];
    return { loaded: await validateRun(root, folder, registry, own, options), own };
  });
  const runs: LoadedRun[] = [];
  let examples = 0;
  for (const { loaded, own } of outcomes) {
    for (const problem of own) problems.push(problem);
    if (loaded) {
      runs.push(loaded);
      examples += loaded.stats?.total ?? 0;
    }
  }
  // Only once every run is valid: a reference into a broken run would report the same fault twice.
  if (problems.length === 0)
    await checkReferences(root, registry, runs, problems, only ? new Set(found.folders.map((f) => f.id)) : undefined);
  problems.sort(compareProblems);
  return { root, registry, runs, problems, examples };
}

/** `work` on every item, at most `width` at once; the results in the items' order. */
async function mapAtMost<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const queue = items.entries();
  const lane = async () => {
    for (const [i, item] of queue) results[i] = await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}
