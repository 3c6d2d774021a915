import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from '../../../src/scorers/arithmetic.ts';
import { expectedNumber, findNumbers, numbersEqual, parsePlainNumber } from '../../../src/scorers/numbers.ts';

describe('findNumbers', () => {
  const values = (t: string) => findNumbers(t).map((n) => n.value);
  it('reads currency, thousands commas and decimals as one number', () => {
    expect(values('It costs $1,234.50 in total.')).toEqual([1234.5]);
  });
  it('treats a minus as a sign only where it cannot be a hyphen', () => {
    expect(values('-5 and -$3')).toEqual([-5, -3]);
    expect(values('5-3')).toEqual([5, 3]);
    expect(values('2,-1')).toEqual([2, -1]);
  });
  it('keeps a comma list apart and does not read digits glued to a letter', () => {
    expect(values('1,2,3')).toEqual([1, 2, 3]);
    expect(values('x2 + 3')).toEqual([3]);
  });
  it('ends a number at a sentence dot', () => {
    expect(values('So 18.')).toEqual([18]);
  });
});

describe('parsePlainNumber and expectedNumber', () => {
  it('accepts one number and nothing else', () => {
    expect(parsePlainNumber('$18.00')).toBe(18);
    expect(parsePlainNumber('1,000')).toBe(1000);
    expect(parsePlainNumber('−7')).toBe(-7);
    expect(parsePlainNumber('18 dollars')).toBeNull();
    expect(parsePlainNumber('1/2')).toBeNull();
  });
  it("reads GSM8K's '# 18' and '#### 18' references", () => {
    expect(expectedNumber('# 18')).toBe(18);
    expect(expectedNumber('#### 1,234')).toBe(1234);
    expect(expectedNumber(7)).toBe(7);
    expect(expectedNumber('eighteen')).toBeNull();
  });
  it('equates float noise but not a rounded answer', () => {
    expect(numbersEqual(499.99999999999994, 500)).toBe(true);
    expect(numbersEqual(0.33, 1 / 3)).toBe(false);
  });
});

describe('evaluateArithmetic', () => {
  it('works out a plain expression with precedence and brackets', () => {
    expect(evaluateArithmetic('((300 * 4) + (120 * 6) + (60 * 24)) / 12')).toBe(280);
    expect(evaluateArithmetic('$(10 * 750) + (10 * (750 / 5)) + (30 * 60)')).toBe(10800);
    expect(evaluateArithmetic('12 × 3 ÷ 4')).toBe(9);
    expect(evaluateArithmetic('-2 + 5 - 3')).toBe(0);
  });
  it('refuses anything that is not plain arithmetic, a lone number, or division by zero', () => {
    expect(evaluateArithmetic('5/sqrt(2)')).toBeNull();
    expect(evaluateArithmetic('x + 1')).toBeNull();
    expect(evaluateArithmetic('42')).toBeNull();
    expect(evaluateArithmetic('3 / 0')).toBeNull();
    expect(evaluateArithmetic('(2 + 3')).toBeNull();
  });
});
