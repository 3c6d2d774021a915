/**
 * The search index of a build: the archive's shards (built from the examples files the manifest
 * names, cached by their inputs), then the site's own pages (read from the built dist/), put
 * together in dist/pagefind/. The first part needs only the archive, so it runs while Astro renders
 * (src/search/start.ts).
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import fg from 'fast-glob';
import { archiveUnits, planArchive, type SearchArchive } from './archive.ts';
import { codeDigest, SHARD_INFO, shardKey, ShardCache } from './cache.ts';
import { commonWords } from './common-words.ts';
import { countWords, type SearchDocument } from './documents.ts';
import { folderBytes, writeIndex } from './pagefind.ts';
import { unitKey } from './plan.ts';
import { RecordsCache, unitRecords } from './records.ts';
import { directoryDocuments, type DirectoryEntry } from './directory.ts';
import { roundUp, ScoreCache, scoresDir } from './scores.ts';
import { SHARD_LIST, type ShardList } from '../client/sharded-search.ts';

export interface ShardStats {
  /** "archive run/<id>/1-of-1", "directory", or "pages" for the site's own pages. */
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
  /** Its frequent words, with how many of its items hold each (src/search/common-words.ts); none for the pages. */
  frequent: [string, number][];
}

export interface SearchStats {
  shards: ShardStats[];
  /** Seconds to index the archive (read the run files, index the shards not in the cache). */
  archiveSeconds: number;
  /** Seconds spent after `finish` was called: what the build waited for search once Astro was done. */
  finishSeconds: number;
  /** Bytes of dist/pagefind/, the shards placed later included. */
  bytes: number;
  /**
   * The archive shards' cached folders and where each goes in the output (src/pipeline/placements.ts),
   * skipping the shard's own bookkeeping file; already placed unless finish() was asked to defer them.
   */
  shardFolders: { from: string; at: string; skip: string[] }[];
  /** Peak memory of the indexing process itself and of the Pagefind processes, in bytes. */
  peakRss: { indexer: number; pagefind: number | undefined };
}

/** Where the site's own pages are indexed, under dist/pagefind/. */
const PAGES_PATH = 'pages/';

/** Where an archive shard goes under dist/pagefind/: a folder named by its key. */
const shardPath = (key: string) => `archive/${key}/`;

/**
 * Pages of dist/ that are never indexed from their HTML and are too many to read: the example
 * pages and example lists, and the cross-endpoint pages (the archive shards index what they show).
 */
const NOT_PAGES = ['runs/*/examples/**', 'runs/*/incorrect/**', 'runs/*/errors/**', 'benchmarks/*/examples/**'];

/** What the cache keeps about a shard besides its files. */
type ShardInfo = Pick<ShardStats, 'records' | 'items' | 'words' | 'frequent'>;

/** The built pages to index, with their URLs (as Pagefind would compute them, without the base path). */
async function sitePages(dist: string): Promise<{ url: string; file: string }[]> {
  const files = await fg('**/*.html', { cwd: dist, ignore: [...NOT_PAGES, 'pagefind/**'], onlyFiles: true });
  return files.sort().map((file) => ({ url: `/${file.replace(/(^|\/)index\.html$/, '$1')}`, file: join(dist, file) }));
}

export interface IndexerOptions {
  /** The runs to index, from the archive's manifest (searchArchiveOf). */
  archive: SearchArchive;
  cacheDir: string;
  projectRoot: string;
}

export class SearchIndexer {
  private readonly cache: ShardCache;
  private readonly records: RecordsCache;
  private archiveSeconds = 0;
  private code: string | undefined;
  private archiveShards: ShardStats[] = [];
  private directory: ShardStats | undefined;
  private readonly scores: ScoreCache;
  /** The archive's common words, and for each the shards holding it with their best scores. */
  private common: Pick<ShardList, 'common' | 'best'> = { common: [], best: {} };

  private readonly options: IndexerOptions;

  constructor(options: IndexerOptions) {
    this.options = options;
    this.cache = new ShardCache(options.cacheDir);
    this.records = new RecordsCache(join(options.cacheDir, 'records'));
    this.scores = new ScoreCache(scoresDir(options.cacheDir));
  }

  private async codeKey(): Promise<string> {
    return (this.code ??= await codeDigest(this.options.projectRoot));
  }

  /** A shard from the cache, or indexed from `source` and stored there first (`source` is only read on a miss). */
  private async shard(
    name: string,
    key: string,
    source: () => Omit<ShardInfo, 'records'> & { documents: AsyncIterable<SearchDocument> | Iterable<SearchDocument> },
    options: { primary: boolean; threads?: number | undefined },
  ): Promise<ShardStats> {
    const began = performance.now();
    const cached = this.cache.has(key);
    let peakRss: number | undefined;
    if (!cached) {
      const { documents, ...counts } = source();
      const partial = await this.cache.begin(key);
      const written = await writeIndex(documents, partial, { ...options, words: counts.words });
      peakRss = written.peakRss;
      const info: ShardInfo = { records: written.records, ...counts };
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

  /**
   * Index the archive's shards that are not in the cache yet (the records of each unit made, or
   * found in the cache, then each missing shard indexed from its records, one shard, one Pagefind
   * process, at a time), then the directory of shards (src/search/directory.ts) if any changed.
   */
  async indexArchive(threads?: number): Promise<ShardStats[]> {
    const began = performance.now();
    const { archive } = this.options;
    const code = await this.codeKey();
    const records = await unitRecords(archive, archiveUnits(archive), code, this.records);
    this.archiveShards = [];
    const entries: DirectoryEntry[] = [];
    for (const { unit, key, made } of planArchive(archive, code, records)) {
      const source = () => ({
        documents: this.records.documents(made.key),
        items: made.items,
        words: made.words,
        frequent: made.frequent,
      });
      this.archiveShards.push(await this.shard(`archive ${unitKey(unit)}`, key, source, { primary: false, threads }));
      entries.push({
        path: shardPath(key),
        filters: made.filters,
        vocabulary: () => this.records.vocabulary(made.key),
      });
    }
    const directoryKey = shardKey(code, [
      ['directory', ''],
      ...this.archiveShards.map((s): [string, string] => [s.name, s.key]),
    ]);
    this.directory = await this.shard(
      'directory',
      directoryKey,
      () => ({
        documents: directoryDocuments(entries),
        items: entries.length,
        words: [...records.values()].reduce((n, u) => n + u.vocabulary, 0),
        frequent: [],
      }),
      { primary: true, threads },
    );
    this.common = await this.bestScores();
    await this.records.sweep();
    this.archiveSeconds = (performance.now() - began) / 1000;
    return this.archiveShards;
  }

  /**
   * The archive's common words and, for each, the shards that hold it with their best scores, best
   * first (src/search/scores.ts), scored with the directory's copy of Pagefind's script.
   */
  private async bestScores(): Promise<Pick<ShardList, 'common' | 'best'>> {
    const common = commonWords(this.archiveShards);
    const best: ShardList['best'] = {};
    const runtime = this.directory ? this.cache.path(this.directory.key) : undefined;
    if (runtime && common.length > 0)
      for (const shard of this.archiveShards) {
        const scores = await this.scores.best(shard.key, this.cache.path(shard.key), runtime, common);
        for (const [word, score] of scores)
          if (score > 0) (best[word] ??= []).push([shardPath(shard.key), roundUp(score)]);
      }
    for (const list of Object.values(best)) list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    this.scores.sweep();
    return { common, best };
  }

  /**
   * Index the site's own pages from dist/ (markup-driven: only pages with data-pagefind-body count)
   * as a shard every search loads, and put the directory (with Pagefind's runtime), it and the
   * archive's shards into dist/pagefind/.
   */
  async finish(dist: string, deferShards = false, finishStarted = performance.now()): Promise<SearchStats> {
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
    const site = await this.shard(
      'pages',
      key,
      () => ({ documents: pages, items: pages.length, words: pages.reduce((n, p) => n + p.words, 0), frequent: [] }),
      { primary: false },
    );
    const directory = this.directory;
    if (!directory) throw new Error('search: finish() was called before indexArchive()');

    const out = join(dist, 'pagefind');
    await rm(out, { recursive: true, force: true });
    await this.cache.place(directory.key, out);
    await this.cache.place(key, join(out, PAGES_PATH));
    // When the build updates its output in place, it links only the shards the output lacks.
    const shardFolders = this.archiveShards.map((shard) => ({
      from: this.cache.use(shard.key),
      at: `pagefind/${shardPath(shard.key).replace(/\/$/, '')}`,
      skip: [SHARD_INFO],
    }));
    if (!deferShards)
      for (const shard of this.archiveShards) await this.cache.place(shard.key, join(out, shardPath(shard.key)));
    const list: ShardList = { pages: PAGES_PATH, ...this.common };
    await writeFile(join(out, SHARD_LIST), `${JSON.stringify(list)}\n`);
    // Keep this build's shards, and as many again from earlier builds (a branch switched back).
    await this.cache.prune(2 * (this.archiveShards.length + 2));

    const shards = [...this.archiveShards, directory, site];
    const peaks = shards.map((s) => s.peakRss).filter((p) => p !== undefined);
    return {
      shards,
      archiveSeconds: this.archiveSeconds,
      finishSeconds: (performance.now() - finishStarted) / 1000,
      bytes:
        (existsSync(out) ? folderBytes(out) : 0) +
        (deferShards ? this.archiveShards.reduce((n, shard) => n + shard.bytes, 0) : 0),
      shardFolders,
      peakRss: {
        indexer: process.resourceUsage().maxRSS * 1024,
        pagefind: peaks.length > 0 ? Math.max(...peaks) : undefined,
      },
    };
  }
}
