import { describe, expect, it } from 'vitest';
import { answerText, finalBoxed, readJsonAnswer } from '../../../src/scorers/json-answer.ts';

describe('readJsonAnswer', () => {
  it('reads a fenced JSON block and a bare object', () => {
    expect(readJsonAnswer('```json\n{"reasoning": "r", "answer": "18"}\n```')).toEqual({ value: '18', how: 'json' });
    expect(readJsonAnswer('Sure. {"reasoning": "r", "answer": 18}')).toEqual({ value: 18, how: 'json' });
  });
  it('ignores raw line breaks inside strings', () => {
    expect(readJsonAnswer('{"reasoning": "line one\nline two", "answer": "7"}')?.value).toBe('7');
  });
  it('keeps single LaTeX backslashes, including those that look like JSON escapes', () => {
    expect(readJsonAnswer('{"reasoning": "x", "answer": "\\dfrac{1}{2}"}')).toEqual({
      value: '\\dfrac{1}{2}',
      how: 'repaired-json',
    });
    expect(readJsonAnswer('{"reasoning": "x", "answer": "\\frac{1}{2}"}')?.value).toBe('\\frac{1}{2}');
    expect(readJsonAnswer('{"reasoning": "x", "answer": "\\boxed{3}"}')?.value).toBe('\\boxed{3}');
  });
  it('drops a trailing comma', () => {
    expect(readJsonAnswer('{"reasoning": "x", "answer": "5",}')).toEqual({ value: '5', how: 'repaired-json' });
  });
  it('reads the key on its own when the object has unescaped quotes', () => {
    expect(readJsonAnswer('{"reasoning": "he said "hi" twice", "answer": "12"}')).toEqual({
      value: '12',
      how: 'answer-key',
    });
    expect(readJsonAnswer('{"reasoning": "a "b" c", "answer": "The "best" one"}')?.value).toBe('The "best" one');
  });
  it('reads an unquoted value and an unquoted key', () => {
    expect(readJsonAnswer('{"reasoning": "x", "answer": (5 * 18) - (8 * 18)\n}')?.value).toBe('(5 * 18) - (8 * 18)');
    expect(readJsonAnswer('{\n  "reasoning": "so $350.\n  answer: $350\n}')?.value).toBe('$350');
  });
  it('takes the first object with an answer, not a later echo of the template', () => {
    const reply =
      '{"reasoning": "a", "answer": "-1"}\n## Question: ...\n```json\n{"reasoning": "___", "answer": "___"}\n```';
    expect(readJsonAnswer(reply)?.value).toBe('-1');
  });
  it('skips objects without the key', () => {
    expect(readJsonAnswer('Let $S = \\{1, 2\\}$. {"reasoning": "x", "answer": "3"}')?.value).toBe('3');
  });
  it('falls back to a \\boxed{} that ends the reply, and only then', () => {
    expect(readJsonAnswer('The final answer is: $\\boxed{-25}$')).toEqual({ value: '-25', how: 'final-boxed' });
    expect(readJsonAnswer('We get \\boxed{4} here, but then 5 more steps follow.')).toBeUndefined();
    expect(readJsonAnswer('The answer is 18.')).toBeUndefined();
    expect(readJsonAnswer('**Answer:** 18')).toBeUndefined();
  });
});

describe('finalBoxed and answerText', () => {
  it('reads nested braces and closing delimiters', () => {
    expect(finalBoxed('so \\[ \\boxed{\\frac{1}{2}} \\]')).toBe('\\frac{1}{2}');
    expect(finalBoxed('\\boxed{7}.')).toBe('7');
  });
  it("drops the template's blanks", () => {
    expect(answerText('___')).toBe('');
    expect(answerText('___3___')).toBe('3');
    expect(answerText(12)).toBe('12');
    expect(answerText({ change: '5.00' })).toBe('{"change":"5.00"}');
  });
});
