// The registry of scorers: every verdict in the archive names one of these by id and version.
import { bbhAnswer } from './bbh-answer.ts';
import { gsm8kNumber } from './gsm8k-number.ts';
import { jsonAnswerNumber } from './json-answer-number.ts';
import { mathAnswer } from './math-answer.ts';
import { multipleChoiceLetter } from './multiple-choice-letter.ts';
import type { Scorer } from './types.ts';

export type { Answer, Scorer, Verdict } from './types.ts';

export const SCORERS: ReadonlyMap<string, Scorer> = new Map(
  [gsm8kNumber, jsonAnswerNumber, mathAnswer, bbhAnswer, multipleChoiceLetter].map((s) => [s.id, s]),
);

/** The scorer with this id; throws listing the known ids when there is none. */
export function getScorer(id: string): Scorer {
  const scorer = SCORERS.get(id);
  if (!scorer) throw new Error(`Unknown scorer "${id}". Known scorers: ${[...SCORERS.keys()].join(', ')}.`);
  return scorer;
}
