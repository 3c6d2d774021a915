import { describe, expect, it } from 'vitest';
import { createRoutes, pageCount, slugify, subjectSlugs } from '../../../src/lib/routes.ts';

// These URLs are shared and linked to from elsewhere: this test pins them.
describe('routes', () => {
  const r = createRoutes('/');
  it.each([
    [r.home, '/'],
    [r.runs, '/runs/'],
    [r.feed, '/runs/feed.xml'],
    [r.run('acme-mmlu'), '/runs/acme-mmlu/'],
    [r.runJson('acme-mmlu'), '/runs/acme-mmlu.json.gz'],
    [r.runCsv('acme-mmlu'), '/runs/acme-mmlu.csv.gz'],
    [r.runEee('acme-mmlu'), '/runs/acme-mmlu/eee.json'],
    [r.runEeeSamples('acme-mmlu'), '/runs/acme-mmlu/eee_samples.jsonl.gz'],
    [r.list('acme-mmlu'), '/runs/acme-mmlu/examples/'],
    [r.list('acme-mmlu', 'all', 2), '/runs/acme-mmlu/examples/page/2/'],
    [r.list('acme-mmlu', 'incorrect'), '/runs/acme-mmlu/incorrect/'],
    [r.list('acme-mmlu', 'incorrect', 3), '/runs/acme-mmlu/incorrect/page/3/'],
    [r.list('acme-mmlu', 'incorrect', 1, 'anatomy'), '/runs/acme-mmlu/incorrect/anatomy/'],
    [r.list('acme-mmlu', 'incorrect', 2, 'anatomy'), '/runs/acme-mmlu/incorrect/anatomy/page/2/'],
    [r.list('acme-mmlu', 'errors'), '/runs/acme-mmlu/errors/'],
    [r.example('acme-mmlu', 'anatomy/17'), '/runs/acme-mmlu/examples/anatomy/17/'],
    [r.benchmark('mmlu'), '/benchmarks/mmlu/'],
    [r.benchmarkCsv('mmlu'), '/benchmarks/mmlu.csv'],
    [r.crossExample('mmlu', 'anatomy/17'), '/benchmarks/mmlu/examples/anatomy/17/'],
    [r.model('llama-3'), '/models/llama-3/'],
    [r.provider('acme'), '/providers/acme/'],
    [r.learnBenchmark('mmlu'), '/learn/benchmarks/mmlu/'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('puts every URL under the base path', () => {
    const based = createRoutes('/archive');
    expect(based.run('x')).toBe('/archive/runs/x/');
    expect(based.home).toBe('/archive/');
  });
});

describe('subject slugs', () => {
  it('makes subjects safe for URLs and keeps them distinct', () => {
    expect(slugify('High School Physics')).toBe('high-school-physics');
    expect(slugify('Économie')).toBe('economie');
    expect([...subjectSlugs(['a b', 'a-b', 'page', '***']).values()]).toEqual(['a-b', 'a-b-2', 'page-2', 'subject']);
  });

  it('counts list pages of 100', () => {
    expect([pageCount(0), pageCount(100), pageCount(101)]).toEqual([1, 1, 2]);
  });
});
