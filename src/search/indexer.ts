/**
 * The search index of a build: the archive's shards (built from the run files, cached by their
 * inputs), then the site's own pages (read from the built dist/), put together in dist/pagefind/.
 * The first part needs only the archive, so it runs while Astro renders (src/search/start.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import fg from 'fast-glob';
import { readExamples } from '../archive/examples.ts';
import { planArchive, readSearchArchive, type SearchArchive } from './archive.ts';
import { codeDigest, SHARD_INFO, shardKey, ShardCache } from './cache.ts';
import { addExample, countWords, exampleRecords, QuestionSet, runFacts, type SearchDocument } from './documents.ts';
import { folderBytes, writeIndex } from './pagefind.ts';
import { PART_SIZE, questionPart, runPartRange, type Shard } from './plan.ts';

export interface ShardStats {
  /** "archive 1-of-1", or "pages" for the site's own pages. */
  name: string;
  key: string;
  /** Taken from the cache rather than indexed. */
  cached: boolean;
  /** Pagefind records: groups of examples or questions, or pages. */
  records: number;
  /** Examples and questions (archive shards) or pages in it. */
  items: number;
  seconds: number;
  /** Words of its indexed text. */
  words: number;
  /** Peak memory of the Pagefind process that indexed it, in bytes (when indexed, on Linux). */
  peakRss: number | undefined;
  /** Bytes of its files. */
  bytes: number;
}

export interface SearchStats {
  shards: ShardStats[];
  /** From the start of indexing to the index written into dist/. */
  seconds: number;
  /** Seconds spent after `finish` was called: what the build waited for search once Astro was done. */
  finishSeconds: number;
  /** Bytes of dist/pagefind/. */
  bytes: number;
  /** Peak memory of the indexing process itself and of the Pagefind processes, in bytes. */
  peakRss: { indexer: number; pagefind: number | undefined };
}

/** The list of merged shards the search page reads, relative to dist/pagefind/. */
export const SHARD_LIST = 'shards.json';
export interface ShardList {
  shards: string[];
}

/**
 * Pages of dist/ that are never indexed from their HTML and are too many to read: the example
 * pages and example lists, and the cross-endpoint pages (the archive shards index what they show).
 */
const NOT_PAGES = ['runs/*/examples/**', 'runs/*/incorrect/**', 'runs/*/errors/**', 'benchmarks/*/examples/**'];

/** What the cache keeps about a shard besides its files. */
type ShardInfo = Pick<ShardStats, 'records' | 'items' | 'words'>;

/** The documents of one shard, reading each run file it needs once. */
async function* shardDocuments(archive: SearchArchive, shard: Shard): AsyncGenerator<SearchDocument> {
  const runParts = new Map<string, [number, number][]>();
  const questions = new Map<string, { parts: number; included: Set<number>; set: QuestionSet }>();
  for (const unit of shard.units) {
    if (unit.kind === 'run') runParts.set(unit.id, [...(runParts.get(unit.id) ?? []), runPartRange(unit, PART_SIZE)]);
    else {
      const entry = questions.get(unit.id) ?? { parts: unit.parts, included: new Set(), set: new QuestionSet() };
      entry.included.add(unit.part);
      questions.set(unit.id, entry);
    }
  }
  for (const run of archive.runs) {
    const ranges = runParts.get(run.id);
    const asked = questions.get(run.run.benchmark.id);
    if (!ranges && !asked) continue;
    const records = ranges ? exampleRecords(runFacts(run.id, run.run)) : undefined;
    for await (const { example, index } of readExamples(archive.root, run.examplesFile)) {
      if (records && ranges?.some(([start, end]) => index >= start && index < end)) {
        const done = addExample(records, example);
        if (done) yield done;
      }
      if (asked?.included.has(questionPart(example.id, asked.parts))) asked.set.add(example);
    }
    if (records) yield* records.flush();
  }
  for (const [benchmark, { set }] of questions)
    yield* set.records({ id: benchmark, name: archive.names.get(benchmark) ?? benchmark });
}

/** The built pages to index, with their URLs (as Pagefind would compute them, without the base path). */
async function sitePages(dist: string): Promise<{ url: string; file: string }[]> {
  const files = await fg('**/*.html', { cwd: dist, ignore: [...NOT_PAGES, 'pagefind/**'], onlyFiles: true });
  return files.sort().map((file) => ({ url: `/${file.replace(/(^|\/)index\.html$/, '$1')}`, file: join(dist, file) }));
}

export interface IndexerOptions {
  archiveRoot: string;
  cacheDir: string;
  projectRoot: string;
  /** Most items a shard holds (default SHARD_CAP); tests lower it to make several shards of a small archive. */
  shardCap?: number | undefined;
}

export class SearchIndexer {
  private readonly cache: ShardCache;
  private readonly started = performance.now();
  private code: string | undefined;
  private archiveShards: ShardStats[] = [];

  private readonly options: IndexerOptions;

  constructor(options: IndexerOptions) {
    this.options = options;
    this.cache = new ShardCache(options.cacheDir);
  }

  private async codeKey(): Promise<string> {
    return (this.code ??= await codeDigest(this.options.projectRoot));
  }

  /**
   * A shard from the cache, or made, indexed and stored there first. `documents` is only called
   * on a cache miss; they are held until Pagefind starts, because their words size its chunks.
   */
  private async shard(
    name: string,
    key: string,
    documents: () => AsyncIterable<SearchDocument> | Iterable<SearchDocument>,
    options: { primary: boolean; threads?: number | undefined },
  ): Promise<ShardStats> {
    const began = performance.now();
    const cached = this.cache.has(key);
    let peakRss: number | undefined;
    if (!cached) {
      const held: SearchDocument[] = [];
      for await (const doc of documents()) held.push(doc);
      const partial = await this.cache.begin(key);
      const written = await writeIndex(held, partial, options);
      peakRss = written.peakRss;
      const info: ShardInfo = {
        records: written.records,
        items: held.reduce((n, d) => n + d.items, 0),
        words: held.reduce((n, d) => n + d.words, 0),
      };
      await writeFile(join(partial, SHARD_INFO), JSON.stringify(info));
      await this.cache.commit(key, partial);
    }
    const info = JSON.parse(await readFile(join(this.cache.path(key), SHARD_INFO), 'utf8')) as ShardInfo;
    return {
      name,
      key,
      cached,
      ...info,
      seconds: (performance.now() - began) / 1000,
      peakRss,
      bytes: folderBytes(this.cache.path(key)),
    };
  }

  /** Index the archive's shards into the cache (those not there yet), one Pagefind process at a time. */
  async indexArchive(threads?: number): Promise<ShardStats[]> {
    const archive = await readSearchArchive(this.options.archiveRoot);
    const code = await this.codeKey();
    this.archiveShards = [];
    for (const { shard, key } of planArchive(archive, code, this.options.shardCap))
      this.archiveShards.push(
        await this.shard(`archive ${shard.name}`, key, () => shardDocuments(archive, shard), {
          primary: false,
          threads,
        }),
      );
    return this.archiveShards;
  }

  /**
   * Index the site's own pages from dist/ (markup-driven: only pages with data-pagefind-body count)
   * as the primary index, and put it and the archive's shards into dist/pagefind/.
   */
  async finish(dist: string, finishStarted = performance.now()): Promise<SearchStats> {
    const code = await this.codeKey();
    const pages: SearchDocument[] = [];
    const hash = createHash('sha256');
    for (const { url, file } of await sitePages(dist)) {
      const content = await readFile(file, 'utf8');
      if (!content.includes('data-pagefind-body')) continue;
      pages.push({ url, content, items: 1, words: countWords(content.replace(/<[^>]*>/g, ' ')) });
      hash.update(`${url}\0${content}\0`);
    }
    const key = shardKey(code, [['pages', hash.digest('hex')]]);
    const site = await this.shard('pages', key, () => pages, { primary: true });

    const out = join(dist, 'pagefind');
    await rm(out, { recursive: true, force: true });
    await this.cache.place(key, out);
    const list: ShardList = { shards: [] };
    for (const shard of this.archiveShards) {
      const at = join(out, 'archive', shard.key);
      await this.cache.place(shard.key, at);
      list.shards.push(`archive/${shard.key}/`);
    }
    await mkdir(out, { recursive: true });
    await writeFile(join(out, SHARD_LIST), `${JSON.stringify(list)}\n`);
    await this.cache.prune();

    const shards = [...this.archiveShards, site];
    const peaks = shards.map((s) => s.peakRss).filter((p) => p !== undefined);
    return {
      shards,
      seconds: (performance.now() - this.started) / 1000,
      finishSeconds: (performance.now() - finishStarted) / 1000,
      bytes: existsSync(out) ? folderBytes(out) : 0,
      peakRss: {
        indexer: process.resourceUsage().maxRSS * 1024,
        pagefind: peaks.length > 0 ? Math.max(...peaks) : undefined,
      },
    };
  }
}
