import * as z from 'zod';
import { label, slug, text } from './common.ts';

/** Longest example id: ids become URL paths. */
export const MAX_EXAMPLE_ID = 200;

const SEGMENT = /^[A-Za-z0-9._-]+$/;
/** Segments of SEGMENT's characters, none of them "." or "..", joined by "/". */
const PATH = /^(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+)*$/;

/** Why an example id is unusable, or undefined when it is fine. */
export function exampleIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'expected a non-empty id';
  if (id.length > MAX_EXAMPLE_ID) return `expected at most ${MAX_EXAMPLE_ID} characters`;
  // The example list of a run is paginated at examples/page/<n>/: an example there would hide a page.
  if (/^page\/\d+$/.test(id)) return `"${id}" is reserved for the pages of the example list; rename it`;
  // One test for every line of an archive; the segments are looked at only to say what is wrong.
  if (PATH.test(id)) return undefined;
  for (const segment of id.split('/')) {
    if (segment === '.' || segment === '..') return `"${segment}" is not allowed as a path segment`;
    if (!SEGMENT.test(segment)) return 'expected segments of A-Z, a-z, 0-9, ".", "_" or "-" joined by "/"';
  }
  return undefined;
}

export const ExampleId = z
  .string()
  .check((ctx) => {
    const problem = exampleIdProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .describe(
    'Stable id of the item within the benchmark version, the same in every run: segments of A-Z, a-z, 0-9, ".", "_", "-" joined by "/", at most 200 characters. It becomes part of the example URL.',
  );

export const ChatMessage = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']).describe('Who speaks.'),
  content: text().describe('The message text, exactly as sent.'),
  name: label().optional().describe('Participant or tool name, when the API took one.'),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Prompt = z
  .union([text(), z.array(ChatMessage).min(1)], {
    error: 'expected the rendered prompt: a string, or a list of {"role", "content"} chat messages',
  })
  .describe(
    'The prompt exactly as sent: a string for completion endpoints, a list of chat messages for chat endpoints.',
  );
export type Prompt = z.infer<typeof Prompt>;

const Answer = z.union([text(), z.number(), z.boolean(), z.array(z.union([text(), z.number()]))], {
  error: 'expected a string, a number, a boolean or a list of strings and numbers',
});

export const TestResult = z.strictObject({
  name: text().describe('The test, by name or by its source line.'),
  passed: z.boolean().describe('Whether the test passed.'),
  message: text().optional().describe('Assertion message, traceback or timeout notice.'),
});

export const ChoiceScore = z.strictObject({
  label: label().describe('The choice label as shown in the prompt, e.g. "B".'),
  text: text().optional().describe('The choice text, when the label alone does not show it.'),
  loglikelihood: z.number().describe('Log-likelihood the model gave this choice.'),
});

export const Scoring = z
  .strictObject({
    method: label(100).describe(
      'How the verdict was reached, e.g. "exact-match", "regex-extract", "unit-tests", "loglikelihood".',
    ),
    scorer: z
      .strictObject({
        id: slug().describe('The scorer in src/scorers/, e.g. "gsm8k-number".'),
        version: z.int().min(1).describe('Its version: raised whenever a verdict could change.'),
      })
      .optional()
      .describe(
        "The Benchscope scorer that derived `extracted` and `correct` from the raw output; absent when the verdict is the tool's or the publisher's own.",
      ),
    rule: text().optional().describe('The rule in words, e.g. "the last (X) in the output, compared with the key".'),
    tests: z.array(TestResult).optional().describe('Per-test results, for code benchmarks.'),
    choices: z.array(ChoiceScore).optional().describe('Per-choice log-likelihoods, for log-likelihood scoring.'),
    notes: text().optional().describe('Anything else the scorer reported.'),
  })
  .describe('Why the example was scored as it was.');

export const Example = z
  .strictObject({
    id: ExampleId,
    subject: label()
      .optional()
      .describe('Category within the benchmark: one of the subjects its registry entry lists.'),
    prompt: Prompt,
    output: text().describe('The raw model output, verbatim: never trimmed, never rendered as HTML or markdown.'),
    expected: Answer.nullable().describe(
      'The reference answer; null when the benchmark shows none (e.g. hidden tests).',
    ),
    extracted: z
      .union([text(), z.number(), z.boolean()], { error: 'expected a string, a number or a boolean' })
      .nullable()
      .describe('The answer parsed from the output; null when nothing could be extracted.'),
    correct: z.boolean().describe('The verdict.'),
    score: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Partial credit between 0 and 1. When absent, a correct example counts 1 and an incorrect one 0.'),
    scoring: Scoring.optional(),
    latency_ms: z.number().min(0).optional().describe('Time the endpoint took to answer, in milliseconds.'),
    tokens: z
      .strictObject({
        prompt: z.int().min(0).describe('Tokens in the prompt.'),
        completion: z.int().min(0).describe('Tokens the endpoint generated.'),
      })
      .optional()
      .describe('Tokens in the prompt and in the completion, as the endpoint counted them.'),
    error: text()
      .optional()
      .describe('The endpoint failed on this example (timeout, API error, …). Such an example counts as incorrect.'),
  })
  .check((ctx) => {
    const { error, correct, score } = ctx.value;
    if (error === undefined) return;
    if (correct)
      ctx.issues.push({
        code: 'custom',
        path: ['correct'],
        message: 'an example with an "error" counts as incorrect: set "correct": false',
        input: correct,
      });
    if (score !== undefined && score !== 0)
      ctx.issues.push({
        code: 'custom',
        path: ['score'],
        message: 'an example with an "error" scores 0: remove "score" or set it to 0',
        input: score,
      });
  })
  .describe('One line of examples.jsonl: one benchmark item as the endpoint saw it and answered it.');
export type Example = z.infer<typeof Example>;

/** An example's contribution to its run's score. */
export function exampleScore(example: Pick<Example, 'correct' | 'score'>): number {
  return example.score ?? (example.correct ? 1 : 0);
}

export type Verdict = 'correct' | 'incorrect' | 'error';

/** What a reader is told about an example: an endpoint error counts apart from a wrong answer. */
export function exampleVerdict(example: Pick<Example, 'correct' | 'error'>): Verdict {
  return example.error !== undefined ? 'error' : example.correct ? 'correct' : 'incorrect';
}
