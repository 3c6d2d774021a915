/**
 * The documents the site search indexes for the archive, built straight from the run files rather
 * than from the example pages: one Pagefind record holds a group of examples, so the index (and
 * the metadata every reader downloads before a first result) grows with the number of groups, not
 * of examples. Each example in a record starts with a heading whose id is the example id; Pagefind
 * reports the heading a match falls under, and the search page turns it back into the example's
 * own URL and title.
 */
import { unextracted } from '../lib/stats.ts';
import { exampleVerdict, type Example, type Prompt, type Verdict } from '../schema/example.ts';
import type { Run } from '../schema/run.ts';
import { termOf } from '../lib/terms.ts';
import { runWhere } from '../page-data/labels.ts';
import { escapeAttribute, escapeText } from './html.ts';

/**
 * Examples (or questions) per record. Every reader's first query downloads the list of records
 * (about 6 bytes each), and a reader who opens a result downloads its whole record: 64 balances
 * the two at 100,000 examples (docs/performance.md).
 */
export const RECORD_ITEMS = 64;
/** Characters of text per record beyond which it is closed early, so that long outputs keep a result's download small. */
export const RECORD_CHARS = 80_000;

/** A document for Pagefind's addHTMLFile: the URL it stands for and its HTML. */
export interface SearchDocument {
  url: string;
  content: string;
  /** Examples or questions it holds (a page of the site counts one). */
  items: number;
  /** Words of its indexed text, which size the index (src/search/pagefind.ts). */
  words: number;
  /** For each word of its items (as termOf normalises it), how many of its items hold it. */
  itemsWith?: Map<string, number>;
  /**
   * What routes a query to its shard (src/search/directory.ts): its words as Pagefind splits them
   * (at whitespace, in lower case, punctuation kept, so that Pagefind makes of each the same index
   * words it made of the record), and its filter values.
   */
  vocabulary?: Set<string>;
  filters?: Record<string, string>;
}

/** How many of `items` hold each word: what tells the archive's common words (commonWords). */
function itemsWith(items: RecordItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const terms = new Set<string>();
    for (const text of item.texts) for (const word of text.split(/\s+/)) terms.add(termOf(word));
    terms.delete('');
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** Whitespace as Pagefind splits words at (Unicode's White_Space, so U+0085 but not U+FEFF). */
const PAGEFIND_SPACE = /(?:[^\S\uFEFF]|\u0085)+/;

/**
 * The distinct words of items (their headings, the ids, and their texts) as the record's HTML has
 * them: escaped as written there (src/search/html.ts), split as Pagefind splits, in lower case as
 * Pagefind compares. Written into the directory as they are, each makes the index words it made in
 * the record.
 */
function vocabularyOf(items: RecordItem[]): Set<string> {
  const words = new Set<string>();
  for (const item of items)
    for (const text of [item.id, ...item.texts])
      for (const word of escapeText(text).toLowerCase().split(PAGEFIND_SPACE)) words.add(word);
  words.delete('');
  return words;
}

/** Words in a text, as Pagefind splits them (at whitespace). */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** What search results say about the run an example comes from. */
export interface RunFacts {
  id: string;
  benchmark: string;
  version: string;
  provider: string;
  family: string;
  mode: 'canonical' | 'custom';
}

export function runFacts(id: string, run: Pick<Run, 'benchmark' | 'endpoint' | 'prompt'>): RunFacts {
  return {
    id,
    benchmark: run.benchmark.id,
    version: run.benchmark.version,
    provider: run.endpoint.provider,
    family: run.endpoint.family,
    mode: run.prompt.mode,
  };
}

/**
 * What a record tells the search page, in its metadata: which kind of record it is (so the page
 * knows how to link its sub-results) and what titles them.
 */
export type RecordMeta =
  | { kind: 'examples'; run: string; where: string; verdict: Verdict }
  | { kind: 'questions'; benchmark: string; name: string };

/** One item of a record: an example or a question, with the texts indexed under its heading. */
export interface RecordItem {
  id: string;
  texts: string[];
}

function html(
  title: string,
  meta: Record<string, string>,
  filters: Record<string, string>,
  items: RecordItem[],
): Omit<SearchDocument, 'url'> {
  const hidden = [
    `<span data-pagefind-meta="title">${escapeText(title)}</span>`,
    ...Object.entries(meta).map(([k, v]) => `<span data-pagefind-meta="${escapeAttribute(k)}">${escapeText(v)}</span>`),
    ...Object.entries(filters).map(
      ([k, v]) => `<span data-pagefind-filter="${escapeAttribute(k)}">${escapeText(v)}</span>`,
    ),
  ].join('');
  const body = items
    .map(
      (item) =>
        `<section><h2 id="${escapeAttribute(item.id)}">${escapeText(item.id)}</h2>${item.texts
          .map((t) => `<p>${escapeText(t)}</p>`)
          .join('')}</section>`,
    )
    .join('');
  // The metadata and filters sit in an ignored block: Pagefind reads them there but does not
  // index their words, as on the site's own pages (src/layouts/Base.astro).
  return {
    content: `<!doctype html><html lang="en"><head><title>${escapeText(title)}</title></head><body><main data-pagefind-body><div hidden data-pagefind-ignore>${hidden}</div>${body}</main></body></html>`,
    items: items.length,
    words: items.reduce((n, item) => n + 1 + item.texts.reduce((m, t) => m + countWords(t), 0), 0),
    itemsWith: itemsWith(items),
    vocabulary: vocabularyOf(items),
    filters,
  };
}

/**
 * Collects items into records of at most RECORD_ITEMS items and about RECORD_CHARS characters,
 * one group per key (items of a record share their filters), in the order items arrive.
 */
export class RecordGrouper<G> {
  private open = new Map<string, { group: G; items: RecordItem[]; chars: number }>();
  private readonly make: (group: G, items: RecordItem[]) => SearchDocument;
  private readonly limits: { items: number; chars: number };

  constructor(
    make: (group: G, items: RecordItem[]) => SearchDocument,
    limits = { items: RECORD_ITEMS, chars: RECORD_CHARS },
  ) {
    this.make = make;
    this.limits = limits;
  }

  /** Add an item; returns the record it completed, if any. */
  add(key: string, group: G, item: RecordItem): SearchDocument | undefined {
    let bucket = this.open.get(key);
    if (!bucket) this.open.set(key, (bucket = { group, items: [], chars: 0 }));
    bucket.items.push(item);
    bucket.chars += item.texts.reduce((n, t) => n + t.length, 0);
    if (bucket.items.length < this.limits.items && bucket.chars < this.limits.chars) return undefined;
    this.open.delete(key);
    return this.make(bucket.group, bucket.items);
  }

  /** The records still open, in the order their groups were first seen. */
  *flush(): Generator<SearchDocument> {
    for (const { group, items } of this.open.values()) yield this.make(group, items);
    this.open.clear();
  }
}

interface ExampleGroup {
  verdict: Verdict;
  subject: string | undefined;
  /** Incorrect for want of an extracted answer (src/lib/stats.ts: unextracted). */
  unanswered: boolean;
}

/**
 * The records of one run's examples: grouped by subject and verdict (filters of a record hold for
 * every example in it), each example's output and endpoint error under its heading. Prompts are not
 * here: they are indexed once per question (questionRecords), not once per run.
 */
export function exampleRecords(run: RunFacts, limits?: { items: number; chars: number }): RecordGrouper<ExampleGroup> {
  const where = runWhere({
    endpoint: { provider: run.provider, family: run.family },
    benchmark: { id: run.benchmark, version: run.version },
  });
  return new RecordGrouper<ExampleGroup>((group, items) => {
    const meta: RecordMeta = { kind: 'examples', run: run.id, where, verdict: group.verdict };
    const filters: Record<string, string> = {
      type: 'example',
      benchmark: run.benchmark,
      provider: run.provider,
      family: run.family,
      mode: run.mode,
      verdict: group.verdict,
      ...(group.subject !== undefined ? { subject: group.subject } : {}),
      ...(group.unanswered ? { answer: 'none' } : {}),
    };
    const first = items[0]?.id ?? '';
    return { url: `/runs/${run.id}/examples/#${first}`, ...html(`Examples of run ${run.id}`, meta, filters, items) };
  }, limits);
}

/**
 * Add one example to its run's records; returns a record it completed, if any. Where the run's
 * benchmark reads answers, an example with none read is filed apart, with the filter `answer: none`.
 */
export function addExample(
  records: RecordGrouper<ExampleGroup>,
  example: Example,
  readsAnswers: boolean,
): SearchDocument | undefined {
  const verdict = exampleVerdict(example);
  const unanswered = readsAnswers && unextracted(example);
  const texts = [example.output, ...(example.error !== undefined ? [example.error] : [])].filter((t) => t !== '');
  return records.add(
    `${verdict}\0${example.subject ?? ''}\0${unanswered ? 'none' : ''}`,
    { verdict, subject: example.subject, unanswered },
    {
      id: example.id,
      texts,
    },
  );
}

/**
 * The question a prompt asks, as indexed: a completion prompt whole, and of a chat prompt only the
 * last user message. Earlier turns (system instructions, few-shot examples) repeat in every prompt
 * of a benchmark and would make every question match every query about them.
 */
export function questionText(prompt: Prompt): string {
  if (typeof prompt === 'string') return prompt;
  const user = prompt.filter((m) => m.role === 'user').at(-1) ?? prompt.at(-1);
  return user?.content ?? '';
}

/**
 * The questions of one benchmark, each once however many runs answered it: its id, its subject (as
 * the first run that asked it gives it) and the distinct question texts the runs sent (versions and
 * custom prompts may word it differently).
 */
export class QuestionSet {
  private questions = new Map<string, { subject: string | undefined; texts: Set<string> }>();

  add(example: Pick<Example, 'id' | 'subject' | 'prompt'>): void {
    this.addText(example.id, example.subject, questionText(example.prompt));
  }

  /** A question by its id, subject and text (questionText of its prompt). */
  addText(id: string, subject: string | undefined, text: string): void {
    let question = this.questions.get(id);
    if (!question) this.questions.set(id, (question = { subject, texts: new Set() }));
    question.texts.add(text);
  }

  get size(): number {
    return this.questions.size;
  }

  /**
   * The records of the questions `wanted` picks (all by default), grouped by subject, in id order
   * and each question's texts sorted: they depend on which questions there are, not on which run
   * asked them first (src/search/records.ts keys them so).
   */
  *records(
    benchmark: { id: string; name: string },
    wanted: (id: string) => boolean = () => true,
    limits?: { items: number; chars: number },
  ): Generator<SearchDocument> {
    const grouper = new RecordGrouper<{ subject: string | undefined }>((group, items) => {
      const meta: RecordMeta = { kind: 'questions', benchmark: benchmark.id, name: benchmark.name };
      const filters: Record<string, string> = {
        type: 'question',
        benchmark: benchmark.id,
        ...(group.subject !== undefined ? { subject: group.subject } : {}),
      };
      return {
        url: `/benchmarks/${benchmark.id}/examples/#${items[0]?.id ?? ''}`,
        ...html(`Questions of ${benchmark.name}`, meta, filters, items),
      };
    }, limits);
    const ids = [...this.questions.keys()].filter(wanted).sort();
    for (const id of ids) {
      const { subject, texts } = this.questions.get(id) ?? { subject: undefined, texts: new Set<string>() };
      const done = grouper.add(subject ?? '', { subject }, { id, texts: [...texts].filter((t) => t !== '').sort() });
      if (done) yield done;
    }
    yield* grouper.flush();
  }
}
