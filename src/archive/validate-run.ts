import { isScored, type Run } from '../schema/run.ts';
import { readsAnswers } from '../schema/registry.ts';
import type { RunIndex } from '../lib/run-index.ts';
import type { RunStats } from '../lib/stats.ts';
import type { RunFolder } from './discover.ts';
import { checkedExamples, type CheckOptions } from './example-checker.ts';
import type { Problem } from './problems.ts';
import type { Registry } from './registry.ts';
import { checkDeclaredFigures, checkRegistryReferences, readRunJson } from './run-file.ts';
import { runIdentity } from './run-identity.ts';

/** A run that passed validation, with the figures recomputed from its examples. */
export interface LoadedRun {
  id: string;
  run: Run;
  /** Paths relative to the archive root. */
  runFile: string;
  examplesFile?: string;
  /** Present for completed and partial runs. */
  stats?: RunStats;
  /** Digest of the sorted example ids: runs with equal digests answered the same examples. */
  examplesDigest?: string;
  /**
   * The run's identity (src/archive/run-identity.ts): what its files say. What is kept of the run
   * between builds is keyed by it, so an unchanged run is never rendered or indexed twice.
   */
  contentDigest: string;
  /** What the pages need of each example, when the build asked validation for it. */
  index?: RunIndex;
}

/**
 * Validate one run folder against the registry: its run.json and references (run-file.ts), its
 * examples (through the checker, example-checker.ts), then the figures run.json declares against
 * theirs. Every problem found is added to `problems`. With `checked`, an examples file checked
 * without problems by an earlier build is not read again.
 */
export async function validateRun(
  root: string,
  folder: RunFolder,
  registry: Registry,
  problems: Problem[],
  options: CheckOptions = {},
): Promise<LoadedRun | undefined> {
  const before = problems.length;
  const runFile = folder.runFile;
  const parsed = runFile ? await readRunJson(root, runFile, problems) : undefined;
  const run = parsed?.run;
  if (parsed?.run) checkRegistryReferences(folder, parsed.run, parsed.doc, registry, problems);

  const examplesFile = folder.examplesFile;
  if (run && !isScored(run) && examplesFile) {
    problems.push({
      file: examplesFile,
      message: `a ${run.state} run has no examples: remove this file, or set the state the run ended in`,
    });
    return undefined;
  }
  if (run && isScored(run) && !examplesFile) {
    problems.push({
      file: `${folder.dir}/`,
      message: `a ${run.state} run needs its examples: add examples.jsonl (or examples.jsonl.gz) with ${run.scope.sample_size} lines`,
    });
    return undefined;
  }
  if (!examplesFile)
    return run && runFile && problems.length === before
      ? { id: folder.id, run, runFile, contentDigest: runIdentity(run) }
      : undefined;

  const benchmark = run ? registry.benchmarks.get(run.benchmark.id) : undefined;
  const subjects = benchmark ? (benchmark.data.subjects ?? null) : undefined;
  const visited = run && { id: folder.id, run, examplesFile, readsAnswers: readsAnswers(benchmark?.data.task) };
  const counted = await checkedExamples(root, examplesFile, subjects, problems, options, visited);
  if (!parsed?.run || !runFile || !isScored(parsed.run)) return undefined;
  const scored = parsed.run;
  checkDeclaredFigures(runFile, examplesFile, scored, parsed.doc, counted, problems);
  if (problems.length !== before || !counted.stats || !counted.examplesDigest || !counted.bytesDigest) return undefined;
  return {
    id: folder.id,
    run: scored,
    runFile,
    examplesFile,
    stats: counted.stats,
    examplesDigest: counted.examplesDigest,
    contentDigest: runIdentity(scored, counted.bytesDigest),
    ...(counted.index ? { index: counted.index } : {}),
  };
}
