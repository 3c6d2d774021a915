import type { BenchmarkKey } from './plan.ts';

/** Registry text of the synthetic benchmarks: the summary above each table and the explainer body. */
export const BENCHMARK_TEXT: Record<BenchmarkKey, { summary: string; body: string }> = {
  quiz: {
    summary:
      'Generated four-option questions in eight subjects, each with one right answer worked out by the generator. It stands in for knowledge tests such as MMLU in the sample archive.',
    body: `
Synthetic Quiz is made up for Benchscope's sample archive. Every question is produced from a template
with invented names and random numbers, so none of it is a fact about the real world, and the
answer key is computed rather than written by hand.

## What it tests

Reading a short question, doing a small calculation or recalling a rule, and picking one of four
options. Eight subjects (astronomy to mathematics) let the site show per-subject tables.

## How a verdict is reached

The scorer takes the first "(X)", "Answer: X" or "**X**" in the output, or a lone letter on its last
line, and compares it with the key. An output with no recognisable letter is wrong, whatever it says.

## Versions

Version 1.0 numbers its questions "q-0001" onwards. Version 2.0 is a new set whose ids are grouped
by subject ("astronomy/0001"). Scores on the two versions are not comparable.

## In this archive

These figures are read from the archive when the page is built. The top canonical run scores
<RunScore run="quiz-synth-v2-cinder-quillstack" />. Its answer to the first astronomy question:

<ExampleCard run="quiz-synth-v2-cinder-quillstack" example="{first-astronomy-id}" />

## Caveats

The questions are easy to generate and easy to memorise: a real benchmark of this shape suffers
from contamination and from answer-format sensitivity, and so would this one.
`,
  },
  maths: {
    summary:
      'Generated two-step arithmetic word problems with a single numeric answer, in the style of GSM8K, shown with two solved examples before each question.',
    body: `
Synthetic Word Problems is made up for Benchscope's sample archive. Each problem combines two
arithmetic steps about invented people and everyday quantities; the generator computes the answer.

## What it tests

Turning a short story into arithmetic and carrying it out without slips.

## How a verdict is reached

The scorer reads the number after "####", or the last number in the output when there is no
"####", and compares it with the answer. A correct method with a slip in the last step is simply
wrong: the metric does not tell kinds of error apart.

## Caveats

Two solved examples precede every question (two-shot). Runs with a different number of shots use
a different prompt and should not be ranked together.
`,
  },
  code: {
    summary:
      'Generated Python functions to complete from a signature and a docstring, checked by running unit tests, in the style of HumanEval.',
    body: `
Synthetic Code Tasks is made up for Benchscope's sample archive. Each task asks for a small Python
function; the generator knows the reference solution and a typical buggy one, and writes the tests.

## What it tests

Writing a short function that does what its docstring says, including edge cases such as empty
lists.

## How a verdict is reached

The function is run against four tests. The example passes (pass@1) only if all four pass; each
example page lists every test with its result.

## Caveats

Passing the tests is not the same as being correct: a buggy function can pass weak tests. The
metric says nothing about readability, speed or safety of the code.
`,
  },
};
