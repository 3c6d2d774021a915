/**
 * A JSON parser that remembers where each value starts, so that an error about `scope.sample_size`
 * can name the line it is on, and that reports duplicate keys, which JSON.parse silently resolves
 * by keeping the last. Used for run.json (small files); examples.jsonl lines go through JSON.parse
 * first for speed and come here only to explain a syntax error.
 */

export type JsonPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  /** The text ended before the JSON value did: in a JSONL file, the record may go on on the next line. */
  readonly truncated: boolean;
  constructor(message: string, position: Position, truncated = false) {
    super(message);
    this.line = position.line;
    this.column = position.column;
    this.truncated = truncated;
  }
}

export interface DuplicateKey {
  path: JsonPath;
  position: Position;
  /** Where the key first appears. */
  first: Position;
}

export interface JsonDocument {
  value: unknown;
  /** Position of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: JsonPath): Position;
  /** The source text of the number at `path`, e.g. "0.7340": its digits tell the declared precision. */
  rawNumber(path: JsonPath): string | undefined;
  duplicates: DuplicateKey[];
}

const MAX_DEPTH = 256;

const key = (path: JsonPath) => path.join('\u0000');

function describe(ch: string | undefined, end = 'the end of the file'): string {
  if (ch === undefined) return end;
  if (ch === '\n' || ch === '\r') return 'the end of the line';
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(ch);
}

class Parser {
  private i = 0;
  private readonly offsets = new Map<string, number>();
  private readonly numbers = new Map<string, string>();
  private readonly dupes: { path: JsonPath; offset: number; first: number }[] = [];
  private lineStarts: number[] | undefined;
  private readonly s: string;
  /** Parsing one JSONL line: running out of text means the record did not fit on its line. */
  private readonly line: boolean;

  constructor(text: string, line: boolean) {
    this.s = text;
    this.line = line;
  }

  private get truncated(): string {
    return this.line
      ? 'the record ends before its JSON does: each record must be complete on one line'
      : 'unexpected end of file: the JSON is cut short';
  }

  private found(ch: string | undefined): string {
    return describe(ch, this.line ? 'the end of the line' : 'the end of the file');
  }

  parse(): JsonDocument {
    this.ws();
    const value = this.value([], 0);
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected ${this.found(this.s[this.i])} after the end of the JSON value`);
    return {
      value,
      locate: (path) => {
        for (let n = path.length; n >= 0; n--) {
          const offset = this.offsets.get(key(path.slice(0, n)));
          if (offset !== undefined) return this.position(offset);
        }
        return { line: 1, column: 1 };
      },
      rawNumber: (path) => this.numbers.get(key(path)),
      duplicates: this.dupes.map((d) => ({
        path: d.path,
        position: this.position(d.offset),
        first: this.position(d.first),
      })),
    };
  }

  position(offset: number): Position {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let j = 0; j < this.s.length; j++) if (this.s.charCodeAt(j) === 10) this.lineStarts.push(j + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  private fail(message: string, offset = this.i): never {
    throw new JsonSyntaxError(message, this.position(offset), this.i >= this.s.length);
  }

  private ws() {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else return;
    }
  }

  private value(path: JsonPath, depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    this.offsets.set(key(path), this.i);
    const ch = this.s[this.i];
    switch (ch) {
      case '{':
        return this.object(path, depth);
      case '[':
        return this.array(path, depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case undefined:
        return this.fail(this.truncated);
      case "'":
        return this.fail('strings must be in double quotes');
      default:
        if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number(path);
        for (const word of ['NaN', 'Infinity', '-Infinity', 'undefined'])
          if (this.s.startsWith(word, this.i)) this.fail(`${word} is not valid JSON: numbers must be finite`);
        for (const [word, json] of [
          ['True', 'true'],
          ['False', 'false'],
          ['None', 'null'],
        ])
          if (this.s.startsWith(word as string, this.i)) this.fail(`${word} is not valid JSON: write ${json}`);
        return this.fail(`expected a value, found ${this.found(ch)}`);
    }
  }

  private literal<T>(word: string, result: T): T {
    if (!this.s.startsWith(word, this.i)) this.fail(`expected a value, found ${this.found(this.s[this.i])}`);
    this.i += word.length;
    return result;
  }

  private number(path: JsonPath): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!match) return this.fail(`invalid number: expected digits, found ${this.found(this.s[this.i + 1])}`);
    const raw = match[0];
    const next = this.s[this.i + raw.length];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail(`invalid number ${JSON.stringify(raw + next)}`);
    this.numbers.set(key(path), raw);
    this.i += raw.length;
    const value = Number(raw);
    if (!Number.isFinite(value)) this.fail(`number ${raw} is out of range`);
    return value;
  }

  private string(): string {
    const s = this.s;
    const start = ++this.i;
    // Fast path: no escapes, no control characters.
    const end = s.indexOf('"', start);
    if (end !== -1) {
      const chunk = s.slice(start, end);
      // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: this finds them.
      if (!/[\\\u0000-\u001f]/.test(chunk)) {
        this.i = end + 1;
        return chunk;
      }
    }
    let out = '';
    let runStart = start;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (Number.isNaN(c))
        this.fail(
          this.line
            ? `${this.truncated} (a string is not closed)`
            : 'unterminated string: expected a closing double quote',
          start - 1,
        );
      if (c === 34) {
        out += s.slice(runStart, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail(`${this.found(s[this.i])} inside a string: escape it (e.g. \\n)`);
      if (c === 92) {
        out += s.slice(runStart, this.i);
        const e = s[this.i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        const replacement = e === undefined ? undefined : simple[e];
        if (replacement !== undefined) {
          out += replacement;
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.fail(`invalid escape ${JSON.stringify('\\' + (e ?? ''))} in a string`);
        }
        runStart = this.i;
        continue;
      }
      this.i++;
    }
  }

  private object(path: JsonPath, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      const ch = this.s[this.i];
      if (ch === '}') this.fail('trailing comma before "}"');
      if (ch !== '"') {
        if (ch === undefined) this.fail(this.truncated);
        this.fail(`expected a property name in double quotes, found ${this.found(ch)}`);
      }
      const keyOffset = this.i;
      const name = this.string();
      const childPath = [...path, name];
      const first = seen.get(name);
      if (first !== undefined) this.dupes.push({ path: childPath, offset: keyOffset, first });
      else seen.set(name, keyOffset);
      this.ws();
      if (this.s[this.i] !== ':')
        this.fail(`expected ":" after the property name "${name}", found ${this.found(this.s[this.i])}`);
      this.i++;
      this.ws();
      const v = this.value(childPath, depth + 1);
      // defineProperty, not assignment: a "__proto__" key must stay data, as JSON.parse keeps it.
      Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const sep = this.s[this.i];
      if (sep === ',') {
        this.i++;
        continue;
      }
      if (sep === '}') {
        this.i++;
        return out;
      }
      if (sep === undefined) this.fail(this.truncated);
      this.fail(`expected "," or "}" after a property value, found ${this.found(sep)}`);
    }
  }

  private array(path: JsonPath, depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') this.fail('trailing comma before "]"');
      out.push(this.value([...path, out.length], depth + 1));
      this.ws();
      const sep = this.s[this.i];
      if (sep === ',') {
        this.i++;
        continue;
      }
      if (sep === ']') {
        this.i++;
        return out;
      }
      if (sep === undefined) this.fail(this.truncated);
      this.fail(`expected "," or "]" after an array element, found ${this.found(sep)}`);
    }
  }
}

/** Parse a whole JSON document, keeping positions. Throws JsonSyntaxError. */
export function parseJsonDocument(text: string): JsonDocument {
  return new Parser(text, false).parse();
}

/**
 * Parse one JSONL record quickly. On a syntax error, explain it with the position-keeping parser
 * so every file reports errors the same way.
 */
export function parseJsonLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    new Parser(text, true).parse();
    throw error;
  }
}

/**
 * Whether a JSON text repeats a key within one object, which JSON.parse resolves silently by
 * keeping the last value: then the text names more keys than the value it parsed to holds. Only
 * called with text JSON.parse accepted and its value. Cheap enough for every line of a run file:
 * strings, where the bytes are, are skipped with indexOf, and nothing is kept.
 */
export function hasDuplicateKey(text: string, value: unknown): boolean {
  return keysNamed(text) !== keysHeld(value);
}

/** Keys in a valid JSON text: its strings followed by a colon. */
function keysNamed(text: string): number {
  let keys = 0;
  let start = text.indexOf('"');
  while (start !== -1) {
    let end = text.indexOf('"', start + 1);
    // A quote preceded by an odd number of backslashes is escaped: look further.
    for (;;) {
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let next = end + 1;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c === 58) keys++;
    start = text.indexOf('"', next);
  }
  return keys;
}

/** Keys of every object in a parsed JSON value. */
function keysHeld(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let keys = 0;
  if (Array.isArray(value)) for (const item of value) keys += keysHeld(item);
  else for (const key in value) keys += 1 + keysHeld((value as Record<string, unknown>)[key]);
  return keys;
}
