import { createHash } from 'node:crypto';

/**
 * What the Every Eval Ever importer and exporter share: the schema version, the keys under which
 * an exported record keeps the Benchscope facts EEE has no field for (so an import reads back what
 * an export wrote), and the conventions of its timestamps and sample hashes.
 */

/** The EEE schema version written, and the one whose JSON Schemas are vendored (src/importers/eee/schemas/). */
export const EEE_SCHEMA_VERSION = '0.3.0';

/** Run facts EEE has no field for, under `source_metadata.additional_details` (all values strings). */
export const RUN_KEYS = {
  runId: 'benchscope_run_id',
  url: 'benchscope_url',
  provider: 'benchscope_provider',
  family: 'benchscope_family',
  promptMode: 'benchscope_prompt_mode',
  templateId: 'benchscope_template_id',
  benchmarkVersion: 'benchscope_benchmark_version',
  state: 'benchscope_state',
  partialReason: 'benchscope_partial_reason',
  error: 'benchscope_error',
  startedAt: 'benchscope_started_at',
  finishedAt: 'benchscope_finished_at',
  notes: 'benchscope_notes',
  synthetic: 'benchscope_synthetic',
  /** Where an imported run came from (run.json's `source`), as JSON text: repository, commit, path, licence, the publisher's figure. */
  source: 'benchscope_source',
} as const;

/** How answers were read (`score.method`), under `metric_config.additional_details`. */
export const METHOD_KEY = 'benchscope_method';

/** Example facts EEE has no field for, under the sample's `metadata` (strings; lists as JSON). */
export const EXAMPLE_KEYS = {
  subject: 'subject',
  /** Only when nothing was extracted: otherwise the answer attribution's extraction_method holds it. */
  method: 'benchscope_scoring_method',
  rule: 'benchscope_scoring_rule',
  notes: 'benchscope_scoring_notes',
  choices: 'benchscope_choices',
  tests: 'benchscope_tests',
} as const;

/** The few-shot count under `generation_config.additional_details`, as EEE's lm-eval converter names it. */
export const FEW_SHOT_KEY = 'num_fewshot';

/**
 * Typed `generation_args` of EEE that Benchscope keeps in `generation.extra` (objects as JSON
 * text), so that a record imported and exported again puts them back where they were.
 */
export const GENERATION_ARG_EXTRAS = {
  reasoning: 'boolean',
  execution_command: 'string',
  incorrect_attempt_feedback: 'string',
  max_attempts: 'integer',
  agentic_eval_config: 'object',
  eval_plan: 'object',
  eval_limits: 'object',
  sandbox: 'object',
} as const;

/** JSON as Python's json.dumps writes it by default: every character beyond ASCII escaped. */
export function pythonJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * EEE's cross-model join key for a sample, by the recipe its contributor guide gives:
 * sha256 of json.dumps({"raw", "reference"}, sort_keys=True, separators=(",", ":")).
 */
export function sampleHash(raw: string, reference: readonly string[]): string {
  return createHash('sha256').update(pythonJson({ raw, reference })).digest('hex');
}

/** Seconds since the epoch as a string, as EEE writes its timestamps. */
export const epochSeconds = (iso: string): string => String(Math.floor(Date.parse(iso) / 1000));

/** An EEE timestamp (epoch seconds, or an ISO 8601 date-time) as ISO 8601, or undefined. */
export function isoFromEee(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return new Date(Number(value) * 1000).toISOString();
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
