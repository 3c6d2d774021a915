import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { constants } from 'node:zlib';
import { parseArgs } from 'node:util';
import { discoverRuns } from '../archive/discover.ts';
import { formatProblem, type Problem } from '../archive/problems.ts';
import { readRegistry } from '../archive/registry.ts';
import { validateRun } from '../archive/validate-run.ts';
import { formatCount } from '../lib/format.ts';
import { ImportError } from './model.ts';
import { readDescription, releaseRun, type Scorers } from './release.ts';
import { describeRun, existingRunFolder, runFile, writeRunFolder } from './write.ts';

export const RELEASE_USAGE =
  "usage: npm run import -- release content/imports/<name>.yaml --from <folder holding the release's files> [--out runs/] [--replace]";

/** Flagged records listed in full up to this many per run; beyond it, the first ones and a count. */
const LIST_FLAGS = 5;

/**
 * `npm run import -- release`: turn a release described by content/imports/<name>.yaml into runs,
 * validate each as `npm run validate` would, and print our score beside the publisher's.
 */
export async function releaseCommand(argv: string[], cwd: string, scorers: Scorers): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        out: { type: 'string', default: 'runs' },
        replace: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`import: ${error instanceof Error ? error.message : String(error)}\n${RELEASE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.from) {
    console.error(`import: name one description and the folder of the release's files (--from)\n${RELEASE_USAGE}`);
    return 2;
  }
  const path = resolve(cwd, positionals[0] ?? '');
  // Named as typed from the project root, in every message and in each run's source.imported_with.
  const file = relative(cwd, path).split(sep).join('/');
  const fromDir = resolve(cwd, values.from);
  const runsDir = resolve(cwd, values.out);
  const root = resolve(runsDir, '..');

  const read = readDescription(file, await readFile(path, 'utf8'), scorers);
  if (!read.description) {
    for (const p of read.problems) console.error(formatProblem(p));
    return 1;
  }
  const description = read.description;
  const { registry } = await readRegistry(root);
  const metric = registry.benchmarks.get(description.benchmark.id)?.data.metric ?? 'accuracy';

  let status = 0;
  const written: string[] = [];
  const prepared = [];
  for (let i = 0; i < description.runs.length; i++) {
    const result = await releaseRun({ description, file, line: read.line }, i, fromDir, scorers, metric);
    const { run } = result;
    if (!result.imported) {
      status = 1;
      console.log(
        `\n✗ ${run.id}: refused, nothing written (${result.refused.length} problem${result.refused.length === 1 ? '' : 's'})`,
      );
      for (const p of result.refused) console.log(`    ${formatProblem(p)}`);
      continue;
    }
    try {
      const built = runFile(result.imported, {
        provider: run.provider,
        family: run.family,
        promptMode: description.prompt.mode,
        runId: run.id,
      });
      const existing = await existingRunFolder(runsDir, built.run, result.imported);
      prepared.push({ run, imported: result.imported, files: result.files, flagged: result.flagged, built, existing });
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      status = 1;
      console.log(`\n✗ ${run.id}: ${error.message}`);
    }
  }

  // Never replace a run without a word: a folder holding another run stops the import before it
  // writes anything.
  const taken = prepared.filter((p) => p.existing.kind === 'different');
  if (taken.length > 0 && !values.replace) {
    for (const p of taken)
      console.error(
        `import: ${relative(cwd, resolve(runsDir, p.run.id)).split(sep).join('/')}/ already holds a different run (${p.existing.kind === 'different' ? p.existing.holds : ''}); ${file} would replace it (${describeRun(p.built.run)}).`,
      );
    console.error(
      'Give the run another id in the description, or replace what the folder holds with --replace; nothing was written.',
    );
    return 1;
  }

  for (const { run, imported, files, flagged, built, existing } of prepared) {
    if (existing.kind === 'same') {
      console.log(`\n${run.id}: already imported, the folder holds this very run; nothing was written`);
      continue;
    }
    await writeRunFolder(runsDir, built.run, imported, { gzipLevel: constants.Z_BEST_COMPRESSION });
    written.push(run.id);
    const ours = built.stats?.score ?? 0;
    const theirs = run.reported
      ? `, the publisher ${(run.reported.value * 100).toFixed(2)} (${signed((ours - run.reported.value) * 100)} points)`
      : ', the publisher states none';
    console.log(
      `\n${run.id}: ${formatCount(imported.examples.length)} examples (${files.length === 1 ? files[0] : `${files.length} files`}), ${metric} ${(ours * 100).toFixed(2)}${theirs}`,
    );
    for (const line of imported.dropped) console.log(`  dropped: ${line}`);
    printFlags(flagged);
  }

  // Every written run must pass the validator as it stands; said now rather than in the pull request.
  if (written.length > 0) {
    const { registry: fresh, problems } = await readRegistry(root);
    const folders = (await discoverRuns(root)).folders.filter((f) => written.includes(f.id));
    const own: Problem[] = [...problems];
    for (const folder of folders) await validateRun(root, folder, fresh, own);
    if (own.length === 0)
      console.log(`\nvalid: npm run validate accepts the ${written.length} run${written.length === 1 ? '' : 's'}`);
    else {
      status = 1;
      console.log(`\nnot yet valid (${own.length} problem${own.length === 1 ? '' : 's'}):`);
      for (const p of own) console.log(`  ${formatProblem(p)}`);
    }
  }
  return status;
}

function signed(x: number): string {
  const r = x.toFixed(2);
  return x >= 0 && !r.startsWith('-') ? `+${r}` : r === '-0.00' ? '+0.00' : r;
}

function printFlags(flagged: readonly Problem[]) {
  if (flagged.length === 0) return;
  // One message per kind of flag, with where it was seen: a run can have hundreds of unreadable answers.
  const byMessage = new Map<string, Problem[]>();
  for (const p of flagged) byMessage.set(p.message, [...(byMessage.get(p.message) ?? []), p]);
  for (const [message, list] of byMessage) {
    console.log(`  flagged ${list.length}: ${message}`);
    for (const p of list.slice(0, LIST_FLAGS))
      console.log(`    ${p.line !== undefined ? `${p.file}:${p.line}` : `${p.file}: ${p.path ?? ''}`}`);
    if (list.length > LIST_FLAGS) console.log(`    … and ${list.length - LIST_FLAGS} more`);
  }
}
