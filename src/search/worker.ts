/**
 * The search step's own process (started by src/search/start.ts): told what to index (the runs of
 * the archive's manifest), it indexes the archive at once, with one Pagefind thread so that Astro
 * keeps the other core, then waits to hear that the site is built, indexes its pages and writes
 * pagefind/ into it.
 */
import { fileURLToPath } from 'node:url';
import { SearchIndexer } from './indexer.ts';
import type { FromIndexer, ToIndexer } from './start.ts';

/** Send the outcome, then leave: nothing else is asked of this process. */
function reply(message: FromIndexer): void {
  if (!process.send) process.exit(1);
  process.send(message, () => {
    process.exit(0);
  });
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
let archive: Promise<unknown> | undefined;
let indexer: SearchIndexer | undefined;

process.on('message', (message: ToIndexer) => {
  if (message.kind === 'start') {
    indexer = new SearchIndexer({ ...message.options, projectRoot });
    // A failure is reported when the parent asks for the result.
    archive = indexer.indexArchive(1);
    archive.catch(() => undefined);
    return;
  }
  const asked = performance.now();
  const started = indexer;
  if (!started || !archive) {
    reply({ kind: 'failed', message: 'the search step was asked to finish before it was started' });
    return;
  }
  archive
    .then(() => started.finish(message.dist, message.deferShards, asked))
    .then(
      (stats) => {
        reply({ kind: 'done', stats });
      },
      (error: unknown) => {
        reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
});
// The parent went away (its build stopped): nothing is waiting for the index.
process.on('disconnect', () => {
  process.exit(0);
});
