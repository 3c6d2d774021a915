// npm run dev: the Astro dev server, in the foreground (Astro may otherwise detach when not on a terminal).
import { fileURLToPath } from 'node:url';
import { dev } from 'astro';
import { archiveRoot } from '../src/archive/root.ts';
import { forgetOtherArchive } from '../src/pipeline/dev-store.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// One content store for every archive in dev: start afresh when BENCHSCOPE_ARCHIVE changed.
forgetOtherArchive(root, archiveRoot(root));
// PORT picks the port, as for npm start.
const port = process.env['PORT'] ? Number(process.env['PORT']) : undefined;
const server = await dev({ root, ...(port ? { server: { port } } : {}) });
await new Promise<void>((resolve) => server.watcher.on('close', resolve));
