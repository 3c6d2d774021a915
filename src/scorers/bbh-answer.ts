import type { Answer, Scorer, Verdict } from './types.ts';

/** The phrase BBH's chain-of-thought exemplars end on; the answer is what follows it. */
const COT_MARK = 'So the answer is';

/**
 * BIG-Bench Hard's exact match (Suzgun et al. 2022). Chain-of-thought prompts end every exemplar with
 * "So the answer is X.", so the answer is the text after the first "So the answer is" (the first conclusion
 * is the one to this question; a completion that runs on into a made-up next question would state more).
 * In the release every prediction states it at most once; 237 chain-of-thought predictions never do
 * (cut off mid-reasoning) and are read whole, which never equals a target. Answer-only prompts have the model write the answer and nothing else, so the
 * whole prediction is the answer. Either way, surrounding whitespace and one final "." (the sentence's, not
 * the answer's) are dropped, and what remains must equal the target exactly: same case, same brackets
 * ("(A)", not "A"), the same words in the same order for word_sorting, the same closing sequence for
 * dyck_languages. This reproduces the BBH release's published per-task accuracies exactly.
 */
export const bbhAnswer: Scorer = {
  id: 'bbh-answer',
  version: 1,
  title: 'BBH exact match: the text after “So the answer is” (or the whole answer) equals the target',
  description:
    'For a chain-of-thought prediction, reads the text after the first "So the answer is"; for an answer-only ' +
    'prediction (no such phrase), the whole prediction. Drops surrounding whitespace and one trailing "." and ' +
    'compares with the target exactly, case and brackets included ("(A)", "True", "valid", "Yes", sorted word ' +
    'lists, dyck closing sequences, numbers as written). No other normalisation: "A" for "(A)" or "true" for ' +
    '"True" is incorrect, as in BBH\'s own scoring. An empty answer is no answer (extracted null).',
  score(output: string, expected: Answer): Verdict {
    if (typeof expected !== 'string' && typeof expected !== 'number' && typeof expected !== 'boolean') {
      throw new Error(`bbh-answer: the expected answer ${JSON.stringify(expected)} is not a single value`);
    }
    const target = String(expected).trim();
    const at = output.indexOf(COT_MARK);
    const cot = at >= 0;
    let answer = (cot ? output.slice(at + COT_MARK.length) : output).trim();
    if (answer.endsWith('.')) answer = answer.slice(0, -1).trim();
    const where = cot ? 'the text after "So the answer is"' : 'the whole prediction';
    if (answer === '') {
      return { extracted: null, correct: false, rule: `${where} is empty; the target is "${target}"` };
    }
    const correct = answer === target;
    return {
      extracted: answer,
      correct,
      rule: `${where}, "${answer.length > 80 ? `${answer.slice(0, 77)}…` : answer}", ${correct ? 'equals' : 'does not equal'} the target "${target}" exactly`,
    };
  },
};
