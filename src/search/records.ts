/**
 * The search records of the archive's units (a run's examples, or a part of them; a part of a
 * benchmark's questions), each kept in the search cache under a key of what it is made from: a
 * run's records by the run's files, a part of a benchmark's questions by the questions themselves
 * (ids, subjects and texts, whichever runs asked them). A shard to index is the concatenation of
 * its units' records, so a pull request that adds a run makes that run's records alone, and no
 * question records when it asks no new question.
 *
 * Run files are read benchmark by benchmark (one benchmark's questions are held at a time), each
 * at most once unless a benchmark's questions changed, and not at all when its records and its
 * list of questions are cached.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Example } from '../schema/example.ts';
import { readExamples } from '../archive/examples.ts';
import { readLineBatches } from '../archive/jsonl.ts';
import { CacheStore } from '../cache/store.ts';
import { jsonLine } from '../lib/json-lines.ts';
import type { SearchArchive, SearchRun } from './archive.ts';
import { frequentWords, type WordCounts } from './common-words.ts';
import { routingWords } from './directory.ts';
import { addExample, exampleRecords, QuestionSet, questionText, runFacts, type SearchDocument } from './documents.ts';
import { questionPart, runPart, unitKey, type Unit } from './plan.ts';

/** A unit's records in the cache: their key, and what they add to a shard. */
export interface UnitRecords extends WordCounts {
  key: string;
  records: number;
  words: number;
  /** Every value each filter takes in its records, sorted: what the directory routes filters by. */
  filters: [string, string[]][];
  /** Its distinct words as the directory holds them (routingWords): what sizes the directory's index. */
  vocabulary: number;
}

/** What a run's examples ask: for each example, its id, its subject and a digest of its question's text. */
type QuestionList = [id: string, subject: string | null, text: string][];

const textDigest = (text: string) => createHash('sha1').update(text).digest('base64');

/** A records key: the search code, what the unit is, and a digest of what it is made from. */
function recordsKey(code: string, what: string, inputs: string): string {
  return createHash('sha256').update(`benchscope-records/1\0${code}\0${what}\0${inputs}`).digest('hex').slice(0, 32);
}

/**
 * A unit's records being written: one JSON document a line, made visible under its key by close().
 * Written as they come, without waiting for the disk: a unit is at most a part of a run, and its
 * key is known only once the whole run has been read (it names the run's identity).
 */
class Sink {
  private readonly out: WriteStream;
  private readonly counts = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private readonly filters = new Map<string, Set<string>>();
  private readonly info: Omit<UnitRecords, 'key' | 'filters' | 'vocabulary'> = {
    records: 0,
    items: 0,
    words: 0,
    frequent: [],
  };
  private readonly partial: string;
  private readonly cache: RecordsCache;

  constructor(cache: RecordsCache) {
    this.cache = cache;
    this.partial = cache.partial('documents');
    this.out = createWriteStream(this.partial);
  }

  write({ itemsWith, vocabulary, filters, ...doc }: SearchDocument): void {
    this.info.records++;
    this.info.items += doc.items;
    this.info.words += doc.words;
    for (const [word, n] of itemsWith ?? []) this.counts.set(word, (this.counts.get(word) ?? 0) + n);
    for (const word of vocabulary ?? []) this.vocabulary.add(word);
    for (const [name, value] of Object.entries(filters ?? {})) {
      const values = this.filters.get(name);
      if (values) values.add(value);
      else this.filters.set(name, new Set([value]));
    }
    this.out.write(jsonLine(doc));
  }

  /**
   * Finish the file, then write the unit's vocabulary and its info under `key`, whose presence says
   * the records are complete.
   */
  async close(key: string): Promise<UnitRecords> {
    this.out.end();
    await once(this.out, 'finish');
    const info: UnitRecords = {
      key,
      ...this.info,
      frequent: frequentWords(this.info.items, this.counts),
      filters: [...this.filters]
        .map(([name, values]): [string, string[]] => [name, [...values].sort()])
        .sort(([a], [b]) => (a < b ? -1 : 1)),
      vocabulary: routingWords([...this.vocabulary]).length,
    };
    this.cache.commit(key, 'documents', this.partial);
    const words = this.cache.partial('vocabulary');
    await writeFile(words, [...this.vocabulary].sort().join('\n'));
    this.cache.commit(key, 'vocabulary', words);
    this.cache.writeJson(key, info);
    return info;
  }

  async abandon(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
    await rm(this.partial, { force: true });
  }
}

/** A unit's files in the records cache besides its info (`<key>.json`), by what they hold. */
const UNIT_FILES = { documents: 'jsonl', vocabulary: 'words' } as const;
type UnitFile = keyof typeof UNIT_FILES;

/**
 * The records cache: a keyed store (src/cache/store.ts) of `<key>.json` (a unit's counts, or a
 * run's list of questions), `<key>.jsonl` (a unit's records) and `<key>.words` (its vocabulary, a
 * word a line). A key's files are used together.
 */
export class RecordsCache {
  readonly dir: string;
  private readonly store: CacheStore;

  constructor(dir: string) {
    this.dir = dir;
    // Records are written as `pending.*` partials: their key is known once they are complete.
    this.store = new CacheStore(dir, { names: /^([0-9a-f]{32}|pending)\.(json|jsonl|words)$/ });
  }

  file(key: string, what: UnitFile): string {
    return this.store.path(`${key}.${UNIT_FILES[what]}`);
  }

  /** Where to write a unit's file before commit() files it under the unit's key. */
  partial(what: UnitFile): string {
    return this.store.partial(`pending.${UNIT_FILES[what]}`);
  }

  commit(key: string, what: UnitFile, partial: string): void {
    this.store.commit(`${key}.${UNIT_FILES[what]}`, partial);
  }

  readJson(key: string): unknown {
    const value = this.store.readJson(`${key}.json`);
    // A unit's records and vocabulary are read only when its shard is indexed again: kept with its counts.
    if (value !== undefined) for (const ext of Object.values(UNIT_FILES)) this.store.mark(`${key}.${ext}`);
    return value;
  }

  /** A unit's vocabulary (src/search/directory.ts). */
  async vocabulary(key: string): Promise<string[]> {
    const text = await readFile(this.file(key, 'vocabulary'), 'utf8');
    return text === '' ? [] : text.split('\n');
  }

  /** Keep an entry through this build's sweep without reading it. */
  keep(key: string): void {
    this.store.mark(`${key}.json`);
  }

  writeJson(key: string, value: unknown): void {
    this.store.writeJson(`${key}.json`, value);
  }

  sink(): Sink {
    return new Sink(this);
  }

  /** A unit's records, read back one at a time. */
  async *documents(key: string): AsyncGenerator<SearchDocument> {
    // Lines end at \n alone (not readline, which also ends them at U+2028 and U+2029), and with no
    // length limit: a record may be longer than the longest line a run file may have.
    for await (const batch of readLineBatches(this.file(key, 'documents'), { maxLineBytes: Infinity }))
      for (const event of batch) if (event.kind === 'line') yield JSON.parse(event.text) as SearchDocument;
  }

  /**
   * Remove the entries this build did not use (the cache holds the current archive's records), and
   * files a build that died left half written (older than a day, so never a running build's).
   */
  sweep(): Promise<void> {
    this.store.sweep();
    return Promise.resolve();
  }
}

/** Every question of a benchmark, merged from its runs' lists in run order: its subject as first seen, its texts. */
function mergeQuestions(lists: readonly QuestionList[]): Map<string, { subject: string | null; texts: Set<string> }> {
  const merged = new Map<string, { subject: string | null; texts: Set<string> }>();
  for (const list of lists)
    for (const [id, subject, text] of list) {
      let question = merged.get(id);
      if (!question) merged.set(id, (question = { subject, texts: new Set() }));
      question.texts.add(text);
    }
  return merged;
}

/** The ids of each part of a benchmark's questions, sorted (a question's part is a hash of its id). */
function idsByPart(merged: ReturnType<typeof mergeQuestions>, parts: number): string[][] {
  const byPart = Array.from({ length: parts }, () => [] as string[]);
  for (const id of merged.keys()) byPart[questionPart(id, parts)]?.push(id);
  return byPart.map((ids) => ids.sort());
}

/** A digest of the questions of one part (`ids`, sorted): what that part's records are made from. */
function questionsDigest(merged: ReturnType<typeof mergeQuestions>, ids: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of ids) {
    const { subject, texts } = merged.get(id) ?? { subject: null, texts: new Set<string>() };
    hash.update(`${id}\0${subject ?? ''}\0${[...texts].sort().join(' ')}\n`);
  }
  return hash.digest('hex');
}

/**
 * Make sure the records of every unit are in the cache, and return each unit's records by unit
 * key. A unit's parts (how many pieces a run or a benchmark's questions is cut into) come from
 * `units`, which the shard plan is made of.
 */
export async function unitRecords(
  archive: SearchArchive,
  units: readonly Unit[],
  code: string,
  cache: RecordsCache,
): Promise<Map<string, UnitRecords>> {
  const found = new Map<string, UnitRecords>();
  const parts = new Map(units.map((u) => [`${u.kind}/${u.id}`, u.parts]));
  const benchmarks = [...new Set(archive.runs.map((r) => r.run.benchmark.id))].sort();
  for (const benchmark of benchmarks) {
    const runs = archive.runs.filter((r) => r.run.benchmark.id === benchmark);
    const lists = new Map<string, QuestionList>();
    const unread: SearchRun[] = [];
    for (const run of runs) {
      const list = cache.readJson(recordsKey(code, QUESTIONS, run.digest)) as QuestionList | undefined;
      const have = runUnitKeys(run, parts.get(`run/${run.id}`) ?? 1, code).map(
        ([unit, key]) => [unit, cache.readJson(key) as UnitRecords | undefined] as const,
      );
      if (list && have.every(([, info]) => info)) {
        lists.set(run.id, list);
        // Its questions' texts are read only when a question's records are made again: kept with it.
        cache.keep(recordsKey(code, QUESTION_TEXTS, run.digest));
        for (const [unit, info] of have) if (info) found.set(unit, info);
      } else unread.push(run);
    }
    // When every run is read anyway, the questions are gathered on the way.
    const gathered = unread.length === runs.length ? new QuestionSet() : undefined;
    for (const run of unread) {
      const made = await readRun(archive, run, parts.get(`run/${run.id}`) ?? 1, code, cache, gathered);
      lists.set(run.id, made.list);
      for (const [unit, info] of made.units) found.set(unit, info);
    }

    const questionParts = parts.get(`questions/${benchmark}`) ?? 1;
    const merged = mergeQuestions(runs.map((r) => lists.get(r.id) ?? []));
    const name = new Map(archive.names).get(benchmark) ?? benchmark;
    const byPart = idsByPart(merged, questionParts);
    const missing: { part: number; unit: string; key: string }[] = [];
    for (const [part, ids] of byPart.entries()) {
      const unit = `questions/${benchmark}/${part + 1}-of-${questionParts}`;
      const key = recordsKey(code, `${unit}\0${name}`, questionsDigest(merged, ids));
      const info = cache.readJson(key) as UnitRecords | undefined;
      if (info) found.set(unit, info);
      else missing.push({ part, unit, key });
    }
    if (missing.length === 0) continue;
    const questions = gathered ?? (await gatherQuestions(archive, runs, code, cache));
    for (const { part, unit, key } of missing) {
      const sink = cache.sink();
      const inPart = new Set(byPart[part]);
      for (const doc of questions.records({ id: benchmark, name }, (id) => inPart.has(id))) sink.write(doc);
      found.set(unit, await sink.close(key));
    }
  }
  return found;
}

/**
 * Every question of a benchmark's runs, in run order: from the texts each run's records keep
 * (RunRecords), or from the run's examples where the cache has none.
 */
async function gatherQuestions(
  archive: SearchArchive,
  runs: readonly SearchRun[],
  code: string,
  cache: RecordsCache,
): Promise<QuestionSet> {
  const questions = new QuestionSet();
  for (const run of runs) {
    const texts = cache.readJson(recordsKey(code, QUESTION_TEXTS, run.digest)) as QuestionTexts | undefined;
    if (texts) for (const [id, subject, text] of texts) questions.addText(id, subject ?? undefined, text);
    else for await (const { example } of readExamples(archive.root, run.examplesFile)) questions.add(example);
  }
  return questions;
}

const QUESTIONS = 'questions of a run';
const QUESTION_TEXTS = 'question texts of a run';

/** What a run asks, with the texts: what its benchmark's question records are made from. */
type QuestionTexts = [id: string, subject: string | null, text: string][];

/**
 * The records of one run, made an example at a time as its examples file is read, by the search
 * step itself or by the pass that validates the run (src/search/run-records.ts). Its records are
 * cut into `parts` units; they are filed under the run's identity, which is known only once the
 * whole file has been read (it is a digest of the examples' bytes), so they are written under
 * temporary names and filed by finish().
 */
export class RunRecords {
  private readonly sinks: Sink[] = [];
  private readonly list: QuestionList = [];
  private readonly texts: QuestionTexts = [];
  private grouper: ReturnType<typeof exampleRecords> | undefined;
  private current = -1;
  private readonly cache: RecordsCache;
  private readonly run: Pick<SearchRun, 'id' | 'run' | 'readsAnswers'>;
  private readonly parts: number;
  private readonly code: string;
  private readonly gathered: QuestionSet | undefined;

  constructor(
    cache: RecordsCache,
    run: Pick<SearchRun, 'id' | 'run' | 'readsAnswers'>,
    parts: number,
    code: string,
    gathered?: QuestionSet,
  ) {
    this.cache = cache;
    this.run = run;
    this.parts = parts;
    this.code = code;
    this.gathered = gathered;
  }

  add(example: Example, index: number): void {
    const part = runPart(index);
    if (part !== this.current) {
      // A part's records are complete when the next part starts: its open groups are flushed.
      this.flush();
      if (part >= this.parts) throw new Error(`run ${this.run.id}: more examples than run.json declares`);
      this.sinks[part] = this.cache.sink();
      this.grouper = exampleRecords(runFacts(this.run.id, this.run.run));
      this.current = part;
    }
    const done = this.grouper ? addExample(this.grouper, example, this.run.readsAnswers) : undefined;
    if (done) this.sinks[part]?.write(done);
    const text = questionText(example.prompt);
    this.list.push([example.id, example.subject ?? null, textDigest(text)]);
    this.texts.push([example.id, example.subject ?? null, text]);
    this.gathered?.add(example);
  }

  private flush(): void {
    if (this.grouper) for (const doc of this.grouper.flush()) this.sinks[this.current]?.write(doc);
    this.grouper = undefined;
  }

  /** File the records under the run's identity (`digest`); returns its list of questions and its units. */
  async finish(digest: string): Promise<{ list: QuestionList; units: [string, UnitRecords][] }> {
    this.flush();
    const units: [string, UnitRecords][] = [];
    for (const [part, [unit, key]] of runUnitKeys({ id: this.run.id, digest }, this.parts, this.code).entries()) {
      // A part without examples (the run declared more than it holds) has no records.
      const sink = this.sinks[part] ?? this.cache.sink();
      units.push([unit, await sink.close(key)]);
    }
    this.cache.writeJson(recordsKey(this.code, QUESTIONS, digest), this.list);
    this.cache.writeJson(recordsKey(this.code, QUESTION_TEXTS, digest), this.texts);
    return { list: this.list, units };
  }

  /** The run turned out invalid: nothing of it is kept. */
  async abandon(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.abandon()));
  }
}

/** A run's units (unit key, records key), in part order. */
function runUnitKeys(run: Pick<SearchRun, 'id' | 'digest'>, parts: number, code: string): [string, string][] {
  return Array.from({ length: parts }, (_, part) => {
    const unit = unitKey({ kind: 'run', id: run.id, part, parts, weight: 0 });
    return [unit, recordsKey(code, unit, run.digest)];
  });
}

/** Read one run file: its records (every part), its list of questions, and its questions into `gathered`. */
async function readRun(
  archive: SearchArchive,
  run: SearchRun,
  parts: number,
  code: string,
  cache: RecordsCache,
  gathered: QuestionSet | undefined,
): Promise<{ list: QuestionList; units: [string, UnitRecords][] }> {
  const records = new RunRecords(cache, run, parts, code, gathered);
  try {
    for await (const { example, index } of readExamples(archive.root, run.examplesFile)) records.add(example, index);
  } catch (error) {
    await records.abandon();
    throw error;
  }
  return records.finish(run.digest);
}
