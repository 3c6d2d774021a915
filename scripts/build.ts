// npm run build: validate the archive (BENCHSCOPE_ARCHIVE or this repository), then build dist/.
import { fileURLToPath } from 'node:url';
import { build } from '../src/pipeline/build.ts';

process.exitCode = await build(fileURLToPath(new URL('..', import.meta.url)));
