/**
 * Checking a run's examples file, line by line: what a thread of the example checker runs. It sits
 * below the rest of validation and imports none of it, so a thread loads this and its parsers alone.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Example } from '../schema/example.ts';
import { RunIndexBuilder, type RunIndex } from '../lib/run-index.ts';
import { RunTally, type RunStats } from '../lib/stats.ts';
import { loadVisitors, type VisitedRun, type VisitorRequest } from './example-visitors.ts';
import { hasDuplicateKey, parseJsonDocument, parseJsonLine, JsonSyntaxError } from './json.ts';
import { isGzipPath, readLineBatches } from './jsonl.ts';
import { knownKeys } from './keys.ts';
import { explainIssues, formatPath, type Problem } from './problems.ts';

export interface ExampleCheck {
  /** Figures from the examples, when every line was valid. */
  stats?: RunStats;
  examplesDigest?: string;
  /** Digest of the file's bytes (decompressed). */
  bytesDigest?: string;
  /** Digest of the file as stored (compressed, for a gzip file): what the check cache keys it by. */
  fileDigest?: string;
  /** Lines that held a record, valid or not. */
  records: number;
  untimed: number;
  firstUntimedLine?: number;
  /** The file could not be read to the end (e.g. not gzip): its count means nothing. */
  unreadable?: boolean;
  /** What the pages need of each example (src/lib/run-index.ts), when asked for and every line was valid. */
  index?: RunIndex;
}

/**
 * Sees each valid example as the check reads it, with where its line is in the (decompressed) file
 * and its position among the valid examples: how a build derives what it needs of a run's examples
 * in the pass that checks them (checkAndDerive).
 */
type Visit = (example: Example, place: { line: number; offset: number; bytes: number }, index: number) => void;

/**
 * Stream a run's examples: check every line, and tally the figures the site shows. Returns the
 * figures only when every line was valid.
 */
export async function checkExamples(
  root: string,
  file: string,
  /** The benchmark's subjects; null when it has none; undefined when unknown (run.json invalid). */
  subjects: readonly string[] | null | undefined,
  problems: Problem[],
  visit?: Visit,
): Promise<ExampleCheck> {
  const tally = new RunTally();
  // The run's ids in file order, with their lines; and where each is, by the id in lower case.
  const ids: string[] = [];
  const idLines: number[] = [];
  const firstOfFoldedId = new Map<string, number>();
  const subjectSet = subjects ? new Set(subjects) : subjects;
  let records = 0;
  let visited = 0;
  let untimed = 0;
  let firstUntimedLine: number | undefined;
  const before = problems.length;
  const bytes = createHash('sha256');
  const stored = createHash('sha256');
  const gzip = isGzipPath(file);
  const report = (line: number, path: readonly PropertyKey[], message: string) =>
    problems.push({ file, line, path: formatPath(path, `examples[${records - 1}]`), message });
  // The line of a record whose JSON the line ended before it did: a record split over lines.
  let unfinished: number | undefined;
  try {
    // The file's bytes are hashed as read, a chunk at a time: one call instead of one per line.
    const hashes = {
      onChunk: (chunk: Buffer) => bytes.update(chunk),
      // A plain file's bytes are its stored bytes: hashed once, for both digests.
      ...(gzip ? { onFileChunk: (chunk: Buffer) => stored.update(chunk) } : {}),
    };
    for await (const batch of readLineBatches(join(root, file), hashes))
      for (const event of batch) {
        const after = unfinished;
        unfinished = undefined;
        if (event.kind === 'problem') {
          if (event.record) records++;
          problems.push({ file, line: event.line, message: event.message });
          continue;
        }
        let value: unknown;
        try {
          value = parseJsonLine(event.text);
        } catch (error) {
          const syntax = error instanceof JsonSyntaxError ? error : undefined;
          if (syntax?.truncated) unfinished = event.line;
          if (after !== undefined && !event.text.trimStart().startsWith('{')) {
            // Not a record of its own: the rest of the one above. Counting it would also misreport
            // the number of examples.
            problems.push({
              file,
              line: event.line,
              message: `invalid JSON: this line goes on with the record of line ${after}: keep each record on one line, and write line breaks inside strings as \\n`,
            });
            continue;
          }
          records++;
          problems.push({
            file,
            line: event.line,
            ...(syntax ? { column: syntax.column } : {}),
            message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
          });
          continue;
        }
        records++;
        if (hasDuplicateKey(event.text, value)) {
          // JSON.parse kept the last value of each repeated key; which one the harness meant is
          // anyone's guess. The position-keeping parser says where each repetition is.
          for (const d of parseJsonDocument(event.text).duplicates)
            problems.push({
              file,
              line: event.line,
              column: d.position.column,
              path: formatPath(d.path, `examples[${records - 1}]`),
              message: `duplicate key (first at column ${d.first.column}): each field appears once`,
            });
          continue;
        }
        const result = Example.safeParse(value, { reportInput: true });
        if (!result.success) {
          for (const { path, message } of explainIssues(result.error.issues, {
            knownKeys: (p) => knownKeys(Example, p),
          }))
            report(event.line, path, message);
          continue;
        }
        const example = result.data;
        // Ids become URLs, so two that differ only in case would be one page: one map, keyed by
        // the id in lower case, finds both repeated ids and such twins.
        const folded = example.id.toLowerCase();
        const earlier = firstOfFoldedId.get(folded);
        if (earlier !== undefined) {
          const twin = ids[earlier] as string;
          const twinLine = idLines[earlier] as number;
          report(
            event.line,
            ['id'],
            twin === example.id
              ? `"${example.id}" is already the id of line ${twinLine}; ids are unique within a run`
              : `"${example.id}" differs only in case from "${twin}" (line ${twinLine}); ids become URLs, so they must differ in more than case`,
          );
          continue;
        }
        firstOfFoldedId.set(folded, ids.length);
        ids.push(example.id);
        idLines.push(event.line);
        if (example.subject !== undefined && subjectSet && !subjectSet.has(example.subject)) {
          report(
            event.line,
            ['subject'],
            `"${example.subject}" is not a subject of this benchmark; its registry entry lists: ${[...subjectSet].join(', ')}`,
          );
          continue;
        }
        if (example.subject !== undefined && subjectSet === null) {
          report(
            event.line,
            ['subject'],
            'this benchmark lists no subjects in its registry entry: remove "subject" or add "subjects" there',
          );
          continue;
        }
        if (example.latency_ms === undefined) {
          untimed++;
          firstUntimedLine ??= event.line;
        }
        tally.add(example);
        visit?.(example, { line: event.line, offset: event.offset, bytes: event.bytes }, visited++);
      }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({
      file,
      message: file.endsWith('.gz')
        ? `cannot be read as gzip (${reason}); compress it with gzip, or name it examples.jsonl`
        : `cannot be read: ${reason}`,
    });
    return { records, untimed, unreadable: true };
  }
  const clean = problems.length === before;
  const digest = createHash('sha256');
  for (const id of ids.sort()) digest.update(`${id}\n`);
  const bytesDigest = bytes.digest('hex');
  return {
    records,
    untimed,
    ...(firstUntimedLine !== undefined ? { firstUntimedLine } : {}),
    ...(clean
      ? {
          stats: tally.result(),
          examplesDigest: digest.digest('hex'),
          bytesDigest,
          fileDigest: gzip ? stored.digest('hex') : bytesDigest,
        }
      : {}),
  };
}

/** What to check, and what to derive from the examples in the same pass. */
export interface PassRequest {
  root: string;
  file: string;
  subjects: readonly string[] | null | undefined;
  /** Make the run's index (what the pages list of each example). */
  index?: boolean | undefined;
  /** Visitors to load and feed each valid example (src/archive/example-visitors.ts), for `run`. */
  visitors?: readonly VisitorRequest[] | undefined;
  run?: VisitedRun | undefined;
}

/**
 * checkExamples, deriving in the same pass what was asked: the run's index, and what the visitors
 * make. One reading of the file, however much is made of it.
 */
export async function checkAndDerive(request: PassRequest, problems: Problem[]): Promise<ExampleCheck> {
  const { root, file, subjects, run } = request;
  const index = request.index ? new RunIndexBuilder() : undefined;
  const visitors = run && request.visitors?.length ? await loadVisitors(request.visitors, run) : [];
  const before = problems.length;
  let check: ExampleCheck;
  try {
    check = await checkExamples(
      root,
      file,
      subjects,
      problems,
      index || visitors.length > 0
        ? (example, place, i) => {
            index?.add(example, place);
            for (const visitor of visitors) visitor.visit(example, place, i);
          }
        : undefined,
    );
  } catch (error) {
    await Promise.all(visitors.map((v) => v.abandon()));
    throw error;
  }
  const { bytesDigest } = check;
  if (problems.length !== before || !check.stats || bytesDigest === undefined) {
    await Promise.all(visitors.map((v) => v.abandon()));
    return check;
  }
  await Promise.all(visitors.map((v) => v.finish(bytesDigest)));
  return index ? { ...check, index: index.result() } : check;
}
