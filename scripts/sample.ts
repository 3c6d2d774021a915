// npm run sample -- --out <dir> --examples <N> [--seed S] [--force]
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample } from '../src/sample/generate.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    examples: { type: 'string' },
    seed: { type: 'string', default: '1' },
    force: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`sample: ${message}`);
  console.error('usage: npm run sample -- --out <dir> --examples <N> [--seed S] [--force]');
  process.exit(2);
}

if (!values.out) fail('--out is required');
const examples = Number(values.examples);
const seed = Number(values.seed);
if (!Number.isInteger(examples) || examples < 100) fail('--examples must be a whole number of at least 100');
if (!Number.isInteger(seed)) fail('--seed must be a whole number');
const out = resolve(values.out);
const runsDir = resolve(out, 'runs');
if (existsSync(runsDir) && readdirSync(runsDir).length > 0 && !values.force)
  fail(`${runsDir} is not empty; pass --force to overwrite the sample's own runs and registry files`);

const started = performance.now();
const summary = await generateSample({ out, examples, seed });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `wrote ${summary.runs} runs with ${summary.examples.toLocaleString('en-US')} examples to ${out} in ${seconds} s (seed ${seed})`,
);
