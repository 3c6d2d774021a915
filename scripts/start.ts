// npm start: build if the archive or the code changed since the last build, then serve dist/.
import { fileURLToPath } from 'node:url';
import { preview } from 'astro';
import { archiveRoot } from '../src/archive/root.ts';
import { inputFingerprint, isFresh } from '../src/pipeline/fingerprint.ts';
import { build } from '../src/pipeline/build.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const fingerprint = await inputFingerprint(projectRoot, archiveRoot(projectRoot));
if (isFresh(projectRoot, fingerprint)) {
  console.log('dist/ is up to date with the archive and the code; not rebuilding.');
} else {
  const code = await build(projectRoot);
  if (code !== 0) process.exit(code);
}
const port = Number(process.env['PORT'] ?? 4321);
const server = await preview({ root: projectRoot, server: { host: '127.0.0.1', port }, logLevel: 'warn' });
console.log(`\nBenchscope is served at http://${server.host ?? '127.0.0.1'}:${server.port}/ — press Ctrl+C to stop.`);
await server.closed();
