// npm run dev: the Astro dev server, in the foreground (Astro may otherwise detach when not on a terminal).
import { fileURLToPath } from 'node:url';
import { dev } from 'astro';

const server = await dev({ root: fileURLToPath(new URL('..', import.meta.url)) });
await new Promise<void>((resolve) => server.watcher.on('close', resolve));
