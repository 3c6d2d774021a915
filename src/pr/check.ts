import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { changedFiles, changedRuns } from '../archive/changed.ts';
import { discoverRuns } from '../archive/discover.ts';
import { loadArchive } from '../archive/load.ts';
import { formatProblem, type Problem } from '../archive/problems.ts';
import type { LoadedRun } from '../archive/validate-run.ts';
import { candidateOf, comparabilityClasses, type Candidate } from '../lib/classes.ts';
import { formatPercent } from '../lib/format.ts';
import { scoreInterval } from '../lib/intervals.ts';
import { isScored } from '../schema/run.ts';
import { classTitle } from '../page-data/labels.ts';
import {
  changeKinds,
  fileKind,
  KIND_REVIEW,
  KIND_TITLES,
  kindSentence,
  mdxCode,
  projectComponents,
  type ChangeKind,
  type MdxCode,
} from './kinds.ts';

const exec = promisify(execFile);

/** What a pull request adds or changes, and whether it is sound: what the PR check reports. */
export interface PrReport {
  /** Run ids the PR adds or changes that are still in the archive. */
  runs: string[];
  /** Run ids the PR removes. */
  removed: string[];
  problems: Problem[];
  /** What kinds of change the PR makes, the most demanding first. */
  kinds: ChangeKind[];
  /**
   * GitHub workflow commands: one error annotation per problem, on its file and line, and a warning
   * on each registry file whose MDX goes beyond text and the project's components.
   */
  annotations: string[];
  /** Markdown for the job summary. */
  summary: string;
}

/** Escape a workflow command's message (%, CR, LF) and, for properties, also : and ,. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A problem as a GitHub annotation on its file and line. */
export function annotation(problem: Problem): string {
  const properties = [`file=${escapeProperty(problem.file)}`];
  if (problem.line !== undefined) properties.push(`line=${problem.line}`);
  if (problem.column !== undefined) properties.push(`col=${problem.column}`);
  properties.push(`title=${escapeProperty(problem.path ? `Benchscope: ${problem.path}` : 'Benchscope validation')}`);
  return `::error ${properties.join(',')}::${escapeData(problem.path ? `${problem.path}: ${problem.message}` : problem.message)}`;
}

/** A registry file whose MDX is code, as a GitHub warning on its first such line. */
export function codeAnnotation(file: string, code: readonly MdxCode[]): string {
  const list = code.map((c) => `line ${c.line}: ${c.what}`).join('; ');
  return `::warning ${[`file=${escapeProperty(file)}`, `line=${code[0]?.line ?? 1}`, `title=${escapeProperty('Benchscope: MDX with code')}`].join(',')}::${escapeData(`This registry file goes beyond text and the project's components; review it as code. ${list}`)}`;
}

/** What each changed file is, and for registry files what their MDX does beyond text. */
async function classify(root: string, files: readonly string[]) {
  const components = projectComponents(await readFile(new URL('../components/mdx/index.ts', import.meta.url), 'utf8'));
  const code = new Map<string, MdxCode[]>();
  for (const file of files)
    if (/^content\/.+\.mdx?$/.test(file) && existsSync(join(root, file))) {
      const found = mdxCode(await readFile(join(root, file), 'utf8'), file.endsWith('.mdx'), components);
      if (found.length > 0) code.set(file, found);
    }
  return { kinds: changeKinds(files.map((f) => fileKind(f, code.get(f) ?? []))), code };
}

/** Markdown table cells hold run text; keep pipes and line breaks from breaking the table. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

async function existedAt(root: string, ref: string, id: string): Promise<boolean> {
  try {
    await exec('git', ['-C', root, 'cat-file', '-e', `${ref}:./runs/${id}/run.json`]);
    return true;
  } catch {
    return false;
  }
}

/** The benchmark id of each run folder, read from run.json without validating it. */
async function benchmarkOf(root: string, id: string): Promise<string | undefined> {
  try {
    const run = JSON.parse(await readFile(join(root, 'runs', id, 'run.json'), 'utf8')) as {
      benchmark?: { id?: unknown };
    };
    return typeof run.benchmark?.id === 'string' ? run.benchmark.id : undefined;
  } catch {
    return undefined;
  }
}

function candidates(runs: readonly LoadedRun[]): Candidate[] {
  return runs.flatMap((r) =>
    isScored(r.run) && r.stats && r.examplesDigest ? [candidateOf(r.id, r.run, r.stats.score, r.examplesDigest)] : [],
  );
}

/**
 * Check a pull request: validate the registry and the runs it changed since `ref`, and describe
 * each changed run: its score, the comparability class it joins, and whom it moves down there.
 */
export async function prCheck(root: string, ref: string): Promise<PrReport> {
  const files = await changedFiles(root, ref);
  const touched = changedRuns(files);
  const present = new Set((await discoverRuns(root)).folders.map((f) => f.id));
  const runs = [...touched].filter((id) => present.has(id)).sort();
  const removed = [...touched].filter((id) => !present.has(id)).sort();
  const checked = await loadArchive(root, { only: new Set(runs) });
  const problems = checked.problems;
  const { kinds, code } = await classify(root, files);
  const lines: string[] = ['## Benchscope: what this pull request changes', '', kindSentence(kinds), ''];
  if (kinds.length > 0) {
    lines.push('Before merging, a reviewer reads (CONTRIBUTING.md, "Reviewing a pull request"):', '');
    for (const kind of kinds) lines.push(`- ${KIND_TITLES[kind]}: ${KIND_REVIEW[kind]}`);
    lines.push('');
  }
  for (const [file, found] of code) {
    lines.push(`\`${file}\` goes beyond text and the project's components:`, '');
    for (const c of found) lines.push(`- line ${c.line}: ${cell(c.what)}`);
    lines.push('');
  }
  if (problems.length > 0) {
    lines.push(
      `**${problems.length} problem${problems.length === 1 ? '' : 's'}** (each is annotated on its file):`,
      '',
      '```',
    );
    for (const p of problems) lines.push(formatProblem(p));
    lines.push('```', '');
  } else
    lines.push(
      runs.length === 1
        ? 'The changed run and the registry are valid.'
        : `All ${runs.length} changed runs and the registry are valid.`,
      '',
    );
  if (removed.length > 0) lines.push(`Removed: ${removed.join(', ')}.`, '');

  const valid = new Map(checked.runs.map((r) => [r.id, r]));
  if (runs.length > 0) {
    // To place each run in its class, read the other runs of the same benchmarks too.
    const benchmarks = new Set(
      (await Promise.all(runs.map((id) => benchmarkOf(root, id)))).filter((b) => b !== undefined),
    );
    const siblingIds = new Set<string>();
    for (const id of present) if (benchmarks.has((await benchmarkOf(root, id)) ?? '')) siblingIds.add(id);
    const siblings = (await loadArchive(root, { only: siblingIds })).runs;
    const added = new Set<string>();
    for (const id of runs) if (!(await existedAt(root, ref, id))) added.add(id);
    lines.push(
      '| Run | Change | State | Score (95% interval) | Scope | Prompt | Comparability class | Rank | Moves down |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const id of runs) {
      const loaded = valid.get(id);
      if (!loaded) {
        lines.push(
          `| \`${id}\` | ${added.has(id) ? 'added' : 'changed'} | invalid: see the problems above | | | | | | |`,
        );
        continue;
      }
      const { run, stats } = loaded;
      const benchmark = run.benchmark.id;
      const versions = checked.registry.benchmarks.get(benchmark)?.data.versions.map((v) => v.id) ?? [];
      let score = 'no score';
      let classText = '—';
      let rankText = '—';
      let displaced = '—';
      if (stats && isScored(run)) {
        const interval = scoreInterval(stats);
        score = `${formatPercent(stats.score)} (${formatPercent(interval.low)}–${formatPercent(interval.high)}), ${stats.correct} of ${stats.total}`;
        const pool = siblings.filter((s) => s.run.benchmark.id === benchmark);
        const after = comparabilityClasses(candidates(pool), versions);
        const before = comparabilityClasses(candidates(pool.filter((s) => !added.has(s.id))), versions);
        const own = after.find((c) => c.members.some((m) => m.run.id === id));
        if (own) {
          classText = `${benchmark}: ${classTitle(own)}${own.members.length === 1 ? ' (alone: nothing comparable)' : ''}`;
          rankText = `${own.members.find((m) => m.run.id === id)?.rank ?? '?'} of ${own.members.length}`;
          const earlier = new Map(
            before.flatMap((c) => (c.key === own.key ? c.members.map((m) => [m.run.id, m.rank] as const) : [])),
          );
          const moved = own.members.filter(
            (m) => m.run.id !== id && earlier.has(m.run.id) && m.rank > (earlier.get(m.run.id) ?? m.rank),
          );
          displaced =
            moved.length > 0
              ? moved.map((m) => `\`${m.run.id}\` ${earlier.get(m.run.id)} → ${m.rank}`).join(', ')
              : 'nobody';
        }
      }
      const scope = run.scope
        ? run.scope.kind === 'full'
          ? `full, ${run.scope.sample_size}`
          : `partial (${run.scope.partial_reason}), ${run.scope.sample_size} of ${run.scope.dataset_size}`
        : '—';
      lines.push(
        `| \`${id}\` | ${added.has(id) ? 'added' : 'changed'} | ${run.state} | ${cell(score)} | ${cell(scope)} | ${run.prompt.mode} | ${cell(classText)} | ${rankText} | ${cell(displaced)} |`,
      );
    }
    lines.push('');
  } else if (removed.length === 0) lines.push('No run changed.', '');
  return {
    runs,
    removed,
    problems,
    kinds,
    annotations: [...problems.map(annotation), ...[...code].map(([file, found]) => codeAnnotation(file, found))],
    summary: lines.join('\n'),
  };
}
