import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Compressible types, as a static host compresses them. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript)|image\/svg)/;

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  gzip?: boolean;
  port?: number;
  /** Send the headers the site's `_headers` file sets for every path, as Netlify and Cloudflare Pages do. */
  headers?: boolean;
  /** Told, for each response, its path and the bytes of its body as sent (compressed when it was). */
  onSent?: (path: string, bytes: number) => void;
}

/**
 * The headers a `_headers` file (as Netlify and Cloudflare Pages read it) sets for every path
 * (`/*`): the only rule the site's own file has.
 */
export function headersForAll(root: string): Record<string, string> {
  const file = join(root, '_headers');
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  let all = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) all = line.trim() === '/*';
    else if (all) {
      const colon = line.indexOf(':');
      out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  return out;
}

/**
 * Serve a built site on loopback, as a static host would: folders answer with their index.html,
 * and with `gzip` compressible files are sent gzip-compressed to clients that accept it. Used by
 * the browser tests and the benchmarks to measure what a reader's browser transfers. With `headers`,
 * every response carries the headers the site's `_headers` file sets, as a host that reads it would.
 */
export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const extra = options.headers === true ? headersForAll(root) : {};
  const server: Server = createServer((req, res) => {
    for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, pathname));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      const notFound = join(root, '404.html');
      res.writeHead(404, { 'Content-Type': TYPES['.html'] ?? 'text/html' });
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const gzip =
      options.gzip === true && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, {
      'Content-Type': type,
      ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    });
    const body = gzip ? createReadStream(file).pipe(createGzip()) : createReadStream(file);
    if (options.onSent) {
      let sent = 0;
      body.on('data', (chunk: Buffer) => (sent += chunk.length));
      body.on('end', () => options.onSent?.(req.url ?? pathname, sent));
    }
    body.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
