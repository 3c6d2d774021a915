import { importEee } from './eee/import.ts';
import { importHelm } from './helm.ts';
import { importInspect } from './inspect.ts';
import { importLmEval } from './lm-eval.ts';
import type { ImportedRun } from './model.ts';

export interface ImportOptions {
  /** lm-eval and HELM: which metric of a task becomes the run's score; EEE: which evaluation result. */
  metric?: string | undefined;
  /** Inspect: which scorer's verdicts become the run's. */
  scorer?: string | undefined;
  /** HELM: which split of the run becomes the run (HELM reports each split apart). */
  split?: string | undefined;
}

/** The formats `npm run import` reads, by the name given on the command line. */
export const IMPORTERS = {
  'lm-eval': (inputs: readonly string[], options: ImportOptions) => importLmEval(inputs, options),
  inspect: (inputs: readonly string[], options: ImportOptions) => importInspect(inputs, options),
  helm: (inputs: readonly string[], options: ImportOptions) => importHelm(inputs, options),
  eee: (inputs: readonly string[], options: ImportOptions) => importEee(inputs, options),
} satisfies Record<string, (inputs: readonly string[], options: ImportOptions) => Promise<ImportedRun[]>>;

export type Format = keyof typeof IMPORTERS;
