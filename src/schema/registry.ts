import * as z from 'zod';
import { label, text } from './common.ts';

const httpUrl = () => z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const Link = z.strictObject({
  title: label().describe('What the link leads to, as the page shows it.'),
  url: httpUrl().describe('An http(s) address.'),
});

const synthetic = z.boolean().optional().describe('True for generated demonstration data; the site labels it.');

export const BenchmarkVersion = z.strictObject({
  id: label(64).describe('Version name as runs cite it. Quote it in YAML ("1.0"), or YAML reads a number.'),
  dataset_size: z.int().min(1).describe('Examples in this version; a full run has exactly this many.'),
  notes: text().optional(),
});

/**
 * Whether a benchmark's scoring reads an answer out of each output: every task but code, whose
 * outputs are run against tests. Where it does, an output with none read is counted apart
 * ("no answer": src/lib/stats.ts, unextracted).
 */
export const readsAnswers = (task: string | undefined): boolean => task !== 'code';

export const Benchmark = z
  .strictObject({
    name: label(),
    summary: text().describe('A sentence or two on what the benchmark measures, shown above its comparison table.'),
    metric: label(64).describe('The metric every run declares, e.g. "accuracy" or "pass@1".'),
    task: z
      .enum(['multiple-choice', 'numeric-answer', 'code', 'free-text'])
      .describe('What kind of answer an example expects.'),
    versions: z.array(BenchmarkVersion).min(1),
    subjects: z
      .array(label())
      .optional()
      .describe('Categories examples may name in "subject"; leave out for benchmarks without them.'),
    links: z.array(Link).optional(),
    canary: text()
      .optional()
      .describe(
        "A string the benchmark asks to be published with its text so that it can be kept out of training data (BIG-bench's canary); printed on every page and download that quotes an example.",
      ),
    synthetic,
  })
  .check((ctx) => {
    const seen = new Set<string>();
    ctx.value.versions.forEach((version, i) => {
      if (seen.has(version.id))
        ctx.issues.push({
          code: 'custom',
          path: ['versions', i, 'id'],
          message: `version "${version.id}" is listed twice`,
          input: version.id,
        });
      seen.add(version.id);
    });
  });
export type Benchmark = z.infer<typeof Benchmark>;

export const OPENNESS_DIMENSIONS = [
  'weights',
  'architecture',
  'training_methodology',
  'training_data',
  'inference_code',
  'documentation',
  'licence',
] as const;
export type OpennessDimension = (typeof OPENNESS_DIMENSIONS)[number];

const Availability = z.enum(['open', 'partial', 'closed', 'unknown']);
export type Availability = z.infer<typeof Availability>;

export const OPENNESS_LEVELS = ['opaque', 'described', 'inspectable', 'open'] as const;
export type OpennessLevel = (typeof OPENNESS_LEVELS)[number];

/**
 * The level that follows from the seven dimensions. Kept here, beside the schema, because a model
 * file's declared level must agree with it.
 */
export function opennessLevel(openness: Record<OpennessDimension, Availability>): OpennessLevel {
  const atLeastPartial = (d: OpennessDimension) => openness[d] === 'open' || openness[d] === 'partial';
  if (OPENNESS_DIMENSIONS.every((d) => openness[d] === 'open')) return 'open';
  if (atLeastPartial('weights') && atLeastPartial('inference_code') && atLeastPartial('architecture'))
    return 'inspectable';
  if (atLeastPartial('architecture') && atLeastPartial('documentation')) return 'described';
  return 'opaque';
}

export const Openness = z
  .strictObject(
    Object.fromEntries(OPENNESS_DIMENSIONS.map((d) => [d, Availability])) as Record<
      OpennessDimension,
      typeof Availability
    >,
  )
  .describe('Each dimension: "open", "partial", "closed" or "unknown" (not confirmed by any public source).');

/** One judgement's grounds: the public document it rests on and what that document says or omits. */
export const Evidence = z
  .strictObject({
    source: Link.describe(
      'The public document the judgement rests on: a model card, paper, licence, repository or announcement, with its title.',
    ),
    note: text()
      .min(1, { error: 'expected a non-empty note' })
      .describe(
        "In the registry's own words, what the source shows (or fails to show) that gives this rating; shown as plain text.",
      ),
  })
  .describe('The source of one openness judgement and what it shows.');
export type Evidence = z.infer<typeof Evidence>;

export const OpennessEvidence = z
  .strictObject(
    Object.fromEntries(OPENNESS_DIMENSIONS.map((d) => [d, Evidence.optional()])) as Record<
      OpennessDimension,
      z.ZodOptional<typeof Evidence>
    >,
  )
  .describe(
    'For each of the seven dimensions, the source behind its rating and a note. Required for every dimension of a model that is not synthetic, "unknown" ones included (cite where the fact was looked for).',
  );
export type OpennessEvidence = z.infer<typeof OpennessEvidence>;

export const Model = z
  .strictObject({
    name: label().describe('The family\'s name as its maker writes it, e.g. "Llama 3.1 70B".'),
    organisation: label().describe('Who made and released the model.'),
    licence: label().describe('The licence name or SPDX id, e.g. "Apache-2.0"; "proprietary" for closed terms.'),
    description: text().optional().describe('One line on what the model is, shown under its name.'),
    openness: Openness,
    evidence: OpennessEvidence.optional(),
    level: z
      .enum(OPENNESS_LEVELS)
      .describe(
        'Follows from the dimensions: open (all seven open); inspectable (weights, inference code and architecture at least partial); described (architecture and documentation at least partial); otherwise opaque.',
      ),
    links: z.array(Link).optional().describe('Further reading: model card, paper, announcement.'),
    synthetic,
  })
  .check((ctx) => {
    const expected = opennessLevel(ctx.value.openness);
    if (ctx.value.level !== expected)
      ctx.issues.push({
        code: 'custom',
        path: ['level'],
        message: `the openness dimensions give "${expected}", not "${ctx.value.level}"`,
        input: ctx.value.level,
      });
    // A rating nobody can check is an opinion: real models cite a source for every dimension they
    // rate. "unknown" claims nothing (an importer's stub says it of all seven), so it needs none.
    if (ctx.value.synthetic === true) return;
    for (const d of OPENNESS_DIMENSIONS)
      if (ctx.value.evidence?.[d] === undefined && ctx.value.openness[d] !== 'unknown')
        ctx.issues.push({
          code: 'custom',
          path: ['evidence', d],
          message: `no evidence for the "${d}" rating "${ctx.value.openness[d]}": give its source (title, url) and a note, or rate it "unknown"`,
          input: undefined,
        });
  });
export type Model = z.infer<typeof Model>;

export const Provider = z.strictObject({
  name: label(),
  url: httpUrl().optional(),
  description: text().optional(),
  synthetic,
});
export type Provider = z.infer<typeof Provider>;
