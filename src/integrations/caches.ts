import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { sweepExampleCopies } from '../archive/examples.ts';
import { outputCachePath, recordOutput, sweepOutputs } from '../cache/root.ts';
import { handedBuild } from '../pipeline/handoff.ts';
import { PAGE_CACHE_FOLDER, PageCache } from '../render/page-cache.ts';

/**
 * Keep the caches a build of the site reads (src/cache/root.ts) to what the latest build used, once
 * the build is done: the page cache loses the entries the build did not touch,
 * the decompressed copies those of files the archive no longer has, and outputs/ the folders of
 * outputs that are gone.
 */
export function buildCaches(): AstroIntegration {
  let started = new Date();
  let projectRoot = process.cwd();
  return {
    name: 'benchscope-caches',
    hooks: {
      'astro:config:done': ({ config }) => {
        projectRoot = fileURLToPath(config.root);
      },
      'astro:build:start': () => {
        // File times have a coarse resolution on some file systems: allow a second of slack.
        started = new Date(Date.now() - 1000);
        recordOutput(projectRoot);
      },
      'astro:build:done': ({ dir, logger }) => {
        const pages = new PageCache(outputCachePath(projectRoot, PAGE_CACHE_FOLDER), fileURLToPath(dir), {
          projectRoot,
        }).sweep(started);
        if (pages > 0) logger.info(`removed ${pages} unused entries from the page cache`);
        // The examples files are the manifest's: the archive is not searched again for them.
        const manifest = handedBuild()?.manifest;
        if (manifest)
          sweepExampleCopies(
            manifest.runs.flatMap((run) => (run.examplesFile ? [join(manifest.root, run.examplesFile)] : [])),
          );
        sweepOutputs(projectRoot);
      },
    },
  };
}
