import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArchive } from '../../src/archive/load.ts';
import { exampleIndex } from '../../src/archive/examples.ts';
import { buildOnce } from '../helpers/build.ts';
import { PROJECT } from '../helpers/paths.ts';
import { files, page } from '../helpers/site.ts';

// The bundled sample archive, built as `npm start` builds it.
let dist = '';

beforeAll(async () => {
  dist = await buildOnce('sample');
}, 240_000);

describe('the sample archive as a site', () => {
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

  it('gives every example of every run its page, and lists it once', async () => {
    const archive = await loadArchive(PROJECT);
    for (const run of archive.runs) {
      if (!run.examplesFile) {
        expect(existsSync(join(dist, 'runs', run.id, 'examples'))).toBe(false);
        continue;
      }
      const { ids } = await exampleIndex(PROJECT, run.examplesFile);
      for (const id of ids)
        expect(existsSync(join(dist, 'runs', run.id, 'examples', id, 'index.html')), `${run.id}/${id}`).toBe(true);
      const listed = files(join(dist, 'runs', run.id, 'examples'))
        .filter((f) => f === '/index.html' || f.startsWith('/page/'))
        .flatMap((f) =>
          page(
            dist,
            `/runs/${run.id}/examples${f}`,
          )('table.examples tbody th a')
            .toArray()
            .map((a) => page(dist, `/runs/${run.id}/examples${f}`)(a).text()),
        );
      expect(listed).toEqual([...ids]);
    }
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
