import { describe, expect, it } from 'vitest';
import {
  planShards,
  questionPart,
  questionUnits,
  runPart,
  runUnits,
  stableHash,
  unitKey,
  type Shard,
  type Unit,
} from '../../../src/search/plan.ts';

const runs = (n: number, weight: number, prefix = 'run-') =>
  Array.from({ length: n }, (_, i) => runUnits(`${prefix}${i}`, weight)).flat();
const summary = (shards: Shard[]) => shards.map((s) => [s.name, s.weight, s.units.map(unitKey)]);

describe('units', () => {
  it('splits a large run into parts by position, and names each part', () => {
    const units = runUnits('big', 100, 40);
    expect(units.map((u) => [unitKey(u), u.weight])).toEqual([
      ['run/big/1-of-3', 40],
      ['run/big/2-of-3', 40],
      ['run/big/3-of-3', 20],
    ]);
    expect([0, 39, 40, 99].map((i) => runPart(i, 40))).toEqual([0, 0, 1, 2]);
    expect(questionUnits('quiz', 30, 40).map(unitKey)).toEqual(['questions/quiz/1-of-1']);
  });

  it('hashes the same on every machine', () => {
    expect(stableHash('run/leader/1-of-1')).toBe(157114090);
    expect([0, 1, 2, 3].map((i) => questionPart(`astronomy/000${i}`, 3))).toEqual(
      [0, 1, 2, 3].map((i) => stableHash(`astronomy/000${i}`) % 3),
    );
  });
});

describe('planShards', () => {
  it('keeps an archive within the cap in one shard', () => {
    expect(summary(planShards([...runs(3, 10), ...questionUnits('quiz', 12)], 50))).toEqual([
      ['1-of-1', 42, ['questions/quiz/1-of-1', 'run/run-0/1-of-1', 'run/run-1/1-of-1', 'run/run-2/1-of-1']],
    ]);
  });

  it('spreads a larger archive over as few hash buckets as keep each within the cap', () => {
    const shards = planShards(runs(12, 10), 40);
    expect(summary(shards)).toEqual([
      ['1-of-8', 10, ['run/run-0/1-of-1']],
      ['2-of-8', 30, ['run/run-4/1-of-1', 'run/run-6/1-of-1', 'run/run-8/1-of-1']],
      ['3-of-8', 20, ['run/run-1/1-of-1', 'run/run-7/1-of-1']],
      ['4-of-8', 20, ['run/run-10/1-of-1', 'run/run-5/1-of-1']],
      ['6-of-8', 20, ['run/run-11/1-of-1', 'run/run-3/1-of-1']],
      ['8-of-8', 20, ['run/run-2/1-of-1', 'run/run-9/1-of-1']],
    ]);
    expect(Math.max(...shards.map((s) => s.weight))).toBeLessThanOrEqual(40);
  });

  it('changes only the shard a new run joins', () => {
    const before = summary(planShards(runs(12, 10), 40));
    const after = summary(planShards([...runs(12, 10), ...runUnits('run-new', 10)], 40));
    const changed = after.filter((s) => !before.some((b) => JSON.stringify(b) === JSON.stringify(s)));
    expect(changed).toEqual([['8-of-8', 30, ['run/run-2/1-of-1', 'run/run-9/1-of-1', 'run/run-new/1-of-1']]]);
    expect(after.length).toBe(before.length);
  });

  it('doubles the buckets when a run overfills one, each bucket splitting in two', () => {
    const units: Unit[] = runs(12, 10);
    const before = planShards(units, 40);
    // run-4 grows from 10 to 25 examples: its bucket (2-of-8) would hold 45.
    const grown = planShards(
      units.map((u) => (u.id === 'run-4' ? { ...u, weight: 25 } : u)),
      40,
    );
    expect(before.every((s) => s.name.endsWith('-of-8'))).toBe(true);
    expect(grown.every((s) => s.name.endsWith('-of-16'))).toBe(true);
    // Bucket b of 16 takes its units from bucket b mod 8 of the plan before.
    for (const shard of grown) {
      const b = Number(shard.name.split('-')[0]) - 1;
      const old = before.find((s) => Number(s.name.split('-')[0]) - 1 === b % 8);
      for (const u of shard.units) expect(old?.units.map(unitKey)).toContain(unitKey(u));
    }
  });
});
