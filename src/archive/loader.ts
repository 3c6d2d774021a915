import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import * as z from 'zod';
import { Run } from '../schema/run.ts';
import type { RunStats } from '../lib/stats.ts';
import { addedDates } from './history.ts';
import { handedBuild, handOverBuild } from '../pipeline/handoff.ts';
import { loadArchive } from './load.ts';
import { describes } from './manifest.ts';
import type { LoadedRun } from './validate-run.ts';
import { formatProblem } from './problems.ts';
import { archiveRoot } from './root.ts';

/** What each entry of the `runs` collection holds: the run file and the figures derived from its examples. */
export const RunEntry = z.strictObject({
  run: Run,
  stats: z.custom<RunStats>().nullable(),
  /** Absolute path of the archive root, so pages can stream the examples from their file. */
  root: z.string(),
  runFile: z.string(),
  examplesFile: z.string().nullable(),
  examplesDigest: z.string().nullable(),
  /** Digest of the run's files (see LoadedRun): the cache key of the pages rendered from it. */
  contentDigest: z.string(),
  /** When the run joined the archive (its commit), else when it finished. ISO 8601. */
  added: z.string(),
});
export type RunEntry = z.infer<typeof RunEntry>;

/** A validated run as the `runs` collection holds it (`added`: when it joined the archive). */
export function runEntry(loaded: LoadedRun, root: string, added: string): RunEntry {
  return {
    run: loaded.run,
    stats: loaded.stats ?? null,
    root,
    runFile: loaded.runFile,
    examplesFile: loaded.examplesFile ?? null,
    examplesDigest: loaded.examplesDigest ?? null,
    contentDigest: loaded.contentDigest,
    added,
  };
}

/** Shown at most: the full list is one `npm run validate` away. */
const MAX_LISTED = 50;

/**
 * The Content Layer loader for runs. Examples stay in their files: only each run's metadata and
 * derived figures enter Astro's data store, whose memory grows with every byte it holds.
 */
export function runsLoader(): Loader {
  return {
    name: 'benchscope-runs',
    schema: RunEntry,
    async load(context) {
      const { store, config, logger } = context;
      const projectRoot = fileURLToPath(config.root);
      const root = archiveRoot(projectRoot);
      // `npm run build` validated the archive a moment ago: its manifest, not a second reading.
      const handed = handedBuild()?.manifest;
      const taken = handed !== undefined && describes(handed, root);
      const archive = taken ? { ...handed, problems: [] } : await loadArchive(root, { index: true });
      if (archive.problems.length > 0) {
        const listed = archive.problems.slice(0, MAX_LISTED).map(formatProblem).join('\n');
        const more = archive.problems.length > MAX_LISTED ? `\n… and ${archive.problems.length - MAX_LISTED} more` : '';
        throw new Error(
          `The archive at ${root} has ${archive.problems.length} problem(s):\n${listed}${more}\nRun \`npm run validate\` to see them all.`,
        );
      }
      // Read here (`astro build` alone, or the dev server): the later steps take this manifest.
      // Valid (a problem threw above), the archive is its manifest.
      if (!taken) handOverBuild({ manifest: archive });
      const added = await addedDates(root);
      store.clear();
      for (const loaded of archive.runs) {
        const filePath = `${root}/${loaded.runFile}`;
        const data = await context.parseData({
          id: loaded.id,
          data: runEntry(loaded, root, added.get(loaded.id) ?? new Date(loaded.run.finished_at).toISOString()),
          filePath,
        });
        store.set({
          id: loaded.id,
          data,
          digest: context.generateDigest(data),
          filePath: relative(projectRoot, filePath),
        });
      }
      logger.info(`${archive.runs.length} runs, ${archive.examples} examples validated`);
    },
  };
}
