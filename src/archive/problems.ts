import type * as z from 'zod';

/**
 * One thing wrong with the archive, said so that the contributor can fix it: the file (relative to
 * the archive root), the line, the field and what was expected.
 */
export interface Problem {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  /** Field path, e.g. `examples[1531].correct`. */
  path?: string | undefined;
  message: string;
}

/** The one formatter: `runs/acme/examples.jsonl:1532: examples[1531].correct: expected boolean, received string`. */
export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.line !== undefined && p.column !== undefined) where += `:${p.column}`;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    a.message.localeCompare(b.message)
  );
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['scope', 'kind']` → `scope.kind`; `['prompt', 0, 'role']` → `prompt[0].role`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'number';
  return typeof value;
}

function preview(value: unknown): string {
  // JSON.stringify returns undefined for undefined and functions, whatever its declared type says.
  const json = (JSON.stringify(value) as string | undefined) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * Edits between two names, a swap of neighbouring letters counting as one: the commonest typo
 * ("socre") must come closer to what was meant ("score") than to a neighbour ("source").
 */
function editDistance(a: string, b: string): number {
  let previous: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (previous[j - 2] ?? 0) + 1);
      next.push(d);
    }
    previous = row;
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The known name closest to a misspelt one, if any is close. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export interface IssueContext {
  /** Field names allowed at a path, for "did you mean" on unknown fields. */
  knownKeys?: (path: readonly PropertyKey[]) => Iterable<string>;
}

export interface FieldMessage {
  path: readonly PropertyKey[];
  message: string;
}

interface Explained extends FieldMessage {
  /** The field is required and absent. */
  missing?: boolean;
  /** An unknown field that is probably this (absent) field misspelt. */
  typoOf?: readonly PropertyKey[];
}

/** Turn zod issues into one short message per field, in the words the docs use. */
export function explainIssues(issues: readonly z.core.$ZodIssue[], context: IssueContext = {}): FieldMessage[] {
  const out: Explained[] = [];
  for (const issue of issues) explain(issue, [], context, out);
  // A misspelt required field shows up twice: once unknown, once missing. Say it once, as the typo.
  const key = (path: readonly PropertyKey[]) => path.map(String).join('\u0000');
  const typos = new Set(out.flatMap((m) => (m.typoOf ? [key(m.typoOf)] : [])));
  return out.filter((m) => !(m.missing && typos.has(key(m.path)))).map(({ path, message }) => ({ path, message }));
}

function explain(issue: z.core.$ZodIssue, base: readonly PropertyKey[], context: IssueContext, out: Explained[]) {
  const path = [...base, ...issue.path];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      if (input === undefined)
        out.push({
          path,
          missing: true,
          message: issue.message.startsWith('Invalid input')
            ? `required field missing: expected ${expected}`
            : issue.message,
        });
      else if (issue.expected === 'never') out.push({ path, message: issue.message });
      else if (
        (expected === 'number' || expected === 'integer') &&
        typeof input === 'string' &&
        input.trim() !== '' &&
        Number.isFinite(Number(input))
      )
        out.push({
          path,
          message: `expected ${expected}, received string ${preview(input)}: write the number without quotes`,
        });
      else if (expected === 'string' && typeof input === 'number')
        out.push({ path, message: `expected string, received number ${preview(input)}: put it in quotes` });
      else if (expected === 'integer' && typeof input === 'number')
        out.push({ path, message: `expected integer, received ${input}` });
      else if (issue.message.startsWith('Invalid input'))
        out.push({ path, message: `expected ${expected}, received ${typeName(input)}` });
      else out.push({ path, message: issue.message });
      return;
    }
    case 'invalid_value': {
      if (issue.message.startsWith('Invalid')) {
        const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
        const received = input === undefined ? 'nothing' : preview(input);
        out.push({
          path,
          message:
            issue.values.length === 1
              ? `expected ${options}, received ${received}`
              : `expected one of ${options}, received ${received}`,
        });
      } else out.push({ path, message: issue.message });
      return;
    }
    case 'unrecognized_keys': {
      const known = context.knownKeys ? [...context.knownKeys(path)] : [];
      for (const name of issue.keys) {
        const guess = suggest(name, known);
        out.push({
          path: [...path, name],
          ...(guess ? { typoOf: [...path, guess] } : {}),
          message: guess
            ? `unknown field; did you mean "${guess}"?`
            : 'unknown field; remove it (see docs/format.md for the fields)',
        });
      }
      return;
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        out.push({
          path,
          message: `expected one of ${options.map((v) => JSON.stringify(v)).join(', ')}, received ${preview(input)}`,
        });
        return;
      }
      // Report the branch that got furthest: its errors say what is wrong inside a value of the right shape.
      const branches = issue.errors.filter((b) => b.length > 0);
      const depth = (b: readonly z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      const deepest = branches.reduce<readonly z.core.$ZodIssue[] | undefined>(
        (best, b) => (best === undefined || depth(b) > depth(best) ? b : best),
        undefined,
      );
      if (deepest && depth(deepest) > 0) for (const inner of deepest) explain(inner, path, context, out);
      else
        out.push({
          path,
          message: issue.message.startsWith('Invalid input') ? `invalid value ${preview(input)}` : issue.message,
        });
      return;
    }
    case 'too_big':
    case 'too_small': {
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const inclusive = issue.inclusive !== false;
      const relation =
        issue.code === 'too_big' ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
      let message = issue.message;
      if (issue.message.startsWith('Too ')) {
        if (issue.origin === 'array') message = `expected ${relation} ${String(bound)} items`;
        else if (issue.origin === 'string') message = `expected ${relation} ${String(bound)} characters`;
        else message = `expected ${relation} ${String(bound)}, received ${preview(input)}`;
      }
      out.push({ path, message });
      return;
    }
    case 'invalid_format': {
      let message = issue.message;
      if (issue.format === 'url') message = 'expected an http(s) URL';
      out.push({ path, message: input === undefined ? message : `${message}, received ${preview(input)}` });
      return;
    }
    default:
      out.push({ path, message: issue.message });
  }
}
