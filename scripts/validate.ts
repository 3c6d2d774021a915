// npm run validate [-- <archive-root>]: check every run and registry file; exit 1 listing every problem.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateCommand } from '../src/archive/cli.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const arg = process.argv.slice(2).find((a) => !a.startsWith('-'));
process.exitCode = await validateCommand(arg ? resolve(arg) : undefined, projectRoot);
