import { describe, expect, it } from 'vitest';
import { questionPart, questionUnits, runPart, runUnits, stableHash, unitKey } from '../../../src/search/plan.ts';

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
