// node scripts/score-release.ts <layout> <release-root> [--scorer <id>] [--markdown]
//   [--publisher-verdicts <file.json> [--limit N]]
// Re-scores every run of a published release with our scorers and prints, per file, our accuracy beside the
// publisher's and the difference in percentage points. Layouts: zeroeval-gsm, zeroeval-math-l5 (root: ZeroEval's
// result_dirs), bbh (root: BIG-Bench-Hard's code-davinci-002-outputs). With --publisher-verdicts (a JSON object:
// file name → item id → correct, e.g. from running the publisher's own scoring), also lists the items where the
// verdicts differ and what our rule read in each. The logic is in src/scorers/release-check.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LAYOUTS,
  checkRelease,
  formatDifferences,
  formatTable,
  type Layout,
  type PublisherVerdicts,
} from '../src/scorers/release-check.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scorer: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    'publisher-verdicts': { type: 'string' },
    limit: { type: 'string' },
  },
});
const [layout, rootArg] = positionals;
if (!layout || !rootArg || !(LAYOUTS as readonly string[]).includes(layout)) {
  console.error(
    `usage: node scripts/score-release.ts <${LAYOUTS.join('|')}> <release-root> [--scorer <id>] [--markdown] [--publisher-verdicts <file.json> [--limit N]]`,
  );
  process.exit(2);
}
const root = resolve(process.env['INIT_CWD'] ?? process.cwd(), rootArg);
const fs = {
  list: (dir: string) => (existsSync(dir) ? readdirSync(dir) : []),
  read: (path: string) => readFileSync(path, 'utf8'),
};
const checks = checkRelease(fs, layout as Layout, root, values.scorer);
console.log(formatTable(checks, 0.5, values.markdown));
if (values['publisher-verdicts']) {
  const theirs = JSON.parse(readFileSync(values['publisher-verdicts'], 'utf8')) as PublisherVerdicts;
  const limit = values.limit ? Number(values.limit) : Infinity;
  for (const check of checks) {
    const file = check.file.split('/').at(-1) ?? check.file;
    if (theirs[file]) console.log(`\n${formatDifferences(check, theirs[file], limit)}`);
  }
}
