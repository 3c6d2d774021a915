import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { MAX_LINE_BYTES } from '../schema/common.ts';

/** One line of a JSONL file, or the reason it could not be read. */
export type LineEvent =
  | { kind: 'line'; line: number; text: string; offset: number; bytes: number }
  /** `record` tells whether the line held a record (a blank line does not; an unreadable one does). */
  | { kind: 'problem'; line: number; message: string; record: boolean };

export interface ReadLinesOptions {
  maxLineBytes?: number;
  /** Start reading at this byte of the (decompressed) stream; lines are then numbered from `firstLine`. */
  start?: number;
  firstLine?: number;
  /** Sees every (decompressed) chunk read, in order, before its lines. */
  onChunk?: (bytes: Buffer) => void;
  /** Sees every chunk of the file itself as read (compressed, for a gzip file), in order. */
  onFileChunk?: (bytes: Buffer) => void;
}

const NEWLINE = 0x0a;

export function isGzipPath(path: string): boolean {
  return path.endsWith('.gz');
}

function openStream(path: string, start: number, onFileChunk?: (bytes: Buffer) => void): AsyncIterable<Buffer> {
  // Large chunks: run files reach gigabytes and per-chunk overhead dominates with small ones.
  const file = createReadStream(path, { highWaterMark: 1 << 20, start: isGzipPath(path) ? 0 : start });
  if (!isGzipPath(path)) return file;
  // Piped, so already flowing: one more listener sees the same chunks.
  if (onFileChunk)
    file.on('data', (chunk) => {
      onFileChunk(chunk as Buffer);
    });
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
  for await (const batch of readLineBatches(path, options)) yield* batch;
}

/**
 * readLines a chunk at a time: the lines that end in each chunk read, in order. Where every line
 * is wanted, this spares an `await` per line, a fifth of reading a file.
 */
export async function* readLineBatches(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineEvent[]> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  let skip = isGzipPath(path) ? (options.start ?? 0) : 0;
  let line = (options.firstLine ?? 1) - 1;
  let position = options.start ?? 0; // byte offset of the next unread byte in the decompressed stream
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let carryStart = position;
  let overLong = false;
  let atStart = (options.start ?? 0) === 0;

  function lineEvent(buf: Buffer, start: number, end: number, offset: number): LineEvent {
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
    if (bytes === 0)
      return {
        kind: 'problem',
        line,
        message: 'blank line: every line holds one JSON record; remove it',
        record: false,
      };
    const slice = buf.subarray(start, end);
    if (!isUtf8(slice))
      return { kind: 'problem', line, message: 'invalid UTF-8: save the file as UTF-8', record: true };
    return { kind: 'line', line, text: slice.toString('utf8'), offset, bytes };
  }

  function overLongEvent(length: number): LineEvent {
    line++;
    atStart = false;
    return {
      kind: 'problem',
      line,
      message: `line is ${length.toLocaleString('en-US')} bytes long; the limit is ${max.toLocaleString('en-US')}`,
      record: true,
    };
  }

  const plain = !isGzipPath(path);
  for await (let chunk of openStream(path, options.start ?? 0, options.onFileChunk)) {
    // A plain file's chunks are the file's own.
    if (plain) options.onFileChunk?.(chunk);
    if (skip > 0) {
      if (chunk.length <= skip) {
        skip -= chunk.length;
        continue;
      }
      chunk = chunk.subarray(skip);
      skip = 0;
    }
    options.onChunk?.(chunk);
    const batch: LineEvent[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, from);
      if (nl === -1) break;
      const length = carryBytes + (nl - from);
      if (overLong || length > max) {
        batch.push(overLongEvent(length));
      } else if (carryBytes > 0) {
        carry.push(chunk.subarray(from, nl));
        batch.push(lineEvent(Buffer.concat(carry, length), 0, length, carryStart));
      } else {
        batch.push(lineEvent(chunk, from, nl, position + from));
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
    if (batch.length > 0) yield batch;
  }
  if (carryBytes > 0)
    yield [
      overLong ? overLongEvent(carryBytes) : lineEvent(Buffer.concat(carry, carryBytes), 0, carryBytes, carryStart),
    ];
}
