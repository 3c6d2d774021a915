import { describe, expect, it } from 'vitest';
import { comparabilityClasses, markIndistinguishable, type Candidate } from '../../../src/lib/classes.ts';

function run(id: string, score: number, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    version: '2',
    mode: 'canonical',
    template: 'T',
    kind: 'full',
    sampleSize: 100,
    datasetSize: 100,
    examplesDigest: 'all',
    score,
    ...over,
  };
}

describe('comparabilityClasses', () => {
  const runs = [
    run('b', 0.7),
    run('a', 0.8),
    run('tie', 0.7),
    run('old', 0.9, { version: '1', examplesDigest: 'v1' }),
    run('custom', 0.95, { mode: 'custom', template: 'Think first' }),
    run('custom-other', 0.5, { mode: 'custom', template: 'Another prompt' }),
    run('sub-1', 0.6, { kind: 'partial', partialReason: 'by-design', sampleSize: 20, examplesDigest: 'subset' }),
    run('sub-2', 0.65, { kind: 'partial', partialReason: 'by-design', sampleSize: 20, examplesDigest: 'subset' }),
    run('cut', 0.66, { kind: 'partial', partialReason: 'interrupted', sampleSize: 37, examplesDigest: 'first-37' }),
    run('other-ids', 0.1, { examplesDigest: 'different' }),
  ];
  const classes = comparabilityClasses(runs, ['1', '2']);
  const ids = classes.map((c) => c.members.map((m) => m.run.id));

  it('ranks only runs of the same version, prompt and examples together, canonical full-sample first', () => {
    expect(ids[0]).toEqual(['a', 'b', 'tie']);
    expect(ids).toContainEqual(['old']);
    expect(ids).toContainEqual(['sub-2', 'sub-1']);
    expect(ids).toContainEqual(['custom']);
    expect(ids).toContainEqual(['custom-other']);
    expect(ids).toContainEqual(['cut']);
    expect(ids.flat().sort()).toEqual(runs.map((r) => r.id).sort());
  });

  it('shares ranks between ties', () => {
    expect(classes[0]?.members.map((m) => m.rank)).toEqual([1, 2, 2]);
  });

  it('says why each class is set apart', () => {
    const reasons = (id: string) => classes.find((c) => c.members.some((m) => m.run.id === id))?.reasons;
    expect(classes[0]?.reasons).toEqual([]);
    expect(reasons('old')).toEqual(['version 1, not 2: a different set of questions']);
    expect(reasons('custom')?.[0]).toMatch(/^custom prompt \d of 2: scores reflect the prompt as well as the model$/);
    expect(reasons('sub-1')).toEqual(['20 of 100 examples (a subset chosen by design)']);
    expect(reasons('cut')).toEqual(['37 of 100 examples (the run was interrupted)']);
    expect(reasons('other-ids')).toEqual(['answered a different set of examples']);
  });
});

describe('runs scored more than one way', () => {
  it('are never ranked together, and the class says how it was scored', () => {
    const classes = comparabilityClasses(
      [run('strict', 0.6, { method: 'strict-match' }), run('flexible', 0.7, { method: 'flexible-extract' })],
      ['2'],
    );
    expect(classes.map((c) => c.members.map((m) => m.run.id))).toEqual([['flexible'], ['strict']]);
    expect(classes[1]?.reasons).toEqual(['answers read by "strict-match", not "flexible-extract"']);
  });
});

describe('markIndistinguishable', () => {
  it('marks the runs a paired test cannot tell from the leader', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `e${i}`);
    const outcomes: Record<string, Map<string, number>> = {
      lead: new Map(ids.map((id, i) => [id, i < 36 ? 1 : 0])),
      close: new Map(ids.map((id, i) => [id, i < 33 || i === 36 || i === 37 ? 1 : 0])),
      far: new Map(ids.map((id, i) => [id, i < 20 ? 1 : 0])),
    };
    const [c] = comparabilityClasses([run('lead', 0.9), run('close', 0.875), run('far', 0.5)], ['2']);
    if (!c) throw new Error('expected a class');
    markIndistinguishable(c, (r) => outcomes[r.id] ?? new Map());
    expect(c.members.map((m) => [m.run.id, m.indistinguishable])).toEqual([
      ['lead', true],
      ['close', true],
      ['far', false],
    ]);
    expect(c.members[1]?.versusLeader).toMatchObject({ test: 'mcnemar', onlyFirst: 3, onlySecond: 2, p: 1 });
    expect(c.members[2]?.versusLeader?.p).toBeCloseTo(2 * 0.5 ** 16, 10);
  });
});
