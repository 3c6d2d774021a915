import { answerText, readJsonAnswer } from './json-answer.ts';
import { HOW_NOTES } from './json-answer-number.ts';
import { normaliseLatexAnswer } from './latex-answer.ts';
import { numbersEqual, showNumber } from './numbers.ts';
import type { Answer, Scorer, Verdict } from './types.ts';

/**
 * MATH answers in the `answer` field of the reply's JSON object (ZeroEval's MATH level-5 prompt).
 * The field is normalised (latex-answer.ts) and, when it is exactly one number, compared numerically with
 * the reference. When it is not one number — an expression ("5/\sqrt{2}", "25\sqrt2", "x+1"), several
 * values ("2, -1"), an interval, words — it is compared as a normalised string with the normalised
 * reference, so it is correct only when it spells the reference (as with base-n references like "-221_3").
 * Reading the first number out of such an answer would call "5/\sqrt{2}" equal to 5; that is a wrong verdict,
 * not a lenient one.
 */
export const mathAnswer: Scorer = {
  id: 'math-answer',
  version: 1,
  title: 'The `answer` field, LaTeX normalised, compared numerically with the reference',
  description:
    "Reads the `answer` field of the reply's JSON object (as json-answer-number does: fenced or bare, tolerant " +
    'of line breaks, single LaTeX backslashes and broken quotes; when there is no field, a \\boxed{} that ends the ' +
    'reply is read instead; otherwise no answer, incorrect). The field is normalised: \\boxed{} unwrapped; $…$, ' +
    '\\(…\\), \\left/\\right and LaTeX spacing dropped; \\dfrac and \\tfrac read as \\frac; \\text{…} units, ' +
    'trailing unit words ("12 cm"), degrees (^\\circ, °) and percent signs dropped; the value after a last "=" ' +
    'kept ("x = 5"); thousands commas ("1,000", "1{,}000") removed; a numeral\'s base subscript dropped ' +
    '("1112112_3" is the digits 1112112). If what is left is one number — an integer, a decimal ("18.0" is 18), ' +
    '\\frac{a}{b} or a/b with numbers a and b, a plain arithmetic expression ("4 * 4 * 4"), with a sign — it is compared ' +
    'numerically with the reference. Anything else (expressions with \\sqrt, \\pi or variables, several ' +
    'values, intervals, words) is compared as a normalised string (spaces removed) with the normalised ' +
    'reference: with numeric references that is incorrect unless the reply spells the reference exactly.',
  score(output: string, expected: Answer): Verdict {
    if (typeof expected !== 'string' && typeof expected !== 'number') {
      throw new Error(`math-answer: the expected answer ${JSON.stringify(expected)} is not a string or number`);
    }
    const want = normaliseLatexAnswer(String(expected));
    const wantShown = String(expected).trim();
    const found = readJsonAnswer(output);
    if (!found || found.value === null || answerText(found.value).trim() === '') {
      return {
        extracted: null,
        correct: false,
        rule: `the \`answer\` field of the JSON object is ${found ? 'empty' : 'missing'}; the reference is ${wantShown}`,
        notes: found ? 'The `answer` field is empty.' : 'No JSON object with an `answer` field in the reply.',
      };
    }
    const raw = answerText(found.value).trim();
    const how = HOW_NOTES[found.how];
    const notes = how ? { notes: how } : {};
    const got = typeof found.value === 'number' ? { value: found.value, text: raw } : normaliseLatexAnswer(raw);
    if (got.value !== null && want.value !== null) {
      const correct = numbersEqual(got.value, want.value);
      return {
        extracted: got.value,
        correct,
        rule: `${found.how === 'final-boxed' ? 'the \\boxed{} that ends the reply' : 'the `answer` field'}${raw === showNumber(got.value) ? '' : ` ("${clip(raw)}")`}, normalised, is the number ${showNumber(got.value)}, which ${correct ? 'equals' : 'does not equal'} ${wantShown}`,
        ...notes,
      };
    }
    const correct = got.text === want.text;
    return {
      extracted: raw,
      correct,
      rule: `${found.how === 'final-boxed' ? 'the \\boxed{} that ends the reply' : 'the `answer` field'} ("${clip(raw)}") is not a single number; normalised to "${clip(got.text)}", it ${correct ? 'matches' : 'does not match'} the reference "${want.text}" as a string`,
      ...notes,
    };
  },
};

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
