import { fileURLToPath } from 'node:url';
import { base, outDir, root, site } from 'astro:config/server';
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import CrossExamplePage from '../components/examples/CrossExamplePage.astro';
import ExampleList from '../components/examples/ExampleList.astro';
import ExamplePage from '../components/examples/ExamplePage.astro';
import { readExamples } from '../archive/examples.ts';
import type { Example } from '../schema/example.ts';
import { cacheFolder, codeKey } from '../site/build-cache.ts';
import {
  getBenchmark,
  getCrossIndex,
  getExample,
  getExampleSummaries,
  getModels,
  getProviders,
  getSubjectSlugs,
  releaseCrossIndex,
  type ScoredView,
} from '../site/data.ts';
import { RunDownloads } from '../site/downloads.ts';
import { listPages, listPath } from '../site/lists.ts';
import { routes } from '../site/routes.ts';
import { BATCH, renderPages } from './batch.ts';
import { cacheKey } from './code-digest.ts';
import { PAGE_CACHE_FOLDER, PageCache } from './page-cache.ts';

/**
 * The page families that grow with the archive: each example of each run, the pages of each run's
 * example lists, and each example of each benchmark on every endpoint. In a build they are
 * rendered here, in batches, and kept in a page cache between builds: the pages of an unchanged
 * run are linked from the cache, not rendered again. In development the routes under src/pages/
 * serve them one by one and nothing is written.
 */

const settings = { site, base };
let shared: { cache: PageCache; code: string } | undefined;

function context() {
  shared ??= {
    cache: new PageCache(cacheFolder(PAGE_CACHE_FOLDER), fileURLToPath(outDir), {
      // Set by npm run build, which then links the pages itself (src/pipeline/assemble.ts).
      placements: process.env['BENCHSCOPE_PLACEMENTS'],
      projectRoot: fileURLToPath(root),
    }),
    code: codeKey(),
  };
  return shared;
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
  await context().cache.ready();
}

/**
 * Render (or restore) every example page and list page of a run, and write (or restore) its
 * downloads; returns the pages' URLs. The example pages and the downloads come from one pass over
 * the run's examples.
 */
export async function buildRunPages(view: ScoredView, siteUrl: URL | undefined): Promise<string[]> {
  const ids = (await getExampleSummaries(view)).map((s) => s.id);
  const lists = await listPages(view);
  const paths = [...lists.map((list) => listPath(view, list)), ...ids.map((id) => routes.example(view.id, id))];
  if (import.meta.env.DEV) return paths;
  const { cache, code } = context();
  // A list shows its run's examples, and names subjects by the slugs the registry's list of them gives.
  const slugs = JSON.stringify([...(await getSubjectSlugs(view.run.benchmark.id))]);
  // Example pages and lists also print the benchmark's canary string, if it has one.
  const canary = (await getBenchmark(view.run.benchmark.id)).data.canary ?? '';
  const listsKey = cacheKey('list-pages', code, view.contentDigest, slugs, canary);
  if (!cache.restoreSet(listsKey)) {
    const set = cache.writeSet(listsKey);
    for (let i = 0; i < lists.length; i += BATCH)
      await renderBatch(
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
    for await (const { example, index } of readExamples(view.root, view.scored.examplesFile)) {
      downloads?.add(example);
      if (!pages) continue;
      batch.push({ example, position: index });
      if (batch.length === BATCH) await flush();
    }
    await flush();
    await downloads?.finish();
    await pages?.commit();
    await downloadSet?.commit();
  }
  await cache.flush();
  return paths;
}

/** Render (or restore) every cross-endpoint page of a benchmark; returns their URLs. */
export async function buildCrossPages(benchmarkId: string): Promise<string[]> {
  const index = await getCrossIndex(benchmarkId);
  const paths: string[] = [];
  if (import.meta.env.DEV) return [...index.keys()].map((id) => routes.crossExample(benchmarkId, id));
  const { cache, code } = context();
  const benchmark = await getBenchmark(benchmarkId);
  // The page shows the benchmark's registry entry and the runs that answered this example.
  const shown = JSON.stringify(benchmark.data);
  let batch: { key: string; file: string; props: Record<string, unknown> }[] = [];
  const flush = async () => {
    await renderBatch(
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
    paths.push(path);
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
  return paths;
}
