import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem, type Problem } from '../archive/problems.ts';
import { readRegistry } from '../archive/registry.ts';
import { validateRun } from '../archive/validate-run.ts';
import { discoverRuns } from '../archive/discover.ts';
import { formatCount } from '../lib/format.ts';
import { SCORERS } from '../scorers/index.ts';
import { IMPORTERS, type Format } from './formats.ts';
import { ImportError } from './model.ts';
import { registryStubs, writeStubs } from './registry-stubs.ts';
import { RELEASE_USAGE, releaseCommand } from './release-command.ts';
import {
  defaultRunId,
  describeRun,
  existingRunFolder,
  runFile,
  writeRunFolder,
  type ContributorFacts,
} from './write.ts';

const USAGE = `usage: npm run import -- <format> <inputs…> --provider <id> --family <id> [--prompt-mode canonical|custom] [--out runs/] [--register]
formats: ${Object.keys(IMPORTERS).join(', ')}, release
       ${RELEASE_USAGE.replace('usage: ', '')}
other options: --id <run-id> (one run only), --replace (a run folder holding another run), --benchmark <id>, --benchmark-version <v>, --dataset-size <N>,
  --started-at <ISO>, --finished-at <ISO>, --metric <name> (lm-eval, helm: the metric a run is scored by; eee: the result),
  --scorer <name> (inspect: the scorer a run is scored by), --split <name> (helm: the split to import)`;

/** `npm run import`: turn a tool's output into run folders, and say what was mapped and what was not. */
export async function importCommand(argv: string[], cwd: string): Promise<number> {
  // A release that follows no harness: its description (content/imports/) says everything the flags would.
  if (argv[0] === 'release') return releaseCommand(argv.slice(1), cwd, SCORERS);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        provider: { type: 'string' },
        family: { type: 'string' },
        'prompt-mode': { type: 'string' },
        out: { type: 'string', default: 'runs' },
        register: { type: 'boolean', default: false },
        id: { type: 'string' },
        benchmark: { type: 'string' },
        'benchmark-version': { type: 'string' },
        'dataset-size': { type: 'string' },
        'started-at': { type: 'string' },
        'finished-at': { type: 'string' },
        metric: { type: 'string' },
        scorer: { type: 'string' },
        split: { type: 'string' },
        replace: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`import: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [format, ...inputs] = positionals;
  const fail = (message: string) => {
    console.error(`import: ${message}\n${USAGE}`);
    return 2;
  };
  if (!format || !(format in IMPORTERS))
    return fail(format ? `unknown format "${format}"` : 'say which format to import');
  if (inputs.length === 0) return fail('name the files or folders to import');
  if (!values.provider || !values.family)
    return fail('--provider and --family are required: the tool does not know who served the model');
  const mode = values['prompt-mode'];
  if (mode !== undefined && mode !== 'canonical' && mode !== 'custom')
    return fail('--prompt-mode is canonical or custom');
  const datasetSize = values['dataset-size'] === undefined ? undefined : Number(values['dataset-size']);
  if (datasetSize !== undefined && !(Number.isInteger(datasetSize) && datasetSize > 0))
    return fail('--dataset-size is a positive whole number');

  const runsDir = resolve(cwd, values.out);
  // The archive root holds runs/ and content/: the folder above the runs folder.
  const root = resolve(runsDir, '..');
  const facts: ContributorFacts = {
    provider: values.provider,
    family: values.family,
    promptMode: mode,
    runId: values.id,
    benchmarkId: values.benchmark,
    benchmarkVersion: values['benchmark-version'],
    datasetSize,
    startedAt: values['started-at'],
    finishedAt: values['finished-at'],
  };

  let imported;
  try {
    imported = await IMPORTERS[format as Format](
      inputs.map((i) => resolve(cwd, i)),
      { metric: values.metric, scorer: values.scorer, split: values.split },
    );
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`import: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (facts.runId && imported.length > 1) return fail(`--id names one run, but the input holds ${imported.length}`);
  // Two runs that would share a folder: writing the second would replace the first.
  const ids = imported.map((one) => defaultRunId(one, facts));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined)
    return fail(
      `${imported
        .filter((_, i) => ids[i] === twice)
        .map((one) => one.source)
        .join(' and ')} would both become run ${twice}; import them one at a time with --metric or --id`,
    );

  // A folder as the contributor can find it: relative to where the command was typed, when inside it.
  const shown = (dir: string) => {
    const rel = relative(cwd, dir);
    return rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
  };
  const sizes = (await readRegistry(root)).registry.benchmarks;
  let status = 0;
  const planned = [];
  for (const one of imported) {
    // The registry states the dataset size of the version the run is filed under, when the tool does not.
    const entry = sizes.get(facts.benchmarkId ?? one.benchmark.id);
    const version = facts.benchmarkVersion ?? one.benchmark.version;
    const registered = entry?.data.versions.find((v) => v.id === version)?.dataset_size;
    const fromRegistry =
      facts.datasetSize === undefined && one.benchmark.datasetSize === undefined ? registered : undefined;
    try {
      const built = runFile(one, fromRegistry === undefined ? facts : { ...facts, datasetSize: fromRegistry });
      const existing = await existingRunFolder(runsDir, built.run, one);
      const sizeNote =
        fromRegistry === undefined
          ? undefined
          : `dataset size: ${fromRegistry}, from ${entry?.file ?? ''} (version ${version})`;
      planned.push({ one, ...built, existing, sizeNote });
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      console.error(`\n✗ ${error.message}`);
      status = 1;
    }
  }
  // Never replace a run without a word: stop before writing anything at all.
  const taken = planned.filter((p) => p.existing.kind === 'different');
  if (taken.length > 0 && !values.replace) {
    for (const { one, run, existing } of taken)
      console.error(
        `\nimport: ${shown(resolve(runsDir, String(run['id'])))}/ already holds a different run (${existing.kind === 'different' ? existing.holds : ''}); ${one.source} would replace it (${describeRun(run)}).`,
      );
    console.error(
      'Import it under another id with --id <another id>, or replace what the folder holds with --replace; nothing was written.',
    );
    return 1;
  }

  for (const { one, run, stats, existing, sizeNote } of planned) {
    if (existing.kind === 'same') {
      console.log(
        `\n${one.source}: already imported: ${shown(resolve(runsDir, String(run['id'])))}/ holds this very run; nothing was written`,
      );
      continue;
    }
    const dir = await writeRunFolder(runsDir, run, one);
    const score = stats
      ? `, ${one.benchmark.metric} ${stats.score.toFixed(4)}${one.reported ? ` (the tool reports ${one.reported.value.toFixed(4)})` : ''}`
      : '';
    console.log(
      `\n${one.source} → ${dir} (${String(run['state'])}, ${formatCount(one.examples.length)} examples${score})`,
    );
    if (facts.promptMode === undefined)
      console.log(
        "  prompt mode: custom, the safe default; pass --prompt-mode canonical if this is the benchmark's standard prompt",
      );
    if (sizeNote) console.log(`  ${sizeNote}`);
    for (const line of one.mapped) console.log(`  mapped: ${line}`);
    for (const line of one.dropped) console.log(`  dropped: ${line}`);
    const stubs = registryStubs(root, run, one);
    for (const stub of stubs)
      console.log(
        values.register
          ? `  registry: wrote the stub ${stub.file}; complete it before the pull request`
          : `  registry: ${stub.file} is missing; add it, or rerun with --register to write a stub`,
      );
    if (values.register) await writeStubs(root, stubs);
    // The run must pass the same validation as any other; say so now rather than in the pull request.
    const { registry, problems } = await readRegistry(root);
    const folder = (await discoverRuns(root)).folders.find((f) => f.id === run['id']);
    const own: Problem[] = [];
    if (folder) await validateRun(root, folder, registry, own);
    const relevant = [...problems, ...own];
    if (relevant.length === 0) console.log('  valid: npm run validate accepts it');
    else {
      status = 1;
      console.log(`  not yet valid (${relevant.length} problem${relevant.length === 1 ? '' : 's'}):`);
      for (const p of relevant) console.log(`    ${formatProblem(p)}`);
    }
  }
  return status;
}
