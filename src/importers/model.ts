import type { Example } from '../schema/example.ts';
import type { Run, Source } from '../schema/run.ts';

/**
 * What an importer reads from a tool's output, before the facts only the contributor knows
 * (provider, model family, prompt mode) are added. Importers fill only what the tool recorded.
 */
export interface ImportedRun {
  /** How the tool names what was run, e.g. "lm-eval task gsm8k, filter strict-match". */
  source: string;
  benchmark: {
    id: string;
    version: string;
    /** Examples in the full dataset, when the tool records it. */
    datasetSize?: number | undefined;
    /** A display name for a registry stub. */
    name: string;
    metric: string;
    task: 'multiple-choice' | 'numeric-answer' | 'code' | 'free-text';
    subjects?: string[] | undefined;
  };
  /** How answers were read, when the tool scores the benchmark more than one way (an lm-eval filter). */
  method?: string | undefined;
  /** The model identifier the tool called. */
  model: string;
  prompt: { template: string; templateId?: string | undefined; fewShot?: number | undefined };
  generation: Run['generation'];
  harness: { name: string; version?: string | undefined };
  state: Run['state'];
  /** The tool applied a sample limit: the subset was chosen before the run. */
  limited: boolean;
  error?: string | undefined;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  examples: Example[];
  /** What a reader should know about the run (run.json's notes). */
  notes?: string | undefined;
  /** Where a run read from a public release came from (run.json's source); absent for a tool's own output. */
  releaseSource?: Source | undefined;
  /** The tool's own figure for this run, which the examples must reproduce. */
  reported?: { metric: string; value: number } | undefined;
  /** Lines for the contributor: what was mapped, what was dropped and why. */
  mapped: string[];
  dropped: string[];
}

/** An input the importer cannot turn into a faithful run: it stops and says why. */
export class ImportError extends Error {}
