/**
 * What pages read: the validated runs from the content store, the registry, and the facts derived
 * from them (intervals, comparability classes, example lists). Each is computed once per build and
 * shared by every page that asks; examples are streamed from their files, never held in the store.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { handedBuild } from '../pipeline/handoff.ts';
import { exampleIndex, readExamples, releaseExampleIndex } from '../archive/examples.ts';
import {
  candidateOf,
  comparabilityClasses,
  markIndistinguishable,
  type Candidate,
  type ComparabilityClass,
  type Ranked,
} from '../lib/classes.ts';
import { scoreInterval, type Interval } from '../lib/intervals.ts';
import { subjectSlugs } from '../lib/routes.ts';
import { RunIndexBuilder, type RunIndex } from '../lib/run-index.ts';
import type { RunStats } from '../lib/stats.ts';
import { readsAnswers } from '../schema/registry.ts';
import { isScored, type Run, type ScoredRun } from '../schema/run.ts';

export type BenchmarkEntry = CollectionEntry<'benchmarks'>;
export type ModelEntry = CollectionEntry<'models'>;
export type ProviderEntry = CollectionEntry<'providers'>;

export interface RunView {
  id: string;
  run: Run;
  root: string;
  added: string;
  /** Digest of the run's files: the cache key of the pages rendered from them. */
  contentDigest: string;
  /** Present for completed and partial runs. */
  scored?: {
    run: ScoredRun;
    stats: RunStats;
    examplesFile: string;
    examplesDigest: string;
    interval: Interval;
    /**
     * Examples wrong because no answer could be extracted from the output (src/lib/stats.ts:
     * unextracted); null for a benchmark whose scoring reads no answer (code, which is run).
     */
    noAnswer: number | null;
  };
}

export interface ScoredView extends RunView {
  scored: NonNullable<RunView['scored']>;
}

export function isScoredView(view: RunView): view is ScoredView {
  return view.scored !== undefined;
}

function memo<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= compute());
}

/** A value per key, computed once; `forget` lets a build drop what it no longer needs. */
function memoBy<K, T>(compute: (key: K) => Promise<T>): ((key: K) => Promise<T>) & { forget(key: K): void } {
  const values = new Map<K, Promise<T>>();
  const get = (key: K) => {
    let value = values.get(key);
    if (!value) values.set(key, (value = compute(key)));
    return value;
  };
  return Object.assign(get, { forget: (key: K) => void values.delete(key) });
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

export const getRuns = memo(async (): Promise<RunView[]> => {
  const entries = await getCollection('runs');
  const tasks = new Map((await getCollection('benchmarks')).map((b) => [b.id, b.data.task]));
  return entries.sort(byId).map(({ id, data }): RunView => {
    const { run, stats, root, added, examplesFile, examplesDigest, contentDigest } = data;
    if (!isScored(run) || !stats || !examplesFile || !examplesDigest) return { id, run, root, added, contentDigest };
    const interval = scoreInterval(stats);
    const noAnswer = readsAnswers(tasks.get(run.benchmark.id)) ? stats.unextracted : null;
    return {
      id,
      run,
      root,
      added,
      contentDigest,
      scored: { run, stats, examplesFile, examplesDigest, interval, noAnswer },
    };
  });
});

/** A public release runs were imported from, with the runs it gave. */
export interface SourceCredit {
  repository: string;
  url: string;
  licences: string[];
  commits: string[];
  runs: RunView[];
}

/** The releases the archive's runs came from, by repository: the sources page credits each. */
export const getSources = memo(async (): Promise<SourceCredit[]> => {
  const byRepository = new Map<string, SourceCredit>();
  for (const view of await getRuns()) {
    const source = view.run.source;
    if (!source) continue;
    let credit = byRepository.get(source.repository);
    if (!credit) {
      credit = { repository: source.repository, url: source.url, licences: [], commits: [], runs: [] };
      byRepository.set(source.repository, credit);
    }
    if (!credit.licences.includes(source.licence)) credit.licences.push(source.licence);
    if (!credit.commits.includes(source.commit)) credit.commits.push(source.commit);
    credit.runs.push(view);
  }
  return [...byRepository.values()].sort((a, b) => a.repository.localeCompare(b.repository));
});

export const getRunMap = memo(async () => new Map((await getRuns()).map((r) => [r.id, r])));

export async function getRun(id: string): Promise<RunView> {
  const run = (await getRunMap()).get(id);
  if (!run) throw new Error(`no run "${id}" in the archive`);
  return run;
}

export const getBenchmarks = memo(async () => (await getCollection('benchmarks')).sort(byId));
export const getModels = memo(async () => (await getCollection('models')).sort(byId));
export const getProviders = memo(async () => (await getCollection('providers')).sort(byId));

export async function getBenchmark(id: string): Promise<BenchmarkEntry> {
  const found = (await getBenchmarks()).find((b) => b.id === id);
  if (!found) throw new Error(`no benchmark "${id}" in the registry`);
  return found;
}

/**
 * The provider question of one class: its members grouped by model family, for the families that
 * two or more providers serve there (the same examples, prompt and scoring, so they compare).
 */
export function familiesOnSeveralProviders(
  c: ComparabilityClass<ClassCandidate>,
): Map<string, Ranked<ClassCandidate>[]> {
  const byFamily = new Map<string, Ranked<ClassCandidate>[]>();
  for (const m of c.members) {
    const { family } = m.run.view.run.endpoint;
    byFamily.set(family, [...(byFamily.get(family) ?? []), m]);
  }
  for (const [family, members] of byFamily)
    if (new Set(members.map((m) => m.run.view.run.endpoint.provider)).size < 2) byFamily.delete(family);
  return byFamily;
}

/** Per-example scores of a run, by example id: what paired tests compare. */
export const getOutcomes = memoBy(
  async (view: ScoredView): Promise<Map<string, number>> => new Map((await getRunIndex(view)).outcomes),
);

export interface ClassCandidate extends Candidate {
  view: ScoredView;
}

/** A benchmark's scored runs in comparability classes, each member compared with its leader. */
export const getClasses = memoBy(async (benchmarkId: string): Promise<ComparabilityClass<ClassCandidate>[]> => {
  const benchmark = await getBenchmark(benchmarkId);
  const candidates = (await getRuns())
    .filter(isScoredView)
    .filter((v) => v.run.benchmark.id === benchmarkId)
    .map((view): ClassCandidate => {
      const { run, stats, examplesDigest } = view.scored;
      return { view, ...candidateOf(view.id, run, stats.score, examplesDigest) };
    });
  const classes = comparabilityClasses(
    candidates,
    benchmark.data.versions.map((v) => v.id),
  );
  const outcomes = new Map<string, Map<string, number>>();
  for (const c of classes) {
    if (c.members.length > 1) for (const m of c.members) outcomes.set(m.run.id, await getOutcomes(m.run.view));
    markIndistinguishable(c, (run) => outcomes.get(run.id) ?? new Map());
  }
  return classes;
});

/** The run indexes validation made in this build (src/lib/run-index.ts), by run id. */
let validatedIndexes: Map<string, RunIndex> | undefined;

function validatedIndex(id: string): RunIndex | undefined {
  validatedIndexes ??= new Map(
    (handedBuild()?.manifest.runs ?? []).flatMap((r) => (r.index ? [[r.id, r.index] as const] : [])),
  );
  return validatedIndexes.get(id);
}

const getRunIndex = memoBy(async (view: ScoredView): Promise<RunIndex> => {
  // Made by validation in the pass that checked the examples (or kept with that check by the check
  // cache); read from the file only where no validation handed it over.
  const made = validatedIndex(view.id);
  if (made) return made;
  const index = new RunIndexBuilder();
  for await (const { example, place } of readExamples(view.root, view.scored.examplesFile)) index.add(example, place);
  return index.result();
});

/** A run's examples in file order, summarised for the list pages and prev/next links. */
export const getExampleSummaries = memoBy(async (view: ScoredView) => (await getRunIndex(view)).summaries);

/** Drop a benchmark's cross-endpoint index, and its runs' example offsets, once its pages are built. */
export async function releaseCrossIndex(benchmarkId: string): Promise<void> {
  const views = new Set([...(await getCrossIndex(benchmarkId)).values()].flat());
  getCrossIndex.forget(benchmarkId);
  for (const view of views) {
    getExampleIndex.forget(view);
    releaseExampleIndex(view.root, view.scored.examplesFile);
  }
}

/** Random access to a run's examples, from the places its run index holds. */
const getExampleIndex = memoBy(async (view: ScoredView) => {
  const { summaries, places } = await getRunIndex(view);
  return exampleIndex(view.root, view.scored.examplesFile, undefined, {
    ids: summaries.map((s) => s.id),
    places: summaries.map((_, i) => ({
      line: places[3 * i] ?? 0,
      offset: places[3 * i + 1] ?? 0,
      bytes: places[3 * i + 2] ?? 0,
    })),
  });
});

export async function getExample(view: ScoredView, exampleId: string) {
  const index = await getExampleIndex(view);
  const example = await index.get(exampleId);
  if (!example) throw new Error(`run ${view.id} has no example "${exampleId}"`);
  return example;
}

/** URL slugs of a benchmark's subjects. */
export const getSubjectSlugs = memoBy(async (benchmarkId: string) =>
  subjectSlugs((await getBenchmark(benchmarkId)).data.subjects ?? []),
);

/** For a benchmark: every example id, with the scored runs that answered it, by version. */
export const getCrossIndex = memoBy(async (benchmarkId: string) => {
  const out = new Map<string, ScoredView[]>();
  for (const view of (await getRuns()).filter(isScoredView)) {
    if (view.run.benchmark.id !== benchmarkId) continue;
    for (const { id } of await getExampleSummaries(view)) out.set(id, [...(out.get(id) ?? []), view]);
  }
  return out;
});
