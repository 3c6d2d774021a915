import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { EXAMPLE_FILES } from '../archive/discover.ts';
import { readExamples } from '../archive/examples.ts';
import { generateSample } from '../sample/generate.ts';
import { createRoutes } from '../lib/routes.ts';
import { addRun, HOSTILE } from './extra-run.ts';
import { checkSearch, type SearchProbe, type SearchQuality } from './search-quality.ts';
import { measureFirstQuery } from './first-query.ts';
import { writeFloorPages } from './floor.ts';
import { folderSize, median, pageScriptBytes } from './measure.ts';
import { watchMemory, type MemoryPeak } from './memory.ts';

/** Runs of `npm run validate` per size; the fastest counts. */
const VALIDATION_RUNS = 3;
/**
 * `npm run bench`: the build at scale. For each size it generates a synthetic archive (cached by
 * seed and size), times the plain streaming writer (the floor), builds the site cold, adds one run
 * and builds again with the cache, checks the result against a cold build of the same archive, and
 * reports figures and their ratios to the floor, all measured in this one invocation.
 */

export interface BenchOptions {
  projectRoot: string;
  sizes: number[];
  seed: number;
  /** Where archives, outputs and caches go (kept between invocations: archives are reused). */
  workDir: string;
  /** Examples in the run added for the incremental build. */
  added: number;
  /** Measure the first search query in Chromium (needs the browser). */
  firstQuery: boolean;
  log: (line: string) => void;
}

export interface BuildFigures {
  wall: number;
  /** Astro's page generation, as it reports it. */
  pagePhase: number | undefined;
  memory: MemoryPeak;
}

export interface SizeReport {
  size: number;
  examples: number;
  floor: { wall: number; pages: number };
  /** `npm run validate` on the archive, in examples a second: the fastest of VALIDATION_RUNS. */
  validation: number;
  cold: BuildFigures;
  /**
   * The second cold build, of the archive with the added run (1% larger at 100,000 examples): the
   * one the incremental build is compared with. Cold ratios take the faster of the two, as the
   * floor's take the faster of its two runs, since the disk here varies that much run to run.
   */
  check: BuildFigures;
  /** Examples of the run added before the incremental build. */
  added: number;
  incremental: BuildFigures;
  /** The incremental build's output equals a cold build of the same archive, file for file. */
  identical: { same: boolean; firstDifference?: string | undefined };
  /**
   * What a deploy that syncs dist/ to object storage uploads after the added run's build: the
   * files whose bytes changed or are new, and their bytes, and the files it deletes.
   */
  upload: { files: number; bytes: number; removed: number };
  /** The search checked at this size (src/bench/search-quality.ts). */
  search: SearchQuality | undefined;
  pages: number;
  distBytes: number;
  indexBytes: number;
  exampleHtml: { median: number; beyondText: number };
  /** Bytes of every example's prompt and output (and error) text, once. */
  textBytes: number;
  jsBytes: Record<string, number>;
  firstQuery?:
    | {
        rare: { query: string; bytes: number; requests: number } | undefined;
        common: { query: string; bytes: number; requests: number } | undefined;
      }
    | undefined;
}

/** Run a build of `archive` into `out`, watching its memory; its output is kept in `<out>.log`. */
export async function timedBuild(projectRoot: string, archive: string, out: string): Promise<BuildFigures> {
  await settled(out);
  flushDisk();
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/build.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      BENCHSCOPE_ARCHIVE: archive,
      BENCHSCOPE_OUT: out,
      // Every cache of the build (Astro's included) goes beside the output, `<out>-cache`: a cold
      // build starts with none, the incremental one reuses the cold one's.
      BENCHSCOPE_CACHE: `${out}-cache`,
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watch = watchMemory(child.pid ?? 0);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const memory = watch.stop();
  writeFileSync(`${out}.log`, output);
  if (code !== 0) throw new Error(`the build of ${archive} failed:\n${output.slice(-4000)}`);
  // Astro writes "950ms", "32.54s" or, past a minute, "6m 54s".
  // The pages: Astro's own routes, then the page families written in batches once they are done.
  const phase = /generating static routes[\s\S]*?✓ Completed in (?:(\d+)m )?([\d.]+)(m?s)/.exec(output);
  const families = /pages of the page families in ([\d.]+) s/.exec(output);
  const pagePhase =
    phase && families
      ? Number(phase[1] ?? 0) * 60 + Number(phase[2]) / (phase[3] === 'ms' ? 1000 : 1) + Number(families[1])
      : undefined;
  return { wall: (performance.now() - started) / 1000, pagePhase, memory };
}

/**
 * Wait until the folders a previous build left for removal beside `out` are gone, so that their
 * deletion in the background (see src/pipeline/build.ts) does not slow down what is measured next.
 */
async function settled(out: string): Promise<void> {
  const name = basename(out);
  const pending = () =>
    existsSync(dirname(out)) && readdirSync(dirname(out)).some((n) => n.startsWith(`${name}.discarded-`));
  while (pending()) await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Write out what the disk still holds in memory, so that one measurement does not pay for the last. */
function flushDisk(): void {
  try {
    execFileSync('sync');
  } catch {
    // No sync(1) here: measurements are noisier, not wrong.
  }
}

/** A digest of every file of a folder, by path: two folders are the same site when these match. */
function treeDigest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** What syncing `after` over `before` (digests of two builds of dist/) uploads and deletes. */
function uploadOf(before: Map<string, string>, after: Map<string, string>, dir: string): SizeReport['upload'] {
  let files = 0;
  let bytes = 0;
  for (const [path, digest] of after)
    if (before.get(path) !== digest) {
      files++;
      bytes += statSync(join(dir, path)).size;
    }
  const removed = [...before.keys()].filter((path) => !after.has(path)).length;
  return { files, bytes, removed };
}

export function compareTrees(a: string, b: string, right = treeDigest(b)): { same: boolean; firstDifference?: string } {
  const left = treeDigest(a);
  for (const path of [...new Set([...left.keys(), ...right.keys()])].sort())
    if (left.get(path) !== right.get(path))
      return {
        same: false,
        firstDifference: !left.has(path)
          ? `${path} only in the cold build`
          : !right.has(path)
            ? `${path} only in the incremental build`
            : path,
      };
  return { same: true };
}

/** The synthetic archive of a size and seed, generated once and kept. */
export async function benchArchive(workDir: string, size: number, seed: number): Promise<string> {
  const dir = join(workDir, `archive-${size}-seed${seed}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const summary = await generateSample({ out: dir, examples: size, seed });
  writeFileSync(join(dir, '.complete'), JSON.stringify({ examples: summary.examples }));
  return dir;
}

/**
 * Example pages of the built site, about 20 per run: their size, and their size beyond the run's
 * text; and the bytes of every example's text, once (what `dist/` must hold at the least).
 */
async function exampleFigures(
  dist: string,
  archive: string,
): Promise<{ html: { median: number; beyondText: number }; textBytes: number }> {
  const sizes: number[] = [];
  const beyond: number[] = [];
  let textBytes = 0;
  for (const run of readdirSync(join(archive, 'runs')).sort()) {
    const file = EXAMPLE_FILES.find((f) => existsSync(join(archive, 'runs', run, f)));
    if (!file) continue;
    let i = 0;
    for await (const { example } of readExamples(archive, `runs/${run}/${file}`)) {
      const prompt =
        typeof example.prompt === 'string' ? example.prompt : example.prompt.map((m) => m.content).join('');
      const text =
        Buffer.byteLength(prompt) + Buffer.byteLength(example.output) + Buffer.byteLength(example.error ?? '');
      textBytes += text;
      if (i++ % 50 !== 0) continue;
      const page = join(dist, 'runs', run, 'examples', example.id, 'index.html');
      if (!existsSync(page)) continue;
      const html = statSync(page).size;
      sizes.push(html);
      beyond.push(html - text);
    }
  }
  return { html: { median: median(sizes), beyondText: median(beyond) }, textBytes };
}

/** The first page a sitemap of the built site lists, as a file of dist/. */
function firstListed(dist: string, sitemap: string): string | undefined {
  if (!existsSync(join(dist, sitemap))) return undefined;
  const loc = /<loc>([^<]+)<\/loc>/.exec(readFileSync(join(dist, sitemap), 'utf8'))?.[1];
  return loc ? `${decodeURI(new URL(loc).pathname).slice(1)}index.html` : undefined;
}

/** One page of each type of the built site, for the script budget. */
function samplePages(dist: string): Record<string, string> {
  const dirs = (path: string) =>
    existsSync(join(dist, path))
      ? readdirSync(join(dist, path), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
          .sort()
      : [];
  const run = dirs('runs').find((r) => existsSync(join(dist, 'runs', r, 'sitemap.xml')));
  const benchmark = dirs('benchmarks').find((b) => firstListed(dist, `benchmarks/${b}/sitemap.xml`));
  const pick = (path: string | undefined) => (path && existsSync(join(dist, path)) ? path : undefined);
  const pages: Record<string, string | undefined> = {
    home: pick('index.html'),
    benchmark: pick(benchmark && `benchmarks/${benchmark}/index.html`),
    'cross-endpoint': pick(benchmark && firstListed(dist, `benchmarks/${benchmark}/sitemap.xml`)),
    runs: pick('runs/index.html'),
    run: pick(run && `runs/${run}/index.html`),
    'example list': pick(run && `runs/${run}/examples/index.html`),
    example: pick(run && firstListed(dist, `runs/${run}/sitemap.xml`)),
    explainer: pick('learn/how-results-work/index.html'),
    search: pick('search/index.html'),
  };
  return Object.fromEntries(Object.entries(pages).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Two queries a reader might type first: a word that occurs in exactly one output of the archive
 * and in no prompt (its example should come first), and the archive's most common output word of six letters or
 * more (the heaviest download an ordinary word causes).
 */
async function benchQueries(archive: string): Promise<{ rare: SearchProbe['rare']; common: string | undefined }> {
  const counts = new Map<string, number>();
  const where = new Map<string, string>();
  const asked = new Set<string>();
  const routes = createRoutes('/');
  for (const run of readdirSync(join(archive, 'runs')).sort()) {
    const file = EXAMPLE_FILES.find((f) => existsSync(join(archive, 'runs', run, f)));
    if (!file) continue;
    for await (const { example } of readExamples(archive, `runs/${run}/${file}`)) {
      for (const word of new Set(example.output.toLowerCase().match(/[a-z]{6,}/g) ?? [])) {
        const n = (counts.get(word) ?? 0) + 1;
        counts.set(word, n);
        if (n === 1) where.set(word, routes.example(run, example.id));
      }
      const prompt =
        typeof example.prompt === 'string' ? example.prompt : example.prompt.map((m) => m.content).join(' ');
      for (const word of prompt.toLowerCase().match(/[a-z]{6,}/g) ?? []) asked.add(word);
    }
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // In one output and in no prompt: the question asking it would be a match as good.
  const rare = sorted.filter(([w, n]) => n === 1 && !asked.has(w)).map(([w]) => w)[0];
  return { rare: rare ? { word: rare, href: where.get(rare) ?? '' } : undefined, common: sorted[0]?.[0] };
}

async function firstQueries(
  dist: string,
  queries: { rare: string | undefined; common: string | undefined },
): Promise<SizeReport['firstQuery']> {
  const measure = async (query: string | undefined) => {
    if (!query) return undefined;
    const q = await measureFirstQuery(dist, query);
    return { query, bytes: q.total, requests: q.requests };
  };
  return { rare: await measure(queries.rare), common: await measure(queries.common) };
}

export async function benchSize(options: BenchOptions, size: number): Promise<SizeReport> {
  const { projectRoot, workDir, seed, log } = options;
  log(`\n== ${size.toLocaleString('en-US')} examples`);
  const archive = await benchArchive(workDir, size, seed);
  const { examples } = JSON.parse(readFileSync(join(archive, '.complete'), 'utf8')) as { examples: number };

  // What earlier invocations left goes first, before anything is timed: on this project's virtual
  // disk, creating files right after deleting many is several times slower than otherwise (20,000
  // pages in 5.5-30 s against 2.2 s; docs/performance.md), so no timed step may follow a deletion.
  const out = join(workDir, `site-${size}`);
  const check = join(workDir, `site-${size}-check`);
  const grown = join(workDir, `archive-${size}-seed${seed}-plus-run`);
  const floorOuts = [join(workDir, `floor-${size}-1`), join(workDir, `floor-${size}-2`)];
  const outputs = [out, `${out}-cache`, check, `${check}-cache`, grown, ...floorOuts];
  for (const path of outputs) rmSync(path, { recursive: true, force: true });
  await Promise.all([settled(out), settled(check)]);

  // The floor, twice, keeping the faster: on a virtual disk one run can be twice the other. Each
  // writes a folder of its own, so that the second does not follow the first one's deletion.
  let floorWall = Infinity;
  let floor = { pages: 0, bytes: 0 };
  for (const floorOut of floorOuts) {
    flushDisk();
    const floorStart = performance.now();
    floor = await writeFloorPages(archive, floorOut);
    floorWall = Math.min(floorWall, (performance.now() - floorStart) / 1000);
  }
  log(`floor: ${floor.pages} pages in ${floorWall.toFixed(1)} s (the faster of two runs)`);

  // Validation is bound by the CPU, whose speed on a shared machine moves by a fifth from one run
  // to the next: like the floor, it is the fastest of its runs, and every run is printed.
  flushDisk();
  const validations: number[] = [];
  for (let run = 0; run < VALIDATION_RUNS; run++) {
    const validationStart = performance.now();
    const said = execFileSync(process.execPath, ['scripts/validate.ts', archive], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    const command = (performance.now() - validationStart) / 1000;
    // The validator's own clock, without Node's start (a third of a second, most of a small archive's time).
    const own = /\(([\d.]+) s\)\s*$/.exec(said);
    const rate = examples / (own ? Number(own[1]) : command);
    validations.push(rate);
    log(
      `validation ${run + 1} of ${VALIDATION_RUNS}: ${Math.round(rate).toLocaleString('en-US')} examples/s (the command took ${command.toFixed(2)} s)`,
    );
  }
  const validation = Math.max(...validations);

  // The cold build reads a copy of the archive, which then gains a run in place: a build's caches
  // are the archive folder's own (src/cache/root.ts), so the incremental build must read the same
  // folder to find them.
  cpSync(archive, grown, { recursive: true });
  await settled(out);
  const cold = await timedBuild(projectRoot, grown, out);
  log(`cold build: ${cold.wall.toFixed(1)} s`);

  const before = treeDigest(out);
  const added = await addRun(grown, options.added);
  const incremental = await timedBuild(projectRoot, grown, out);
  log(`incremental build (one run of ${added.examples} examples added): ${incremental.wall.toFixed(1)} s`);

  const checkBuild = await timedBuild(projectRoot, grown, check);
  log(`cold build of the grown archive: ${checkBuild.wall.toFixed(1)} s`);
  const after = treeDigest(out);
  const upload = uploadOf(before, after, out);
  log(
    `a deploy after it uploads ${upload.files.toLocaleString('en-US')} files (${mb(upload.bytes)}) and deletes ${upload.removed}`,
  );
  const identical = compareTrees(check, out, after);
  log(`identical to a cold build of the same archive: ${identical.same ? 'yes' : `no (${identical.firstDifference})`}`);

  const dist = folderSize(out);
  const pages = samplePages(out);
  const queries = await benchQueries(grown);
  const search = await checkSearch(out, {
    ...queries,
    hostile: { word: HOSTILE.word, text: HOSTILE.text, href: createRoutes('/').example(added.id, added.hostile) },
  });
  log(`search at this size: ${search.failures.length === 0 ? 'every check passed' : search.failures.join('; ')}`);
  const report: SizeReport = {
    size,
    examples,
    floor: { wall: floorWall, pages: floor.pages },
    validation,
    cold,
    check: checkBuild,
    added: added.examples,
    incremental,
    identical,
    upload,
    search,
    pages: countHtml(out),
    distBytes: dist.bytes,
    indexBytes: folderSize(join(out, 'pagefind')).bytes,
    ...(await exampleFigures(out, grown).then(({ html, textBytes }) => ({ exampleHtml: html, textBytes }))),
    jsBytes: Object.fromEntries(Object.entries(pages).map(([type, file]) => [type, pageScriptBytes(out, file)])),
    firstQuery: options.firstQuery
      ? await firstQueries(out, { rare: queries.rare?.word, common: queries.common })
      : undefined,
  };
  // Measured: what only this size needed can go (the site stays, for a look at what was built).
  for (const path of [check, `${check}-cache`, ...floorOuts]) rmSync(path, { recursive: true, force: true });
  return report;
}

function countHtml(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (entry.name.endsWith('.html')) n++;
    }
  };
  walk(dir);
  return n;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const s = (seconds: number | undefined) => (seconds === undefined ? '–' : `${seconds.toFixed(1)} s`);
/** Of two figures, the one with the higher measure. */
const higher = <T>(a: T, b: T, measure: (x: T) => number) => (measure(b) > measure(a) ? b : a);
/** The faster of two timings, when both were read. */
const faster = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : Math.min(a, b);
const ratio = (a: number | undefined, b: number) => (a === undefined ? '–' : `${(a / b).toFixed(1)}×`);

const queryCell = (q: { query: string; bytes: number; requests: number } | undefined) =>
  q ? `${kb(q.bytes)} ("${q.query}", ${q.requests} requests)` : '–';

/** The size whose floor and first queries the issue's targets are measured against. */
const REFERENCE = 100_000;
const GB = 1024 ** 3;

/** The figures a size must meet, each with its verdict (docs/performance.md lists them). */
export function targets(report: SizeReport, reports: readonly SizeReport[]): { what: string; met: boolean }[] {
  const reference = reports.find((r) => r.size === REFERENCE) ?? report;
  const cold = faster(report.cold.wall, report.check.wall) ?? Infinity;
  const memory = Math.max(report.cold.memory.process.bytes, report.check.memory.process.bytes);
  const memoryLimit = report.size >= 1_000_000 ? 2 * GB : 1.5 * GB;
  const incrementalLimit = report.size >= 1_000_000 ? 1.5 : 1.0;
  const out: { what: string; met: boolean }[] = [
    { what: 'cold build ≤ 4× the floor', met: cold <= 4 * report.floor.wall },
    {
      what: `largest process ≤ ${memoryLimit / GB} GB`,
      met: memory <= memoryLimit && report.incremental.memory.process.bytes <= memoryLimit,
    },
    {
      what: `added run ≤ ${incrementalLimit}× the ${REFERENCE.toLocaleString('en-US')}-example floor`,
      met: report.incremental.wall <= incrementalLimit * reference.floor.wall,
    },
    { what: 'incremental dist/ the same as a cold build', met: report.identical.same },
    {
      what: 'dist/ ≤ 8 KB per example beyond its texts',
      met: (report.distBytes - report.textBytes) / (report.examples + report.added) <= 8 * 1024,
    },
  ];
  if (report.search)
    out.push({
      what: 'search checks (rare word first, filter, hostile text, one list)',
      met: report.search.failures.length === 0,
    });
  for (const kind of ['rare', 'common'] as const) {
    const q = report.firstQuery?.[kind];
    if (!q) continue;
    const base = reference.firstQuery?.[kind];
    out.push({ what: `first query "${q.query}" ≤ 150 KB`, met: q.bytes <= 150 * 1024 });
    if (report !== reference && base)
      out.push({
        what: `first query "${q.query}" ≤ 10% above ${REFERENCE.toLocaleString('en-US')}`,
        met: q.bytes <= 1.1 * base.bytes,
      });
  }
  return out;
}

/** The report as one table, a row per figure and a column per size, and the targets each size missed. */
export function formatReport(reports: readonly SizeReport[]): string {
  const reference = reports.find((r) => r.size === REFERENCE);
  const rows: [string, (r: SizeReport) => string][] = [
    ['examples', (r) => r.examples.toLocaleString('en-US')],
    ['pages', (r) => r.pages.toLocaleString('en-US')],
    ['floor (plain streaming writer)', (r) => s(r.floor.wall)],
    [
      `validation, examples/s, the fastest of ${VALIDATION_RUNS} (target ≥ 50,000)`,
      (r) => Math.round(r.validation).toLocaleString('en-US'),
    ],
    ['cold build, wall (the archive / the grown archive)', (r) => `${s(r.cold.wall)} / ${s(r.check.wall)}`],
    ['  ratio to floor, the faster (target ≤ 4×)', (r) => ratio(faster(r.cold.wall, r.check.wall), r.floor.wall)],
    ['  page phase', (r) => `${s(r.cold.pagePhase)} / ${s(r.check.pagePhase)}`],
    [
      '  page phase ratio, the faster (target ≤ 4×)',
      (r) => ratio(faster(r.cold.pagePhase, r.check.pagePhase), r.floor.wall),
    ],
    ['  pages/s', (r) => Math.round(r.pages / r.cold.wall).toLocaleString('en-US')],
    [
      '  peak memory, one process (target ≤ 1.5 GB; ≤ 2 GB at 1,000,000)',
      (r) => {
        const { process } = higher(r.cold.memory, r.check.memory, (m) => m.process.bytes);
        return `${mb(process.bytes)} (${process.command.split('/').pop() ?? ''})`;
      },
    ],
    ['  peak memory, process tree (the larger)', (r) => mb(Math.max(r.cold.memory.tree, r.check.memory.tree))],
    ['incremental build, wall', (r) => s(r.incremental.wall)],
    ['  examples in the added run', (r) => r.added.toLocaleString('en-US')],
    ['  ratio to its own floor', (r) => ratio(r.incremental.wall, r.floor.wall)],
    [
      '  ratio to the 100,000 floor (target ≤ 1.0×; ≤ 1.5× at 1,000,000)',
      (r) => (reference ? ratio(r.incremental.wall, reference.floor.wall) : '–'),
    ],
    ['  peak memory, one process', (r) => mb(r.incremental.memory.process.bytes)],
    ['  same dist/ as a cold build', (r) => (r.identical.same ? 'yes' : `NO: ${r.identical.firstDifference ?? ''}`)],
    [
      '  a deploy then uploads: files, bytes / deletes',
      (r) => `${r.upload.files.toLocaleString('en-US')}, ${mb(r.upload.bytes)} / ${r.upload.removed}`,
    ],
    ['dist/ bytes', (r) => mb(r.distBytes)],
    [
      '  per example, beyond its prompt and output (target ≤ 8 KB)',
      // dist/ is the grown archive's: the examples and the added run's.
      (r) => kb((r.distBytes - r.textBytes) / (r.examples + r.added)),
    ],
    ['search index bytes', (r) => mb(r.indexBytes)],
    ['  shards the rare word loads', (r) => (r.search ? String(r.search.rareShards) : '–')],
    [
      '  checks: rare word first / filter / hostile as text / one list',
      (r) =>
        r.search
          ? [r.search.rareFirst, r.search.filtered, r.search.hostileAsText, r.search.oneList]
              .map((ok) => (ok ? 'yes' : 'NO'))
              .join(' / ')
          : '–',
    ],
    ['example page HTML, median', (r) => kb(r.exampleHtml.median)],
    ['  beyond prompt and output (target ≤ 6 KB)', (r) => kb(r.exampleHtml.beyondText)],
    ['first search query, rare word (target ≤ 150 KB, ≤ +10% on 100,000)', (r) => queryCell(r.firstQuery?.rare)],
    ['first search query, most common word (same targets)', (r) => queryCell(r.firstQuery?.common)],
  ];
  const types = [...new Set(reports.flatMap((r) => Object.keys(r.jsBytes)))];
  for (const type of types) rows.push([`JS, ${type} page`, (r) => kb(r.jsBytes[type] ?? 0)]);
  const header = ['', ...reports.map((r) => r.size.toLocaleString('en-US'))];
  const body = rows.map(([label, f]) => [label, ...reports.map(f)]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  // The targets are set at 100,000 examples and above; smaller sizes are figures only.
  const judged = reports.filter((r) => r.size >= REFERENCE);
  const missed = judged.flatMap((r) =>
    targets(r, reports)
      .filter((t) => !t.met)
      .map((t) => `  ${r.size.toLocaleString('en-US')}: ${t.what}`),
  );
  const verdict = missed.length === 0 ? 'every target met' : `targets missed (${missed.length}):\n${missed.join('\n')}`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line), '', verdict].join(
    '\n',
  );
}
