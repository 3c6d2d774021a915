import { describe, expect, it } from 'vitest';
import { exampleIdProblem } from '../../../src/schema/example.ts';
import {
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
