import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { random, type Random } from '../../src/sample/random.ts';
import { MAX_LINE_BYTES, MAX_TEXT } from '../../src/schema/common.ts';

/**
 * A property-based generator of Unicode text (the project's own, seeded, so a failure names the
 * seed that shows it again): strings drawn from every Unicode general category, and from the edges
 * that have broken readers and pages before: lone surrogates, noncharacters, U+FEFF, NUL and the C0
 * and C1 controls, the line and paragraph separators, combining marks with no base, direction
 * controls, carriage returns, and strings of a megabyte. `unicodeFiles` puts them in every text
 * field of the runs of a small archive (ids, enumerated values and the registry aside).
 */

/** Every general category, as Unicode names them. */
export const CATEGORIES = [
  ...['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No'],
  ...['Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'Sm', 'Sc', 'Sk', 'So'],
  ...['Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Cs', 'Co', 'Cn'],
] as const;

/** The edges, by name: each a piece that a string may contain whole. */
export const EDGES: Record<string, string[]> = {
  'lone surrogates': ['\ud800', '\udfff', '\udbff x', '\udc00\ud800', 'a\ud83d'],
  noncharacters: ['\ufdd0', '\ufdef', '\ufffe', '\uffff', '\u{1fffe}', '\u{10ffff}'],
  'byte-order mark': ['\ufeff', '\ufeff\ufeff'],
  'C0 controls': Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat('\u007f'),
  'C1 controls': Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)),
  'line ends': ['\u2028', '\u2029', '\r', '\r\n', '\n', '\n\r', '\u0085', '\u000b', '\u000c'],
  'combining marks': ['\u0301', '\u0336'.repeat(30), '\u20dd', '\u{1d167}'],
  'bidi controls': ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'],
  'marks of direction': ['\u200e', '\u200f', '\u061c'],
  'markup-like': ['<', '>', '&', '"', "'", '{', '}', '${', '`', '<!--', ']]>', '&amp;', '</script>'],
};

/** Ranges of code points in each category, found once: [first, last] pairs. */
let ranges: Map<string, [number, number][]> | undefined;
function categoryRanges(): Map<string, [number, number][]> {
  if (ranges) return ranges;
  const found = new Map<string, [number, number][]>(CATEGORIES.map((c) => [c, []]));
  const tests = CATEGORIES.map((c) => [c, new RegExp(`^\\p{gc=${c}}$`, 'u')] as const);
  let current: [number, number] | undefined;
  let currentCategory = '';
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const ch = String.fromCodePoint(cp);
    // Most code points are in a long run of one category: test that one first.
    let category = currentCategory;
    if (!current || !tests.find(([c]) => c === currentCategory)?.[1].test(ch))
      category = tests.find(([, re]) => re.test(ch))?.[0] ?? 'Cn';
    if (current && category === currentCategory && current[1] === cp - 1) current[1] = cp;
    else {
      current = [cp, cp];
      currentCategory = category;
      found.get(category)?.push(current);
    }
  }
  ranges = found;
  return found;
}

/** A code point of a category, at random. */
function fromCategory(r: Random, category: string): string {
  const list = categoryRanges().get(category) ?? [];
  const [first, last] = r.pick(list);
  return String.fromCodePoint(r.int(first, last));
}

/** A piece of text: from the `turn`-th category or edge in order (so all are used), then at random. */
function piece(r: Random, turn: number): string {
  const kinds = [...CATEGORIES, ...Object.keys(EDGES)];
  const kind = kinds[turn % kinds.length] ?? 'Lu';
  const edge = EDGES[kind];
  const length = r.int(1, 4);
  let out = '';
  for (let i = 0; i < length; i++) out += edge ? r.pick(edge) : fromCategory(r, kind);
  return out;
}

/** A generator of strings: each next() string holds `pieces` pieces, the categories and edges in turn. */
export class TextGenerator {
  private turn = 0;
  readonly r: Random;

  constructor(seed: string) {
    this.r = random('unicode-text', seed);
  }

  next(pieces = 6): string {
    let out = '';
    for (let i = 0; i < pieces; i++) out += `${piece(this.r, this.turn++)}${this.r.chance(0.3) ? ' ' : ''}`;
    return out;
  }

  /** A label: at most `max` UTF-16 units, never empty. */
  label(max = 200): string {
    // Cut between code points, not inside a pair (graphemes may be cut: any text is allowed).
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points are what is wanted.
    const s = [...this.next(3)].slice(0, max).join('');
    return s.length > max ? s.slice(0, max) : s || 'x';
  }

  /** A string just under the field and line limits: a megabyte of every category and edge. */
  huge(): string {
    let unit = '';
    for (let i = 0; i < 400; i++) unit += piece(this.r, this.turn++);
    let text = unit.repeat(Math.ceil(MAX_TEXT / unit.length)).slice(0, MAX_TEXT - 64);
    // JSON escapes controls as six bytes: shorten until the line fits with room to spare.
    while (Buffer.byteLength(JSON.stringify(text)) > MAX_LINE_BYTES - 64 * 1024)
      text = text.slice(0, Math.floor(text.length * 0.9));
    return text;
  }
}

/** What a page shows for a string: itself, but what no HTML page can hold (NUL, lone surrogates) as U+FFFD. */
// eslint-disable-next-line no-control-regex -- NUL is the character replaced.
export const shownText = (s: string): string => s.toWellFormed().replace(/\u0000/g, '\uFFFD');

export const UNICODE_BENCHMARK = 'unicode';
const SUBJECTS = ['one', 'two'];

interface Example {
  id: string;
  [field: string]: unknown;
}

/** The examples of a run: every text field generated, one output of a megabyte in the first run. */
function examples(g: TextGenerator, count: number, chat: boolean, huge: boolean): Example[] {
  return Array.from({ length: count }, (_, i) => {
    const prompt = chat
      ? [
          { role: 'system', content: g.next() },
          { role: 'user', content: g.next(), name: g.label() },
        ]
      : g.next();
    return {
      id: `u/${String(i).padStart(4, '0')}`,
      subject: SUBJECTS[i % 2],
      prompt,
      output: huge && i === 0 ? g.huge() : g.next(),
      expected: i % 3 === 0 ? [g.label(), i] : g.next(),
      extracted: g.next(),
      // An example with an error counts as incorrect.
      correct: i % 5 !== 4 && g.r.chance(0.5),
      scoring: {
        method: g.label(100),
        rule: g.next(),
        tests: [
          { name: g.next(), passed: true },
          { name: g.next(), passed: false, message: g.next() },
        ],
        choices: [
          { label: g.label(), text: g.next(), loglikelihood: -0.5 },
          { label: g.label(), loglikelihood: -1.5 },
        ],
        notes: g.next(),
      },
      ...(i % 5 === 4 ? { error: g.next() } : {}),
    };
  });
}

function runJson(g: TextGenerator, id: string, xs: Example[]): Record<string, unknown> {
  return {
    schema: 'benchscope.run/1',
    id,
    benchmark: { id: UNICODE_BENCHMARK, version: 'v1' },
    endpoint: { provider: 'unicode-prov', model: g.label(), family: 'unicode-fam' },
    prompt: { mode: 'custom', template: g.next(), template_id: g.label(), few_shot: 0 },
    generation: { temperature: 0, stop: [g.next(), g.next()], extra: { [g.label(64)]: g.next(), plain: true } },
    harness: { name: g.label(100), version: g.label(100) },
    started_at: '2026-04-01T10:00:00Z',
    finished_at: '2026-04-01T11:00:00Z',
    notes: g.next(),
    state: 'completed',
    scope: { kind: 'full', sample_size: xs.length, dataset_size: xs.length },
    score: {
      metric: 'accuracy',
      method: g.label(100),
      value: xs.filter((x) => x.correct === true).length / xs.length,
    },
  };
}

/**
 * The files of an archive of two runs (one with chat prompts, one with plain ones) of `count`
 * examples each, every text field generated from `seed`. Run files are written as other tools
 * write them: JSON.stringify's text, U+2028 and U+2029 raw.
 */
export function unicodeFiles(seed: string, count: number): Map<string, string> {
  const g = new TextGenerator(seed);
  const files = new Map<string, string>();
  const front = (data: Record<string, unknown>, body: string) =>
    `---\n${Object.entries(data)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join('\n')}\n---\n\n${body}\n`;
  files.set(
    `content/benchmarks/${UNICODE_BENCHMARK}.mdx`,
    front(
      {
        name: 'Unicode',
        summary: 'Every text field of its runs is generated Unicode.',
        metric: 'accuracy',
        task: 'free-text',
        versions: [{ id: 'v1', dataset_size: count }],
        subjects: SUBJECTS,
      },
      'A benchmark of generated text.',
    ),
  );
  files.set(
    'content/providers/unicode-prov.md',
    front({ name: 'Unicode provider', url: 'https://provider.example/' }, 'A provider.'),
  );
  const open = ['weights', 'architecture', 'training_methodology', 'training_data', 'inference_code'];
  files.set(
    'content/models/unicode-fam.md',
    front(
      {
        name: 'Unicode family',
        organisation: 'Unicode lab',
        licence: 'open',
        openness: Object.fromEntries([...open, 'documentation', 'licence'].map((d) => [d, 'open'])),
        level: 'open',
        evidence: Object.fromEntries(
          [...open, 'documentation', 'licence'].map((d) => [
            d,
            { source: { title: 'Model card', url: 'https://card.example/' }, note: 'Generated evidence.' },
          ]),
        ),
      },
      'A model family.',
    ),
  );
  for (const [id, chat] of [
    ['unicode-chat', true],
    ['unicode-plain', false],
  ] as const) {
    const xs = examples(g, count, chat, chat);
    files.set(`runs/${id}/run.json`, `${JSON.stringify(runJson(g, id, xs), null, 2)}\n`);
    files.set(`runs/${id}/examples.jsonl`, `${xs.map((x) => JSON.stringify(x)).join('\n')}\n`);
  }
  return files;
}

/** Write the archive into `root` (emptied first), and return its root. */
export function writeUnicodeArchive(root: string, seed: string, count: number): string {
  if (existsSync(root)) rmSync(root, { recursive: true, force: true });
  for (const [path, content] of unicodeFiles(seed, count)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** The archive's own files, parsed back: what every field was given. */
export function readUnicodeArchive(root: string, run: string): { run: Record<string, unknown>; examples: Example[] } {
  const dir = join(root, 'runs', run);
  return {
    run: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>,
    // Split on \n alone: the point of the archive is that nothing else ends a line.
    examples: readFileSync(join(dir, 'examples.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Example),
  };
}
