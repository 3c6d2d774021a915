import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Bytes and files below a folder. */
export function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        bytes += statSync(path).size;
        files++;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? (sorted[(n - 1) / 2] ?? NaN) : ((sorted[n / 2 - 1] ?? 0) + (sorted[n / 2] ?? 0)) / 2;
}

/**
 * The JavaScript a page ships: its module scripts and what they import statically, in bytes.
 * Scripts fetched later on demand (Pagefind's, on the first search) are counted with the query.
 */
export function pageScriptBytes(dist: string, pageFile: string): number {
  const html = readFileSync(join(dist, pageFile), 'utf8');
  const seen = new Set<string>();
  let bytes = 0;
  const add = (url: string, from: string) => {
    const path = url.startsWith('/') ? url : posix.join(posix.dirname(from), url);
    if (seen.has(path) || !existsSync(join(dist, path))) return;
    seen.add(path);
    const source = readFileSync(join(dist, path), 'utf8');
    bytes += Buffer.byteLength(source);
    for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g))
      if (m[1]) add(m[1], path);
  };
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) if (m[1]) add(m[1], `/${pageFile}`);
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
    if (m[1] && !/type="application\/(ld\+)?json"/.test(m[0])) bytes += Buffer.byteLength(m[1]);
  return bytes;
}
