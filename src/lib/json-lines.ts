/**
 * One record of a JSON Lines file, newline included: `JSON.stringify`'s text with U+2028 (LINE
 * SEPARATOR) and U+2029 (PARAGRAPH SEPARATOR) escaped. JSON allows both raw inside a string and
 * `JSON.stringify` leaves them raw, but a reader that splits lines on them (Node's `readline` does)
 * would cut the record in two. Escaped, the line is one line for every reader and parses back to
 * the same value. Every JSON Lines file the project writes goes through here; its readers split on
 * `\n` alone (`readLines`), so files others wrote with the raw characters read back as well.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(SEPARATORS, escape)}\n`;
}

const SEPARATORS = /[\u2028\u2029]/g;
const escape = (c: string) => (c === '\u2028' ? '\\u2028' : '\\u2029');
