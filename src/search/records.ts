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
import { once } from 'node:events';
import { readExamples } from '../archive/examples.ts';
import { readLineBatches } from '../archive/jsonl.ts';
import { CacheStore } from '../cache/store.ts';
import { jsonLine } from '../lib/json-lines.ts';
import type { SearchArchive, SearchRun } from './archive.ts';
import { frequentWords, type WordCounts } from './common.ts';
import { addExample, exampleRecords, QuestionSet, questionText, runFacts, type SearchDocument } from './documents.ts';
import { questionPart, runPart, unitKey, type Unit } from './plan.ts';

/** A unit's records in the cache: their key, and what they add to a shard. */
export interface UnitRecords extends WordCounts {
  key: string;
  records: number;
  words: number;
}

/** What a run's examples ask: for each example, its id, its subject and a digest of its question's text. */
type QuestionList = [id: string, subject: string | null, text: string][];

const textDigest = (text: string) => createHash('sha1').update(text).digest('base64');

/** A records key: the search code, what the unit is, and a digest of what it is made from. */
function recordsKey(code: string, what: string, inputs: string): string {
  return createHash('sha256').update(`benchscope-records/1\0${code}\0${what}\0${inputs}`).digest('hex').slice(0, 32);
}

/** A unit's records being written: one JSON document a line, made visible by close(). */
class Sink {
  private readonly out: WriteStream;
  private readonly counts = new Map<string, number>();
  private readonly info: UnitRecords;
  private readonly partial: string;
  private readonly cache: RecordsCache;

  constructor(cache: RecordsCache, key: string) {
    this.cache = cache;
    this.info = { key, records: 0, items: 0, words: 0, frequent: [] };
    this.partial = cache.partialDocuments(key);
    this.out = createWriteStream(this.partial);
  }

  async write({ itemsWith, ...doc }: SearchDocument): Promise<void> {
    this.info.records++;
    this.info.items += doc.items;
    this.info.words += doc.words;
    for (const [word, n] of itemsWith ?? []) this.counts.set(word, (this.counts.get(word) ?? 0) + n);
    if (!this.out.write(jsonLine(doc))) await once(this.out, 'drain');
  }

  /** Finish the file, then write the unit's info, whose presence says the records are complete. */
  async close(): Promise<UnitRecords> {
    this.out.end();
    await once(this.out, 'finish');
    this.info.frequent = frequentWords(this.info.items, this.counts);
    this.cache.commitDocuments(this.info.key, this.partial);
    this.cache.writeJson(this.info.key, this.info);
    return this.info;
  }
}

/**
 * The records cache: a keyed store (src/cache/store.ts) of `<key>.jsonl` (a unit's records) and
 * `<key>.json` (its counts, or a run's list of questions). A key's two files are used together.
 */
export class RecordsCache {
  readonly dir: string;
  private readonly store: CacheStore;

  constructor(dir: string) {
    this.dir = dir;
    this.store = new CacheStore(dir, { names: /^[0-9a-f]{32}\.jsonl?$/ });
  }

  documentsFile(key: string): string {
    return this.store.path(`${key}.jsonl`);
  }

  /** Where to write a unit's records before commitDocuments() moves them into place. */
  partialDocuments(key: string): string {
    return this.store.partial(`${key}.jsonl`);
  }

  commitDocuments(key: string, partial: string): void {
    this.store.commit(`${key}.jsonl`, partial);
  }

  readJson(key: string): unknown {
    const value = this.store.readJson(`${key}.json`);
    // A unit's records are read only when its shard is indexed again: kept with its counts.
    if (value !== undefined) this.store.mark(`${key}.jsonl`);
    return value;
  }

  writeJson(key: string, value: unknown): void {
    this.store.writeJson(`${key}.json`, value);
  }

  sink(key: string): Promise<Sink> {
    return Promise.resolve(new Sink(this, key));
  }

  /** A unit's records, read back one at a time. */
  async *documents(key: string): AsyncGenerator<SearchDocument> {
    // Lines end at \n alone (not readline, which also ends them at U+2028 and U+2029), and with no
    // length limit: a record may be longer than the longest line a run file may have.
    for await (const batch of readLineBatches(this.documentsFile(key), { maxLineBytes: Infinity }))
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
      const list = cache.readJson(recordsKey(code, 'questions of a run', run.digest)) as QuestionList | undefined;
      const have = runUnitKeys(run, parts, code).map(
        ([unit, key]) => [unit, cache.readJson(key) as UnitRecords | undefined] as const,
      );
      if (list && have.every(([, info]) => info)) {
        lists.set(run.id, list);
        for (const [unit, info] of have) if (info) found.set(unit, info);
      } else unread.push(run);
    }
    // When every run is read anyway (a first build), the questions are gathered on the way.
    const gathered = unread.length === runs.length ? new QuestionSet() : undefined;
    for (const run of unread) {
      const made = await readRun(archive, run, parts, code, cache, gathered);
      lists.set(run.id, made.list);
      for (const [unit, info] of made.units) found.set(unit, info);
    }

    const questionParts = parts.get(`questions/${benchmark}`) ?? 1;
    const merged = mergeQuestions(runs.map((r) => lists.get(r.id) ?? []));
    const name = archive.names.get(benchmark) ?? benchmark;
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
    let questions = gathered;
    if (!questions) {
      // Some run asked a question the cache has no records of: gather them all, in run order.
      questions = new QuestionSet();
      for (const run of runs)
        for await (const { example } of readExamples(archive.root, run.examplesFile)) questions.add(example);
    }
    for (const { part, unit, key } of missing) {
      const sink = await cache.sink(key);
      const inPart = new Set(byPart[part]);
      for (const doc of questions.records({ id: benchmark, name }, (id) => inPart.has(id))) await sink.write(doc);
      found.set(unit, await sink.close());
    }
  }
  return found;
}

/** A run's units (unit key, records key), in part order. */
function runUnitKeys(run: SearchRun, parts: ReadonlyMap<string, number>, code: string): [string, string][] {
  const count = parts.get(`run/${run.id}`) ?? 1;
  return Array.from({ length: count }, (_, part) => {
    const unit = unitKey({ kind: 'run', id: run.id, part, parts: count, weight: 0 });
    return [unit, recordsKey(code, unit, run.digest)];
  });
}

/** Read one run file: its records (every part), its list of questions, and its questions into `gathered`. */
async function readRun(
  archive: SearchArchive,
  run: SearchRun,
  parts: ReadonlyMap<string, number>,
  code: string,
  cache: RecordsCache,
  gathered: QuestionSet | undefined,
): Promise<{ list: QuestionList; units: [string, UnitRecords][] }> {
  const keys = runUnitKeys(run, parts, code);
  const sinks: Sink[] = [];
  const list: QuestionList = [];
  let grouper: ReturnType<typeof exampleRecords> | undefined;
  let current = -1;
  for await (const { example, index } of readExamples(archive.root, run.examplesFile)) {
    const part = runPart(index);
    if (part !== current) {
      // A part's records are complete when the next part starts: its open groups are flushed.
      if (grouper) for (const doc of grouper.flush()) await sinks[current]?.write(doc);
      const key = keys[part]?.[1];
      if (key === undefined)
        throw new Error(`${run.examplesFile}: more examples than run.json declares; run npm run validate`);
      sinks[part] = await cache.sink(key);
      grouper = exampleRecords(runFacts(run.id, run.run));
      current = part;
    }
    const done = grouper ? addExample(grouper, example) : undefined;
    if (done) await sinks[part]?.write(done);
    list.push([example.id, example.subject ?? null, textDigest(questionText(example.prompt))]);
    gathered?.add(example);
  }
  if (grouper) for (const doc of grouper.flush()) await sinks[current]?.write(doc);
  const units: [string, UnitRecords][] = [];
  for (const [part, [unit, key]] of keys.entries()) {
    // A part without examples (the run declared more than it holds) has no records.
    const sink = sinks[part] ?? (await cache.sink(key));
    units.push([unit, await sink.close()]);
  }
  cache.writeJson(recordsKey(code, 'questions of a run', run.digest), list);
  return { list, units };
}

/**
 * A shard's counts from its units': items, words, and frequent words. A unit keeps only its own
 * frequent words, so a word near the line may be missed, never wrongly counted (see commonWords).
 */
export function shardCounts(units: readonly UnitRecords[]): WordCounts & { words: number } {
  const items = units.reduce((n, u) => n + u.items, 0);
  const counts = new Map<string, number>();
  for (const unit of units) for (const [word, n] of unit.frequent) counts.set(word, (counts.get(word) ?? 0) + n);
  return { items, words: units.reduce((n, u) => n + u.words, 0), frequent: frequentWords(items, counts) };
}
