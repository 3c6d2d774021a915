import { describe, expect, it } from 'vitest';
import { getScorer, SCORERS } from '../../../src/scorers/index.ts';
import { normaliseLatexAnswer } from '../../../src/scorers/latex-answer.ts';

const score = (id: string, output: string, expected: Parameters<ReturnType<typeof getScorer>['score']>[1]) =>
  getScorer(id).score(output, expected);

describe('registry', () => {
  it('holds the five scorers under their ids, each described', () => {
    expect([...SCORERS.keys()].sort()).toEqual([
      'bbh-answer',
      'gsm8k-number',
      'json-answer-number',
      'math-answer',
      'multiple-choice-letter',
    ]);
    for (const [id, s] of SCORERS) {
      expect(s.id).toBe(id);
      expect(s.version).toBeGreaterThanOrEqual(1);
      expect(s.description.length).toBeGreaterThan(100);
    }
  });
  it('throws on an unknown id, listing the known ones', () => {
    expect(() => getScorer('exact')).toThrow(/Unknown scorer "exact".*gsm8k-number.*multiple-choice-letter/);
  });
});

describe('gsm8k-number', () => {
  it('reads the last number of the reply', () => {
    const v = score('gsm8k-number', 'She sells 9 eggs at $2, so she makes $1,234.50 a day.', '# 1234.5');
    expect(v).toMatchObject({ extracted: 1234.5, correct: true });
    expect(v.rule).toContain('written "$1,234.50"');
  });
  it('prefers the number after "####"', () => {
    expect(score('gsm8k-number', 'So 18 a day.\n#### 18\nCheck: 9 * 2 = 18, not 20.', 18)).toMatchObject({
      extracted: 18,
      correct: true,
    });
  });
  it('reads "18.00", "18 dollars" and negatives', () => {
    expect(score('gsm8k-number', 'The answer is 18.00', '# 18').correct).toBe(true);
    expect(score('gsm8k-number', 'She makes 18 dollars.', '# 18').correct).toBe(true);
    expect(score('gsm8k-number', 'The change is -3.', '# -3').correct).toBe(true);
    expect(score('gsm8k-number', 'The answer is 17.', '# 18').correct).toBe(false);
  });
  it('has no answer when the reply has no number', () => {
    expect(score('gsm8k-number', 'I cannot tell.', '# 18')).toMatchObject({ extracted: null, correct: false });
  });
  it('refuses a non-numeric reference', () => {
    expect(() => score('gsm8k-number', '18', 'eighteen')).toThrow(/not a number/);
  });
});

describe('json-answer-number', () => {
  const reply = (answer: string) => `\`\`\`json\n{\n  "reasoning": "work",\n  "answer": ${answer}\n}\n\`\`\``;
  it('compares the field numerically', () => {
    expect(score('json-answer-number', reply('"18"'), '# 18')).toMatchObject({ extracted: 18, correct: true });
    expect(score('json-answer-number', reply('18.0'), '# 18')).toMatchObject({ extracted: 18, correct: true });
    expect(score('json-answer-number', reply('"$1,234.50"'), 1234.5).correct).toBe(true);
    expect(score('json-answer-number', reply('"13 minutes"'), '# 13').correct).toBe(true);
    expect(score('json-answer-number', reply('"17"'), '# 18')).toMatchObject({ extracted: 17, correct: false });
  });
  it('reads the value after the last "=" of worked arithmetic', () => {
    expect(score('json-answer-number', reply('"5 * 50 + 75 * 15 = 250 + 1125 = 1375"'), '# 1375')).toMatchObject({
      extracted: 1375,
      correct: true,
    });
    expect(
      score('json-answer-number', reply('"10 pounds * 2 tablespoons/pound = 20 tablespoons"'), '# 10').correct,
    ).toBe(false);
  });
  it('works out an unevaluated expression and reads a fraction whole', () => {
    expect(score('json-answer-number', reply('"((300 * 4) + (120 * 6) + (60 * 24)) / 12"'), '# 280').correct).toBe(
      true,
    );
    expect(score('json-answer-number', reply('"2/3"'), '# 2').correct).toBe(false);
    expect(score('json-answer-number', reply('"$720/year"'), '# 720').correct).toBe(true);
  });
  it('has no answer without a field, or with an empty one', () => {
    expect(score('json-answer-number', 'The answer is 18.', '# 18')).toMatchObject({ extracted: null, correct: false });
    expect(score('json-answer-number', reply('""'), '# 18')).toMatchObject({ extracted: null, correct: false });
    expect(score('json-answer-number', reply('null'), '# 18')).toMatchObject({ extracted: null, correct: false });
  });
  it('keeps a field with no number as text, incorrect', () => {
    expect(score('json-answer-number', reply('"Cannot be determined"'), '# 18')).toMatchObject({
      extracted: 'Cannot be determined',
      correct: false,
    });
  });
  it('reads a \\boxed{} that ends a reply without JSON, saying so', () => {
    const v = score('json-answer-number', 'So she has 24 left.\n\nThe final answer is: $\\boxed{24}$', '# 24');
    expect(v).toMatchObject({ extracted: 24, correct: true });
    expect(v.notes).toMatch(/boxed/);
  });
});

describe('normaliseLatexAnswer', () => {
  it.each([
    ['\\boxed{\\dfrac{3}{4}}', 0.75],
    ['$\\tfrac{-1}{2}$', -0.5],
    ['-\\frac{1}{6}', -1 / 6],
    ['\\left( 7 \\right)', 7],
    ['3/4', 0.75],
    ['30^\\circ', 30],
    ['30°', 30],
    ['40\\%', 40],
    ['12 \\text{ cm}', 12],
    ['45 square units', 45],
    ['17,700', 17700],
    ['1{,}000', 1000],
    ['18.0', 18],
    ['x = 5', 5],
    ['\\frac12', 0.5],
    ['1112112_3', 1112112],
    ['4 * 4 * 4 * 4', 256],
  ])('%s is the number %d', (raw, value) => {
    expect(normaliseLatexAnswer(raw).value).toBeCloseTo(value, 12);
  });
  it.each([
    ['5/\\sqrt{2}'],
    ['25\\sqrt{2}'],
    ['25pi'],
    ['x + 1'],
    ['2, -1'],
    ['(0, 3]'],
    ['12 - 10d'],
    ['No solution'],
  ])('%s is not one number', (raw) => {
    expect(normaliseLatexAnswer(raw).value).toBeNull();
  });
});

describe('math-answer', () => {
  const reply = (answer: string) => `{"reasoning": "work", "answer": "${answer}"}`;
  it('compares a normalised LaTeX number numerically', () => {
    expect(score('math-answer', reply('\\\\dfrac{15}{3}'), '5')).toMatchObject({ extracted: 5, correct: true });
    expect(score('math-answer', reply('\\dfrac{15}{3}'), '5')).toMatchObject({ extracted: 5, correct: true });
    expect(score('math-answer', reply('$105^\\\\circ$'), '105').correct).toBe(true);
  });
  it('compares non-numeric answers as normalised strings: incorrect against a number', () => {
    const v = score('math-answer', reply('6\\\\sqrt{2}'), '6');
    expect(v).toMatchObject({ extracted: '6\\sqrt{2}', correct: false });
    expect(v.rule).toMatch(/not a single number/);
    expect(score('math-answer', reply('2, -1'), '2').correct).toBe(false);
    expect(score('math-answer', reply('[-4, 1]'), '-4').correct).toBe(false);
  });
  it('matches a base-n reference with or without its subscript', () => {
    expect(score('math-answer', reply('-221_{3}'), '-221_3').correct).toBe(true);
    expect(score('math-answer', reply('1112112'), '1112112_3').correct).toBe(true);
    expect(score('math-answer', reply('122_3'), '-221_3').correct).toBe(false);
  });
  it('has no answer for a missing or blank field', () => {
    expect(score('math-answer', 'It is 5.', '5')).toMatchObject({ extracted: null, correct: false });
    expect(score('math-answer', reply('___'), '5')).toMatchObject({ extracted: null, correct: false });
  });
});

describe('bbh-answer', () => {
  it('reads the text after "So the answer is", dropping the final period', () => {
    expect(score('bbh-answer', 'Counting: 1 + 1 + 1 = 3. So the answer is 3.', '3')).toMatchObject({
      extracted: '3',
      correct: true,
    });
    expect(score('bbh-answer', 'So the answer is (B).', '(B)').correct).toBe(true);
  });
  it('reads an answer-only prediction whole', () => {
    expect(score('bbh-answer', ' valid ', 'valid').correct).toBe(true);
    expect(score('bbh-answer', '] ]', '] ] >')).toMatchObject({ extracted: '] ]', correct: false });
  });
  it('matches exactly: case and brackets count', () => {
    expect(score('bbh-answer', 'So the answer is B.', '(B)').correct).toBe(false);
    expect(score('bbh-answer', 'So the answer is true.', 'True').correct).toBe(false);
  });
  it('has no answer for an empty one', () => {
    expect(score('bbh-answer', 'So the answer is .', '(A)')).toMatchObject({ extracted: null, correct: false });
  });
});

describe('multiple-choice-letter', () => {
  it.each([
    ['The answer is (B).', 'B'],
    ['B)', 'B'],
    ['**B**', 'B'],
    ['Answer: B', 'B'],
    ['(C) Paris is the capital.', 'C'],
    ['B. Paris', 'B'],
    ['I think A is wrong; the answer is **D**.', 'D'],
    ['Answer: A. On reflection, the answer is (C).', 'C'],
    ['After weighing both, **(J)**', 'J'],
  ])('%s chooses %s', (output, letter) => {
    expect(score('multiple-choice-letter', output, `(${letter})`)).toMatchObject({ extracted: letter, correct: true });
  });
  it('reads no letter from prose', () => {
    expect(score('multiple-choice-letter', 'I think A is wrong.', 'A')).toMatchObject({
      extracted: null,
      correct: false,
    });
  });
  it('counts a two-letter answer as no single choice', () => {
    const v = score('multiple-choice-letter', 'So the answer is (A) or (B).', '(A)');
    expect(v.correct).toBe(false);
    expect(v.extracted).toBe('(A) or (B)');
  });
  it('refuses a key that is not a letter', () => {
    expect(() => score('multiple-choice-letter', 'A', 'Paris')).toThrow(/not a letter/);
  });
});
