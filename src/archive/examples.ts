import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { cachePath } from '../cache/root.ts';
import { CacheStore } from '../cache/store.ts';
import type { Example } from '../schema/example.ts';
import { isGzipPath, readLineBatches, readLines } from './jsonl.ts';

/**
 * Reading examples for pages and scripts. Examples never enter Astro's content store (its memory
 * grows with every byte it holds); they stay in their files and are streamed from there.
 * These functions expect a validated archive: a line that does not parse throws.
 */

export interface ExampleRecord {
  example: Example;
  /** 1-based line in the examples file. */
  line: number;
  /** 0-based position among the run's examples. */
  index: number;
  /** Where its line is in the (decompressed) file: what random access reads (ExamplePlace). */
  place: ExamplePlace;
}

/**
 * An example line of a validated archive. The schema has no defaults or transforms, so what
 * validation accepted parses to the same value; checking it again on every read would double the
 * cost of each page rendered from it. A line that is not even an object with an id throws.
 */
function parse(text: string, file: string, line: number): Example {
  const value = JSON.parse(text) as Example | null;
  if (typeof value !== 'object' || value === null || typeof value.id !== 'string')
    throw new Error(`${file}:${line}: not a valid example; run npm run validate`);
  return value;
}

/**
 * A run's examples in file order, one at a time. `file` is relative to the archive root.
 * `onChunk` sees the (decompressed) bytes as they are read (decompressedCopy).
 */
export async function* readExamples(
  root: string,
  file: string,
  options: { onChunk?: (bytes: Buffer) => void } = {},
): AsyncGenerator<ExampleRecord> {
  let index = 0;
  for await (const event of readLines(join(root, file), options)) {
    if (event.kind === 'problem') throw new Error(`${file}:${event.line}: ${event.message}; run npm run validate`);
    yield {
      example: parse(event.text, file, event.line),
      line: event.line,
      index: index++,
      place: { line: event.line, offset: event.offset, bytes: event.bytes },
    };
  }
}

/** Where an example's line is: its number, and its bytes in the (decompressed) file. */
export interface ExamplePlace {
  line: number;
  offset: number;
  bytes: number;
}

/** Random access to one run's examples by id. */
export interface ExampleIndex {
  /** Example ids in file order. */
  ids: readonly string[];
  get(id: string): Promise<Example | undefined>;
  /** Close its file (releaseExampleIndex). */
  close(): void;
}

/** The name of a gzip file's decompressed copy: a digest of its path, size and time. */
function copyName(path: string): string {
  const { size, mtimeMs } = statSync(path);
  return `${createHash('sha256').update(`${path}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 24)}.jsonl`;
}

/** The decompressed copies in `cacheDir`: a store of `<key>.jsonl` files. */
const copies = (cacheDir: string) => new CacheStore(cacheDir, { names: /^[0-9a-f]{24}\.jsonl$/ });

/**
 * Where random access reads from: the file itself, or for a gzip file a decompressed copy in the
 * cache (gzip cannot seek), a keyed store (src/cache/store.ts) keyed by the compressed file's path,
 * size and time.
 */
async function seekable(path: string, cacheDir: string): Promise<string> {
  if (!isGzipPath(path)) return path;
  // No pass over the file made its copy (decompressedCopy): one read through, for the copy alone.
  const copy = decompressedCopy(path, cacheDir);
  if (copy) {
    try {
      const lines = readLineBatches(path, {
        onChunk: (bytes) => {
          copy.write(bytes);
        },
      });
      while (!(await lines.next()).done);
    } catch (error) {
      copy.abandon();
      throw error;
    }
    copy.commit();
  }
  return copies(cacheDir).path(copyName(path));
}

/**
 * Remove the decompressed copies no gzip examples file of the archive has now (the file changed,
 * or its run left): a copy is made again only when its file changes, so an unchanged run keeps
 * its copy however many builds go by without reading it. Returns how many were removed.
 */
export function sweepExampleCopies(examplesFiles: readonly string[], cacheDir = defaultCopies()): number {
  // A store of its own: what it marks is what the archive has, whatever this process read before.
  const store = copies(cacheDir);
  for (const path of examplesFiles) if (isGzipPath(path) && existsSync(path)) store.mark(copyName(path));
  return store.sweep();
}

/**
 * The decompressed copy of a gzip examples file, written from the chunks of a pass that reads the
 * file anyway (a build's render pass: src/render/family-pages.ts), so that random access later
 * need not decompress it again. Undefined for a plain file, or when the copy is there already.
 * The copy is the decompressed stream byte for byte, so every offset in it is the original's.
 */
export function decompressedCopy(
  path: string,
  cacheDir = defaultCopies(),
): { write(bytes: Buffer): void; commit(): void; abandon(): void } | undefined {
  if (!isGzipPath(path)) return undefined;
  const store = copies(cacheDir);
  const name = copyName(path);
  if (store.mark(name)) return undefined;
  const partial = store.partial(name);
  const fd = openSync(partial, 'w');
  return {
    write: (bytes) => {
      writeSync(fd, bytes);
    },
    commit: () => {
      closeSync(fd);
      store.commit(name, partial);
    },
    abandon: () => {
      closeSync(fd);
      rmSync(partial, { force: true });
    },
  };
}

const indexes = new Map<string, Promise<ExampleIndex>>();

/** Where decompressed copies are kept: examples/ of the cache root (src/cache/root.ts), outside the build output. */
const defaultCopies = () => cachePath(process.cwd(), 'examples');

/** What a caller already knows of a run's examples, in file order: the index then need not read them. */
export interface KnownPlaces {
  ids: readonly string[];
  places: readonly ExamplePlace[];
}

/**
 * The index of a run's examples, built once per process and shared by every page that asks.
 * Holds ids and byte offsets only; each example is read from disk when asked for. Without `known`
 * places, building it reads the whole file.
 */
export function exampleIndex(
  root: string,
  file: string,
  cacheDir = defaultCopies(),
  known?: KnownPlaces,
): Promise<ExampleIndex> {
  const path = join(root, file);
  let index = indexes.get(path);
  if (!index) {
    index = buildIndex(root, file, cacheDir, known);
    indexes.set(path, index);
  }
  return index;
}

/** Forget a run's index and close its file: the build has rendered every page that reads from it. */
export function releaseExampleIndex(root: string, file: string): void {
  const path = join(root, file);
  const index = indexes.get(path);
  indexes.delete(path);
  void index?.then((i) => {
    i.close();
  });
}

async function buildIndex(
  root: string,
  file: string,
  cacheDir: string,
  known: KnownPlaces | undefined,
): Promise<ExampleIndex> {
  const path = join(root, file);
  const source = await seekable(path, cacheDir);
  const slots = new Map<string, ExamplePlace>();
  const ids: string[] = [];
  if (known) known.ids.forEach((id, i) => slots.set(id, known.places[i] as ExamplePlace));
  else
    for await (const event of readLines(source)) {
      if (event.kind === 'problem') throw new Error(`${file}:${event.line}: ${event.message}; run npm run validate`);
      const { id } = JSON.parse(event.text) as { id: string };
      slots.set(id, { line: event.line, offset: event.offset, bytes: event.bytes });
      ids.push(id);
    }
  if (known) ids.push(...known.ids);
  // One descriptor per run until it is released: cross-endpoint pages read thousands of examples
  // from each run, and opening the file for each costs more than the read.
  let fd: number | undefined = openSync(source, 'r');
  return {
    ids,
    get(id) {
      // Released, yet still asked: read through a new index.
      if (fd === undefined) return exampleIndex(root, file, cacheDir, known).then((i) => i.get(id));
      const slot = slots.get(id);
      if (!slot) return Promise.resolve(undefined);
      const buffer = Buffer.alloc(slot.bytes);
      readSync(fd, buffer, 0, slot.bytes, slot.offset);
      return Promise.resolve(parse(buffer.toString('utf8'), file, slot.line));
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
