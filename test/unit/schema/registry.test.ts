import { describe, expect, it } from 'vitest';
import { exampleIdProblem } from '../../../src/schema/example.ts';
import {
  Model,
  OPENNESS_DIMENSIONS,
  opennessLevel,
  type Availability,
  type OpennessDimension,
} from '../../../src/schema/registry.ts';

const all = (value: Availability) =>
  Object.fromEntries(OPENNESS_DIMENSIONS.map((d) => [d, value])) as Record<OpennessDimension, Availability>;

describe('opennessLevel', () => {
  it('follows the documented rule', () => {
    expect(opennessLevel(all('open'))).toBe('open');
    expect(opennessLevel({ ...all('open'), training_data: 'partial' })).toBe('inspectable');
    expect(
      opennessLevel({ ...all('closed'), weights: 'partial', inference_code: 'open', architecture: 'partial' }),
    ).toBe('inspectable');
    expect(opennessLevel({ ...all('closed'), architecture: 'partial', documentation: 'open' })).toBe('described');
    expect(opennessLevel({ ...all('unknown'), documentation: 'open' })).toBe('opaque');
  });
});

describe('Model evidence', () => {
  const evidence = Object.fromEntries(
    OPENNESS_DIMENSIONS.map((d) => [
      d,
      { source: { title: 'Model card', url: 'https://example.org/card' }, note: `What the card says of ${d}.` },
    ]),
  );
  const model = {
    name: 'Family A',
    organisation: 'Test Org',
    licence: 'Apache-2.0',
    openness: all('closed'),
    level: 'opaque',
  };
  const messages = (input: unknown) => {
    const result = Model.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a model citing a source for every dimension', () => {
    expect(messages({ ...model, evidence })).toEqual([]);
  });

  it('names each dimension of a real model that cites no source', () => {
    const rest = Object.fromEntries(Object.entries(evidence).filter(([d]) => d !== 'licence' && d !== 'weights'));
    expect(messages({ ...model, evidence: rest })).toEqual([
      'evidence.weights: no evidence for the "weights" rating "closed": give its source (title, url) and a note, or rate it "unknown"',
      'evidence.licence: no evidence for the "licence" rating "closed": give its source (title, url) and a note, or rate it "unknown"',
    ]);
    expect(messages(model)).toHaveLength(OPENNESS_DIMENSIONS.length);
  });

  it('asks no source of an "unknown" rating, which claims nothing', () => {
    expect(messages({ ...model, openness: { ...all('unknown'), weights: 'closed' } })).toEqual([
      'evidence.weights: no evidence for the "weights" rating "closed": give its source (title, url) and a note, or rate it "unknown"',
    ]);
  });

  it('asks nothing of synthetic models', () => {
    expect(messages({ ...model, synthetic: true })).toEqual([]);
  });

  it('refuses an evidence entry without a note or with a dimension that does not exist', () => {
    const { weights, ...rest } = evidence;
    expect(messages({ ...model, evidence: { ...rest, weights: { source: weights?.source } } })).toEqual([
      'evidence.weights.note: Invalid input: expected string, received undefined',
    ]);
    expect(messages({ ...model, evidence: { ...evidence, wieghts: weights } })).toEqual([
      'evidence: Unrecognized key: "wieghts"',
    ]);
  });
});

describe('example ids', () => {
  it.each([
    ['q1', undefined],
    ['astronomy/0001', undefined],
    ['HumanEval/0', undefined],
    ['a.b_c-d', undefined],
    ['', 'expected a non-empty id'],
    ['a/../b', '".." is not allowed as a path segment'],
    ['./a', '"." is not allowed as a path segment'],
    ['a//b', 'expected segments of A-Z, a-z, 0-9, ".", "_" or "-" joined by "/"'],
    ['a b', 'expected segments of A-Z, a-z, 0-9, ".", "_" or "-" joined by "/"'],
    ['x'.repeat(201), 'expected at most 200 characters'],
    ['page/2', '"page/2" is reserved for the pages of the example list; rename it'],
    ['page/two', undefined],
  ])('%j → %s', (id, problem) => {
    expect(exampleIdProblem(id)).toBe(problem);
  });
});
