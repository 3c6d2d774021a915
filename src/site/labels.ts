import type { Candidate, ComparabilityClass } from '../lib/classes.ts';
import { formatCount } from '../lib/format.ts';
import { isolate } from '../lib/verbatim.ts';
import type { Run } from '../schema/run.ts';

/** "nimbus · aurora": how an endpoint is named in charts and short lists. */
export function endpointLabel(run: Run): string {
  return `${run.endpoint.provider} · ${run.endpoint.family}`;
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
