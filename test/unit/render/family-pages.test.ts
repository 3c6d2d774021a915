import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadArchive, type Archive } from '../../../src/archive/load.ts';
import { runEntry, type RunEntry } from '../../../src/archive/loader.ts';
import { getRuns, isScoredView, type ScoredView } from '../../../src/page-data/data.ts';
import { routes } from '../../../src/page-data/urls.ts';
import { handOverBuild, takeFamilyWriter } from '../../../src/pipeline/handoff.ts';
import { Placements } from '../../../src/pipeline/placements.ts';
import { FAMILIES } from '../../../src/render/families.ts';
import { crossPagePaths, devPage, devPaths, runPagePaths, writeFamilies } from '../../../src/render/family-pages.ts';
import type { Example } from '../../../src/schema/example.ts';
import { fixture, PROJECT } from '../../helpers/paths.ts';

/*
 * The page families are rendered through Astro's Container API, which only Astro's own build can
 * load. Here the three page components are stand-ins, and rendering a batch gives each item a small
 * page that says what it shows (which run, which example, which list), so that every file written
 * can be checked against the archive. The runs and the registry are served as the content loader
 * stores them (src/archive/loader.ts), from the site-comparison archive.
 */
interface StoredRun {
  id: string;
  data: RunEntry;
}
const store = vi.hoisted(() => ({
  archive: undefined as Archive | undefined,
  runs: undefined as StoredRun[] | undefined,
}));
vi.mock('astro:content', () => ({
  getCollection: (name: 'runs' | 'benchmarks' | 'models' | 'providers') => {
    if (!store.archive || !store.runs) throw new Error('the fixture archive is not loaded yet');
    if (name === 'runs') return Promise.resolve([...store.runs]);
    return Promise.resolve([...store.archive.registry[name].values()].map(({ id, data }) => ({ id, data })));
  },
}));
vi.mock('astro:config/server', () => ({ site: 'https://benchscope.test', base: '/' }));

vi.mock('../../../src/components/examples/ExamplePage.astro', () => ({ default: { page: 'example' } }));
vi.mock('../../../src/components/examples/ExampleList.astro', () => ({ default: { page: 'list' } }));
vi.mock('../../../src/components/examples/CrossExamplePage.astro', () => ({ default: { page: 'cross' } }));

/** What a stand-in page says it shows, from the props the page would be rendered with. */
const stand = vi.hoisted(() => {
  interface Props {
    view: { id: string };
    example: { id: string };
    position: number;
    count: number;
    prev?: string;
    next?: string;
    list: { kind: string; subject?: { slug: string }; page: number; pages: number; items: { id: string }[] };
    benchmark: { id: string };
    exampleId: string;
    answers: { view: { id: string }; example: { id: string } }[];
  }
  const text = (page: unknown, props: Record<string, unknown>): string => {
    const p = props as unknown as Props;
    switch ((page as { page: string }).page) {
      case 'example':
        return `example ${p.view.id} ${p.example.id} ${p.position + 1} of ${p.count} prev=${p.prev ?? ''} next=${p.next ?? ''}`;
      case 'list':
        return `list ${p.view.id} ${p.list.kind} ${p.list.subject?.slug ?? '-'} page ${p.list.page} of ${p.list.pages}: ${p.list.items.map((e) => e.id).join(' ')}`;
      case 'cross':
        return `cross ${p.benchmark.id} ${p.exampleId}: ${p.answers.map((a) => `${a.view.id}=${a.example.id}`).join(' ')}`;
      default:
        throw new Error('not a page component');
    }
  };
  return { text, calls: [] as { page: string; items: number; settings: unknown }[] };
});
vi.mock('../../../src/render/batch.ts', () => ({
  // Small batches: a run's forty examples take several, the last one short.
  BATCH: 16,
  renderPages: (page: unknown, items: readonly Record<string, unknown>[], settings: unknown) => {
    stand.calls.push({ page: (page as { page: string }).page, items: items.length, settings });
    return Promise.resolve(items.map((props) => Buffer.from(stand.text(page, props))));
  },
}));

const ROOT = fixture('site-comparison');
const ADDED = '2026-07-01T00:00:00.000Z';
const BATCH = 16;

let archive: Archive;

beforeAll(async () => {
  archive = await loadArchive(ROOT);
  expect(archive.problems).toEqual([]);
  store.archive = archive;
  store.runs = archive.runs.map((r) => ({ id: r.id, data: runEntry(r, archive.root, ADDED) }));
  // No build was handed over: the pages read each run's index from its examples file.
  handOverBuild(undefined);
});

beforeEach(() => {
  stand.calls.length = 0;
});

/** Pages rendered since the case began. */
const renderedPages = () => stand.calls.reduce((n, c) => n + c.items, 0);

const scratchDirs: string[] = [];
const scratch = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `benchscope-families-${name}-`));
  scratchDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** Every file below `dir`, as paths relative to it with forward slashes, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
    .sort();
}

/** The file a static server answers a URL with: below the output folder, index.html for a folder. */
function fileOf(url: string): string {
  const file = decodeURI(url.slice(routes.home.length));
  return file === '' || file.endsWith('/') ? `${file}index.html` : file;
}

/** The examples of a run's file, as the file holds them, in its order. */
const examplesIn = (id: string): Example[] =>
  readFileSync(join(ROOT, 'runs', id, 'examples.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Example);

const scoredRuns = () => archive.runs.filter((r) => r.examplesFile !== undefined).map((r) => r.id);
const unscoredRuns = () => archive.runs.filter((r) => r.examplesFile === undefined).map((r) => r.id);
const benchmarks = () => [...archive.registry.benchmarks.keys()];

async function scoredViews(): Promise<ScoredView[]> {
  return (await getRuns()).filter(isScoredView);
}

/** The downloads of a run: the four files of a run with examples, the JSON of one without. */
const downloadsOf = (id: string, scored: boolean) =>
  scored ? [routes.runJson(id), routes.runCsv(id), routes.runEee(id), routes.runEeeSamples(id)] : [routes.runJson(id)];

/** The pages the sitemaps list (example lists, example pages, cross-endpoint pages). */
async function sitemapPages(): Promise<string[]> {
  const paths: string[] = [];
  for (const view of await scoredViews()) paths.push(...(await runPagePaths(view)));
  for (const id of benchmarks()) paths.push(...(await crossPagePaths(id)));
  return paths.map(fileOf);
}

/** Every file the page families write: the sitemaps' pages and every run's downloads. */
async function familyFiles(): Promise<string[]> {
  const downloads = [
    ...scoredRuns().flatMap((id) => downloadsOf(id, true)),
    ...unscoredRuns().flatMap((id) => downloadsOf(id, false)),
  ];
  return [...(await sitemapPages()), ...downloads.map(fileOf)].sort();
}

const read = (dir: string, file: string) => readFileSync(join(dir, file));
const text = (dir: string, file: string) => read(dir, file).toString('utf8');

/** What a build wrote, file by file. */
const snapshot = (dir: string) => new Map(filesUnder(dir).map((f) => [f, read(dir, f)]));

/** The first build, into a fresh output folder and an empty page cache; later cases reuse its cache. */
let first: {
  outDir: string;
  pageCache: string;
  pages: number;
  files: Map<string, Buffer>;
  calls: typeof stand.calls;
};

describe('the sitemap paths', () => {
  it("list a run's example lists and every one of its examples, in file order", async () => {
    for (const view of await scoredViews()) {
      const paths = await runPagePaths(view);
      const ids = examplesIn(view.id).map((e) => e.id);
      // The lists first, then the examples.
      const lists = paths.slice(0, -ids.length);
      expect(paths.slice(-ids.length)).toEqual(ids.map((id) => routes.example(view.id, id)));
      expect(lists[0]).toBe(routes.list(view.id));
      expect(lists).toContain(routes.list(view.id, 'incorrect'));
      expect(lists).toContain(routes.list(view.id, 'errors'));
      expect(new Set(paths).size).toBe(paths.length);
    }
  });

  it("list a benchmark's questions, each once, and none for a benchmark no run answered", async () => {
    const questions = new Set(scoredRuns().flatMap((id) => examplesIn(id).map((e) => e.id)));
    const paths = await crossPagePaths('forty');
    expect(new Set(paths)).toEqual(new Set([...questions].map((id) => routes.crossExample('forty', id))));
    expect(paths).toHaveLength(questions.size);
    expect(await crossPagePaths('unused')).toEqual([]);
  });
});

describe('writing the page families', () => {
  beforeAll(async () => {
    const outDir = scratch('out');
    const pageCache = scratch('cache');
    stand.calls.length = 0;
    const { pages } = await writeFamilies({ outDir, pageCache, projectRoot: PROJECT });
    first = { outDir, pageCache, pages, files: snapshot(outDir), calls: [...stand.calls] };
  });

  it('writes, into a fresh output, every page the sitemaps list and the downloads of every run', async () => {
    const expected = await familyFiles();
    expect([...first.files.keys()]).toEqual(expected);
    // The count the build reports is the pages' (the downloads are files, not pages).
    expect(first.pages).toBe((await sitemapPages()).length);
    expect(first.pages).toBe(expected.filter((f) => f.endsWith('/index.html')).length);
  });

  it("renders each page once, in batches, at the site's address and base path", async () => {
    const { calls } = first;
    expect(calls.reduce((n, c) => n + c.items, 0)).toBe(first.pages);
    for (const call of calls) {
      expect(call.items).toBeLessThanOrEqual(BATCH);
      expect(call.settings).toEqual({ site: 'https://benchscope.test', base: '/' });
    }
    const rendered = (page: string) => calls.filter((c) => c.page === page).reduce((n, c) => n + c.items, 0);
    expect(rendered('example')).toBe(scoredRuns().reduce((n, id) => n + examplesIn(id).length, 0));
    expect(rendered('cross')).toBe((await crossPagePaths('forty')).length);
    // A run's forty examples do not fit one batch.
    expect(calls.filter((c) => c.page === 'example' && c.items === BATCH).length).toBeGreaterThan(0);
  });

  it("gives each example page its own example, its place in the run and its neighbours' links", () => {
    for (const id of scoredRuns()) {
      const ids = examplesIn(id).map((e) => e.id);
      ids.forEach((exampleId, i) => {
        expect(text(first.outDir, fileOf(routes.example(id, exampleId)))).toBe(
          `example ${id} ${exampleId} ${i + 1} of ${ids.length} prev=${ids[i - 1] ?? ''} next=${ids[i + 1] ?? ''}`,
        );
      });
    }
  });

  it('lists all, the incorrect and the errored examples of a run, each in its own list', () => {
    for (const id of scoredRuns()) {
      const examples = examplesIn(id);
      const listed = (url: string) => text(first.outDir, fileOf(url)).split(': ')[1]?.split(' ').filter(Boolean);
      expect(listed(routes.list(id))).toEqual(examples.map((e) => e.id));
      expect(listed(routes.list(id, 'incorrect'))).toEqual(examples.filter((e) => !e.correct).map((e) => e.id));
      expect(listed(routes.list(id, 'errors'))).toEqual(examples.filter((e) => e.error !== undefined).map((e) => e.id));
      // The incorrect answers of one subject have a list of their own.
      expect(listed(routes.list(id, 'incorrect', 1, 'alpha'))).toEqual(
        examples.filter((e) => !e.correct && e.subject === 'alpha').map((e) => e.id),
      );
    }
    // The fixture's errors are far-behind's: its list of them is not empty.
    expect(text(first.outDir, fileOf(routes.list('far-behind', 'errors')))).toMatch(/: \S/);
  });

  it("shows on each cross-endpoint page every run's answer to that question, runs in id order", () => {
    const answered = new Map<string, string[]>();
    for (const id of scoredRuns().sort((a, b) => a.localeCompare(b)))
      for (const e of examplesIn(id)) answered.set(e.id, [...(answered.get(e.id) ?? []), id]);
    for (const [question, runs] of answered)
      expect(text(first.outDir, fileOf(routes.crossExample('forty', question)))).toBe(
        `cross forty ${question}: ${runs.map((r) => `${r}=${question}`).join(' ')}`,
      );
  });

  it('writes downloads that hold the run and its examples, and the run alone for a run without examples', () => {
    for (const id of scoredRuns()) {
      const examples = examplesIn(id);
      const json = JSON.parse(gunzipSync(read(first.outDir, fileOf(routes.runJson(id)))).toString('utf8')) as {
        run: { id: string };
        examples: Example[];
      };
      expect(json.run.id).toBe(id);
      expect(json.examples).toEqual(examples);
      const csv = gunzipSync(read(first.outDir, fileOf(routes.runCsv(id)))).toString('utf8');
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(examples.length + 1);
      const samples = gunzipSync(read(first.outDir, fileOf(routes.runEeeSamples(id)))).toString('utf8');
      expect(samples.split('\n').filter(Boolean)).toHaveLength(examples.length);
      const eee = JSON.parse(text(first.outDir, fileOf(routes.runEee(id)))) as {
        detailed_evaluation_results: { total_rows: number };
        source_metadata: { additional_details: Record<string, string> };
      };
      expect(eee.detailed_evaluation_results.total_rows).toBe(examples.length);
      // The site has an address: the record links the run's page there.
      expect(eee.source_metadata.additional_details['benchscope_url']).toBe(`https://benchscope.test/runs/${id}/`);
    }
    for (const id of unscoredRuns()) {
      const json = JSON.parse(gunzipSync(read(first.outDir, fileOf(routes.runJson(id)))).toString('utf8')) as {
        run: { id: string };
        examples: unknown[];
        recomputed: unknown;
      };
      expect(json).toMatchObject({ run: { id }, examples: [], recomputed: null, added: ADDED });
      expect(existsSync(join(first.outDir, fileOf(routes.runCsv(id))))).toBe(false);
    }
  });

  it('renders nothing a second time, and restores the same files from the page cache', async () => {
    // Astro empties its output before each build; the page cache stays.
    rmSync(first.outDir, { recursive: true });
    mkdirSync(first.outDir);
    const { pages } = await writeFamilies({ outDir: first.outDir, pageCache: first.pageCache, projectRoot: PROJECT });
    expect(renderedPages()).toBe(0);
    expect(pages).toBe(first.pages);
    expect(snapshot(first.outDir)).toEqual(first.files);
  });

  it('writes nothing into the output when placements are asked for, and records where every cached file goes', async () => {
    const outDir = scratch('out');
    const placements = new Placements(true);
    await writeFamilies({ outDir, pageCache: first.pageCache, projectRoot: PROJECT, placements });
    expect(renderedPages()).toBe(0);
    expect(filesUnder(outDir)).toEqual([]);
    const placed = new Map(placements.entries());
    expect([...placed.keys()].sort()).toEqual(await familyFiles());
    for (const [file, cached] of placed) {
      expect(cached.startsWith(first.pageCache)).toBe(true);
      expect(readFileSync(cached)).toEqual(first.files.get(file));
    }
  });

  it('renders into the page cache alone when placements are asked for with a cold cache', async () => {
    const outDir = scratch('out');
    const pageCache = scratch('cache');
    const placements = new Placements(true);
    const { pages } = await writeFamilies({ outDir, pageCache, projectRoot: PROJECT, placements });
    expect(pages).toBe(first.pages);
    expect(renderedPages()).toBe(first.pages);
    expect(filesUnder(outDir)).toEqual([]);
    const placed = new Map(placements.entries());
    expect([...placed.keys()].sort()).toEqual(await familyFiles());
    for (const [file, cached] of placed) {
      expect(cached.startsWith(pageCache)).toBe(true);
      // What the build will link there is what a build into the output wrote.
      expect(readFileSync(cached)).toEqual(first.files.get(file));
    }
  });

  it("offers itself as the build's page-family writer", () => {
    expect(takeFamilyWriter()).toBe(writeFamilies);
  });
});

/** The URL a route pattern gives with these params (a rest param may be empty). */
function urlOf(pattern: string, params: Record<string, string | undefined>): string {
  return pattern
    .replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => params[name] ?? '')
    .replace(/\/+/g, '/')
    .replace(/\/$/, '');
}

describe('the page families in development', () => {
  it('serve every example of every run with examples', async () => {
    const paths = await devPaths('/runs/[run]/examples/[...example]');
    const expected = scoredRuns()
      .sort((a, b) => a.localeCompare(b))
      .flatMap((run) => examplesIn(run).map((e) => ({ params: { run, example: e.id } })));
    expect(paths).toEqual(expected);
  });

  it('serve, route by route, the very files a build writes', async () => {
    const served: string[] = [];
    for (const family of FAMILIES)
      for (const pattern of family.routes)
        for (const { params } of await devPaths(pattern)) {
          const url = urlOf(pattern, params);
          served.push(fileOf(family.kind === 'page' ? `${url}/` : url));
        }
    expect(served.sort()).toEqual(await familyFiles());
  });

  it('show an example with its place in the run and its neighbours', async () => {
    const ids = examplesIn('leader').map((e) => e.id);
    const page = await devPage('/runs/[run]/examples/[...example]', { run: 'leader', example: ids[1] });
    if (!('component' in page)) throw new Error('an example is a page');
    expect(stand.text(page.component, page.props)).toBe(
      `example leader ${ids[1] ?? ''} 2 of ${ids.length} prev=${ids[0] ?? ''} next=${ids[2] ?? ''}`,
    );
  });

  it("give a run's downloads as files", async () => {
    const page = await devPage('/runs/[run].json.gz', { run: 'failed' });
    if (!('file' in page)) throw new Error('a download is a file');
    const json = JSON.parse(gunzipSync(Buffer.from(await page.file.arrayBuffer())).toString('utf8')) as unknown;
    expect(json).toMatchObject({ run: { id: 'failed' }, examples: [] });
  });

  it('refuse the examples of a run without any', async () => {
    await expect(devPage('/runs/[run]/examples/[...example]', { run: 'failed', example: 'alpha/00' })).rejects.toThrow(
      'run failed has no examples',
    );
  });

  it('throw for a route no page family declares, naming it', async () => {
    await expect(devPaths('/runs/[run]/nowhere')).rejects.toThrow('/runs/[run]/nowhere');
    await expect(Promise.resolve().then(() => devPage('/runs/[run]/nowhere', { run: 'leader' }))).rejects.toThrow(
      '/runs/[run]/nowhere',
    );
  });
});
