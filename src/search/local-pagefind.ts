/**
 * Pagefind's own search script, run in Node over folders on disk: the build asks a shard for its
 * best score of a word (src/search/scores.ts), and the bench and tests run the search page's code
 * against a built site (src/bench/site-search.ts). Pagefind's script fetches its files; here fetch
 * is replaced, once in the process, by one that serves `http://<host>/<path>` from the folders
 * registered for that host, the first that has the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pagefind } from '../client/sharded-search.ts';

const hosts = new Map<string, readonly string[]>();
let next = 0;

function install(): void {
  if (hosts.size > 0) return;
  globalThis.fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    for (const dir of hosts.get(url.host) ?? []) {
      try {
        return new Response(await readFile(join(dir, decodeURIComponent(url.pathname))), { status: 200 });
      } catch {
        // Not in this folder: the next one.
      }
    }
    return new Response('', { status: 404 });
  };
}

/** Serve folders (layered: the first that has a file serves it) at a host of their own; returns its base URL. */
export function serveFolders(...dirs: string[]): { url: string; close: () => void } {
  install();
  const host = `local-${next++}.test`;
  hosts.set(host, dirs);
  return { url: `http://${host}/`, close: () => hosts.delete(host) };
}

/** A Pagefind instance of the script in `runtime` (a folder holding pagefind.js), with its options. */
export async function pagefindInstance(runtime: string, options: Record<string, unknown>): Promise<Pagefind> {
  const module = (await import(pathToFileURL(join(runtime, 'pagefind.js')).href)) as {
    createInstance: (options: Record<string, unknown>) => Pagefind;
  };
  return module.createInstance(options);
}
