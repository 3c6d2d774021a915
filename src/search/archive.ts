/**
 * What the search indexer reads of an archive that has been validated: the scored runs, the files
 * they come from and the registry names that titles show. It reads run.json and the registry
 * again rather than receiving them, so it can run in a process of its own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverRuns } from '../archive/discover.ts';
import { readRegistry } from '../archive/registry.ts';
import { isScored, Run, type ScoredRun } from '../schema/run.ts';
import { fileDigest } from '../lib/digests.ts';
import { shardKey } from './cache.ts';
import { planShards, questionUnits, runUnits, SHARD_CAP, unitKey, type Shard, type Unit } from './plan.ts';

export interface SearchRun {
  id: string;
  run: ScoredRun;
  /** Relative to the archive root. */
  runFile: string;
  examplesFile: string;
  examples: number;
  /** Digest of run.json and the examples file, in that order. */
  digest: string;
}

export interface SearchArchive {
  root: string;
  /** Scored runs with examples, by id. */
  runs: SearchRun[];
  /** Benchmark names from the registry, by id: question results are titled with them. */
  names: Map<string, string>;
}

export async function readSearchArchive(root: string): Promise<SearchArchive> {
  const { folders, problems } = await discoverRuns(root);
  if (problems.length > 0)
    throw new Error(`the archive has problems; run npm run validate (first: ${problems[0]?.file ?? ''})`);
  const runs: SearchRun[] = [];
  for (const folder of folders.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!folder.runFile || !folder.examplesFile) continue;
    const text = (await readFile(join(root, folder.runFile), 'utf8')).replace(/^\uFEFF/, '');
    const run = Run.parse(JSON.parse(text));
    if (!isScored(run)) continue;
    const digest = `${await fileDigest(join(root, folder.runFile))}:${await fileDigest(join(root, folder.examplesFile))}`;
    runs.push({
      id: folder.id,
      run,
      runFile: folder.runFile,
      examplesFile: folder.examplesFile,
      examples: run.scope.sample_size,
      digest,
    });
  }
  const { registry } = await readRegistry(root);
  const names = new Map([...registry.benchmarks].map(([id, entry]) => [id, entry.data.name]));
  return { root, runs, names };
}

/** The units of an archive: each run's examples, and each benchmark's questions. */
export function archiveUnits(archive: SearchArchive): Unit[] {
  const units = archive.runs.flatMap((r) => runUnits(r.id, r.examples));
  const bounds = new Map<string, Map<string, number>>();
  for (const { run } of archive.runs) {
    // An upper bound of a benchmark's distinct questions: the dataset size of each version run.
    const versions = bounds.get(run.benchmark.id) ?? new Map<string, number>();
    versions.set(run.benchmark.version, Math.max(versions.get(run.benchmark.version) ?? 0, run.scope.dataset_size));
    bounds.set(run.benchmark.id, versions);
  }
  for (const [benchmark, versions] of [...bounds].sort(([a], [b]) => (a < b ? -1 : 1)))
    units.push(
      ...questionUnits(
        benchmark,
        [...versions.values()].reduce((a, b) => a + b, 0),
      ),
    );
  return units;
}

/**
 * The archive's shards, each with its cache key: the code digest and, for each of its units, the
 * key of the unit's records (which says what they were made from: src/search/records.ts).
 */
export function planArchive(
  archive: SearchArchive,
  code: string,
  records: ReadonlyMap<string, { key: string }>,
  cap = SHARD_CAP,
): { shard: Shard; key: string }[] {
  return planShards(archiveUnits(archive), cap).map((shard) => ({
    shard,
    key: shardKey(
      code,
      shard.units.map((u) => {
        const made = records.get(unitKey(u));
        if (!made) throw new Error(`search: no records were made for ${unitKey(u)}`);
        return [unitKey(u), made.key];
      }),
    ),
  }));
}
