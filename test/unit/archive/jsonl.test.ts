import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines, type LineEvent } from '../../../src/archive/jsonl.ts';

const dir = mkdtempSync(join(tmpdir(), 'benchscope-jsonl-'));
let n = 0;
function file(content: string | Buffer, gzip = false): string {
  const path = join(dir, `f${n++}.jsonl${gzip ? '.gz' : ''}`);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

async function all(path: string, options = {}): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  for await (const e of readLines(path, options)) out.push(e);
  return out;
}

const texts = (events: LineEvent[]) => events.map((e) => (e.kind === 'line' ? e.text : `!${e.line}:${e.message}`));

describe('readLines', () => {
  it('reads lines with their numbers, with or without a final newline', async () => {
    expect(texts(await all(file('{"a":1}\n{"b":2}\n')))).toEqual(['{"a":1}', '{"b":2}']);
    expect(texts(await all(file('{"a":1}\n{"b":2}')))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('accepts a BOM and CRLF line ends', async () => {
    const events = await all(file('\uFEFF{"a":1}\r\n{"b":"é"}\r\n'));
    expect(texts(events)).toEqual(['{"a":1}', '{"b":"é"}']);
  });

  it('reports a blank line with its number and keeps counting', async () => {
    const events = await all(file('{"a":1}\n\n{"b":2}\n'));
    expect(texts(events)).toEqual(['{"a":1}', '!2:blank line: every line holds one JSON record; remove it', '{"b":2}']);
    expect(events[2]?.line).toBe(3);
  });

  it('reports invalid UTF-8 on its line', async () => {
    const events = await all(
      file(Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"'), Buffer.from([0xff]), Buffer.from('"}\n')])),
    );
    expect(texts(events)).toEqual(['{"a":"ok"}', '!2:invalid UTF-8: save the file as UTF-8']);
  });

  it('reads gzip files the same way', async () => {
    expect(texts(await all(file('\uFEFF{"a":1}\r\n{"b":2}\n', true)))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('refuses over-long lines without keeping them, and goes on', async () => {
    const events = await all(file(`{"a":"${'x'.repeat(100)}"}\n{"b":2}\n`), { maxLineBytes: 50 });
    expect(texts(events)).toEqual(['!1:line is 108 bytes long; the limit is 50', '{"b":2}']);
  });

  it('reassembles lines that cross chunk boundaries, with byte offsets for random access', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, pad: 'é'.repeat(i % 700) }));
    const path = file(`${lines.join('\n')}\n`);
    const events = await all(path);
    expect(texts(events)).toEqual(lines);
    const last = events.at(-1);
    if (last?.kind !== 'line') throw new Error('expected a line');
    const resumed = await all(path, { start: last.offset, firstLine: last.line });
    expect(texts(resumed)).toEqual([lines.at(-1)]);
    expect(resumed[0]?.line).toBe(3000);
  });
});
