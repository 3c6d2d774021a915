import { createHash } from 'node:crypto';
import { isScored, type Run } from '../schema/run.ts';
import type { RunStats } from '../lib/stats.ts';
import type { RunFolder } from './discover.ts';
import { checkedExamples, type CheckOptions } from './example-checker.ts';
import type { Problem } from './problems.ts';
import type { Registry } from './registry.ts';
import { checkDeclaredFigures, checkRegistryReferences, readRunJson } from './run-file.ts';

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
   * Digest of everything the run's files say (run.json and every example line): pages rendered
   * from this run alone are cached under it, so an unchanged run is never rendered twice.
   */
  contentDigest: string;
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
      ? { id: folder.id, run, runFile, contentDigest: contentDigest(run) }
      : undefined;

  const benchmark = run ? registry.benchmarks.get(run.benchmark.id) : undefined;
  const subjects = benchmark ? (benchmark.data.subjects ?? null) : undefined;
  const counted = await checkedExamples(root, examplesFile, subjects, problems, options);
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
    contentDigest: contentDigest(scored, counted.bytesDigest),
  };
}

/** What the run says, as parsed (so formatting alone changes nothing), with its examples' lines. */
function contentDigest(run: Run, bytesDigest = ''): string {
  return createHash('sha256').update(JSON.stringify(run)).update('\0').update(bytesDigest).digest('hex');
}
