// npm run validate [-- <archive-root>] [--changed <git-ref> [--annotate]]: check the registry and the
// runs (all, or only those changed since the ref); exit 1 listing every problem.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validateCommand } from '../src/archive/validate-command.ts';
import { archiveRoot } from '../src/archive/root.ts';
import { changedCommand } from '../src/pr/check-command.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { changed: { type: 'string' }, annotate: { type: 'boolean', default: false } },
});
// npm runs scripts from the package root; a path on the command line is relative to where it was typed.
const given = positionals[0] && resolve(process.env['INIT_CWD'] ?? process.cwd(), positionals[0]);
process.exitCode =
  values.changed === undefined
    ? await validateCommand(given || undefined, projectRoot)
    : await changedCommand(given || archiveRoot(projectRoot), values.changed, {
        annotate: values.annotate,
        summaryFile: process.env['GITHUB_STEP_SUMMARY'],
      });
