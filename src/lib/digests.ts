import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A digest of a file's bytes, read as a stream (run files reach gigabytes). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
