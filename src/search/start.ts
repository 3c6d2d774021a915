/**
 * The build's search step, in a process of its own so that it runs on another core while Astro
 * renders: started when Astro's build starts, with the runs of the archive's manifest (it indexes
 * their examples files), and finished when the pages are built (it adds them and writes the index
 * into the output). src/integrations/search.ts runs it.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatCount } from '../lib/format.ts';
import type { IndexerOptions, SearchStats } from './indexer.ts';

export type ToIndexer =
  | { kind: 'start'; options: Omit<IndexerOptions, 'projectRoot'> }
  | { kind: 'finish'; dist: string; deferShards: boolean };
export type FromIndexer = { kind: 'done'; stats: SearchStats } | { kind: 'failed'; message: string };

export interface SearchIndexJob {
  /**
   * Index the built pages of `distDir` and write the index into it (the archive's shards too,
   * unless `deferShards`: then the build places them); rejects on any indexing error.
   */
  finish(distDir: string, deferShards?: boolean): Promise<SearchStats>;
  /** Stop the indexer (the build failed before it could use the index). */
  cancel(): void;
}

export function startSearchIndex(options: Omit<IndexerOptions, 'projectRoot'>): SearchIndexJob {
  const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send({ kind: 'start', options } satisfies ToIndexer);
  // It keeps this process alive only while the build waits for it (finish), so a build that fails
  // before then can exit without stopping it first.
  child.unref();
  child.channel?.unref();
  const result = new Promise<SearchStats>((resolve, reject) => {
    child.on('message', (message: FromIndexer) => {
      if (message.kind === 'done') resolve(message.stats);
      else reject(new Error(message.message));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      reject(
        new Error(
          `the search indexer stopped (${signal ?? `exit code ${code ?? 'unknown'}`}) before writing the index`,
        ),
      );
    });
  });
  // Nothing may be left unhandled while Astro builds; finish() reports the outcome.
  result.catch(() => undefined);
  return {
    finish(distDir, deferShards = false) {
      // An indexer that already stopped has rejected `result` with the reason.
      child.ref();
      child.channel?.ref();
      if (child.connected) child.send({ kind: 'finish', dist: distDir, deferShards } satisfies ToIndexer);
      return result;
    },
    cancel() {
      child.kill();
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** What the build prints about its search index: each shard, indexed or from the cache, and the totals. */
export function describeSearch(stats: SearchStats): string {
  const shards = stats.shards.map((s) => {
    const what = `${s.name}: ${formatCount(s.items)} ${s.name === 'pages' ? 'pages' : 'examples and questions'} (${formatCount(s.words)} words) in ${formatCount(s.records)} records`;
    return `  ${what}, ${s.cached ? 'from the cache' : `indexed in ${s.seconds.toFixed(1)} s`}`;
  });
  const peak = `, peak memory ${mb(stats.peakRss.indexer)}${stats.peakRss.pagefind === undefined ? '' : ` (Pagefind ${mb(stats.peakRss.pagefind)})`}`;
  return [
    `search index: ${mb(stats.bytes)} in pagefind/; the archive took ${stats.archiveSeconds.toFixed(1)} s beside Astro, the rest ${stats.finishSeconds.toFixed(1)} s after it${peak}`,
    ...shards,
  ].join('\n');
}
