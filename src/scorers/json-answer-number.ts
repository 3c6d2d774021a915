import { evaluateArithmetic } from './arithmetic.ts';
import { answerText, readJsonAnswer } from './json-answer.ts';
import { expectedNumber, findNumbers, numbersEqual, showNumber } from './numbers.ts';
import type { Answer, Scorer, Verdict } from './types.ts';

/**
 * The number an answer field states. A JSON number is itself. In a string:
 *  - after the last "=", when there is one: replies that show their working in the field
 *    ("5 * 50 + 75 * 15 = 250 + 1125 = 1375") state their result last;
 *  - when that is a plain arithmetic expression ("((300 * 4) + (120 * 6)) / 12", "2/3"), its value: the
 *    reply named one number without working it out;
 *  - otherwise the first number: "$1,040", "13 minutes", "Sally has 9 books." name the answer first, and
 *    what follows a first number is usually its unit or a qualifier, not a second answer.
 * Currency signs, thousands commas and a trailing ".00" are how the number is written, not part of it.
 */
export function numberInAnswerField(text: string): number | null {
  const eq = text.lastIndexOf('=');
  const tail = eq >= 0 ? text.slice(eq + 1) : text;
  const sum = evaluateArithmetic(tail);
  if (sum !== null) return sum;
  const first = findNumbers(tail)[0];
  if (!first) return null;
  // A fraction is one number: "2/3" is 0.666…, not 2 ("$720/year" stays 720: a unit follows the slash).
  const over = /^\s*\/\s*(\d+(?:\.\d+)?)(?![\d.,])/.exec(tail.slice(first.index + first.text.length));
  return over && Number(over[1]) !== 0 ? first.value / Number(over[1]) : first.value;
}

/** What the verdict's notes say about how the field was found, when it was not plain JSON. */
export const HOW_NOTES: Record<string, string | undefined> = {
  'answer-key': 'The JSON object does not parse; its `answer` key was read on its own.',
  'final-boxed': 'No JSON `answer` field; the \\boxed{} that ends the reply was read instead.',
};

export const jsonAnswerNumber: Scorer = {
  id: 'json-answer-number',
  version: 1,
  title: 'The `answer` field of the reply’s JSON object, read as a number',
  description:
    'Reads the `answer` field of the JSON object the prompt asked for (```json {"reasoning": …, "answer": …}```, ' +
    'fenced or bare). Replies that break JSON the way real replies do (line breaks or single LaTeX backslashes ' +
    'in strings, trailing commas, unescaped quotes in the reasoning) still have their field read. The field is ' +
    'read as a number: a JSON number as is; in text, the value after the last "=" if the field shows its ' +
    'working; a plain arithmetic expression ("(300 * 4 + 120 * 6) / 12") is worked out; otherwise its first number, with "$", thousands commas and units ignored ("$1,234.50", ' +
    '"18 dollars", "18.00"), a fraction read whole ("2/3" is 0.666…). That number is compared numerically with the reference (GSM8K\'s "# 18" form ' +
    'accepted). A reply with no `answer` field, or an empty or null one, has no answer (extracted null) and is ' +
    'incorrect, except that a reply with no field which ends on a \\boxed{} ("The final answer is: $\\boxed{36}$") ' +
    'has that as its answer; prose ("The answer is 18") and a \\boxed{} mid-reply are not read. A field holding no number ("Cannot be ' +
    'determined") is kept as the extracted text and is incorrect.',
  score(output: string, expected: Answer): Verdict {
    const want = expectedNumber(expected);
    if (want === null)
      throw new Error(`json-answer-number: the expected answer ${JSON.stringify(expected)} is not a number`);
    const found = readJsonAnswer(output);
    const rule = (got: string) =>
      `the \`answer\` field of the JSON object, read as a number, ${got} ${showNumber(want)}`;
    if (!found) {
      return {
        extracted: null,
        correct: false,
        rule: rule('is missing; the reference is'),
        notes: 'No JSON object with an `answer` field in the reply.',
      };
    }
    const how = HOW_NOTES[found.how];
    const text = answerText(found.value).trim();
    if (found.value === null || text === '') {
      return {
        extracted: null,
        correct: false,
        rule: rule('is empty; the reference is'),
        notes: how ?? 'The `answer` field is empty.',
      };
    }
    const got = typeof found.value === 'number' ? found.value : numberInAnswerField(text);
    if (got === null) {
      return {
        extracted: text,
        correct: false,
        rule: rule('holds no number; the reference is'),
        ...(how ? { notes: how } : {}),
      };
    }
    const correct = numbersEqual(got, want);
    const shown =
      typeof found.value === 'number' || text === showNumber(got)
        ? ''
        : ` (the field says "${text.length > 80 ? `${text.slice(0, 77)}…` : text}")`;
    return {
      extracted: got,
      correct,
      rule: `${found.how === 'final-boxed' ? 'the \\boxed{} that ends the reply' : 'the `answer` field of the JSON object'}, read as a number, is ${showNumber(got)}${shown}, ${correct ? 'which equals' : 'not'} ${showNumber(want)}`,
      ...(how ? { notes: how } : {}),
    };
  },
};
