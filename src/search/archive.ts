/**
 * What the search step takes of the archive's manifest (src/archive/manifest.ts): the scored runs,
 * the files they come from and the registry names that titles show. Plain data, so that it can be
 * sent to the search step's own process.
 */
import { readsAnswers } from '../schema/registry.ts';
import type { Manifest } from '../archive/manifest.ts';
import { isScored, type ScoredRun } from '../schema/run.ts';
import { shardKey } from './cache.ts';
import { questionUnits, runUnits, unitKey, type Unit } from './plan.ts';

export interface SearchRun {
  id: string;
  run: ScoredRun;
  /** Relative to the archive root. */
  runFile: string;
  examplesFile: string;
  examples: number;
  /** What its records are made from: the run's identity, and whether its benchmark reads answers (recordsDigest). */
  digest: string;
  /** Whether its benchmark's scoring reads an answer out of each output: its examples with none are marked. */
  readsAnswers: boolean;
}

export interface SearchArchive {
  root: string;
  /** Scored runs with examples, by id. */
  runs: SearchRun[];
  /** Benchmark names from the registry, by id: question results are titled with them. */
  names: [string, string][];
}

/**
 * The digest a run's records are filed under: its identity, and whether its examples with no answer
 * are marked (the registry decides that, not the run's files).
 */
export const recordsDigest = (identity: string, readsAnswers: boolean): string =>
  readsAnswers ? identity : `${identity}:reads-no-answers`;

/** The search step's part of a manifest. */
export function searchArchiveOf(manifest: Manifest): SearchArchive {
  const runs: SearchRun[] = [];
  for (const loaded of manifest.runs) {
    const { id, run, runFile, examplesFile, contentDigest } = loaded;
    if (!isScored(run) || !examplesFile) continue;
    const answers = readsAnswers(manifest.registry.benchmarks.get(run.benchmark.id)?.data.task);
    runs.push({
      id,
      run,
      runFile,
      examplesFile,
      examples: run.scope.sample_size,
      digest: recordsDigest(contentDigest, answers),
      readsAnswers: answers,
    });
  }
  runs.sort((a, b) => (a.id < b.id ? -1 : 1));
  const names = [...manifest.registry.benchmarks].map(([id, entry]): [string, string] => [id, entry.data.name]);
  return { root: manifest.root, runs, names };
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
 * The archive's shards, one a unit, each with its records and its cache key: the code digest, the
 * unit and the key of its records (which says what they were made from: src/search/records.ts).
 */
export function planArchive<R extends { key: string }>(
  archive: SearchArchive,
  code: string,
  records: ReadonlyMap<string, R>,
): { unit: Unit; key: string; made: R }[] {
  return archiveUnits(archive).map((unit) => {
    const made = records.get(unitKey(unit));
    if (!made) throw new Error(`search: no records were made for ${unitKey(unit)}`);
    return { unit, key: shardKey(code, [[unitKey(unit), made.key]]), made };
  });
}
