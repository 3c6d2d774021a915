/**
 * One Pagefind index at a time, through its Node API: documents in, a bundle folder out, and the
 * build failed on any error Pagefind reports rather than a site whose search silently misses pages.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import type { SearchDocument } from './documents.ts';

/**
 * The files a shard needs. The first index a reader loads (the primary) brings Pagefind's script
 * and WebAssembly, not its worker (the search page runs Pagefind on its own thread); merged shards
 * use the primary's and keep only their own data. Pagefind's ready-made UIs are never kept: the
 * site has its own search page (src/client/search-page.ts).
 */
const DATA = /^(pagefind-entry\.json|pagefind\..+\.pf_meta|index|fragment|filter)$/;
const RUNTIME = /^(pagefind\.js|wasm\..+\.pagefind)$/;

export interface WrittenIndex {
  records: number;
  /** Peak resident memory of the Pagefind process, in bytes, where the system tells it (Linux). */
  peakRss: number | undefined;
}

export interface IndexOptions {
  /** Pagefind's worker threads; 1 leaves the other core to Astro while it renders. Default: all. */
  threads?: number | undefined;
  /** Documents sent before waiting for Pagefind to take them in. */
  inFlight?: number;
}

/**
 * Word positions per index chunk, for an index of `words` words. A reader's first query downloads
 * the index's list of chunks (about 10 bytes per chunk, in its pf_meta) and, for each query word,
 * the chunk holding it (about 1.2 bytes per position): their sum is smallest at √(8·words) positions
 * a chunk. Pagefind's default, 20,000, suits an index of 50 million words; at 100,000 examples (3
 * million words) the optimum is about 5,000, and for the site's own pages (15,000 words) 350.
 */
export function chunkSizeFor(words: number): number {
  return Math.min(20_000, Math.max(250, Math.round(Math.sqrt(8 * words))));
}

/** The Pagefind process this one started, found among its children (Linux only). */
function pagefindPid(): number | undefined {
  try {
    const children = readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/);
    return children
      .map(Number)
      .find((pid) => pid > 0 && readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('pagefind'));
  } catch {
    return undefined;
  }
}

function peakRss(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

function setEnv(name: string, value: number | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = String(value);
}

function failed(what: string, errors: readonly string[]): never {
  throw new Error(`Search index: ${what} failed:\n${errors.join('\n')}`);
}

/**
 * Index documents into a new Pagefind bundle at `outDir` and stop Pagefind, which frees its memory
 * before the next shard. `primary` keeps Pagefind's runtime files in the bundle.
 */
export async function writeIndex(
  documents: AsyncIterable<SearchDocument> | Iterable<SearchDocument>,
  outDir: string,
  options: IndexOptions & { primary: boolean; words: number },
): Promise<WrittenIndex> {
  // Pagefind starts its process on the first call and reads its settings from the environment then.
  // TODO(Pagefind): the chunk size is only settable through this "unstable" variable; the cache key
  // includes Pagefind's version, so a release that drops it changes the sizes, not the results.
  setEnv('RAYON_NUM_THREADS', options.threads);
  setEnv('PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE', chunkSizeFor(options.words));
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  try {
    if (!created.index || created.errors.length > 0) failed('starting Pagefind', created.errors);
    const index = created.index;
    // Several documents in flight, so that reading the archive and Pagefind's parsing overlap; the
    // errors of all of them are collected, and the first one fails the build.
    const pending: Promise<void>[] = [];
    const errors: string[] = [];
    let records = 0;
    const take = async (doc: SearchDocument) => {
      const added = await index.addHTMLFile(doc);
      errors.push(...added.errors.map((e) => `${doc.url}: ${e}`));
    };
    for await (const doc of documents) {
      pending.push(take(doc).catch((error: unknown) => void errors.push(`${doc.url}: ${String(error)}`)));
      records++;
      if (pending.length >= (options.inFlight ?? 16)) await pending.shift();
      if (errors.length > 0) break;
    }
    await Promise.all(pending);
    if (errors.length > 0) failed('indexing the documents', errors);
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length > 0) failed('writing the index', written.errors);
    const peak = peakRss(pagefindPid());
    const keep = options.primary
      ? (name: string) => DATA.test(name) || RUNTIME.test(name)
      : (n: string) => DATA.test(n);
    for (const name of await readdir(outDir)) if (!keep(name)) await rm(join(outDir, name), { recursive: true });
    return { records, peakRss: peak };
  } finally {
    await pagefind.close();
  }
}

/** Bytes of the files below a folder. */
export function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  return bytes;
}
