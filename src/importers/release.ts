import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import fg from 'fast-glob';
import { LineCounter, parseDocument } from 'yaml';
import { knownKeys } from '../archive/keys.ts';
import { explainIssues, formatPath, type Problem } from '../archive/problems.ts';
import { lineOf } from '../archive/registry.ts';
import type { ChatMessage, Example } from '../schema/example.ts';
import { FIELD_PATH, ImportDescription, type ReleaseRun, type ValueSpec } from '../schema/import-description.ts';
import type { Source } from '../schema/run.ts';
import type { Answer, Scorer } from '../scorers/types.ts';
import { CsvSyntaxError, readCsv } from './csv-records.ts';
import { exampleId } from './ids.ts';
import { ImportError, type ImportedRun } from './model.ts';
import { isObj, type Json } from './values.ts';

/** The scorers a description may name, by id (src/scorers/index.ts's SCORERS; tests pass their own). */
export type Scorers = ReadonlyMap<string, Scorer>;

/** A description read and checked, with the line of any of its fields for later messages. */
export interface ReadDescription {
  description?: ImportDescription;
  problems: Problem[];
  /** The line of the field at `path` in the description (or of its nearest parent). */
  line: (path: readonly PropertyKey[]) => number;
}

/**
 * Read a description (YAML) and check it: its shape against the schema, then what the schema cannot
 * know (the scorer exists, run ids differ, a by-design run has a subset to be part of). Every problem
 * names `file` and the line of the field, as the validator's problems do.
 */
export function readDescription(file: string, text: string, scorers: Scorers): ReadDescription {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const line = (path: readonly PropertyKey[]) => lineOf(doc, counter, path, 1);
  const problems: Problem[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors)
      problems.push({
        file,
        line: counter.linePos(error.pos[0]).line,
        message: `YAML: ${error.message.split('\n')[0] ?? error.message}`,
      });
    return { problems, line };
  }
  const result = ImportDescription.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!result.success) {
    for (const { path, message } of explainIssues(result.error.issues, {
      knownKeys: (p) => knownKeys(ImportDescription, p),
    }))
      problems.push({ file, line: line(path), path: formatPath(path), message });
    return { problems, line };
  }
  const description = result.data;
  const at = (path: (string | number)[], message: string) =>
    problems.push({ file, line: line(path), path: formatPath(path), message });
  const { scorer } = description.scoring;
  if (scorer !== undefined && !scorers.has(scorer))
    at(['scoring', 'scorer'], `unknown scorer "${scorer}"; known: ${[...scorers.keys()].join(', ')}`);
  if (scorer !== undefined && description.fields.expected === undefined)
    at(['fields'], 'a scorer compares the output with a reference: say where it is with "expected"');
  const seen = new Map<string, number>();
  description.runs.forEach((run, i) => {
    const first = seen.get(run.id);
    if (first !== undefined)
      at(['runs', i, 'id'], `run id "${run.id}" is also runs[${first}]'s: each run needs its own`);
    else seen.set(run.id, i);
    if (run.scope === 'partial by-design' && description.benchmark.subset_size === undefined)
      at(['runs', i, 'scope'], 'a by-design run is part of a chosen subset: give its size as benchmark.subset_size');
  });
  if (description.format !== 'json' && description.records !== undefined)
    at(['records'], `only JSON files hold their records in a field; ${description.format} files hold one per line`);
  return { ...(problems.length ? {} : { description }), problems, line };
}

/** One record of a release file, and how a message names it: the line (JSONL, CSV) or the position (JSON). */
interface SourceRecord {
  file: string;
  index: number;
  value: Json;
  where: Pick<Problem, 'line' | 'path'>;
}

function parsePath(path: string): (string | number)[] {
  if (!FIELD_PATH.test(path)) throw new Error(`not a field path: ${path}`);
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

function get(value: Json, path: string): Json {
  let here = value;
  for (const key of parsePath(path)) {
    if (typeof key === 'number') here = Array.isArray(here) ? here[key] : undefined;
    else here = isObj(here) ? here[key] : undefined;
    if (here === undefined) return undefined;
  }
  return here;
}

/** Read the records of one file of the release. Throws ImportError (naming the file and line) when it cannot be read at all. */
export async function readRecords(
  fromDir: string,
  file: string,
  format: ImportDescription['format'],
  recordsField: string | undefined,
): Promise<SourceRecord[]> {
  const text = (await readFile(join(fromDir, file), 'utf8')).replace(/^\uFEFF/, '');
  if (format === 'json') {
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch (error) {
      throw new ImportError(`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const list = recordsField === undefined ? doc : get(doc, recordsField);
    if (!Array.isArray(list))
      throw new ImportError(
        `${file}: expected a list of records ${recordsField === undefined ? 'as the document' : `in "${recordsField}"`}, found ${list === null ? 'null' : typeof list}`,
      );
    const base = recordsField === undefined ? ['records'] : parsePath(recordsField);
    return list.map((value: Json, index) => ({ file, index, value, where: { path: formatPath([...base, index]) } }));
  }
  if (format === 'jsonl') {
    const records: SourceRecord[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        records.push({ file, index: records.length, value: JSON.parse(raw) as Json, where: { line: i + 1 } });
      } catch (error) {
        throw new ImportError(
          `${file}:${i + 1}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    return records;
  }
  try {
    return readCsv(text).map(({ line, value }, index) => ({ file, index, value, where: { line } }));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportError(`${file}:${error.line}: ${error.message}`);
    throw error;
  }
}

/** The files a run names, each glob expanded and the whole in a stable order (the order of its examples). */
export async function runFiles(fromDir: string, run: ReleaseRun): Promise<string[]> {
  const patterns = typeof run.files === 'string' ? [run.files] : run.files;
  const files = new Set<string>();
  for (const pattern of patterns) {
    const found = await fg(pattern, { cwd: fromDir, onlyFiles: true, dot: false });
    found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const f of found) files.add(f);
  }
  return [...files];
}

const NO_MATCH = Symbol('no match');

/** A value as a spec says, or NO_MATCH when its pattern or number reading fails, or undefined when absent. */
function valueOf(spec: string | ValueSpec, record: SourceRecord, subject: string | undefined): unknown {
  const long: ValueSpec = typeof spec === 'string' ? { field: spec } : spec;
  let value: Json;
  if (long.field !== undefined) value = get(record.value, long.field);
  else if (long.literal !== undefined) value = long.literal;
  else if (long.from_file !== undefined) {
    const m = new RegExp(long.from_file, 'u').exec(basename(record.file));
    if (!m) return NO_MATCH;
    value = m[1] ?? m[0];
  } else {
    const stem = basename(record.file, extname(record.file));
    value = (long.template ?? '').replace(/\{(index|subject|file)\}/g, (_, name: string) =>
      name === 'index' ? String(record.index) : name === 'subject' ? (subject ?? '') : stem,
    );
  }
  if (value === undefined || value === null) return undefined;
  if (long.pattern !== undefined) {
    if (typeof value !== 'string' && typeof value !== 'number') return NO_MATCH;
    const m = new RegExp(long.pattern, 'u').exec(String(value));
    if (!m) return NO_MATCH;
    value = m[1] ?? m[0];
  }
  if (long.as === 'number') {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/,/g, '').trim()) : NaN;
    if (!Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) return NO_MATCH;
    value = n;
  }
  return value;
}

function describeSpec(spec: string | ValueSpec): string {
  if (typeof spec === 'string') return `"${spec}"`;
  const source =
    spec.field !== undefined
      ? `"${spec.field}"`
      : spec.from_file !== undefined
        ? `the file name (${spec.from_file})`
        : spec.template !== undefined
          ? `"${spec.template}"`
          : 'the literal';
  return spec.pattern !== undefined ? `${source} matched by ${spec.pattern}` : source;
}

const isAnswer = (v: Json): v is Exclude<Answer, null> =>
  typeof v === 'string' ||
  typeof v === 'number' ||
  typeof v === 'boolean' ||
  (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));

/** What became of a run's records: the examples, and every record that is flagged or refused, with where it is. */
export interface ReleaseExamples {
  examples: Example[];
  /** Examples kept but marked: no output, no answer the scorer could read. */
  flagged: Problem[];
  /** Records that cannot become a faithful example: the run is not written. */
  refused: Problem[];
  /** Fields of the records that no example keeps. */
  unused: string[];
}

/** Turn the records of one run into examples, judging each as the description says. */
export function releaseExamples(
  description: ImportDescription,
  records: readonly SourceRecord[],
  scorers: Scorers,
): ReleaseExamples {
  const { fields, scoring } = description;
  const scorer = scoring.scorer === undefined ? undefined : scorers.get(scoring.scorer);
  const examples: Example[] = [];
  const flagged: Problem[] = [];
  const refused: Problem[] = [];
  const used = new Set<string>();
  const usedTop = (spec: string | ValueSpec | undefined) => {
    const path = typeof spec === 'string' ? spec : spec?.field;
    if (path !== undefined) used.add(String(parsePath(path)[0]));
  };
  [fields.id, fields.output, fields.expected, fields.subject].forEach(usedTop);
  usedTop(typeof fields.prompt === 'string' ? fields.prompt : fields.prompt.field);
  usedTop(scoring.verdict);
  const keys = new Set<string>();
  const ids = new Set<string>();

  for (const record of records) {
    const problem = (list: Problem[], message: string) => list.push({ file: record.file, ...record.where, message });
    if (isObj(record.value)) for (const key of Object.keys(record.value)) keys.add(key);
    else {
      problem(refused, 'expected a record (an object of fields)');
      continue;
    }

    let subject: string | undefined;
    if (fields.subject !== undefined) {
      const value = valueOf(fields.subject, record, undefined);
      if (typeof value !== 'string' || value === '') {
        problem(refused, `no subject: ${describeSpec(fields.subject)} gives none`);
        continue;
      }
      subject = value;
    }
    const rawId = valueOf(fields.id, record, subject);
    if (rawId === undefined || rawId === NO_MATCH || rawId === '') {
      problem(refused, `no example id: ${describeSpec(fields.id)} gives none`);
      continue;
    }
    let id: string;
    try {
      id = exampleId(
        rawId,
        ids,
        `${record.file}${record.where.line ? `:${record.where.line}` : `: ${record.where.path}`}`,
      );
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      problem(refused, error.message);
      continue;
    }

    const promptPath = typeof fields.prompt === 'string' ? fields.prompt : fields.prompt.field;
    const promptText = get(record.value, promptPath);
    if (typeof promptText !== 'string') {
      problem(refused, `no prompt: "${promptPath}" holds ${promptText === undefined ? 'nothing' : typeof promptText}`);
      continue;
    }
    const role = typeof fields.prompt === 'string' ? undefined : fields.prompt.role;
    const prompt: string | ChatMessage[] = role ? [{ role, content: promptText }] : promptText;

    const rawOutput = get(record.value, fields.output);
    if (rawOutput !== undefined && rawOutput !== null && typeof rawOutput !== 'string') {
      problem(
        refused,
        `the output "${fields.output}" is ${Array.isArray(rawOutput) ? 'a list' : typeof rawOutput}, not text`,
      );
      continue;
    }
    const noOutput = rawOutput === undefined || rawOutput === null || rawOutput.trim() === '';
    const output = typeof rawOutput === 'string' ? rawOutput : '';

    let expected: Answer = null;
    if (fields.expected !== undefined) {
      const value = valueOf(fields.expected, record, subject);
      if (value === NO_MATCH || value === undefined || value === '' || !isAnswer(value)) {
        if (scorer) {
          problem(
            refused,
            value === NO_MATCH
              ? `the reference ${describeSpec(fields.expected)} does not match (${JSON.stringify(get(record.value, typeof fields.expected === 'string' ? fields.expected : (fields.expected.field ?? '')))})`
              : `no reference: ${describeSpec(fields.expected)} is ${value === undefined ? 'absent' : JSON.stringify(value)}`,
          );
          continue;
        }
      } else expected = value;
    }

    const base = { id, ...(subject !== undefined ? { subject } : {}), prompt, output, expected };
    const missing = 'The release holds no output for this record: counted incorrect.';
    if (scorer) {
      let verdict;
      try {
        verdict = scorer.score(output, expected);
      } catch (error) {
        problem(
          refused,
          `scorer ${scorer.id} cannot judge it: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      if (noOutput) problem(flagged, 'no output: kept, counted incorrect');
      else if (verdict.extracted === null)
        problem(flagged, `no answer ${scorer.id} could read in the output: kept, counted incorrect`);
      const notes = [noOutput ? missing : undefined, verdict.notes].filter(Boolean).join(' ');
      examples.push({
        ...base,
        extracted: noOutput ? null : verdict.extracted,
        correct: noOutput ? false : verdict.correct,
        scoring: {
          method: scorer.id,
          scorer: { id: scorer.id, version: scorer.version },
          rule: verdict.rule,
          ...(notes ? { notes } : {}),
        },
      });
    } else {
      const path = scoring.verdict ?? '';
      const value = get(record.value, path);
      if (typeof value !== 'boolean') {
        problem(
          refused,
          `no verdict: "${path}" is ${value === undefined ? 'absent' : JSON.stringify(value)}, not true or false`,
        );
        continue;
      }
      if (noOutput && value) {
        problem(refused, `"${path}" says solved, but the release holds no output for it`);
        continue;
      }
      if (noOutput) problem(flagged, 'no output: kept, counted incorrect as the release judged it');
      examples.push({
        ...base,
        extracted: null,
        correct: value,
        scoring: {
          method: 'source-verdict',
          rule: scoring.rule ?? `the release's own verdict: its "${path}" field`,
          ...(noOutput ? { notes: missing } : {}),
        },
      });
    }
  }
  return { examples, flagged, refused, unused: [...keys].filter((k) => !used.has(k)).sort() };
}

/** What the description and one run's records make: an ImportedRun for write.ts, and what was flagged or refused. */
export interface ReleaseRunResult {
  run: ReleaseRun;
  files: string[];
  imported?: ImportedRun;
  flagged: Problem[];
  refused: Problem[];
}

/** The command recorded in each run's source.imported_with. */
export function importedWith(descriptionFile: string, description: ImportDescription): string {
  const { repository, commit } = description.source;
  return `npm run import -- release ${descriptionFile} --from <a checkout of ${repository} at ${commit}>`;
}

/**
 * Read one run of a description from the release's files. A run whose files hold fewer or more
 * records than its scope says, or any record that cannot become a faithful example, is refused:
 * nothing of it is written.
 */
export async function releaseRun(
  read: { description: ImportDescription; file: string; line: (path: readonly PropertyKey[]) => number },
  index: number,
  fromDir: string,
  scorers: Scorers,
  metric: string,
): Promise<ReleaseRunResult> {
  const { description, file } = read;
  const run = description.runs[index];
  if (!run) throw new Error(`no run ${index}`);
  const here = (key: string): Problem => ({
    file,
    line: read.line(['runs', index, key]),
    path: formatPath(['runs', index, key]),
    message: '',
  });
  const files = await runFiles(fromDir, run);
  if (files.length === 0)
    return {
      run,
      files,
      flagged: [],
      refused: [{ ...here('files'), message: `no file under ${fromDir} matches ${JSON.stringify(run.files)}` }],
    };
  const records: SourceRecord[] = [];
  try {
    for (const f of files) records.push(...(await readRecords(fromDir, f, description.format, description.records)));
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { run, files, flagged: [], refused: [{ ...here('files'), message: error.message }] };
  }
  const { examples, flagged, refused, unused } = releaseExamples(description, records, scorers);

  const { dataset_size: datasetSize, subset_size: subsetSize } = description.benchmark;
  const planned = run.scope === 'full' ? datasetSize : (subsetSize ?? datasetSize);
  const n = records.length;
  const named = files.length === 1 ? files[0] : `its ${files.length} files`;
  if (run.scope === 'partial interrupted' ? n >= planned : n !== planned)
    refused.unshift({
      ...here('scope'),
      message:
        run.scope === 'partial interrupted'
          ? `"partial interrupted" means fewer than the ${planned} records planned, but ${named} hold${files.length === 1 ? 's' : ''} ${n}`
          : `"${run.scope}" needs ${planned} records, but ${named} hold${files.length === 1 ? 's' : ''} ${n}; if the run stopped early, say "partial interrupted"`,
    });
  if (refused.length > 0) return { run, files, flagged, refused };

  const { source, benchmark, prompt } = description;
  const releaseSource: Source = {
    repository: source.repository,
    url: source.url,
    commit: source.commit,
    path: (typeof run.files === 'string' ? [run.files] : run.files).join(', '),
    licence: source.licence,
    ...(run.reported ? { reported: run.reported } : {}),
    imported_with: importedWith(file, description),
    ...(source.output ? { output: source.output } : {}),
    dated_by: run.dated_by,
  };
  const notes = [description.notes, run.notes].filter((s) => s !== undefined && s.trim() !== '').map((s) => s?.trim());
  const imported: ImportedRun = {
    source: `${file} runs[${index}] (${run.id})`,
    benchmark: {
      id: benchmark.id,
      version: benchmark.version,
      datasetSize,
      name: benchmark.id,
      metric,
      task: 'free-text',
    },
    model: run.model,
    prompt: {
      template: prompt.template,
      templateId: prompt.template_id,
      fewShot: prompt.few_shot,
    },
    generation: { ...description.generation, ...run.generation },
    harness: description.harness,
    state: run.scope === 'partial interrupted' ? 'partial' : 'completed',
    limited: run.scope === 'partial by-design',
    finishedAt: run.finished_at,
    examples,
    notes: notes.length > 0 ? notes.join('\n\n') : undefined,
    releaseSource,
    mapped: [],
    dropped:
      unused.length > 0
        ? [`the records' fields ${unused.map((k) => `"${k}"`).join(', ')}: no example field holds them`]
        : [],
  };
  return { run, files, imported, flagged, refused };
}
