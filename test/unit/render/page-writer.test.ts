import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cannotLink, KnownFolders, PageWriter, writerScript } from '../../../src/render/page-writer.ts';
import { PROJECT } from '../../helpers/paths.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'benchscope-writer-'));
const writer = () => new PageWriter(writerScript(PROJECT));
const read = (path: string) => readFileSync(path, 'utf8');

describe('the page writer', () => {
  it('writes text and bytes, creating the folders they go in', async () => {
    const dir = fresh();
    const pages = writer();
    pages.write({ path: join(dir, 'runs', 'a', 'examples', 'x', 'index.html'), body: '<p>x</p>' });
    pages.write({ path: join(dir, 'runs', 'a', 'examples', 'y', 'z', 'index.html'), body: Buffer.from('<p>é</p>') });
    // A view into a larger buffer, as a rendered batch sends its pages: only the view is written.
    const batch = Buffer.from('<p>before</p><p>page</p><p>after</p>');
    pages.write({ path: join(dir, 'runs', 'b', 'index.html'), body: batch.subarray(13, 24) });
    await pages.settle();
    expect(read(join(dir, 'runs', 'a', 'examples', 'x', 'index.html'))).toBe('<p>x</p>');
    expect(read(join(dir, 'runs', 'a', 'examples', 'y', 'z', 'index.html'))).toBe('<p>é</p>');
    expect(read(join(dir, 'runs', 'b', 'index.html'))).toBe('<p>page</p>');
  });

  it('gives a file a second name when asked: the same file, in a folder it creates', async () => {
    const dir = fresh();
    const pages = writer();
    const page = join(dir, 'out', 'runs', 'a', 'index.html');
    const cached = join(dir, 'cache', 'pages', 'ab', 'abcdef.html');
    pages.write({ path: page, body: '<p>a</p>', linkTo: cached });
    await pages.settle();
    expect(read(cached)).toBe('<p>a</p>');
    expect(statSync(cached).ino).toBe(statSync(page).ino);
  });

  it('keeps the file already under the second name: another build stored the same page there', async () => {
    const dir = fresh();
    const pages = writer();
    const cached = join(dir, 'cache', 'page.html');
    mkdirSync(join(dir, 'cache'));
    writeFileSync(cached, 'stored before');
    pages.write({ path: join(dir, 'out', 'index.html'), body: 'new', linkTo: cached });
    await pages.settle();
    expect(read(join(dir, 'out', 'index.html'))).toBe('new');
    expect(read(cached)).toBe('stored before');
  });

  it('moves a file when asked, leaving nothing under its first name', async () => {
    const dir = fresh();
    const pages = writer();
    const partial = join(dir, 'cache', 'page.html.123.partial');
    const final = join(dir, 'cache', 'ab', 'page.html');
    pages.write({ path: partial, body: '<p>whole</p>', renameTo: final });
    await pages.settle();
    expect(read(final)).toBe('<p>whole</p>');
    expect(existsSync(partial)).toBe(false);
  });

  it('performs the operations in the order they were written, within a batch and across batches', async () => {
    const dir = fresh();
    const pages = writer();
    const file = join(dir, 'page.html');
    const moved = join(dir, 'moved', 'page.html');
    // A file written, moved away, then written again: the moved one is the first, the other the second.
    pages.write({ path: file, body: 'first', renameTo: moved });
    pages.write({ path: file, body: 'second' });
    await pages.settle();
    expect(read(moved)).toBe('first');
    expect(read(file)).toBe('second');
    for (let i = 0; i < 30; i++) {
      pages.write({ path: file, body: `batch ${i}, first write` });
      pages.write({ path: file, body: `batch ${i}, last write` });
      // More batches in flight than the writer lets wait: `ready` holds the caller back meanwhile.
      await pages.ready();
    }
    await pages.settle();
    expect(read(file)).toBe('batch 29, last write');
  });

  it('reports the first failure when settled, and goes on reporting it', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'out'), 'a file where the output folder should be');
    writeFileSync(join(dir, 'other'), 'another file in the way');
    const pages = writer();
    pages.write({ path: join(dir, 'fine', 'index.html'), body: 'written' });
    pages.write({ path: join(dir, 'out', 'runs', 'a', 'index.html'), body: 'fails' });
    await pages.ready();
    pages.write({ path: join(dir, 'other', 'index.html'), body: 'fails too' });
    const failure: unknown = await pages.settle().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const { message } = failure as Error;
    expect(message).toMatch(/^writing the pages: /);
    expect(message).toContain(join(dir, 'out', 'runs', 'a'));
    expect(message).not.toContain(join(dir, 'other'));
    // What came before the failure is written.
    expect(read(join(dir, 'fine', 'index.html'))).toBe('written');
    // A build that waits again still fails: the failure is never forgotten.
    await expect(pages.settle()).rejects.toThrow(message);
    await expect(pages.ready()).rejects.toThrow(message);
  });

  it('settles at once when nothing was written', async () => {
    await expect(writer().settle()).resolves.toBeUndefined();
  });

  it('fails, rather than waiting for ever, when its thread stops with pages unwritten', async () => {
    const dir = fresh();
    const script = join(dir, 'stops.mjs');
    writeFileSync(script, 'process.exit(3);\n');
    const pages = new PageWriter(pathToFileURL(script));
    pages.write({ path: join(dir, 'index.html'), body: 'x' });
    await expect(pages.settle()).rejects.toThrow('the page writer stopped (exit code 3) with pages unwritten');
    expect(existsSync(join(dir, 'index.html'))).toBe(false);
  });
});

describe('links the writer cannot make', () => {
  const error = (code: string) => Object.assign(new Error(code), { code });

  it('are made copies across file systems, where links are refused, or past the most links', () => {
    expect(cannotLink(error('EXDEV'))).toBe(true);
    expect(cannotLink(error('EPERM'))).toBe(true);
    expect(cannotLink(error('EMLINK'))).toBe(true);
  });

  it('are failures for any other reason', () => {
    expect(cannotLink(error('ENOENT'))).toBe(false);
    expect(cannotLink(error('EEXIST'))).toBe(false);
    expect(cannotLink(error('ENOSPC'))).toBe(false);
  });
});

describe('the folders a writer remembers making', () => {
  it('are those it added', () => {
    const known = new KnownFolders();
    known.add('/out/a');
    expect(known.has('/out/a')).toBe(true);
    expect(known.has('/out/b')).toBe(false);
  });

  it('are forgotten past ten thousand, so that memory stays bounded', () => {
    const known = new KnownFolders();
    known.add('/out/first');
    for (let i = 1; i < 10_000; i++) known.add(`/out/${i}`);
    expect(known.has('/out/first')).toBe(true);
    known.add('/out/one-more');
    expect(known.has('/out/first')).toBe(false);
    expect(known.has('/out/one-more')).toBe(true);
  });
});
