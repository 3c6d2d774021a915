/**
 * The one place where the build pipeline (src/pipeline/build.ts) and the code Astro runs meet.
 *
 * Why a global: Astro loads its config, its content loaders and the pages it bundles as modules of
 * its own, each a second copy of every module they import, so a value cannot pass between them and
 * the pipeline as an argument or a module variable; `globalThis` is the one object all of them see.
 * Two things pass, and nothing else:
 * - the build: the archive's manifest made by validation (read by the content loader and the search
 *   step instead of reading the archive again) and where the page families go;
 * - the page-family writer, which the bundled pages' code offers and the build calls once Astro has
 *   rendered its own pages (src/integrations/page-families.ts).
 */
import type { Manifest } from '../archive/manifest.ts';
import type { Placements } from './placements.ts';

/** What the pipeline tells the code Astro runs about this build. */
export interface HandedBuild {
  manifest: Manifest;
  /**
   * What the page families and the search step put into the output from the caches
   * (src/pipeline/placements.ts): filled while Astro builds, read by the pipeline once it is done.
   */
  placements?: Placements | undefined;
}

/** What the page-family writer is told: where Astro's output and the page cache are, and the build. */
export interface FamilyTarget {
  outDir: string;
  /** The page cache's folder (src/render/page-cache.ts). */
  pageCache: string;
  projectRoot: string;
  placements?: Placements | undefined;
}

export type FamilyWriter = (target: FamilyTarget) => Promise<{ pages: number }>;

interface Slots {
  build?: HandedBuild | undefined;
  writer?: FamilyWriter | undefined;
}

const SLOTS = Symbol.for('benchscope.handoff');

function slots(): Slots {
  const global = globalThis as Record<symbol, Slots | undefined>;
  return (global[SLOTS] ??= {});
}

/** The pipeline: this build's manifest and placements, for the code Astro runs. */
export function handOverBuild(build: HandedBuild | undefined): void {
  slots().build = build;
}

/** The build the pipeline handed over, if Astro was started by it (not by `astro build` alone). */
export function handedBuild(): HandedBuild | undefined {
  return slots().build;
}

/** The bundled pages' code: how to write the page families (src/render/family-pages.ts). */
export function offerFamilyWriter(writer: FamilyWriter): void {
  slots().writer = writer;
}

/** The writer the bundled code offered; taken once, so a later build in this process gets its own. */
export function takeFamilyWriter(): FamilyWriter | undefined {
  const { writer } = slots();
  slots().writer = undefined;
  return writer;
}
