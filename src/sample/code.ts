import type { Random } from './random.ts';

type Value = number | string | boolean | Value[];

/** A code task: a Python function to complete, a reference to compute expected results, and a typical bug. */
export interface CodeTask {
  name: string;
  signature: string;
  docstring: string;
  solution: string;
  buggy: string;
  /** Python-style call arguments for each test, and the expected result. */
  tests: { args: Value[]; expected: Value }[];
  /** Results the buggy solution gives on the same tests. */
  buggyResults: Value[];
}

export function pyRepr(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

const equal = (a: Value, b: Value): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Kind {
  make(k: number): {
    name: string;
    params: string;
    doc: string;
    body: string;
    bug: string;
    ref: (...args: Value[]) => Value;
    wrong: (...args: Value[]) => Value;
    input: (r: Random) => Value[];
  };
}

const nums = (r: Random, n = r.int(0, 7)) => Array.from({ length: n }, () => r.int(-20, 40));
const words = ['lantern', 'Harbor', 'ember', 'Quill', 'meadow', 'Orbit', 'cinder', 'Basalt', 'aurora', 'Nimbus'];

const KINDS: Kind[] = [
  {
    make: (k) => ({
      name: `sum_multiples_of_${k}`,
      params: 'nums: list[int]',
      doc: `Return the sum of the numbers in nums that are divisible by ${k}.`,
      body: `    return sum(n for n in nums if n % ${k} == 0)`,
      bug: `    total = 0\n    for i in range(1, len(nums)):\n        if nums[i] % ${k} == 0:\n            total += nums[i]\n    return total`,
      ref: (xs) => (xs as number[]).filter((n) => n % k === 0).reduce((a, b) => a + b, 0),
      wrong: (xs) =>
        (xs as number[])
          .slice(1)
          .filter((n) => n % k === 0)
          .reduce((a, b) => a + b, 0),
      input: (r) => [nums(r)],
    }),
  },
  {
    make: (k) => {
      const letter = 'aeiourstln'[k % 10] ?? 'a';
      return {
        name: `count_letter_${letter}`,
        params: 'text: str',
        doc: `Count how many times the letter "${letter}" occurs in text, ignoring case.`,
        body: `    return text.lower().count("${letter}")`,
        bug: `    return text.count("${letter}")`,
        ref: (s) => (s as string).toLowerCase().split(letter).length - 1,
        wrong: (s) => (s as string).split(letter).length - 1,
        input: (r) => [`${r.pick(words)} ${r.pick(words).toUpperCase()} ${r.pick(words)}`],
      };
    },
  },
  {
    make: (k) => ({
      name: `rotate_left_${k}`,
      params: 'items: list',
      doc: `Return items rotated left by ${k} places (wrapping around); an empty list stays empty.`,
      body: `    if not items:\n        return []\n    s = ${k} % len(items)\n    return items[s:] + items[:s]`,
      bug: `    if not items:\n        return []\n    s = ${k} % len(items)\n    return items[-s:] + items[:-s]`,
      ref: (xs) => {
        const a = xs as Value[];
        if (a.length === 0) return [];
        const s = k % a.length;
        return [...a.slice(s), ...a.slice(0, s)];
      },
      wrong: (xs) => {
        const a = xs as Value[];
        if (a.length === 0) return [];
        const s = k % a.length;
        return s === 0 ? [...a] : [...a.slice(-s), ...a.slice(0, -s)];
      },
      input: (r) => [nums(r, r.int(0, 6))],
    }),
  },
  {
    make: (k) => ({
      name: `chunks_of_${k}`,
      params: 'items: list',
      doc: `Split items into consecutive lists of ${k}; the last list may be shorter.`,
      body: `    return [items[i:i + ${k}] for i in range(0, len(items), ${k})]`,
      bug: `    return [items[i:i + ${k}] for i in range(0, len(items) - ${k} + 1, ${k})]`,
      ref: (xs) => {
        const a = xs as Value[];
        const out: Value[] = [];
        for (let i = 0; i < a.length; i += k) out.push(a.slice(i, i + k));
        return out;
      },
      wrong: (xs) => {
        const a = xs as Value[];
        const out: Value[] = [];
        for (let i = 0; i <= a.length - k; i += k) out.push(a.slice(i, i + k));
        return out;
      },
      input: (r) => [nums(r, r.int(0, 9))],
    }),
  },
  {
    make: (k) => ({
      name: `digit_power_sum_${k}`,
      params: 'n: int',
      doc: `Return the sum of the decimal digits of abs(n), each raised to the power ${k}.`,
      body: `    return sum(int(d) ** ${k} for d in str(abs(n)))`,
      bug: `    return sum(int(d) for d in str(abs(n))) ** ${k}`,
      ref: (n) => Array.from(String(Math.abs(n as number)), Number).reduce((s, d) => s + d ** k, 0),
      wrong: (n) => Array.from(String(Math.abs(n as number)), Number).reduce((s, d) => s + d, 0) ** k,
      input: (r) => [r.int(-999, 9999)],
    }),
  },
  {
    make: (k) => ({
      name: `longest_word_at_least_${k}`,
      params: 'text: str',
      doc: `Return the first longest word of text if it has at least ${k} letters, else the empty string.`,
      body: `    best = ""\n    for word in text.split():\n        if len(word) > len(best):\n            best = word\n    return best if len(best) >= ${k} else ""`,
      bug: `    best = ""\n    for word in text.split():\n        if len(word) >= len(best):\n            best = word\n    return best if len(best) >= ${k} else ""`,
      ref: (s) => {
        let best = '';
        for (const w of (s as string).split(/\s+/).filter(Boolean)) if (w.length > best.length) best = w;
        return best.length >= k ? best : '';
      },
      wrong: (s) => {
        let best = '';
        for (const w of (s as string).split(/\s+/).filter(Boolean)) if (w.length >= best.length) best = w;
        return best.length >= k ? best : '';
      },
      input: (r) => [Array.from({ length: r.int(1, 5) }, () => r.pick(words)).join(' ')],
    }),
  },
];

/** The task at `index` of the dataset: kinds cycle, and the parameter varies so every task differs. */
export function codeTask(r: Random, index: number): CodeTask {
  const kind = KINDS[index % KINDS.length] as Kind;
  const k = 2 + Math.floor(index / KINDS.length);
  const t = kind.make(k);
  const inputs: Value[][] = [];
  for (let attempt = 0; inputs.length < 4 && attempt < 40; attempt++) {
    const args = t.input(r);
    if (!inputs.some((i) => equal(i, args))) inputs.push(args);
  }
  const signature = `def ${t.name}(${t.params}):`;
  return {
    name: t.name,
    signature,
    docstring: t.doc,
    solution: `${signature}\n${t.body}\n`,
    buggy: `${signature}\n${t.bug}\n`,
    tests: inputs.map((args) => ({ args, expected: t.ref(...args) })),
    buggyResults: inputs.map((args) => t.wrong(...args)),
  };
}

/** The prompt body: the signature and docstring to complete, as code benchmarks present them. */
export function codeStub(task: CodeTask): string {
  return `${task.signature}\n    """${task.docstring}"""\n`;
}

export function testSource(task: CodeTask, i: number): string {
  const test = task.tests[i];
  if (!test) throw new Error(`no test ${i}`);
  return `assert ${task.name}(${test.args.map(pyRepr).join(', ')}) == ${pyRepr(test.expected)}`;
}

export { equal as sameValue };
