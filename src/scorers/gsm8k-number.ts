import { expectedNumber, findNumbers, numbersEqual, showNumber } from './numbers.ts';
import type { Answer, Scorer, Verdict } from './types.ts';

/**
 * GSM8K's own convention: a worked solution ends with its result, and the dataset's solutions put it after
 * "####". So the reply's answer is the number after its last "####" when it has one (the model followed the
 * dataset's format, and anything after the marked number is commentary), and otherwise the last number in
 * the reply. The reference may be written "# 18" or "#### 18" (the marks are dropped) or as a number.
 */
export const gsm8kNumber: Scorer = {
  id: 'gsm8k-number',
  version: 1,
  title: 'The final number of the reply, compared numerically',
  description:
    'Reads the number after the reply\'s last "####" if it has one (GSM8K\'s answer mark), otherwise the last ' +
    'number anywhere in the reply, and compares it numerically with the reference ("# 18" and "#### 18" ' +
    'accepted). Numbers are read as replies write them: "$1,234.50" is 1234.5, "18.00" is 18, "18 dollars" ' +
    'is 18, "-5" and "−5" are negative, while "5-3" is two numbers and "2,5" is 2 then 5 (only groups of ' +
    'three digits are thousands). A reply with no number has no answer (extracted null) and is incorrect.',
  score(output: string, expected: Answer): Verdict {
    const want = expectedNumber(expected);
    if (want === null) throw new Error(`gsm8k-number: the expected answer ${JSON.stringify(expected)} is not a number`);
    const mark = output.lastIndexOf('####');
    const marked = mark >= 0 ? findNumbers(output.slice(mark + 4))[0] : undefined;
    const got = marked ?? findNumbers(output).at(-1);
    const where = marked ? 'the number after "####"' : 'the last number in the reply';
    if (!got) {
      return { extracted: null, correct: false, rule: `no number in the reply; the reference is ${showNumber(want)}` };
    }
    const correct = numbersEqual(got.value, want);
    return {
      extracted: got.value,
      correct,
      rule: `${where}, ${showNumber(got.value)}${got.text.trim() === showNumber(got.value) ? '' : ` (written "${got.text.trim()}")`}, ${correct ? 'equals' : 'does not equal'} ${showNumber(want)}`,
      ...(mark >= 0 && !marked
        ? { notes: 'The reply has "####" with no number after it; its last number was read.' }
        : {}),
    };
  },
};
