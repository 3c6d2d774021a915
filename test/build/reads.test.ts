import { cpSync, existsSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUT, PROJECT, SAMPLE } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';

// How often a build reads each examples file (docs/architecture.md): every process and thread of
// the build is given test/helpers/count-reads.mjs, which notes each opening of an examples file.

const root = join(OUT, 'reads');
const archive = join(root, 'archive');
const log = join(root, 'reads.log');

interface Reads {
  /** Streams from the start, and whole-file reads: passes over the file. */
  whole: number;
  /** Openings to read pieces of it (random access by offset). */
  pieces: number;
}

/** Build the copy of the sample archive, counting the reads of each examples file. */
async function build(): Promise<Map<string, Reads>> {
  rmSync(log, { force: true });
  const result = await script('build', [], {
    BENCHSCOPE_ARCHIVE: archive,
    BENCHSCOPE_OUT: join(root, 'dist'),
    BENCHSCOPE_CACHE: join(root, 'cache'),
    BENCHSCOPE_READS_LOG: log,
    NODE_OPTIONS: `--import=${join(PROJECT, 'test', 'helpers', 'count-reads.mjs')}`,
  });
  if (result.code !== 0) throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
  const reads = new Map<string, Reads>();
  for (const line of existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []) {
    const [kind, path, start] = line.split(' ');
    if (!kind || !path) continue;
    const file = path.slice(archive.length + 1);
    const counted = reads.get(file) ?? { whole: 0, pieces: 0 };
    if (kind === 'open') counted.pieces++;
    else if (kind === 'file' || start === '0') counted.whole++;
    reads.set(file, counted);
  }
  return reads;
}

const examplesFiles = () =>
  readdirSync(join(archive, 'runs'))
    .map((id) => ['examples.jsonl', 'examples.jsonl.gz'].map((name) => `runs/${id}/${name}`))
    .flat()
    .filter((file) => existsSync(join(archive, file)));

describe('a build', () => {
  let cold: Map<string, Reads>;
  beforeAll(async () => {
    rmSync(root, { recursive: true, force: true });
    cpSync(SAMPLE, archive, { recursive: true });
    cold = await build();
  }, 180_000);

  it('from scratch reads each examples file twice: to validate it, and to render its pages', () => {
    const files = examplesFiles();
    expect(files.some((f) => f.endsWith('.gz'))).toBe(true);
    expect([...cold.keys()].sort()).toEqual(files.sort());
    for (const file of files) expect({ file, whole: cold.get(file)?.whole }).toEqual({ file, whole: 2 });
    // Single examples are read by their offsets (the cross-endpoint pages, the explainers' example
    // cards): from a plain file itself, never from a gzip file (its decompressed copy, written as
    // its pages were rendered, is read instead).
    for (const file of files.filter((f) => f.endsWith('.gz')))
      expect({ file, pieces: cold.get(file)?.pieces ?? 0 }).toEqual({ file, pieces: 0 });
  });

  it('again, with nothing changed, reads no examples file through', async () => {
    const warm = await build();
    expect([...warm].filter(([, r]) => r.whole > 0).map(([file]) => file)).toEqual([]);
  }, 180_000);

  it('after a fresh checkout (new file times), reads each file once, only to know that it is unchanged', async () => {
    const later = new Date(Date.now() + 60_000);
    for (const file of examplesFiles()) utimesSync(join(archive, file), later, later);
    const fresh = await build();
    for (const file of examplesFiles()) expect({ file, whole: fresh.get(file)?.whole }).toEqual({ file, whole: 1 });
  }, 180_000);
});
