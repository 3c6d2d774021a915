/**
 * What a build derives from a run's examples in the pass that checks them, so that it need not read
 * the file again (src/pipeline/build.ts asks for the search records this way). A visitor is named
 * by the URL of its module, not handed over as a function, because the pass may run on a thread of
 * the example checker, and threads cannot be handed functions: each loads the module itself.
 */
import type { Example } from '../schema/example.ts';
import type { Run } from '../schema/run.ts';

/** A visitor to load: its module's URL, and what it is told. */
export interface VisitorRequest {
  module: string;
  options: unknown;
}

/** The run whose examples are being read. */
export interface VisitedRun {
  id: string;
  run: Run;
  examplesFile: string;
  /** Whether its benchmark's scoring reads an answer out of each output (src/schema/registry.ts: readsAnswers). */
  readsAnswers: boolean;
}

export interface ExampleVisitor {
  visit(example: Example, place: { line: number; offset: number; bytes: number }, index: number): void;
  /** Called once the whole file was read, when every line of it was valid, with the digest of its bytes. */
  finish(bytesDigest: string): Promise<void>;
  /** Called instead of finish when the file had a problem: nothing it made may be kept. */
  abandon(): Promise<void>;
}

/** What a visitor's module exports. */
export interface VisitorModule {
  createVisitor(run: VisitedRun, options: unknown): ExampleVisitor;
}

export async function loadVisitors(requests: readonly VisitorRequest[], run: VisitedRun): Promise<ExampleVisitor[]> {
  return Promise.all(
    requests.map(async ({ module, options }) =>
      ((await import(/* @vite-ignore */ module)) as VisitorModule).createVisitor(run, options),
    ),
  );
}
