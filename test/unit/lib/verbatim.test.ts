import { describe, expect, it } from 'vitest';
import { isolate, verbatimParts } from '../../../src/lib/verbatim.ts';

describe('verbatimParts', () => {
  it('leaves ordinary text whole', () => {
    expect(verbatimParts('<b>x</b> & {y}\n\tz')).toEqual([{ kind: 'text', text: '<b>x</b> & {y}\n\tz' }]);
  });

  it('keeps carriage returns apart, to be written as references', () => {
    expect(verbatimParts('a\r\nb\rc')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'cr' },
      { kind: 'text', text: '\nb' },
      { kind: 'cr' },
      { kind: 'text', text: 'c' },
    ]);
  });

  it('boxes every isolate control and paragraph separator, and shows NUL as U+FFFD', () => {
    expect(verbatimParts('x\u2069\u2069\u202ey\u2067\u0000')).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'boxed', char: '\u2069' },
      { kind: 'boxed', char: '\u2069' },
      { kind: 'text', text: '\u202ey' },
      { kind: 'boxed', char: '\u2067' },
      { kind: 'text', text: '\uFFFD' },
    ]);
    expect(verbatimParts('a\u0085b\u2029c\u001ed\ne')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'boxed', char: '\u0085' },
      { kind: 'text', text: 'b' },
      { kind: 'boxed', char: '\u2029' },
      { kind: 'text', text: 'c' },
      { kind: 'boxed', char: '\u001e' },
      { kind: 'text', text: 'd\ne' },
    ]);
  });
});

describe('isolate', () => {
  it('returns left-to-right text as it is', () => {
    expect(isolate('Version 2 <b>')).toBe('Version 2 <b>');
  });

  it('wraps right-to-left text and direction controls in FSI … PDI, dropping the isolate controls inside', () => {
    expect(isolate('שלום')).toBe('\u2068שלום\u2069');
    expect(isolate('a\u2069\u202eb\u2066')).toBe('\u2068a\u202eb\u2069');
    expect(isolate('\u202ea\u0085b')).toBe('\u2068\u202ea b\u2069');
  });

  it('shows NUL as U+FFFD', () => {
    expect(isolate('a\u0000b')).toBe('a\uFFFDb');
  });
});
