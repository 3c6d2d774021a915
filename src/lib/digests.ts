import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';

/**
 * A digest of the project's files matching `patterns` (paths and bytes, in a fixed order), with
 * `extra` text: the part of a cache key that says which code made an entry, so a change to that
 * code makes its entries unreachable.
 */
export function sourceDigest(projectRoot: string, patterns: readonly string[], extra = ''): string {
  const hash = createHash('sha256').update(extra);
  const files = fg.sync([...patterns], { cwd: projectRoot, onlyFiles: true, dot: false });
  for (const file of files.sort()) hash.update(`\0${file}\0`).update(readFileSync(join(projectRoot, file)));
  return hash.digest('hex');
}

/** A digest of a file's bytes, read as a stream (run files reach gigabytes). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
