import type { ScoredRun } from '../schema/run.ts';
import { ALPHA, pairedTest, type PairedResult } from './paired.ts';
import { isolate } from './verbatim.ts';

/**
 * Comparability classes: runs are ranked only against runs that answered the same question in the
 * same way — the same benchmark version, the same prompt (canonical, or the same custom template)
 * and the same set of examples (which fixes the sample size, and for partial runs the subset).
 */

export interface Candidate {
  id: string;
  version: string;
  mode: 'canonical' | 'custom';
  template: string;
  kind: 'full' | 'partial';
  partialReason?: 'by-design' | 'interrupted' | undefined;
  sampleSize: number;
  datasetSize: number;
  /** Digest of the sorted example ids: equal digests, equal example sets. */
  examplesDigest: string;
  /** How answers were read, when the benchmark is scored more than one way. */
  method?: string | undefined;
  score: number;
}

/** What decides a scored run's comparability class, from its run file and figures. */
export function candidateOf(id: string, run: ScoredRun, score: number, examplesDigest: string): Candidate {
  return {
    id,
    version: run.benchmark.version,
    mode: run.prompt.mode,
    template: run.prompt.template,
    kind: run.scope.kind,
    partialReason: run.scope.partial_reason,
    sampleSize: run.scope.sample_size,
    datasetSize: run.scope.dataset_size,
    examplesDigest,
    method: run.score.method,
    score,
  };
}

export interface Ranked<T extends Candidate> {
  run: T;
  /** Competition ranking: ties share a rank, the next rank skips. */
  rank: number;
  /** Comparison with the class leader (absent for the leader itself and in classes of one). */
  versusLeader?: PairedResult;
  /** Not significantly different from the leader at ALPHA (the leader counts as such). */
  indistinguishable: boolean;
}

export interface ComparabilityClass<T extends Candidate> {
  key: string;
  version: string;
  mode: 'canonical' | 'custom';
  kind: 'full' | 'partial';
  partialReason?: 'by-design' | 'interrupted' | undefined;
  sampleSize: number;
  datasetSize: number;
  method?: string | undefined;
  /** Why this class is set apart from the leading one; empty for a canonical full-sample leader. */
  reasons: string[];
  members: Ranked<T>[];
}

function classKey(c: Candidate): string {
  return JSON.stringify([c.version, c.mode, c.mode === 'custom' ? c.template : '', c.examplesDigest, c.method ?? '']);
}

function rank<T extends Candidate>(runs: T[]): Ranked<T>[] {
  const sorted = [...runs].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return sorted.map((run) => ({
    run,
    rank: 1 + sorted.filter((other) => other.score > run.score).length,
    indistinguishable: false,
  }));
}

/**
 * Group a benchmark's scored runs into classes, the canonical full-sample class of the newest
 * version first. `versions` lists the benchmark's versions oldest first, as its registry entry does.
 */
export function comparabilityClasses<T extends Candidate>(
  runs: readonly T[],
  versions: readonly string[],
): ComparabilityClass<T>[] {
  const groups = new Map<string, T[]>();
  for (const run of runs) {
    const key = classKey(run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const classes = [...groups].map(([key, members]): ComparabilityClass<T> => {
    const first = members[0] as T;
    return {
      key,
      version: first.version,
      mode: first.mode,
      kind: first.kind,
      partialReason: first.partialReason,
      sampleSize: first.sampleSize,
      datasetSize: first.datasetSize,
      method: first.method,
      reasons: [],
      members: rank(members),
    };
  });
  const newest = (v: string) => versions.indexOf(v);
  classes.sort(
    (a, b) =>
      Number(a.mode === 'custom') - Number(b.mode === 'custom') ||
      Number(a.kind === 'partial') - Number(b.kind === 'partial') ||
      newest(b.version) - newest(a.version) ||
      b.sampleSize - a.sampleSize ||
      (b.members[0]?.run.score ?? 0) - (a.members[0]?.run.score ?? 0) ||
      a.key.localeCompare(b.key),
  );
  const lead = classes[0];
  const customTemplates = [...new Set(runs.filter((r) => r.mode === 'custom').map((r) => r.template))];
  for (const c of classes) {
    if (lead && c !== lead && c.version !== lead.version)
      c.reasons.push(`version ${isolate(c.version)}, not ${isolate(lead.version)}: a different set of questions`);
    if (c.mode === 'custom')
      c.reasons.push(
        customTemplates.length > 1
          ? `custom prompt ${customTemplates.indexOf(c.members[0]?.run.template ?? '') + 1} of ${customTemplates.length}: scores reflect the prompt as well as the model`
          : 'custom prompt: scores reflect the prompt as well as the model',
      );
    if (c.kind === 'partial')
      c.reasons.push(
        `${c.sampleSize.toLocaleString('en-US')} of ${c.datasetSize.toLocaleString('en-US')} examples (${c.partialReason === 'interrupted' ? 'the run was interrupted' : 'a subset chosen by design'})`,
      );
    if (lead && c !== lead && c.method !== lead.method)
      c.reasons.push(
        `answers read by ${c.method ? `"${isolate(c.method)}"` : 'the default rule'}, not ${lead.method ? `"${isolate(lead.method)}"` : 'the default rule'}`,
      );
    if (lead && c !== lead && c.reasons.length === 0) c.reasons.push('answered a different set of examples');
  }
  return classes;
}

/**
 * The runs that share the lead of a class (rank 1), the leader first. The leader is the first of
 * them by run id, as `rank` orders ties: an arbitrary choice, but a stable one, and every page says it.
 */
export function tiedLeaders<T extends Candidate>(c: ComparabilityClass<T>): T[] {
  return c.members.filter((m) => m.rank === 1).map((m) => m.run);
}

/**
 * Compare every member of a class with its leader on the examples both answered, and mark those
 * the data cannot tell apart from it. `outcomes` gives each run's per-example scores by id.
 */
export function markIndistinguishable<T extends Candidate>(
  c: ComparabilityClass<T>,
  outcomes: (run: T) => ReadonlyMap<string, number>,
): void {
  const leader = c.members[0];
  if (!leader) return;
  leader.indistinguishable = true;
  if (c.members.length === 1) return;
  const leaderOutcomes = outcomes(leader.run);
  for (const member of c.members.slice(1)) {
    const result = pairedTest(leaderOutcomes, outcomes(member.run));
    member.versusLeader = result;
    member.indistinguishable = result.p >= ALPHA;
  }
}
