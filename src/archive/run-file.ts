/**
 * A run's run.json: reading it, its references into the registry, and the figures it declares
 * against those its examples give. Examples checking itself is src/archive/examples-check.ts.
 */
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { isScored, REPORTED_TOLERANCE_POINTS, Run, UNFINISHED_STATES, type ScoredRun } from '../schema/run.ts';
import { formatPercent } from '../lib/format.ts';
import { agrees, declaredDecimals } from '../lib/stats.ts';
import type { RunFolder } from './discover.ts';
import type { ExampleCheck } from './examples-check.ts';
import { parseJsonDocument, JsonSyntaxError, type JsonDocument, type JsonPath } from './json.ts';
import { knownKeys } from './keys.ts';
import { explainIssues, formatPath, type Problem } from './problems.ts';
import type { Registry } from './registry.ts';

export interface RunJson {
  doc: JsonDocument;
  run?: Run;
}

/**
 * run.json, parsed and checked against the run schema: `run` only when it is valid, `doc` whenever
 * it is JSON (later problems take their lines from it).
 */
export async function readRunJson(root: string, file: string, problems: Problem[]): Promise<RunJson | undefined> {
  const bytes = await readFile(join(root, file));
  if (!isUtf8(bytes)) {
    problems.push({ file, line: 1, message: 'invalid UTF-8: save the file as UTF-8' });
    return undefined;
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let doc: JsonDocument;
  try {
    doc = parseJsonDocument(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.push({ file, line: error.line, column: error.column, message: `invalid JSON: ${error.message}` });
    return undefined;
  }
  const at = (path: JsonPath) => doc.locate(path).line;
  if (doc.duplicates.length > 0) {
    // JSON.parse would keep the last value silently; which one the author meant is anyone's guess,
    // so the file is not checked further until each key appears once.
    for (const d of doc.duplicates)
      problems.push({
        file,
        line: d.position.line,
        path: formatPath(d.path),
        message: `duplicate key (first on line ${d.first.line}): each field appears once`,
      });
    return { doc };
  }
  const value = doc.value as Record<string, unknown> | null;
  const state = value && typeof value === 'object' ? value['state'] : undefined;
  if (typeof state === 'string' && (UNFINISHED_STATES as readonly string[]).includes(state)) {
    problems.push({
      file,
      line: at(['state']),
      path: 'state',
      message: `a ${state} run cannot be published until it ends: submit it once it is completed, partial, failed or cancelled`,
    });
    return { doc };
  }
  const result = Run.safeParse(doc.value, { reportInput: true });
  if (!result.success) {
    for (const { path, message } of explainIssues(result.error.issues, { knownKeys: (p) => knownKeys(Run, p) }))
      problems.push({ file, line: at(path as JsonPath), path: formatPath(path), message });
    return { doc };
  }
  return { doc, run: result.data };
}

/** Checks of run.json against its folder and the registry. */
export function checkRegistryReferences(
  folder: RunFolder,
  run: Run,
  doc: JsonDocument,
  registry: Registry,
  problems: Problem[],
) {
  const file = folder.runFile ?? `${folder.dir}/run.json`;
  const report = (path: JsonPath, message: string) =>
    problems.push({ file, line: doc.locate(path).line, path: formatPath(path), message });
  if (run.id !== folder.id) report(['id'], `expected "${folder.id}", the name of the run folder`);
  const benchmark = registry.benchmarks.get(run.benchmark.id);
  if (!benchmark && registry.invalid.has(`benchmarks/${run.benchmark.id}`)) {
    // Its registry file is reported on its own; a second message here would only repeat it.
  } else if (!benchmark) {
    report(
      ['benchmark', 'id'],
      `unknown benchmark "${run.benchmark.id}": add content/benchmarks/${run.benchmark.id}.mdx or use one of: ${[...registry.benchmarks.keys()].sort().join(', ')}`,
    );
  } else {
    const version = benchmark.data.versions.find((v) => v.id === run.benchmark.version);
    if (!version) {
      report(
        ['benchmark', 'version'],
        `benchmark "${run.benchmark.id}" has no version "${run.benchmark.version}"; its versions: ${benchmark.data.versions.map((v) => `"${v.id}"`).join(', ')} (${benchmark.file})`,
      );
    } else if (run.scope && run.scope.dataset_size !== version.dataset_size) {
      report(
        ['scope', 'dataset_size'],
        `expected ${version.dataset_size}, the size of ${run.benchmark.id} ${version.id} in ${benchmark.file}`,
      );
    }
    if (isScored(run) && run.score.metric !== benchmark.data.metric)
      report(
        ['score', 'metric'],
        `expected "${benchmark.data.metric}", the metric of ${run.benchmark.id} (${benchmark.file})`,
      );
  }
  if (!registry.providers.has(run.endpoint.provider) && !registry.invalid.has(`providers/${run.endpoint.provider}`))
    report(
      ['endpoint', 'provider'],
      `unknown provider "${run.endpoint.provider}": add content/providers/${run.endpoint.provider}.md`,
    );
  if (!registry.models.has(run.endpoint.family) && !registry.invalid.has(`models/${run.endpoint.family}`))
    report(
      ['endpoint', 'family'],
      `unknown model family "${run.endpoint.family}": add content/models/${run.endpoint.family}.md`,
    );
}

/** What run.json declares of its examples (count, score, latency) against what they give. */
export function checkDeclaredFigures(
  file: string,
  examplesFile: string,
  run: ScoredRun,
  doc: JsonDocument,
  counted: ExampleCheck,
  problems: Problem[],
) {
  const report = (path: JsonPath, message: string) =>
    problems.push({ file, line: doc.locate(path).line, path: formatPath(path), message });
  if (counted.unreadable) return;
  if (counted.records !== run.scope.sample_size) {
    report(
      ['scope', 'sample_size'],
      `declares ${run.scope.sample_size} examples, but ${examplesFile} has ${counted.records}`,
    );
    return;
  }
  const stats = counted.stats;
  if (!stats) return; // the example problems come first: figures from invalid lines mean nothing
  const raw = doc.rawNumber(['score', 'value']);
  if (!agrees(run.score.value, raw, stats.score)) {
    const digits = raw === undefined ? 4 : Math.max(declaredDecimals(raw), 1);
    report(
      ['score', 'value'],
      `declares ${raw ?? run.score.value}, but the examples give ${stats.score.toFixed(digits)} (${stats.correct} of ${stats.total} correct${stats.score * stats.total !== stats.correct ? ', with partial credit' : ''})`,
    );
  }
  const reported = run.source?.reported;
  if (reported && reported.difference === undefined) {
    const points = Math.abs(stats.score - reported.value) * 100;
    if (points > REPORTED_TOLERANCE_POINTS + 1e-9)
      report(
        ['source', 'reported'],
        `the publisher reports ${formatPercent(reported.value, 2)}, but the examples give ${formatPercent(stats.score, 2)} (${points.toFixed(2)} points apart): say why in "difference", from the examples that differ`,
      );
  }
  if (run.latency_ms) {
    if (counted.untimed > 0) {
      report(
        ['latency_ms'],
        `declared, but ${counted.untimed} examples have no latency_ms (first at ${examplesFile}:${counted.firstUntimedLine}); add it to every example or remove latency_ms`,
      );
      return;
    }
    if (!stats.latency) return;
    for (const key of ['p50', 'p95', 'mean'] as const) {
      const rawKey = doc.rawNumber(['latency_ms', key]);
      const actual = stats.latency[key];
      if (!agrees(run.latency_ms[key], rawKey, actual)) {
        const digits = rawKey === undefined ? 1 : declaredDecimals(rawKey);
        report(
          ['latency_ms', key],
          `declares ${rawKey ?? run.latency_ms[key]}, but the examples give ${actual.toFixed(digits)}`,
        );
      }
    }
  }
}
