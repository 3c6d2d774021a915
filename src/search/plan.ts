/**
 * Which part of the archive goes into which search shard. Each shard is a Pagefind index of its
 * own, built and cached on its own; the search page merges them in the browser.
 *
 * Two forces pull apart. A reader's first query downloads, from every shard, its metadata and the
 * index chunk of each query word, so fewer shards is lighter for readers (one, up to the cap). The
 * indexer holds a whole shard in memory, and re-indexes a whole shard when one of its runs
 * changes, so shards have a cap. The plan is a function of the archive alone (never of what the
 * cache holds), so a clean build and an incremental one write the same site; and a run keeps its
 * shard when others are added, so adding a run re-indexes one shard.
 */
import { createHash } from 'node:crypto';

/**
 * Most examples and questions one shard holds. It bounds the indexer's memory (Pagefind holds a
 * shard's words until it writes it: about 1 GB for 140,000 items of the synthetic archive) and keeps
 * a 100,000-example archive in one shard. Measured in docs/performance.md.
 */
export const SHARD_CAP = 150_000;

/** A run, or a benchmark's questions, beyond this many items is split into parts that can go to different shards. */
export const PART_SIZE = SHARD_CAP / 8;

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

export interface Shard {
  /** "1-of-1", "3-of-8": the shard's bucket among the plan's buckets. */
  name: string;
  units: Unit[];
  /** Items (examples and questions) in its units. */
  weight: number;
}

/**
 * Units into shards: a unit goes to bucket hash(unit) mod B, with B the smallest power of two that
 * keeps every bucket within `cap`. Adding a unit changes one bucket, unless it overfills it: then B
 * doubles and every shard is rebuilt once (each bucket splits in two). Empty buckets make no shard.
 */
export function planShards(units: readonly Unit[], cap = SHARD_CAP): Shard[] {
  const hashes = new Map(units.map((u) => [unitKey(u), stableHash(unitKey(u))]));
  let buckets = 1;
  for (; buckets < 1 << 16; buckets *= 2) {
    const weights = new Map<number, number>();
    for (const u of units) {
      const b = (hashes.get(unitKey(u)) ?? 0) % buckets;
      weights.set(b, (weights.get(b) ?? 0) + u.weight);
    }
    if ([...weights.values()].every((w) => w <= cap)) break;
  }
  const shards = new Map<number, Unit[]>();
  for (const u of units) {
    const b = (hashes.get(unitKey(u)) ?? 0) % buckets;
    const members = shards.get(b);
    if (members) members.push(u);
    else shards.set(b, [u]);
  }
  return [...shards.entries()]
    .sort(([a], [b]) => a - b)
    .map(([b, members]) => {
      const sorted = members.sort((x, y) => (unitKey(x) < unitKey(y) ? -1 : 1));
      return {
        name: `${b + 1}-of-${buckets}`,
        units: sorted,
        weight: sorted.reduce((n, u) => n + u.weight, 0),
      };
    });
}
