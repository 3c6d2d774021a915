import * as z from 'zod';
import { label, slug, text, timestamp } from './common.ts';
import { Generation, Harness, PromptSettings, Source } from './run.ts';

/**
 * An import description (content/imports/<name>.yaml): how a release that follows no harness, plain
 * JSON, JSONL or CSV files, becomes runs. `npm run import -- release <file> --from <folder>` reads it.
 */

/** A field of a record: names joined by ".", list positions in brackets, e.g. `chat_history[0]`. */
export const FIELD_PATH = /^[A-Za-z_$][\w$ -]*(?:\.[A-Za-z_$][\w$ -]*|\[\d+\])*$/;

const FieldPath = z
  .string()
  .regex(FIELD_PATH, { error: 'expected a field path such as "answer", "output[0]" or "doc.question"' })
  .describe('A field of the record: names joined by ".", list positions in brackets, e.g. "chat_history[0]".');

const RegexText = z
  .string()
  .min(1, { error: 'expected a regular expression' })
  .check((ctx) => {
    try {
      new RegExp(ctx.value, 'u');
    } catch (error) {
      ctx.issues.push({
        code: 'custom',
        message: `not a regular expression: ${error instanceof Error ? error.message : String(error)}`,
        input: ctx.value,
      });
    }
  });

const SOURCES = ['field', 'literal', 'from_file', 'template'] as const;

export const ValueSpec = z
  .strictObject({
    field: FieldPath.optional().describe('Read the value from this field of each record.'),
    literal: label().optional().describe('The same value for every record, e.g. a subject.'),
    from_file: RegexText.optional().describe(
      'A regular expression matched against the file name (without its folder); its first group is the value, e.g. a BBH task name.',
    ),
    template: label()
      .optional()
      .describe(
        'Text with placeholders: {index} (the record\'s position in its file, from 0), {subject}, {file} (the file name without extension), e.g. "{subject}/{index}".',
      ),
    pattern: RegexText.optional().describe(
      'A regular expression applied to the value: its first group (or the whole match) is kept, e.g. "^#\\\\s*(.+)$" keeps "18" of "# 18". A value it does not match is reported.',
    ),
    as: z
      .enum(['string', 'number'])
      .optional()
      .describe(
        '"number": read the value as a number (thousands separators "," removed); the default keeps it as it is.',
      ),
  })
  .check((ctx) => {
    const given = SOURCES.filter((key) => ctx.value[key] !== undefined);
    if (given.length !== 1)
      ctx.issues.push({
        code: 'custom',
        message:
          given.length === 0
            ? `say where the value comes from: one of ${SOURCES.map((s) => `"${s}"`).join(', ')}`
            : `expected one source of the value, got ${given.map((s) => `"${s}"`).join(' and ')}`,
        input: ctx.value,
      });
  })
  .describe('Where a value of each example comes from.');
export type ValueSpec = z.infer<typeof ValueSpec>;

/** A value: a field path as a shorthand, or the long form. */
const Value = z.union([FieldPath, ValueSpec], {
  error: 'expected a field path, or {field | literal | from_file | template, pattern?, as?}',
});

export const PromptSpec = z
  .strictObject({
    field: FieldPath.describe('The field holding the prompt text the model was sent.'),
    role: z
      .enum(['user', 'system'])
      .optional()
      .describe(
        'Absent: the prompt is that text (a completion endpoint); "user": it is one chat message of that role.',
      ),
  })
  .describe('Where the prompt is.');

const Scope = z
  .enum(['full', 'partial by-design', 'partial interrupted'])
  .describe(
    '"full": the whole dataset; "partial by-design": the subset the description names (subset_size); "partial interrupted": fewer records than planned, the run stopped early.',
  );

export const ReleaseRun = z
  .strictObject({
    id: slug().describe('The run id: the folder the run is written to.'),
    files: z
      .union([label(500), z.array(label(500)).min(1)])
      .describe(
        'The files of this run, relative to the release\'s root (--from): a path, a glob ("code-davinci-002-cot/*_template_0-255000.json"), or a list of them.',
      ),
    provider: slug().describe('A provider of the registry: who served the model.'),
    family: slug().describe('A model family of the registry.'),
    model: label().describe("The model identifier the provider's API took, verbatim."),
    finished_at: timestamp().describe(
      'When the run ended; with dated_by "commit", the date of the commit that published its files.',
    ),
    dated_by: Source.shape.dated_by,
    scope: Scope,
    reported: Source.shape.reported,
    generation: Generation.optional().describe(
      "Settings of this run that differ from the description's generation, by name.",
    ),
    notes: text()
      .optional()
      .describe("What a reader should know about this run alone; added after the description's notes."),
  })
  .describe('One run: its files and what only the contributor knows about it.');
export type ReleaseRun = z.infer<typeof ReleaseRun>;

export const ImportDescription = z
  .strictObject({
    source: z
      .strictObject({
        repository: Source.shape.repository,
        url: Source.shape.url,
        commit: Source.shape.commit,
        licence: Source.shape.licence,
        output: Source.shape.output,
        publisher: label().describe('Who published the release, by name.'),
      })
      .describe('Where the release is published.'),
    benchmark: z
      .strictObject({
        id: slug().describe('A benchmark of the registry.'),
        version: label(64).describe('One of its versions.'),
        dataset_size: z.int().min(1).describe('Examples in that version of the dataset.'),
        subset_size: z
          .int()
          .min(1)
          .optional()
          .describe(
            'For "partial by-design" runs: the size of the subset the publisher chose (e.g. MATH level 5: 721).',
          ),
      })
      .describe('What the runs evaluated.'),
    format: z
      .enum(['json', 'jsonl', 'csv'])
      .describe('How the files are written: a JSON document, JSON lines, or CSV with a header row.'),
    records: FieldPath.optional().describe(
      'JSON only: the field holding the list of records, e.g. "outputs"; absent: the document is the list.',
    ),
    fields: z
      .strictObject({
        id: Value.describe('The example id, the same in every run of the benchmark version.'),
        prompt: z
          .union([FieldPath, PromptSpec])
          .describe('The prompt as sent: a field path (a string prompt) or {field, role}.'),
        output: FieldPath.describe("The model's raw output."),
        expected: Value.optional().describe('The reference answer; required with a scorer.'),
        subject: Value.optional().describe('The subject (category) within the benchmark.'),
      })
      .describe("Where each example's values are in a record."),
    scoring: z
      .strictObject({
        scorer: slug().optional().describe('The scorer in src/scorers/ that derives each verdict from the output.'),
        verdict: FieldPath.optional().describe(
          'The field holding the publisher\'s own verdict (true/false), for releases that store one: recorded with scoring method "source-verdict" and no scorer.',
        ),
        rule: text()
          .optional()
          .describe('With verdict: how the publisher reached it, in words (shown on each example).'),
      })
      .check((ctx) => {
        const { scorer, verdict } = ctx.value;
        if ((scorer === undefined) === (verdict === undefined))
          ctx.issues.push({
            code: 'custom',
            message: 'expected either "scorer" (ours) or "verdict" (the release\'s own field), not both or neither',
            input: ctx.value,
          });
      })
      .describe('How each example is judged.'),
    prompt: PromptSettings,
    generation: Generation,
    harness: Harness,
    notes: text()
      .optional()
      .describe('What a reader should know about every run of this release (e.g. what it lacks).'),
    runs: z.array(ReleaseRun).min(1).describe('The runs the release holds, one entry each.'),
  })
  .describe('content/imports/<name>.yaml: how one release becomes runs.');
export type ImportDescription = z.infer<typeof ImportDescription>;
