import { describe, expect, it } from 'vitest';
import { hasDuplicateKey, JsonSyntaxError, parseJsonDocument, parseJsonLine } from '../../../src/archive/json.ts';

function syntaxError(text: string, line = false): JsonSyntaxError {
  try {
    if (line) parseJsonLine(text);
    else parseJsonDocument(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonDocument', () => {
  const text = '{\n  "a": 1,\n  "b": {\n    "c": [true, 0.7340]\n  }\n}\n';

  it('parses like JSON.parse', () => {
    expect(parseJsonDocument(text).value).toEqual(JSON.parse(text));
  });

  it('locates values by path, and missing ones at their nearest ancestor', () => {
    const doc = parseJsonDocument(text);
    expect(doc.locate(['a'])).toEqual({ line: 2, column: 8 });
    expect(doc.locate(['b', 'c', 1]).line).toBe(4);
    expect(doc.locate(['b', 'missing']).line).toBe(3);
    expect(doc.locate(['nope']).line).toBe(1);
  });

  it('keeps the written digits of numbers, trailing zeros included', () => {
    expect(parseJsonDocument(text).rawNumber(['b', 'c', 1])).toBe('0.7340');
  });

  it('reports duplicate keys with both positions', () => {
    const doc = parseJsonDocument('{\n"x": 1,\n"x": 2\n}');
    expect(doc.duplicates).toEqual([{ path: ['x'], position: { line: 3, column: 1 }, first: { line: 2, column: 1 } }]);
    expect(doc.value).toEqual({ x: 2 });
  });

  it('keeps "__proto__" as data', () => {
    const value = parseJsonDocument('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['{"a": 1', 1, 8, 'unexpected end of file: the JSON is cut short'],
    ['{"a": 1,}', 1, 9, 'trailing comma before "}"'],
    ['{"a": NaN}', 1, 7, 'NaN is not valid JSON: numbers must be finite'],
    ["{'a': 1}", 1, 2, 'expected a property name in double quotes, found "\'"'],
    ['{"a": 1}\n x', 2, 2, 'unexpected "x" after the end of the JSON value'],
    ['{"a": "x\ty"}', 1, 9, 'control character U+0009 inside a string: escape it (e.g. \\n)'],
    ['[1 2]', 1, 4, 'expected "," or "]" after an array element, found "2"'],
    ['{"a": 01}', 1, 7, 'invalid number "01"'],
  ])('explains %j at line %i column %i', (source, line, column, message) => {
    const error = syntaxError(source);
    expect([error.line, error.column, error.message]).toEqual([line, column, message]);
  });
});

describe('parseJsonLine', () => {
  it('parses a record', () => {
    expect(parseJsonLine('{"id":"a","n":[1,2]}')).toEqual({ id: 'a', n: [1, 2] });
  });

  it('says when a record does not fit on its line', () => {
    expect(syntaxError('{"id": "a", "prompt": "first half', true).message).toBe(
      'the record ends before its JSON does: each record must be complete on one line (a string is not closed)',
    );
    expect(syntaxError('{"id": "a",', true).message).toBe(
      'the record ends before its JSON does: each record must be complete on one line',
    );
    expect(syntaxError('{"id": "a" "b"}', true).message).toBe(
      'expected "," or "}" after a property value, found "\\""',
    );
  });

  it('names Python literals', () => {
    expect(syntaxError('{"correct": True}', true).message).toBe('True is not valid JSON: write true');
  });
});

describe('hasDuplicateKey', () => {
  it.each([
    ['{"a": 1, "a": 2}', true],
    ['{"a": {"b": 1, "b": 2}}', true],
    ['[{"a": 1}, {"a": 2}]', false],
    ['{"a": [1, {"a": 2}], "b": "a"}', false],
    // Keys are compared as JSON reads them: escapes decoded, quotes inside strings skipped.
    ['{"a": 1, "\\u0061": 2}', true],
    ['{"x": "\\"a\\": 1, \\"a\\": 2", "y": "\\\\"}', false],
    ['{"a\\\\": 1, "a": 2}', false],
    ['{"a": {}, "b": [], "c": {"a": 1}}', false],
    // A colon inside a string, or after a string value, is no key.
    ['{"a": ":", "b": "x:y", "c": [":", {"d": "\\":"}]}', false],
    ['{"a" : 1, "b"\t:\n{"a" :2, "a"\r\n: 3}}', true],
    ['{"__proto__": 1, "__proto__": 2}', true],
    ['{"__proto__": {"a": 1}, "b": 2}', false],
  ])('%s: %s', (text, duplicate) => {
    expect(hasDuplicateKey(text, JSON.parse(text))).toBe(duplicate);
  });
});
