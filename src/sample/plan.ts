/**
 * What the synthetic sample archive holds: fictional providers and model families, three synthetic
 * benchmarks, and a set of runs chosen to exercise the whole run format.
 */
import type { Availability, OpennessDimension } from '../schema/registry.ts';

export type BenchmarkKey = 'quiz' | 'maths' | 'code';

export interface SampleBenchmark {
  id: string;
  key: BenchmarkKey;
  name: string;
  metric: string;
  task: 'multiple-choice' | 'numeric-answer' | 'code';
  /** Dataset size of each version at scale 1. */
  versions: { id: string; baseSize: number; notes?: string }[];
}

export const BENCHMARKS: SampleBenchmark[] = [
  {
    id: 'quiz-synth',
    key: 'quiz',
    name: 'Synthetic Quiz',
    metric: 'accuracy',
    task: 'multiple-choice',
    versions: [
      { id: '1.0', baseSize: 200 },
      { id: '2.0', baseSize: 240, notes: 'New questions with ids grouped by subject ("astronomy/0001").' },
    ],
  },
  {
    id: 'math-synth',
    key: 'maths',
    name: 'Synthetic Word Problems',
    metric: 'accuracy',
    task: 'numeric-answer',
    versions: [{ id: '1.0', baseSize: 150 }],
  },
  {
    id: 'code-synth',
    key: 'code',
    name: 'Synthetic Code Tasks',
    metric: 'pass@1',
    task: 'code',
    versions: [{ id: '1.0', baseSize: 40 }],
  },
];

export interface SampleProvider {
  id: string;
  name: string;
  description: string;
  api: 'chat' | 'completion';
  /** Multiplies the family's latency. */
  latencyFactor: number;
  /** Chance an example fails at the endpoint. */
  errorRate: number;
  error: string;
}

export const PROVIDERS: SampleProvider[] = [
  {
    id: 'nimbus',
    name: 'Nimbus Cloud',
    description: 'A fictional inference provider with a chat API. Part of the synthetic sample archive.',
    api: 'chat',
    latencyFactor: 1,
    errorRate: 0.002,
    error: 'HTTP 503 from the endpoint: service unavailable (after 3 retries)',
  },
  {
    id: 'quillstack',
    name: 'Quillstack',
    description:
      'A fictional provider serving quantised models through a text-completion API. Part of the synthetic sample archive.',
    api: 'completion',
    latencyFactor: 0.75,
    errorRate: 0.001,
    error: 'request timed out after 60 s',
  },
  {
    id: 'harborlight',
    name: 'Harborlight AI',
    description: 'A fictional provider with a chat API and strict rate limits. Part of the synthetic sample archive.',
    api: 'chat',
    latencyFactor: 1.35,
    errorRate: 0.008,
    error: 'HTTP 429 from the endpoint: rate limit exceeded (after 5 retries)',
  },
];

export interface SampleFamily {
  id: string;
  name: string;
  organisation: string;
  licence: string;
  description: string;
  openness: Record<OpennessDimension, Availability>;
  /** Chance of a right answer per benchmark before subject and provider effects. */
  skill: Record<BenchmarkKey, number>;
  /** Milliseconds to first token, and per generated token. */
  latency: { base: number; perToken: number };
}

export const FAMILIES: SampleFamily[] = [
  {
    id: 'aurora',
    name: 'Aurora 8B',
    organisation: 'Aurora Collective (fictional)',
    licence: 'Apache-2.0',
    description: 'A small, fully open fictional model family: weights, code, data and training recipe are published.',
    openness: {
      weights: 'open',
      architecture: 'open',
      training_methodology: 'open',
      training_data: 'open',
      inference_code: 'open',
      documentation: 'open',
      licence: 'open',
    },
    skill: { quiz: 0.62, maths: 0.5, code: 0.42 },
    latency: { base: 180, perToken: 9 },
  },
  {
    id: 'basalt',
    name: 'Basalt 70B',
    organisation: 'Basalt Systems (fictional)',
    licence: 'Basalt Community Licence',
    description:
      'A large fictional model family with downloadable weights under a restrictive licence; training data undisclosed.',
    openness: {
      weights: 'partial',
      architecture: 'open',
      training_methodology: 'partial',
      training_data: 'closed',
      inference_code: 'open',
      documentation: 'open',
      licence: 'partial',
    },
    skill: { quiz: 0.76, maths: 0.7, code: 0.6 },
    latency: { base: 420, perToken: 22 },
  },
  {
    id: 'cinder',
    name: 'Cinder Pro',
    organisation: 'Cinder Labs (fictional)',
    licence: 'proprietary',
    description: 'A fictional hosted-only model family: a technical report describes it, nothing can be downloaded.',
    openness: {
      weights: 'closed',
      architecture: 'partial',
      training_methodology: 'partial',
      training_data: 'unknown',
      inference_code: 'closed',
      documentation: 'open',
      licence: 'closed',
    },
    skill: { quiz: 0.82, maths: 0.8, code: 0.7 },
    latency: { base: 650, perToken: 14 },
  },
];

export type ScopePlan =
  | { kind: 'full' }
  /** A seeded subset of this fraction of the dataset; runs with the same subset share its ids. */
  | { kind: 'by-design'; fraction: number }
  /** Stopped after this fraction of the dataset, in dataset order. */
  | { kind: 'interrupted'; fraction: number };

export interface SampleRun {
  id: string;
  benchmark: string;
  version: string;
  family: string;
  provider: string;
  model: string;
  mode: 'canonical' | 'custom';
  state: 'completed' | 'partial' | 'failed' | 'cancelled';
  scope: ScopePlan;
  /** Write examples.jsonl.gz rather than examples.jsonl. */
  gzip?: boolean;
  /** Provider-specific change in skill, e.g. a quantised deployment. */
  skillDelta?: number;
  /** Overrides the provider's chance of an endpoint error, e.g. slow code generations timing out. */
  errorRate?: number;
  error?: string;
  notes?: string;
}

const SUBSET = 5 / 12;

export const RUNS: SampleRun[] = [
  {
    id: 'quiz-synth-v2-aurora-nimbus',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'aurora',
    provider: 'nimbus',
    model: 'aurora-8b-instruct',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
    gzip: true,
  },
  {
    id: 'quiz-synth-v2-aurora-quillstack',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'aurora',
    provider: 'quillstack',
    model: 'aurora-8b-q4',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
    skillDelta: -0.04,
  },
  {
    id: 'quiz-synth-v2-aurora-harborlight',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'aurora',
    provider: 'harborlight',
    model: 'harborlight/aurora-8b-chat',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'quiz-synth-v2-basalt-nimbus',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'basalt',
    provider: 'nimbus',
    model: 'basalt-70b',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'quiz-synth-v2-basalt-harborlight',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'basalt',
    provider: 'harborlight',
    model: 'harborlight/basalt-70b-instruct-v2',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'quiz-synth-v2-cinder-quillstack',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'cinder',
    provider: 'quillstack',
    model: 'cinder-pro-2026-07',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'quiz-synth-v2-aurora-quillstack-cot',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'aurora',
    provider: 'quillstack',
    model: 'aurora-8b-q4',
    mode: 'custom',
    state: 'completed',
    scope: { kind: 'full' },
    skillDelta: 0.02,
    notes: 'Custom chain-of-thought prompt written by the submitter; not comparable with canonical runs.',
  },
  {
    id: 'quiz-synth-v2-basalt-nimbus-subset',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'basalt',
    provider: 'nimbus',
    model: 'basalt-70b',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'by-design', fraction: SUBSET },
    notes: 'A seeded subset of the dataset, shared with the other subset runs of this version.',
  },
  {
    id: 'quiz-synth-v2-aurora-harborlight-subset',
    benchmark: 'quiz-synth',
    version: '2.0',
    family: 'aurora',
    provider: 'harborlight',
    model: 'harborlight/aurora-8b-chat',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'by-design', fraction: SUBSET },
    notes: 'A seeded subset of the dataset, shared with the other subset runs of this version.',
  },
  {
    id: 'quiz-synth-v1-aurora-nimbus',
    benchmark: 'quiz-synth',
    version: '1.0',
    family: 'aurora',
    provider: 'nimbus',
    model: 'aurora-8b-instruct',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'quiz-synth-v1-basalt-harborlight',
    benchmark: 'quiz-synth',
    version: '1.0',
    family: 'basalt',
    provider: 'harborlight',
    model: 'harborlight/basalt-70b-instruct-v2',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'math-synth-aurora-nimbus',
    benchmark: 'math-synth',
    version: '1.0',
    family: 'aurora',
    provider: 'nimbus',
    model: 'aurora-8b-instruct',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'math-synth-aurora-harborlight',
    benchmark: 'math-synth',
    version: '1.0',
    family: 'aurora',
    provider: 'harborlight',
    model: 'harborlight/aurora-8b-chat',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'math-synth-basalt-nimbus',
    benchmark: 'math-synth',
    version: '1.0',
    family: 'basalt',
    provider: 'nimbus',
    model: 'basalt-70b',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'math-synth-cinder-quillstack',
    benchmark: 'math-synth',
    version: '1.0',
    family: 'cinder',
    provider: 'quillstack',
    model: 'cinder-pro-2026-07',
    mode: 'canonical',
    state: 'partial',
    scope: { kind: 'interrupted', fraction: 0.58 },
    error: 'The harness lost its connection to the endpoint and did not resume.',
  },
  {
    id: 'math-synth-basalt-harborlight',
    benchmark: 'math-synth',
    version: '1.0',
    family: 'basalt',
    provider: 'harborlight',
    model: 'harborlight/basalt-70b-instruct-v2',
    mode: 'canonical',
    state: 'failed',
    scope: { kind: 'full' },
    error: 'Authentication failed: the API key was rejected (HTTP 401) before the first example.',
  },
  {
    id: 'code-synth-aurora-nimbus',
    benchmark: 'code-synth',
    version: '1.0',
    family: 'aurora',
    provider: 'nimbus',
    model: 'aurora-8b-instruct',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'code-synth-basalt-harborlight',
    benchmark: 'code-synth',
    version: '1.0',
    family: 'basalt',
    provider: 'harborlight',
    model: 'harborlight/basalt-70b-instruct-v2',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
  },
  {
    id: 'code-synth-cinder-quillstack',
    benchmark: 'code-synth',
    version: '1.0',
    family: 'cinder',
    provider: 'quillstack',
    model: 'cinder-pro-2026-07',
    mode: 'canonical',
    state: 'completed',
    scope: { kind: 'full' },
    errorRate: 0.06,
  },
  {
    id: 'code-synth-aurora-quillstack',
    benchmark: 'code-synth',
    version: '1.0',
    family: 'aurora',
    provider: 'quillstack',
    model: 'aurora-8b-q4',
    mode: 'canonical',
    state: 'cancelled',
    scope: { kind: 'full' },
    error: 'Cancelled by the submitter: the wrong model identifier was configured.',
  },
];

/** The committed runs/ is exactly this sample; a test regenerates it and compares. */
export const COMMITTED_SAMPLE = { examples: 3000, seed: 1 } as const;

/** Examples a run of this plan holds when the benchmark version has `size` examples. */
export function runSize(run: SampleRun, size: number): number {
  if (run.state === 'failed' || run.state === 'cancelled') return 0;
  if (run.scope.kind === 'full') return size;
  return Math.max(1, Math.min(size - 1, Math.round(size * run.scope.fraction)));
}

/** Dataset sizes scaled so that the whole archive holds about `examples` examples. */
export function datasetSizes(examples: number): Map<string, number> {
  const base = new Map<string, number>();
  for (const b of BENCHMARKS) for (const v of b.versions) base.set(`${b.id}@${v.id}`, v.baseSize);
  const total = (sizes: Map<string, number>) =>
    RUNS.reduce((sum, run) => sum + runSize(run, sizes.get(`${run.benchmark}@${run.version}`) ?? 0), 0);
  const factor = examples / total(base);
  const scaled = new Map<string, number>();
  // At least 4 examples per version, so every partial run is a proper subset.
  for (const [key, size] of base) scaled.set(key, Math.max(4, Math.round(size * factor)));
  return scaled;
}
