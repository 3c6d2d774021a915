import * as z from 'zod';
import { count, label, MAX_TEXT, slug, text, timestamp } from './common.ts';

export const RUN_SCHEMA_VERSION = 'benchscope.run/1';

/** States a published run may be in. Queued and running runs are not published: they have not ended. */
export const RUN_STATES = ['completed', 'partial', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** States that carry a score and examples. */
export const SCORED_STATES: readonly RunState[] = ['completed', 'partial'];

/** States a run passes through before it ends; the validator refuses them by name. */
export const UNFINISHED_STATES = ['queued', 'running'] as const;

export const PromptSettings = z
  .strictObject({
    mode: z
      .enum(['canonical', 'custom'])
      .describe(
        '"canonical": the benchmark\'s standard prompt, comparable across providers; "custom": any other prompt, flagged wherever the score appears.',
      ),
    template: text().describe('The prompt template the harness filled in for every example.'),
    template_id: label().optional().describe('Name of the template in the harness, e.g. "mmlu/zero-shot-cot".'),
    few_shot: count()
      .optional()
      .describe(
        'Number of solved examples shown before each question (0 for zero-shot); absent when the tool did not record it.',
      ),
  })
  .describe('How each example was turned into a prompt.');

export const Generation = z
  .strictObject({
    temperature: z.number().min(0).optional().describe('Sampling temperature; 0 for greedy decoding.'),
    top_p: z.number().min(0).max(1).optional().describe('Nucleus sampling threshold.'),
    top_k: z.int().min(0).optional().describe('Top-k sampling limit.'),
    max_tokens: z.int().min(1).optional().describe('Most tokens the endpoint could generate per answer.'),
    seed: z.int().optional().describe('Sampling seed, when the API took one.'),
    stop: z.array(text()).optional().describe('Stop sequences.'),
    frequency_penalty: z.number().optional().describe('As the OpenAI-style APIs define it.'),
    presence_penalty: z.number().optional().describe('As the OpenAI-style APIs define it.'),
    extra: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .describe('Other settings the harness reported, by their own names.'),
  })
  .describe('Generation settings as the harness reported them; leave out what it did not report.');

export const Scope = z
  .strictObject({
    kind: z.enum(['full', 'partial']).describe('"full": every example of the dataset; "partial": a subset.'),
    sample_size: z.int().min(1).describe('Examples evaluated: the number of lines in examples.jsonl.'),
    dataset_size: z.int().min(1).describe("Examples in the benchmark version's dataset (from the registry)."),
    partial_reason: z
      .enum(['by-design', 'interrupted'])
      .optional()
      .describe('Partial runs only: "by-design" (a chosen subset) or "interrupted" (stopped before the end).'),
  })
  .check((ctx) => {
    const { kind, sample_size, dataset_size, partial_reason } = ctx.value;
    const issue = (path: string, message: string, input: unknown) =>
      ctx.issues.push({ code: 'custom', path: [path], message, input });
    if (sample_size > dataset_size)
      issue('sample_size', `expected at most dataset_size (${dataset_size}), got ${sample_size}`, sample_size);
    if (kind === 'full') {
      if (sample_size !== dataset_size)
        issue(
          'sample_size',
          `a full run covers the whole dataset: expected ${dataset_size}, got ${sample_size}; use "kind": "partial" for a subset`,
          sample_size,
        );
      if (partial_reason !== undefined)
        issue(
          'partial_reason',
          'only partial runs have a partial_reason: remove it or set "kind": "partial"',
          partial_reason,
        );
    } else {
      if (partial_reason === undefined)
        issue(
          'partial_reason',
          'a partial run says why it is partial: expected "by-design" or "interrupted"',
          partial_reason,
        );
      if (sample_size === dataset_size) issue('kind', 'the run covers the whole dataset: expected "full"', kind);
    }
  })
  .describe('How much of the dataset the run covers.');

export const Score = z
  .strictObject({
    metric: label(64).describe('The benchmark\'s metric, as its registry entry names it (e.g. "accuracy").'),
    method: label(100)
      .optional()
      .describe(
        'How answers were read when a benchmark is scored more than one way, e.g. lm-eval\'s "strict-match" or "flexible-extract". Runs scored differently are never ranked together.',
      ),
    value: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'The score as a fraction between 0 and 1. It must equal the mean over the examples to within half a unit of its last digit.',
      ),
  })
  .describe('The declared score; the validator recomputes it from the examples.');

/** How far, in percentage points, a recomputed score may be from its publisher's figure without an explanation. */
export const REPORTED_TOLERANCE_POINTS = 0.5;

/** A full git commit hash: a short one can become ambiguous as a repository grows. */
const COMMIT = /^[0-9a-f]{40}$/;

export const Source = z
  .strictObject({
    repository: label(140).describe('The public repository the outputs were published in, as "owner/name".'),
    url: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .describe('Where a reader finds that repository.'),
    commit: z
      .string()
      .regex(COMMIT, { error: 'expected a full 40-character git commit hash, in lowercase hex' })
      .describe('The commit the files were read at: the outputs are quoted as they stood there.'),
    path: text().describe("The file (or files) within the repository that hold this run's outputs."),
    licence: label(100).describe('The licence the published data keeps, as an SPDX id (e.g. "Apache-2.0", "MIT").'),
    reported: z
      .strictObject({
        value: z.number().min(0).max(1).describe("The publisher's own figure for this run, as a fraction."),
        where: text().describe('Where the publisher states it: a path in the same repository at the same commit.'),
        label: label(200).optional().describe('What the publisher calls it, e.g. "Acc" or "accuracy".'),
        difference: text()
          .optional()
          .describe(
            `Why the recomputed score differs from the publisher's figure, from the examples that differ. Required when the two are more than ${REPORTED_TOLERANCE_POINTS} percentage points apart.`,
          ),
      })
      .optional()
      .describe(
        "The publisher's own score for this run, shown beside the recomputed one; absent when it published none.",
      ),
    imported_with: text().describe(
      'How the run was made from those files: the command and the import description in this repository, e.g. "npm run import -- release content/imports/zeroeval-gsm.yaml".',
    ),
    output: z
      .enum(['raw', 'extracted'])
      .optional()
      .describe(
        '"extracted": the release kept only what its own code took out of each reply (a function, an answer), not the reply itself; the site says so beside every output. Absent: the raw reply.',
      ),
    dated_by: z
      .enum(['recorded', 'commit'])
      .describe(
        '"recorded": finished_at is the time the tool recorded; "commit": the release records none, so finished_at is the date of the commit that published the file (the run ended at or before it).',
      ),
  })
  .describe(
    'Where an imported run came from. Runs made from a public release must say so; runs submitted first-hand leave it out.',
  );
export type Source = z.infer<typeof Source>;

export const Harness = z
  .strictObject({
    name: label(100).describe('The evaluation tool, e.g. "lm-evaluation-harness".'),
    version: label(100).optional().describe('Its version, as it reported it.'),
  })
  .describe('The tool that ran the evaluation.');

export const Latency = z
  .strictObject({
    p50: z.number().min(0).describe('Median latency per example, in milliseconds.'),
    p95: z.number().min(0).describe('95th percentile, in milliseconds.'),
    mean: z.number().min(0).describe('Mean, in milliseconds.'),
  })
  .describe(
    'Declared latency over the examples (linear interpolation between order statistics); every example must then have latency_ms.',
  );

const common = {
  $schema: z.string().optional().describe('Path or URL of run.schema.json, for editors.'),
  schema: z.literal(RUN_SCHEMA_VERSION).describe('Format version of this file.'),
  id: slug().describe('The run id: equals the name of the folder holding this file; part of every URL of the run.'),
  benchmark: z
    .strictObject({
      id: slug().describe('A benchmark of the registry (content/benchmarks/<id>.mdx).'),
      version: label(64).describe('One of the versions that registry entry lists.'),
    })
    .describe('What was evaluated.'),
  endpoint: z
    .strictObject({
      provider: slug().describe('A provider of the registry (content/providers/<id>.md).'),
      model: label().describe("The model identifier the provider's API took, verbatim."),
      family: slug().describe('The model family of the registry (content/models/<family>.md).'),
    })
    .describe('Who was evaluated: one model family as one provider serves it.'),
  prompt: PromptSettings,
  generation: Generation,
  harness: Harness,
  started_at: timestamp()
    .optional()
    .describe(
      'When the run started, if the tool recorded it (some record only the end; a run cancelled before starting has none).',
    ),
  finished_at: timestamp().describe('When it ended: completed, stopped, failed or was cancelled.'),
  notes: text().optional().describe('Anything a reader should know about this run.'),
  source: Source.optional(),
  synthetic: z.boolean().optional().describe('True for generated demonstration data; the site labels it.'),
};

const noScore = (state: string) => ({
  score: z.never({ error: `${state} runs carry no score: remove "score"` }).optional(),
  latency_ms: z.never({ error: `${state} runs carry no latency figures: remove "latency_ms"` }).optional(),
});

const Completed = z
  .strictObject({
    ...common,
    state: z.literal('completed').describe('Every planned example was evaluated and scored.'),
    scope: Scope,
    score: Score,
    latency_ms: Latency.optional(),
    error: z.never({ error: 'completed runs have no "error"; use state "failed" or remove it' }).optional(),
  })
  .check((ctx) => {
    if (ctx.value.scope.partial_reason === 'interrupted')
      ctx.issues.push({
        code: 'custom',
        path: ['scope', 'partial_reason'],
        message: 'an interrupted run did not complete: set "state": "partial", or "partial_reason": "by-design"',
        input: 'interrupted',
      });
  });

const Partial = z
  .strictObject({
    ...common,
    state: z.literal('partial').describe('The run stopped before it ended; the examples evaluated are scored.'),
    scope: Scope,
    score: Score,
    latency_ms: Latency.optional(),
    error: text().optional().describe('Why the run stopped, if known.'),
  })
  .check((ctx) => {
    const { kind, partial_reason } = ctx.value.scope;
    if (kind !== 'partial')
      ctx.issues.push({
        code: 'custom',
        path: ['scope', 'kind'],
        message: 'a run in state "partial" stopped early: expected "partial"',
        input: kind,
      });
    else if (partial_reason === 'by-design')
      ctx.issues.push({
        code: 'custom',
        path: ['scope', 'partial_reason'],
        message:
          'a run in state "partial" was interrupted: expected "interrupted" ("by-design" subsets are "completed" runs)',
        input: partial_reason,
      });
  });

const Failed = z.strictObject({
  ...common,
  state: z.literal('failed').describe('An error prevented results; no score, no examples.'),
  scope: Scope.optional().describe('The scope the run was meant to have.'),
  error: z
    .string({
      error: (issue) => (issue.input === undefined ? 'a failed run says what went wrong: add "error"' : undefined),
    })
    .max(MAX_TEXT)
    .describe('What went wrong.'),
  ...noScore('failed'),
});

const Cancelled = z.strictObject({
  ...common,
  state: z.literal('cancelled').describe('Stopped on purpose before results; no score, no examples.'),
  scope: Scope.optional().describe('The scope the run was meant to have.'),
  error: text().optional().describe('Why it was cancelled, if known.'),
  ...noScore('cancelled'),
});

export const Run = z
  .discriminatedUnion('state', [Completed, Partial, Failed, Cancelled])
  .check((ctx) => {
    const { started_at, finished_at } = ctx.value;
    if (started_at !== undefined && Date.parse(finished_at) < Date.parse(started_at))
      ctx.issues.push({
        code: 'custom',
        path: ['finished_at'],
        message: `expected a time at or after started_at (${started_at})`,
        input: finished_at,
      });
  })
  .describe('run.json: one evaluation of one endpoint on one benchmark version.');
export type Run = z.infer<typeof Run>;
export type ScoredRun = Extract<Run, { state: 'completed' | 'partial' }>;

export function isScored(run: Run): run is ScoredRun {
  return run.state === 'completed' || run.state === 'partial';
}
