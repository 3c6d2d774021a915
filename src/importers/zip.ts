import { buffer } from 'node:stream/consumers';
import { inflateRawSync, zstdDecompressSync } from 'node:zlib';
import yauzl from 'yauzl';

/**
 * The members of a zip archive by name, decompressed. yauzl reads the archive and hands over the
 * raw member data; members compressed with zstd (method 93, which Inspect writes since 0.3.206)
 * are decoded with Node's own zstd, DEFLATE (8) with zlib. When a name occurs twice, the later
 * entry of the central directory wins, as Python's zipfile (and so Inspect) reads it.
 */
export async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: true, validateEntrySizes: false });
  const members = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const raw = await buffer(await zip.openReadStreamPromise(entry, { decodeFileData: false }));
      let data: Buffer;
      if (entry.compressionMethod === 0) data = raw;
      else if (entry.compressionMethod === 8) data = inflateRawSync(raw);
      else if (entry.compressionMethod === 93) data = zstdDecompressSync(raw);
      else throw new Error(`${entry.fileName}: compression method ${entry.compressionMethod} is not supported`);
      members.set(entry.fileName, data);
    }
  } finally {
    zip.close();
  }
  return members;
}
