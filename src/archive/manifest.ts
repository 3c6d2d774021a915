/**
 * The manifest of a valid archive: what validation found, handed to every later stage (the content
 * loader, the page families, the downloads and the search step), so that none of them discovers
 * the run folders or parses a run file again. It says, for each run, its file and its examples file,
 * the figures recomputed from the examples and the run's identity (`contentDigest`: every cache
 * keyed by a run uses it), and it holds the registry as validation read it.
 */
import { resolve } from 'node:path';
import type { Archive } from './load.ts';
import type { Registry } from './registry.ts';
import type { LoadedRun } from './validate-run.ts';

export interface Manifest {
  /** Absolute path of the archive root (the folder holding runs/ and content/). */
  root: string;
  registry: Registry;
  /** Every run, valid, sorted by id. */
  runs: LoadedRun[];
  /** Examples in all runs. */
  examples: number;
}

/** The manifest of an archive that validated; undefined when it has problems. */
export function manifestOf(archive: Archive): Manifest | undefined {
  if (archive.problems.length > 0) return undefined;
  const { root, registry, runs, examples } = archive;
  return { root, registry, runs, examples };
}

/** Whether a manifest describes the archive at `root`. */
export const describes = (manifest: Manifest, root: string): boolean => manifest.root === resolve(root);
