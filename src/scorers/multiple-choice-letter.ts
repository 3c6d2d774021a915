import type { Answer, Scorer, Verdict } from './types.ts';

const LETTER = '[A-J]';

/**
 * Where a multiple-choice reply states its choice, tried in this order (the first that matches wins):
 *  1. "the answer is (B)", "Answer: B", "answer is **B**", "Final answer: B)" — an explicit statement; when
 *     a reply makes several (it reconsiders), the last one is its final choice;
 *  2. the whole reply is a letter, bare or dressed: "B", "(B)", "B)", "B.", "**B**";
 *  3. the reply opens with a letter and a bracket or dot: "B) Paris", "(B) Paris", "B. Paris";
 *  4. a bold letter "**B**" or "**(B)**" alone: the last one (formatting used to mark the choice).
 * A lone capital elsewhere in prose ("I think A is wrong") is not read: "A" and "I" are words too.
 */
const STATED = new RegExp(
  `[Aa]nswer(?:\\s+is)?\\s*(?:[:：]\\s*)?(?:\\*\\*)?\\s*\\(?(${LETTER})\\)?(?:\\*\\*)?(?![\\w])`,
  'g',
);
const WHOLE = new RegExp(`^\\s*(?:\\*\\*)?\\s*\\(?(${LETTER})[).:]?\\s*(?:\\*\\*)?\\s*$`);
const OPENS = new RegExp(`^\\s*(?:\\*\\*)?\\(?(${LETTER})(?:\\)|\\.(?!\\w))`);
const BOLD = new RegExp(`\\*\\*\\s*\\(?(${LETTER})\\)?[.:]?\\s*\\*\\*`, 'g');

/** A second letter right after the first: "(A) or (B)", "A and B", "A/B", "A, C". */
const HEDGE = new RegExp(`^\\s*(?:or|and|,|/|&)\\s*(?:\\*\\*)?\\(?(${LETTER})\\)?(?![\\w])`);

/**
 * The letter a reply chose and how it was found, or null. A statement naming two letters ("So the answer is
 * (A) or (B)") is no single choice: it is returned with `hedged` set and never counts as correct (reading
 * its first letter would reward hedging).
 */
export function chosenLetter(output: string): { letter: string; how: string; hedged?: string } | null {
  const stated = [...output.matchAll(STATED)].at(-1);
  if (stated) {
    const after = output.slice(stated.index + stated[0].length);
    const second = HEDGE.exec(after);
    if (second) {
      return {
        letter: stated[1] ?? '',
        how: 'the reply states two letters',
        hedged: `${stated[0].replace(/^[Aa]nswer(?:\s+is)?\s*(?:[:：]\s*)?/, '')}${second[0]}`.trim(),
      };
    }
    return { letter: stated[1] ?? '', how: 'the letter the reply states as its answer' };
  }
  const whole = WHOLE.exec(output);
  if (whole) return { letter: whole[1] ?? '', how: 'the reply, which is a letter' };
  const opens = OPENS.exec(output);
  if (opens) return { letter: opens[1] ?? '', how: 'the letter the reply opens with' };
  const bold = [...output.matchAll(BOLD)].at(-1);
  if (bold) return { letter: bold[1] ?? '', how: 'the last bold letter in the reply' };
  return null;
}

/** The key as a letter: "B", "(B)", "B)" (any case). Null when it is not one. */
function keyLetter(expected: Answer): string | null {
  if (typeof expected !== 'string') return null;
  const m = /^\s*\(?([A-Ja-j])\)?\s*$/.exec(expected);
  return m ? (m[1] ?? '').toUpperCase() : null;
}

export const multipleChoiceLetter: Scorer = {
  id: 'multiple-choice-letter',
  version: 1,
  title: 'The chosen letter (A–J) of a multiple-choice reply equals the key',
  description:
    'Reads the letter A–J the reply chose: the last explicit statement ("The answer is (B)", "Answer: B", ' +
    '"answer is **B**"); else the whole reply when it is just a letter ("B", "(B)", "B)", "**B**"); else the ' +
    'letter it opens with ("B) Paris"); else its last bold letter. Letters are capitals only, and a lone capital ' +
    'in prose is never read ("A" and "I" are words). A statement naming two letters ("(A) or (B)") is incorrect. The letter must equal the key ("B" or "(B)"); a reply with ' +
    'no readable letter has no answer (extracted null) and is incorrect.',
  score(output: string, expected: Answer): Verdict {
    const key = keyLetter(expected);
    if (key === null)
      throw new Error(`multiple-choice-letter: the key ${JSON.stringify(expected)} is not a letter A–J`);
    const got = chosenLetter(output);
    if (!got) return { extracted: null, correct: false, rule: `no chosen letter in the reply; the key is ${key}` };
    if (got.hedged) {
      return {
        extracted: got.hedged,
        correct: false,
        rule: `the reply states more than one letter ("${got.hedged}"), which is no single choice; the key is ${key}`,
      };
    }
    const correct = got.letter === key;
    return {
      extracted: got.letter,
      correct,
      rule: `${got.how}, ${got.letter}, ${correct ? 'is' : 'is not'} the key ${key}`,
    };
  },
};
