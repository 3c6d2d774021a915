// npm run bench [-- --sizes 10000,100000,1000000] [--seed S] [--added N] [--no-first-query] [--json <file>]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchSize, formatReport, type SizeReport } from '../src/bench/run.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    seed: { type: 'string', default: '1' },
    added: { type: 'string', default: '1000' },
    'no-first-query': { type: 'boolean', default: false },
    json: { type: 'string' },
    'work-dir': { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error('bench: --sizes takes whole numbers of examples (at least 100), separated by commas');
  process.exit(2);
}
const options = {
  projectRoot,
  sizes,
  seed: Number(values.seed),
  added: Number(values.added),
  firstQuery: !values['no-first-query'],
  workDir: resolve(
    values['work-dir'] ??
      process.env['BENCHSCOPE_BENCH_DIR'] ??
      join(projectRoot, 'node_modules', '.cache', 'benchscope', 'bench'),
  ),
  log: (line: string) => {
    console.log(line);
  },
};
const reports: SizeReport[] = [];
for (const size of sizes) reports.push(await benchSize(options, size));
console.log(`\n${formatReport(reports)}`);
if (values.json) writeFileSync(resolve(values.json), JSON.stringify(reports, null, 2));
