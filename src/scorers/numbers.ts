// Reading numbers the way model replies and answer keys write them. Shared by the numeric scorers so that
// "$1,234.50", "18.00" and "−3" mean the same thing to every one of them.

/**
 * One number in running text. The sign counts only when it does not follow a letter, digit or dot ("5-3" is
 * two numbers, not 5 and −3; "2,-1" is 2 and −1). A "$" may sit between sign and digits ("-$5"). Commas count
 * as thousands separators only in groups of three ("1,234,567"); anywhere else a comma ends the number
 * ("2,5" is 2 and 5), so lists are not glued into one figure. A digit may not be glued to a letter before it
 * ("x2", "a1") — that is a name, not a number. "18." ends at the dot (sentence end), "18.50" keeps it.
 */
const NUMBER_IN_TEXT = /(?<![\p{L}\d.])([-−–]?)\$?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?!\d)/gu;

export interface FoundNumber {
  value: number;
  /** The characters as written, sign and "$" included. */
  text: string;
  index: number;
}

/** Every number in the text, in order. */
export function findNumbers(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const m of text.matchAll(NUMBER_IN_TEXT)) {
    const digits = (m[2] ?? '').replaceAll(',', '');
    const value = Number(digits) * (m[1] ? -1 : 1);
    if (Number.isFinite(value)) found.push({ value, text: m[0], index: m.index });
  }
  return found;
}

/**
 * A whole string that is one number and nothing else (spaces, a leading "$", thousands commas, a sign
 * allowed): "1,234.50", "-7", "$18.00". Anything more ("18 dollars", "1/2") is not a plain number: null.
 */
export function parsePlainNumber(text: string): number | null {
  const t = text.trim().replace(/^([-−–]?)\s*\$\s*/u, '$1');
  const m = /^([-−–+]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)$/u.exec(t);
  if (!m) return null;
  const value = Number((m[2] ?? '').replaceAll(',', '')) * (m[1] && m[1] !== '+' ? -1 : 1);
  return Number.isFinite(value) ? value : null;
}

/**
 * Numeric equality: exact, or within a relative 1e-9 so that a fraction computed in floating point
 * (1/3 as 0.333…) still equals itself written another way. Loose enough for that, far too tight for a
 * rounded answer ("0.33") to pass for 1/3 — a rounded answer is a different answer.
 */
export function numbersEqual(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * An answer key read as a number: a number as is; a string after dropping GSM8K's leading "#" marks
 * ("# 18", "#### 1,234"). Null when the key is not one plain number.
 */
export function expectedNumber(expected: unknown): number | null {
  if (typeof expected === 'number') return Number.isFinite(expected) ? expected : null;
  if (typeof expected !== 'string') return null;
  return parsePlainNumber(expected.replace(/^\s*#+/, ''));
}

/** Shows a number the way a reader expects: no float noise, no exponent for ordinary values. */
export function showNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}
