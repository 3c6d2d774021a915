/**
 * The records of the shards to index, in one pass over the archive: each run file is read once,
 * however many shards its examples and questions go to, and each record is written to its shard's
 * file. Pagefind then indexes one shard at a time from its file, so neither process holds more
 * than one shard, and the time grows with the archive, not with the archive times its shards.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readExamples } from '../archive/examples.ts';
import type { SearchArchive } from './archive.ts';
import { frequentWords, type WordCounts } from './common.ts';
import { addExample, exampleRecords, QuestionSet, runFacts, type SearchDocument } from './documents.ts';
import { PART_SIZE, questionPart, runPart, unitKey, type Shard } from './plan.ts';

/** A shard's records, written to a file: one JSON document a line. */
export interface Spilled extends WordCounts {
  file: string;
  records: number;
  words: number;
}

class Sink {
  readonly spilled: Spilled;
  private readonly out: WriteStream;
  private readonly counts = new Map<string, number>();

  constructor(file: string) {
    this.spilled = { file, records: 0, items: 0, words: 0, frequent: [] };
    this.out = createWriteStream(file);
  }

  async write({ itemsWith, ...doc }: SearchDocument): Promise<void> {
    this.spilled.records++;
    this.spilled.items += doc.items;
    this.spilled.words += doc.words;
    for (const [word, n] of itemsWith ?? []) this.counts.set(word, (this.counts.get(word) ?? 0) + n);
    if (!this.out.write(`${JSON.stringify(doc)}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
    this.spilled.frequent = frequentWords(this.spilled.items, this.counts);
  }
}

/**
 * Write the records of `wanted` shards (indexes into `plan`) to files in `dir`, in the order of
 * `wanted`. Benchmarks are read one at a time, so only one benchmark's questions are held.
 */
export async function spillShards(
  archive: SearchArchive,
  plan: readonly Shard[],
  wanted: readonly number[],
  dir: string,
): Promise<Spilled[]> {
  const sinks = new Map(wanted.map((i) => [i, new Sink(join(dir, `shard-${i}.jsonl`))]));
  // Where each unit goes, and how many parts each run and each benchmark's questions have.
  const shardOf = new Map<string, number>();
  const parts = new Map<string, number>();
  plan.forEach((shard, i) => {
    for (const unit of shard.units) {
      shardOf.set(unitKey(unit), i);
      parts.set(`${unit.kind}/${unit.id}`, unit.parts);
    }
  });
  const sinkOf = (key: string) => sinks.get(shardOf.get(key) ?? -1);
  const benchmarks = [...new Set(archive.runs.map((r) => r.run.benchmark.id))].sort();
  for (const benchmark of benchmarks) {
    const questionParts = parts.get(`questions/${benchmark}`) ?? 1;
    const questionSink = (id: string) =>
      sinkOf(`questions/${benchmark}/${questionPart(id, questionParts) + 1}-of-${questionParts}`);
    const asked = [...Array(questionParts).keys()].some((p) =>
      sinkOf(`questions/${benchmark}/${p + 1}-of-${questionParts}`),
    );
    const questions = new Map<Sink, QuestionSet>();
    for (const run of archive.runs.filter((r) => r.run.benchmark.id === benchmark)) {
      const runParts = parts.get(`run/${run.id}`) ?? 1;
      const partSink = (index: number) => sinkOf(`run/${run.id}/${runPart(index) + 1}-of-${runParts}`);
      const answered = [...Array(runParts).keys()].some((p) => partSink(p * PART_SIZE));
      if (!answered && !asked) continue;
      const records = new Map<Sink, ReturnType<typeof exampleRecords>>();
      for await (const { example, index } of readExamples(archive.root, run.examplesFile)) {
        const sink = partSink(index);
        if (sink) {
          let grouper = records.get(sink);
          if (!grouper) records.set(sink, (grouper = exampleRecords(runFacts(run.id, run.run))));
          const done = addExample(grouper, example);
          if (done) await sink.write(done);
        }
        const questionsSink = questionSink(example.id);
        if (questionsSink) {
          let set = questions.get(questionsSink);
          if (!set) questions.set(questionsSink, (set = new QuestionSet()));
          set.add(example);
        }
      }
      for (const [sink, grouper] of records) for (const doc of grouper.flush()) await sink.write(doc);
    }
    const name = archive.names.get(benchmark) ?? benchmark;
    for (const [sink, set] of questions) for (const doc of set.records({ id: benchmark, name })) await sink.write(doc);
  }
  for (const sink of sinks.values()) await sink.close();
  return wanted.map((i) => sinks.get(i)?.spilled ?? { file: '', records: 0, items: 0, words: 0, frequent: [] });
}

/** The records of a spilled shard, read back one at a time. */
export async function* readSpilled(file: string): AsyncGenerator<SearchDocument> {
  // Not readLines: a record may be longer than the longest line a run file may have.
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    if (line !== '') yield JSON.parse(line) as SearchDocument;
}
