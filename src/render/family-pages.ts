import { base, site } from 'astro:config/server';
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import CrossExamplePage from '../components/examples/CrossExamplePage.astro';
import ExampleList from '../components/examples/ExampleList.astro';
import ExamplePage from '../components/examples/ExamplePage.astro';
import { join } from 'node:path';
import { decompressedCopy, readExamples } from '../archive/examples.ts';
import { offerFamilyWriter, type FamilyTarget } from '../pipeline/handoff.ts';
import type { Example } from '../schema/example.ts';
import {
  getBenchmark,
  getBenchmarks,
  getCrossIndex,
  getExample,
  getExampleSummaries,
  getModels,
  getProviders,
  getRun,
  getRuns,
  getSubjectSlugs,
  isScoredView,
  releaseCrossIndex,
  type RunView,
  type ScoredView,
} from '../page-data/data.ts';
import {
  gzipResponse,
  runCsv,
  runEee,
  runEeeSamples,
  runJson,
  RunDownloads,
  wholeText,
} from '../page-data/downloads.ts';
import { listPages, listPath, listRest, type ListPage } from '../page-data/lists.ts';
import { routes } from '../page-data/urls.ts';
import { BATCH, renderPages } from './batch.ts';
import { cacheKey, codeDigest } from './code-digest.ts';
import { familyOf } from './families.ts';
import { PageCache } from './page-cache.ts';

/**
 * The pages of the page families (src/render/families.ts): which pages each group has, what each
 * shows, and how a build writes them. A build renders them here, in batches, and keeps them in a
 * page cache between builds: the pages of an unchanged run are linked from the cache, not rendered
 * again. The dev server serves the same pages one at a time (devPaths, devPage).
 */

const settings = { site, base };
const siteUrl = site ? new URL(site) : undefined;

/** One build's writing: the page cache it writes through, and the code's digest. */
interface Writing {
  cache: PageCache;
  code: string;
}

/** The file Astro would write for a URL: under the output folder, without the base path. */
function fileOf(path: string): string {
  const file = decodeURI(path.slice(routes.home.length));
  return file === '' || file.endsWith('/') ? `${file}index.html` : file;
}

/**
 * Render a batch of pages through `page`, the props of each from its item, and hand each page to
 * `place` with its item; then wait until the page writer has room, so memory stays flat.
 */
async function renderBatch<T>(
  { cache }: Writing,
  page: AstroComponentFactory,
  items: readonly T[],
  props: (item: T) => Record<string, unknown>,
  place: (item: T, html: Buffer) => void,
): Promise<void> {
  const rendered = await renderPages(page, items.map(props), settings);
  rendered.forEach((html, i) => {
    const item = items[i];
    if (item !== undefined) place(item, html);
  });
  await cache.ready();
}

/** The pages of a run listed in its sitemap: its example lists, then its example pages. */
export async function runPagePaths(view: ScoredView): Promise<string[]> {
  const ids = (await getExampleSummaries(view)).map((s) => s.id);
  return [
    ...(await listPages(view)).map((list) => listPath(view, list)),
    ...ids.map((id) => routes.example(view.id, id)),
  ];
}

/** The cross-endpoint pages of a benchmark, listed in its sitemap. */
export async function crossPagePaths(benchmarkId: string): Promise<string[]> {
  return [...(await getCrossIndex(benchmarkId)).keys()].map((id) => routes.crossExample(benchmarkId, id));
}

/**
 * Render (or restore) every example page and list page of a run, and write (or restore) its
 * downloads. The example pages and the downloads come from one pass over the run's examples.
 */
async function writeRunPages(writing: Writing, view: ScoredView): Promise<void> {
  const { cache, code } = writing;
  const ids = (await getExampleSummaries(view)).map((s) => s.id);
  const lists = await listPages(view);
  // A list shows its run's examples, and names subjects by the slugs the registry's list of them gives.
  const slugs = JSON.stringify([...(await getSubjectSlugs(view.run.benchmark.id))]);
  // Example pages and lists also print the benchmark's canary string, if it has one.
  const canary = (await getBenchmark(view.run.benchmark.id)).data.canary ?? '';
  const listsKey = cacheKey('list-pages', code, view.contentDigest, slugs, canary);
  if (!cache.restoreSet(listsKey)) {
    const set = cache.writeSet(listsKey);
    for (let i = 0; i < lists.length; i += BATCH)
      await renderBatch(
        writing,
        ExampleList,
        lists.slice(i, i + BATCH),
        (list) => ({ view, list }),
        (list, html) => {
          set.add(fileOf(listPath(view, list)), html);
        },
      );
    await set.commit();
  }
  // An example page shows its run and its example, nothing else: the run's files are its inputs.
  const pagesKey = cacheKey('example-pages', code, view.contentDigest, canary);
  // The Every Eval Ever record also names the provider and the family's developer from the registry.
  const provider = (await getProviders()).find((p) => p.id === view.run.endpoint.provider)?.data;
  const family = (await getModels()).find((m) => m.id === view.run.endpoint.family)?.data;
  const downloadsKey = cacheKey(
    'run-downloads',
    code,
    view.contentDigest,
    view.added,
    JSON.stringify([provider, family]),
  );
  const pages = cache.restoreSet(pagesKey) ? undefined : cache.writeSet(pagesKey);
  const downloadSet = cache.restoreSet(downloadsKey) ? undefined : cache.writeSet(downloadsKey);
  const downloads = downloadSet && new RunDownloads(view, siteUrl, (path) => downloadSet.openText(fileOf(path)));
  if (pages || downloads) {
    let batch: { example: Example; position: number }[] = [];
    const flush = async () => {
      if (!pages) return;
      await renderBatch(
        writing,
        ExamplePage,
        batch,
        ({ example, position }) => ({
          view,
          example,
          position,
          count: ids.length,
          prev: ids[position - 1],
          next: ids[position + 1],
        }),
        ({ example }, html) => {
          pages.add(fileOf(routes.example(view.id, example.id)), html);
        },
      );
      batch = [];
    };
    // A gzip file is decompressed in this pass for the cross-endpoint pages too, which read its
    // examples by offset: a copy of the stream as it goes by, not another reading of the file.
    const copy = decompressedCopy(join(view.root, view.scored.examplesFile));
    const examples = readExamples(
      view.root,
      view.scored.examplesFile,
      copy
        ? {
            onChunk: (bytes) => {
              copy.write(bytes);
            },
          }
        : {},
    );
    try {
      for await (const { example, index } of examples) {
        downloads?.add(example);
        if (!pages) continue;
        batch.push({ example, position: index });
        if (batch.length === BATCH) await flush();
      }
    } catch (error) {
      copy?.abandon();
      throw error;
    }
    copy?.commit();
    await flush();
    await downloads?.finish();
    await pages?.commit();
    await downloadSet?.commit();
  }
  await cache.flush();
}

/** Render (or restore) every cross-endpoint page of a benchmark. */
async function writeCrossPages(writing: Writing, benchmarkId: string): Promise<void> {
  const { cache, code } = writing;
  const index = await getCrossIndex(benchmarkId);
  const benchmark = await getBenchmark(benchmarkId);
  // The page shows the benchmark's registry entry and the runs that answered this example.
  const shown = JSON.stringify(benchmark.data);
  let batch: { key: string; file: string; props: Record<string, unknown> }[] = [];
  const flush = async () => {
    await renderBatch(
      writing,
      CrossExamplePage,
      batch,
      (b) => b.props,
      (b, html) => {
        cache.writePage(b.key, b.file, html);
      },
    );
    batch = [];
  };
  for (const [id, views] of index) {
    const path = routes.crossExample(benchmarkId, id);
    const key = cacheKey('cross-page', code, shown, id, ...views.map((v) => `${v.id}:${v.contentDigest}`));
    const file = fileOf(path);
    if (cache.restorePage(key, file)) continue;
    const answers = await Promise.all(views.map(async (view) => ({ view, example: await getExample(view, id) })));
    batch.push({ key, file, props: { benchmark, exampleId: id, answers } });
    if (batch.length === BATCH) await flush();
  }
  await flush();
  await cache.flush();
  // Nothing else reads the benchmark's runs by example id: their offsets need not stay in memory.
  await releaseCrossIndex(benchmarkId);
}

/** The download of a run without examples (its run file and state): one small file, cached like the rest. */
async function writeRunWithoutExamples(writing: Writing, view: RunView): Promise<void> {
  const { cache, code } = writing;
  const key = cacheKey('run-json', code, view.contentDigest, view.added);
  const file = fileOf(routes.runJson(view.id));
  if (!cache.restorePage(key, file)) {
    const response = await gzipResponse(runJson(view));
    cache.writePage(key, file, new Uint8Array(await response.arrayBuffer()));
  }
  await cache.flush();
}

/**
 * Write every page family of the archive into `target.outDir` (or, when the build assembles its
 * output, into the page cache with their places recorded): each run's lists, example pages and
 * downloads, then each benchmark's cross-endpoint pages, which read the runs' examples by id.
 */
export async function writeFamilies(target: FamilyTarget): Promise<{ pages: number }> {
  const writing: Writing = {
    cache: new PageCache(target.pageCache, target.outDir, {
      placements: target.placements,
      projectRoot: target.projectRoot,
    }),
    // The project's code and the settings pages are rendered with: part of every key.
    code: codeDigest(target.projectRoot, settings),
  };
  let pages = 0;
  for (const view of await getRuns()) {
    if (isScoredView(view)) {
      await writeRunPages(writing, view);
      pages += (await listPages(view)).length + view.scored.stats.total;
    } else await writeRunWithoutExamples(writing, view);
  }
  for (const benchmark of await getBenchmarks()) {
    pages += (await getCrossIndex(benchmark.id)).size;
    await writeCrossPages(writing, benchmark.id);
  }
  await writing.cache.flush();
  return { pages };
}

// Astro bundles this module for its pages (the sitemaps list what it writes); the build calls the
// writer through the one hand-off between the pipeline and Astro's bundle (src/pipeline/handoff.ts).
offerFamilyWriter(writeFamilies);

/** What the dev server shows at a family's URL: a page component and its props, or a file. */
export type DevPage = { component: AstroComponentFactory; props: Record<string, unknown> } | { file: Response };

type Params = Record<string, string | undefined>;

const scoredViews = async () => (await getRuns()).filter(isScoredView);

async function scoredView(id: string | undefined): Promise<ScoredView> {
  const view = await getRun(id ?? '');
  if (!isScoredView(view)) throw new Error(`run ${view.id} has no examples`);
  return view;
}

/** The params of some pages of every scored run, each with the run's id. */
async function eachScoredRun(pages: (view: ScoredView) => Promise<Params[]>): Promise<Params[]> {
  const runs = await Promise.all(
    (await scoredViews()).map(async (view) => (await pages(view)).map((p) => ({ run: view.id, ...p }))),
  );
  return runs.flat();
}

/** A route of a run's example lists: which lists it serves, and the params that name each. */
function listRoute(serves: (list: ListPage) => boolean, name: (list: ListPage) => Params) {
  return {
    params: () => eachScoredRun(async (view) => (await listPages(view)).filter(serves).map(name)),
    page: async ({ run, ...asked }: Params): Promise<DevPage> => {
      const view = await scoredView(run);
      const named = (list: ListPage) => Object.entries(name(list)).every(([key, value]) => asked[key] === value);
      const list = (await listPages(view)).find((l) => serves(l) && named(l));
      return { component: ExampleList, props: { view, list } };
    },
  };
}

/** Each route of the page families in development: its params, and what each URL shows. */
const DEV: Record<string, { params(): Promise<Params[]>; page(params: Params): Promise<DevPage> }> = {
  '/runs/[run]/examples': listRoute(
    (l) => l.kind === 'all' && l.page === 1,
    () => ({}),
  ),
  '/runs/[run]/examples/page/[page]': listRoute(
    (l) => l.kind === 'all' && l.page > 1,
    (l) => ({ page: String(l.page) }),
  ),
  '/runs/[run]/[list]/[...rest]': listRoute(
    (l) => l.kind !== 'all',
    (l) => ({ list: l.kind, rest: listRest(l) }),
  ),
  '/runs/[run]/examples/[...example]': {
    params: () => eachScoredRun(async (view) => (await getExampleSummaries(view)).map((s) => ({ example: s.id }))),
    page: async ({ run, example: id }) => {
      const view = await scoredView(run);
      const ids = (await getExampleSummaries(view)).map((s) => s.id);
      const example = await getExample(view, id ?? '');
      const position = ids.indexOf(example.id);
      return {
        component: ExamplePage,
        props: { view, example, position, count: ids.length, prev: ids[position - 1], next: ids[position + 1] },
      };
    },
  },
  '/runs/[run].json.gz': {
    params: async () => (await getRuns()).map((view) => ({ run: view.id })),
    page: async ({ run }) => ({ file: await gzipResponse(runJson(await getRun(run ?? ''))) }),
  },
  '/runs/[run].csv.gz': {
    params: async () => (await scoredViews()).map((view) => ({ run: view.id })),
    page: async ({ run }) => ({ file: await gzipResponse(runCsv(await scoredView(run))) }),
  },
  '/runs/[run]/eee.json': {
    params: async () => (await scoredViews()).map((view) => ({ run: view.id })),
    page: async ({ run }) => ({
      file: new Response(await wholeText(runEee(await scoredView(run), siteUrl)), {
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      }),
    }),
  },
  '/runs/[run]/eee_samples.jsonl.gz': {
    params: async () => (await scoredViews()).map((view) => ({ run: view.id })),
    page: async ({ run }) => ({ file: await gzipResponse(runEeeSamples(await scoredView(run))) }),
  },
  '/benchmarks/[benchmark]/examples/[...example]': {
    params: async () =>
      (
        await Promise.all(
          (await getBenchmarks()).map(async (b) =>
            [...(await getCrossIndex(b.id)).keys()].map((example) => ({ benchmark: b.id, example })),
          ),
        )
      ).flat(),
    page: async ({ benchmark: benchmarkId, example: exampleId }) => {
      const benchmark = await getBenchmark(benchmarkId ?? '');
      const views = (await getCrossIndex(benchmark.id)).get(exampleId ?? '') ?? [];
      const answers = await Promise.all(
        views.map(async (view) => ({ view, example: await getExample(view, exampleId ?? '') })),
      );
      return { component: CrossExamplePage, props: { benchmark, exampleId, answers } };
    },
  },
};

function devRoute(pattern: string) {
  familyOf(pattern); // a pattern the declaration does not list is a mistake here, not a page
  const route = DEV[pattern];
  if (!route)
    throw new Error(`the page families declare ${pattern}, but src/render/family-pages.ts serves no such route`);
  return route;
}

/** The URLs of one family route in development, as getStaticPaths params. */
export async function devPaths(pattern: string): Promise<{ params: Params }[]> {
  return (await devRoute(pattern).params()).map((params) => ({ params }));
}

/** What one URL of a family route shows in development. */
export const devPage = (pattern: string, params: Params): Promise<DevPage> => devRoute(pattern).page(params);
