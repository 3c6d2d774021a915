import type { Candidate, ComparabilityClass } from '../lib/classes.ts';
import { formatCount } from '../lib/format.ts';
import { isolate } from '../lib/verbatim.ts';
import type { Verdict } from '../schema/example.ts';
import type { Run } from '../schema/run.ts';

/** What names a run's endpoint and benchmark version. */
export interface RunLabelled {
  endpoint: Pick<Run['endpoint'], 'provider' | 'family'>;
  benchmark: Run['benchmark'];
}

/** Where a reader sees a release's repository as it stood at the commit a run was read at. */
export function commitUrl(repositoryUrl: string, commit: string): string {
  return `${repositoryUrl.replace(/\/$/, '')}/tree/${commit}`;
}

/** "nimbus · aurora": how an endpoint is named in charts and short lists. */
export function endpointLabel(run: Pick<RunLabelled, 'endpoint'>): string {
  return `${run.endpoint.provider} · ${run.endpoint.family}`;
}

/** "nimbus · aurora on quiz-synth 2.0": the endpoint and the benchmark version a run evaluated. */
export function runWhere(run: RunLabelled): string {
  return `${endpointLabel(run)} on ${run.benchmark.id} ${isolate(run.benchmark.version)}`;
}

/** A run's scope as badges and descriptions name it: "full", "partial, by design" or "partial, interrupted". */
export function scopeLabel(scope: Pick<NonNullable<Run['scope']>, 'kind' | 'partial_reason'>): string {
  return scope.kind === 'partial'
    ? `partial, ${scope.partial_reason === 'interrupted' ? 'interrupted' : 'by design'}`
    : 'full';
}

/** The title of an example's page, and of the search result that links to it. */
export function exampleTitle(exampleId: string, runId: string, where: string, verdict: Verdict): string {
  return `Example ${exampleId} in run ${runId} (${where}): ${verdict}`;
}

/** The title of the page showing one example as every endpoint answered it. */
export function crossExampleTitle(exampleId: string, benchmarkName: string): string {
  return `Example ${exampleId} of ${isolate(benchmarkName)} on every endpoint`;
}

/** The heading of a comparability class: what its runs have in common. */
export function classTitle(c: ComparabilityClass<Candidate>): string {
  const prompt = c.mode === 'canonical' ? 'canonical prompt' : 'custom prompt';
  const scope =
    c.kind === 'full'
      ? `full dataset (${formatCount(c.sampleSize)} examples)`
      : `${formatCount(c.sampleSize)} of ${formatCount(c.datasetSize)} examples`;
  return `Version ${isolate(c.version)}, ${prompt}, ${scope}${c.method ? `, scored by "${isolate(c.method)}"` : ''}`;
}
