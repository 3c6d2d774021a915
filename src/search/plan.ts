/**
 * Which part of the archive goes into which search shard: a shard is one unit, a run's examples
 * (or a part of a large run) or a part of a benchmark's questions. Each shard is a Pagefind index of
 * its own, built and cached on its own, so a pull request that adds a run indexes that run alone;
 * the search page loads only the shards its query's words are in, as the directory of shards says
 * (src/search/directory.ts), so a reader's first query does not grow with the archive.
 */
import { createHash } from 'node:crypto';

/**
 * Most items (examples or questions) a shard holds: a run or a benchmark's questions beyond it is
 * cut into parts. It bounds what re-indexing a changed part costs and Pagefind's memory (about
 * 1 GB for 140,000 items of the synthetic archive, so about 150 MB here), and keeps the runs of
 * the real archive (up to about 14,000 examples) whole. Measured in docs/performance.md.
 */
export const PART_SIZE = 20_000;

/** An indivisible piece of a shard: a run's examples, or a benchmark's questions, or a part of either. */
export type Unit =
  | { kind: 'run'; id: string; part: number; parts: number; weight: number }
  | { kind: 'questions'; id: string; part: number; parts: number; weight: number };

/** A unit's name: what it is hashed by, and how it is listed in cache keys. */
export function unitKey(unit: Unit): string {
  return `${unit.kind}/${unit.id}/${unit.part + 1}-of-${unit.parts}`;
}

function split(kind: Unit['kind'], id: string, items: number, partSize: number): Unit[] {
  const parts = Math.max(1, Math.ceil(items / partSize));
  return Array.from({ length: parts }, (_, part) => ({
    kind,
    id,
    part,
    parts,
    weight: part < parts - 1 ? partSize : items - partSize * (parts - 1),
  }));
}

/** A run's units: its examples by position, `partSize` at a time (a run growing at its end keeps its first parts). */
export function runUnits(id: string, examples: number, partSize = PART_SIZE): Unit[] {
  return split('run', id, examples, partSize);
}

/**
 * A benchmark's question units. `questions` is an upper bound of its distinct questions (they are
 * counted only as the runs are read); a question's part is a hash of its id (questionPart).
 */
export function questionUnits(benchmark: string, questions: number, partSize = PART_SIZE): Unit[] {
  return split('questions', benchmark, questions, partSize);
}

/** A number in [0, 2^32) from a string, the same on every machine and in every build. */
export function stableHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** Which part of a benchmark's questions a question belongs to. */
export function questionPart(questionId: string, parts: number): number {
  return stableHash(questionId) % parts;
}

/** Which part of a run the example at 0-based position `index` belongs to. */
export function runPart(index: number, partSize = PART_SIZE): number {
  return Math.floor(index / partSize);
}
