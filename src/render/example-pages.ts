import { fileURLToPath } from 'node:url';
import { base, outDir, root, site } from 'astro:config/server';
import CrossExamplePage from '../components/examples/CrossExamplePage.astro';
import ExamplePage from '../components/examples/ExamplePage.astro';
import { readExamples } from '../archive/examples.ts';
import { cacheFolder, codeKey } from '../site/build-cache.ts';
import {
  getBenchmark,
  getCrossIndex,
  getExample,
  getExampleSummaries,
  getModels,
  getProviders,
  releaseCrossIndex,
  type ScoredView,
} from '../site/data.ts';
import { runDownloads } from '../site/downloads.ts';
import { routes } from '../site/routes.ts';
import { BATCH, renderPages } from './batch.ts';
import { cacheKey } from './code-digest.ts';
import { PAGE_CACHE_FOLDER, PageCache } from './page-cache.ts';

/**
 * The two page families that grow with the archive: each example of each run, and each example of
 * each benchmark on every endpoint. In a build they are rendered here, in batches, and kept in a
 * page cache between builds: the pages of an unchanged run are linked from the cache, not rendered
 * again. In development the routes under src/pages/ serve them one by one and nothing is written.
 */

const settings = { site, base };
let shared: { cache: PageCache; code: string } | undefined;

function context() {
  shared ??= {
    cache: new PageCache(cacheFolder(PAGE_CACHE_FOLDER), fileURLToPath(outDir), {
      // Set by npm run build, which then links the pages itself (src/build/assemble.ts).
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

/** Render (or restore) every example page of a run, and its downloads; returns the pages' URLs. */
export async function buildExamplePages(view: ScoredView, siteUrl: URL | undefined): Promise<string[]> {
  const ids = (await getExampleSummaries(view)).map((s) => s.id);
  const paths = ids.map((id) => routes.example(view.id, id));
  if (import.meta.env.DEV) return paths;
  await buildDownloads(view, siteUrl);
  const { cache, code } = context();
  // An example page shows its run and its example, nothing else: the run's files are its inputs.
  const key = cacheKey('example-pages', code, view.contentDigest);
  if (cache.restoreSet(key)) {
    await cache.flush();
    return paths;
  }
  const set = cache.writeSet(key);
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    const pages = await renderPages(ExamplePage, batch, settings);
    pages.forEach((html, i) => {
      const item = batch[i] as { example: { id: string } };
      set.add(fileOf(routes.example(view.id, item.example.id)), html);
    });
    batch = [];
    await cache.ready();
  };
  for await (const { example, index } of readExamples(view.root, view.scored.examplesFile)) {
    batch.push({ view, example, position: index, count: ids.length, prev: ids[index - 1], next: ids[index + 1] });
    if (batch.length === BATCH) await flush();
  }
  await flush();
  await set.commit();
  await cache.flush();
  return paths;
}

/** Write (or restore) a run's downloads (src/site/downloads.ts). */
async function buildDownloads(view: ScoredView, siteUrl: URL | undefined): Promise<void> {
  const { cache, code } = context();
  // The Every Eval Ever record names the provider and the family's developer from the registry.
  const provider = (await getProviders()).find((p) => p.id === view.run.endpoint.provider)?.data;
  const family = (await getModels()).find((m) => m.id === view.run.endpoint.family)?.data;
  const key = cacheKey('run-downloads', code, view.contentDigest, view.added, JSON.stringify([provider, family]));
  if (!cache.restoreSet(key)) {
    const set = cache.writeSet(key);
    for (const { path, text } of runDownloads(view, siteUrl)) await set.addText(fileOf(path), text);
    await set.commit();
  }
  await cache.flush();
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
    const pages = await renderPages(
      CrossExamplePage,
      batch.map((b) => b.props),
      settings,
    );
    pages.forEach((html, i) => {
      const { key, file } = batch[i] ?? { key: '', file: '' };
      cache.writePage(key, file, html);
    });
    batch = [];
    await cache.ready();
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
