import { describe, expect, it } from 'vitest';
import { mdxReferences } from '../../../src/archive/mdx-references.ts';
import { brokenReference, sourceOf } from '../../../src/page-data/broken-references.ts';

describe('mdxReferences', () => {
  it('finds the runs and examples an MDX body cites, with their lines', () => {
    const body =
      'Intro.\n\nThe best run: <RunScore run="acme-mmlu" />.\n\n<ExampleCard\n  run="acme-mmlu" example="anatomy/3" />\n<Figure of="runs" />';
    expect(mdxReferences(body, 10)).toEqual([
      { tag: '<RunScore run="acme-mmlu">', run: 'acme-mmlu', example: undefined, line: 12 },
      { tag: '<ExampleCard\n  run="acme-mmlu" example="anatomy/3">', run: 'acme-mmlu', example: 'anatomy/3', line: 14 },
    ]);
  });
});

describe('brokenReference', () => {
  it('names the file to fix', () => {
    expect(sourceOf('/learn/reading-scores/', '/')).toBe('content/learn/reading-scores.mdx');
    expect(sourceOf('/archive/learn/benchmarks/mmlu/', '/archive/')).toBe(
      'content/benchmarks/mmlu.mdx (in the archive)',
    );
    expect(brokenReference('/learn/openness/', '<RunScore run="x">', 'no run "x" in the archive').message).toBe(
      'Broken reference in content/learn/openness.mdx: <RunScore run="x">: no run "x" in the archive. Fix the reference in the MDX, or add what it names to the archive.',
    );
  });
});
