import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { SAMPLE } from '../helpers/paths.ts';
import { page } from '../helpers/site.ts';

// The bundled sample archive, built as `npm start` builds it.
let dist = '';

beforeAll(async () => {
  dist = await buildOnce('sample', SAMPLE);
}, 240_000);

describe('the sample archive as a site', () => {
  it('gives no "no answer" figure or list for a code benchmark, whose outputs are run, not read for an answer', () => {
    const code = page(dist, '/benchmarks/code-synth/');
    expect(code('table.comparison thead').first().text()).not.toContain('No answer');
    expect(page(dist, '/runs/code-synth-aurora-nimbus/')('main').text()).not.toContain('no answer');
    expect(existsSync(join(dist, 'runs/code-synth-aurora-nimbus/no-answer'))).toBe(false);
    const json = JSON.parse(
      gunzipSync(readFileSync(join(dist, 'runs/code-synth-aurora-nimbus.json.gz'))).toString('utf8'),
    ) as { recomputed: { noAnswer: number | null } };
    expect(json.recomputed.noAnswer).toBeNull();
    // A maths benchmark has both.
    expect(page(dist, '/benchmarks/math-synth/')('table.comparison thead').first().text()).toContain('No answer');
    expect(existsSync(join(dist, 'runs/math-synth-aurora-nimbus/no-answer/index.html'))).toBe(true);
  });

  it('pages example lists by 100', () => {
    const rows = (url: string) => page(dist, url)('table.examples tbody tr').length;
    expect(rows('/runs/quiz-synth-v2-basalt-nimbus/examples/')).toBe(100);
    expect(rows('/runs/quiz-synth-v2-basalt-nimbus/examples/page/2/')).toBe(100);
    expect(rows('/runs/quiz-synth-v2-basalt-nimbus/examples/page/3/')).toBe(45);
    expect(existsSync(join(dist, 'runs/quiz-synth-v2-basalt-nimbus/examples/page/4'))).toBe(false);
    const pagination = page(dist, '/runs/quiz-synth-v2-basalt-nimbus/examples/page/2/')('nav.pagination a');
    expect(
      pagination.toArray().map((a) => page(dist, '/runs/quiz-synth-v2-basalt-nimbus/examples/page/2/')(a).attr('href')),
    ).toEqual([
      '/runs/quiz-synth-v2-basalt-nimbus/examples/',
      '/runs/quiz-synth-v2-basalt-nimbus/examples/',
      '/runs/quiz-synth-v2-basalt-nimbus/examples/page/3/',
      '/runs/quiz-synth-v2-basalt-nimbus/examples/page/3/',
    ]);
  });

  it('ships script only where a table can be sorted, and none on example pages', () => {
    const scripts = (url: string) =>
      page(
        dist,
        url,
      )('script[src]')
        .toArray()
        .map((s) => page(dist, url)(s).attr('src') ?? '');
    const [sorter] = scripts('/runs/');
    expect(sorter).toMatch(/^\/_astro\/.+\.js$/);
    expect(statSync(join(dist, sorter ?? '')).size).toBeLessThan(2048);
    expect(scripts('/runs/quiz-synth-v2-basalt-nimbus/examples/astronomy/0001/')).toEqual([]);
    expect(
      readFileSync(join(dist, 'runs/quiz-synth-v2-basalt-nimbus/examples/astronomy/0001/index.html'), 'utf8'),
    ).not.toContain('<script');
  });

  it('labels the synthetic data on every page', () => {
    for (const url of [
      '/',
      '/benchmarks/quiz-synth/',
      '/runs/quiz-synth-v2-basalt-nimbus/',
      '/runs/quiz-synth-v2-basalt-nimbus/examples/astronomy/0001/',
      '/models/aurora/',
    ])
      expect(page(dist, url)('.notice').text(), url).toContain('Synthetic data.');
  });
});
