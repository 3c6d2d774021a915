import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readExamples } from '../../src/archive/examples.ts';
import { loadArchive } from '../../src/archive/load.ts';
import { subjectSlugs } from '../../src/lib/routes.ts';
import { isScored } from '../../src/schema/run.ts';
import { files, page } from './site.ts';

export interface Census {
  runs: number;
  examples: number;
  /** Rows of the example lists checked: every list a run has, every page of it. */
  listed: number;
  problems: string[];
}

/**
 * Count, for an archive and the site built from it, that nothing was lost on the way: every
 * example of every run file has exactly one page, appears in each of its run's lists it belongs to
 * (in file order) and in its cross-endpoint view; every run appears once in /runs/ and once in its
 * benchmark's page, in a comparison table if it has a score, among the runs without results if not.
 */
export async function census(root: string, dist: string): Promise<Census> {
  const archive = await loadArchive(root);
  const problems = archive.problems.map((p) => `archive: ${p.message}`);
  const out: Census = { runs: 0, examples: 0, listed: 0, problems };
  const runsPage = page(dist, '/runs/');
  const rowsFor = (id: string) => runsPage(`table.runs tbody tr th a[href="/runs/${id}/"]`).length;
  /** The example ids a list shows, over all its pages, in order. */
  const listed = (head: string) => {
    const ids: string[] = [];
    for (let n = 1; ; n++) {
      const url = n === 1 ? head : `${head}page/${n}/`;
      if (!existsSync(join(dist, url, 'index.html'))) break;
      const $ = page(dist, url);
      $('table.examples tbody th a').each((_, a) => {
        ids.push($(a).text());
      });
    }
    out.listed += ids.length;
    return ids;
  };
  for (const { id, run, examplesFile } of archive.runs) {
    out.runs++;
    if (rowsFor(id) !== 1) problems.push(`${id}: ${rowsFor(id)} rows in /runs/`);
    const bench = page(dist, `/benchmarks/${run.benchmark.id}/`);
    const inTables = bench(`table.comparison tr[data-run="${id}"]`).length;
    const withoutResults = bench('#no-results').closest('section').find(`a[href="/runs/${id}/"]`).length;
    const [scoredTables, unscoredSection] = isScored(run) ? [1, 0] : [0, 1];
    if (inTables !== scoredTables || withoutResults !== unscoredSection)
      problems.push(`${id}: ${inTables} comparison rows and ${withoutResults} among the runs without results`);
    if (!examplesFile) {
      if (existsSync(join(dist, 'runs', id, 'examples'))) problems.push(`${id}: has no examples, but an example list`);
      continue;
    }
    const all: string[] = [];
    const incorrect: string[] = [];
    const errors: string[] = [];
    const bySubject = new Map<string, string[]>();
    for await (const { example } of readExamples(root, examplesFile)) {
      out.examples++;
      all.push(example.id);
      if (!example.correct) incorrect.push(example.id);
      if (example.error !== undefined) errors.push(example.id);
      if (!example.correct && example.subject !== undefined)
        bySubject.set(example.subject, [...(bySubject.get(example.subject) ?? []), example.id]);
      if (!existsSync(join(dist, 'runs', id, 'examples', example.id, 'index.html')))
        problems.push(`${id}/${example.id}: no page`);
      const cross = page(dist, `/benchmarks/${run.benchmark.id}/examples/${example.id}/`);
      const links = cross(`tr.answer .answer-head a[href="/runs/${id}/examples/${example.id}/"]`).length;
      if (links !== 1) problems.push(`${id}/${example.id}: ${links} answers in its cross-endpoint view`);
    }
    // Exactly one page each: the example pages are the list's pages and nothing else.
    const pages = files(join(dist, 'runs', id, 'examples'))
      .filter((f) => f.endsWith('/index.html') && f !== '/index.html' && !/^\/page\/\d+\/index\.html$/.test(f))
      .map((f) => f.slice(1, -'/index.html'.length));
    if (pages.length !== all.length || pages.some((p) => !all.includes(p)))
      problems.push(`${id}: ${pages.length} example pages for ${all.length} examples`);
    const expect = (what: string, shown: string[], wanted: string[]) => {
      if (shown.join('\n') !== wanted.join('\n'))
        problems.push(`${id}: ${what} lists ${shown.length} examples, not the ${wanted.length} expected`);
    };
    expect('the list of all examples', listed(`/runs/${id}/examples/`), all);
    expect('the list of incorrect examples', listed(`/runs/${id}/incorrect/`), incorrect);
    expect('the list of errors', listed(`/runs/${id}/errors/`), errors);
    const slugs = subjectSlugs(archive.registry.benchmarks.get(run.benchmark.id)?.data.subjects ?? []);
    for (const [subject, ids] of bySubject)
      expect(`the incorrect examples of ${subject}`, listed(`/runs/${id}/incorrect/${slugs.get(subject) ?? ''}/`), ids);
  }
  return out;
}
