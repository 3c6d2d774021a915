/**
 * The search records of a run, made in the pass that validates it (a visitor of the example
 * checker: src/archive/example-visitors.ts), so that the search step finds them in its cache and
 * does not read the examples file again. The build names this module and says where the records
 * go (src/pipeline/build.ts); the thread checking the file loads it.
 */
import type { ExampleVisitor, VisitedRun } from '../archive/example-visitors.ts';
import { runIdentity } from '../archive/run-identity.ts';
import { isScored } from '../schema/run.ts';
import { runUnits } from './plan.ts';
import { recordsDigest } from './archive.ts';
import { RecordsCache, RunRecords } from './records.ts';

export interface RunRecordsOptions {
  /** The records cache's folder (src/search/cache.ts). */
  dir: string;
  /** The search code's digest, part of every records key. */
  code: string;
}

export function createVisitor(visited: VisitedRun, options: unknown): ExampleVisitor {
  const { dir, code } = options as RunRecordsOptions;
  const { id, run, readsAnswers } = visited;
  // Runs that cannot be scored have no examples to search.
  if (!isScored(run)) {
    const nothing = () => Promise.resolve();
    return { visit: () => undefined, finish: nothing, abandon: nothing };
  }
  // Cut into as many parts as the search step's plan cuts it (src/search/archive.ts: archiveUnits).
  const parts = runUnits(id, run.scope.sample_size)[0]?.parts ?? 1;
  const records = new RunRecords(new RecordsCache(dir), { id, run, readsAnswers }, parts, code);
  let broken = false;
  return {
    visit(example, _place, index) {
      // More examples than run.json declares: validation reports it; nothing here is kept.
      if (broken) return;
      try {
        records.add(example, index);
      } catch {
        broken = true;
      }
    },
    async finish(bytesDigest) {
      if (broken) await records.abandon();
      else await records.finish(recordsDigest(runIdentity(run, bytesDigest), readsAnswers));
    },
    abandon: () => records.abandon(),
  };
}
