import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { MAX_LINE_BYTES } from '../schema/common.ts';

/** One line of a JSONL file, or the reason it could not be read. */
export type LineEvent =
  | {
      kind: 'line';
      line: number;
      text: string;
      /** The text's bytes: a view into the chunk read. */
      raw: Buffer;
      offset: number;
      bytes: number;
    }
  /** `record` tells whether the line held a record (a blank line does not; an unreadable one does). */
  | { kind: 'problem'; line: number; message: string; record: boolean };

export interface ReadLinesOptions {
  maxLineBytes?: number;
  /** Start reading at this byte of the (decompressed) stream; lines are then numbered from `firstLine`. */
  start?: number;
  firstLine?: number;
}

const NEWLINE = 0x0a;

export function isGzipPath(path: string): boolean {
  return path.endsWith('.gz');
}

function openStream(path: string, start: number): AsyncIterable<Buffer> {
  // Large chunks: run files reach gigabytes and per-chunk overhead dominates with small ones.
  const file = createReadStream(path, { highWaterMark: 1 << 20, start: isGzipPath(path) ? 0 : start });
  if (!isGzipPath(path)) return file;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/**
 * Stream the lines of a JSONL file (plain or gzip), without holding more than one line and one
 * chunk in memory. Accepts a UTF-8 BOM, CRLF line ends and a final newline; reports blank lines,
 * over-long lines and invalid UTF-8 as problems with their line numbers. Errors of the file itself
 * (missing, not gzip) are thrown.
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineEvent> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let skip = isGzipPath(path) ? (options.start ?? 0) : 0;
  let line = (options.firstLine ?? 1) - 1;
  let position = options.start ?? 0; // byte offset of the next unread byte in the decompressed stream
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let carryStart = position;
  let overLong = false;
  let atStart = (options.start ?? 0) === 0;

  function* emit(buf: Buffer, start: number, end: number, offset: number): Generator<LineEvent> {
    line++;
    let bytes = end - start;
    if (atStart) {
      atStart = false;
      if (bytes >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) {
        start += 3;
        offset += 3;
        bytes -= 3;
      }
    }
    if (bytes > 0 && buf[end - 1] === 0x0d) {
      end--;
      bytes--;
    }
    if (bytes === 0) {
      yield {
        kind: 'problem',
        line,
        message: 'blank line: every line holds one JSON record; remove it',
        record: false,
      };
      return;
    }
    const slice = buf.subarray(start, end);
    if (!isUtf8(slice)) {
      yield { kind: 'problem', line, message: 'invalid UTF-8: save the file as UTF-8', record: true };
      return;
    }
    yield { kind: 'line', line, text: slice.toString('utf8'), raw: slice, offset, bytes };
  }

  for await (let chunk of openStream(path, options.start ?? 0)) {
    if (skip > 0) {
      if (chunk.length <= skip) {
        skip -= chunk.length;
        continue;
      }
      chunk = chunk.subarray(skip);
      skip = 0;
    }
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, from);
      if (nl === -1) break;
      const length = carryBytes + (nl - from);
      if (overLong || length > max) {
        line++;
        atStart = false;
        yield {
          kind: 'problem',
          line,
          message: `line is ${length.toLocaleString('en-US')} bytes long; the limit is ${max.toLocaleString('en-US')}`,
          record: true,
        };
      } else if (carryBytes > 0) {
        carry.push(chunk.subarray(from, nl));
        yield* emit(Buffer.concat(carry, length), 0, length, carryStart);
      } else {
        yield* emit(chunk, from, nl, position + from);
      }
      carry = [];
      carryBytes = 0;
      overLong = false;
      from = nl + 1;
      carryStart = position + from;
    }
    const rest = chunk.length - from;
    if (rest > 0) {
      carryBytes += rest;
      // Past the limit, stop keeping the line: only its length is still needed for the message.
      if (carryBytes > max) {
        overLong = true;
        carry = [];
      } else {
        carry.push(Buffer.from(chunk.subarray(from)));
      }
    }
    position += chunk.length;
  }
  if (carryBytes > 0) {
    if (overLong) {
      line++;
      yield {
        kind: 'problem',
        line,
        message: `line is ${carryBytes.toLocaleString('en-US')} bytes long; the limit is ${max.toLocaleString('en-US')}`,
        record: true,
      };
    } else {
      const buf = Buffer.concat(carry, carryBytes);
      yield* emit(buf, 0, carryBytes, carryStart);
    }
  }
}
