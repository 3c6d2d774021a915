/**
 * The search indexer's own process (started by src/search/start.ts): it indexes the archive as
 * soon as it starts, with one Pagefind thread so that Astro keeps the other core, then waits for
 * the parent to say that dist/ is built, indexes its pages and writes dist/pagefind/.
 */
import { fileURLToPath } from 'node:url';
import { SearchIndexer, type IndexerOptions } from './indexer.ts';
import type { FromIndexer, ToIndexer } from './start.ts';

/** Send the outcome, then leave: nothing else is asked of this process. */
function reply(message: FromIndexer): void {
  if (!process.send) process.exit(1);
  process.send(message, () => {
    process.exit(0);
  });
}
const options = JSON.parse(process.argv[2] ?? '{}') as Omit<IndexerOptions, 'projectRoot'>;
const indexer = new SearchIndexer({ ...options, projectRoot: fileURLToPath(new URL('../../', import.meta.url)) });
// Started at once; a failure is reported when the parent asks for the result.
const archive = indexer.indexArchive(1);
archive.catch(() => undefined);

process.on('message', (message: ToIndexer) => {
  const asked = performance.now();
  archive
    .then(() => indexer.finish(message.dist, asked))
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
