import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { stringify } from 'yaml';
import type { ChatMessage, Example, Prompt } from '../schema/example.ts';
import { opennessLevel } from '../schema/registry.ts';
import { RUN_SCHEMA_VERSION } from '../schema/run.ts';
import { jsonLine } from '../lib/json-lines.ts';
import { RunTally } from '../lib/stats.ts';
import { codeStub, codeTask, pyRepr, sameValue, testSource, type CodeTask } from './code.ts';
import { extractNumber, mathsItem, MATHS_RULE, type MathsItem } from './maths.ts';
import {
  BENCHMARKS,
  datasetSizes,
  FAMILIES,
  PROVIDERS,
  RUNS,
  runSize,
  type SampleBenchmark,
  type SampleFamily,
  type SampleProvider,
  type SampleRun,
} from './plan.ts';
import { extractLetter, LETTERS, QUIZ_RULE, QUIZ_SUBJECTS, quizBlock, quizItem, type QuizItem } from './quiz.ts';
import { random, type Random } from './random.ts';
import { BENCHMARK_TEXT } from './texts.ts';

export interface SampleOptions {
  out: string;
  examples: number;
  seed: number;
  /** Runs with at least this many examples are written gzip-compressed. */
  gzipFrom?: number;
}

export interface SampleSummary {
  runs: number;
  examples: number;
  files: string[];
}

type Item =
  | { key: 'quiz'; id: string; subject: string; quiz: QuizItem }
  | { key: 'maths'; id: string; maths: MathsItem }
  | { key: 'code'; id: string; code: CodeTask };

function byId<T extends { id: string }>(items: readonly T[], id: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`sample plan refers to unknown id ${id}`);
  return found;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The subject of the quiz question at `index`: the subjects take turns. */
const quizSubject = (index: number) => QUIZ_SUBJECTS[index % QUIZ_SUBJECTS.length] ?? 'mathematics';

/** The id of the quiz question at `index` of a version of `size` questions. */
function quizId(version: string, index: number, size: number): string {
  const width = Math.max(4, String(size).length);
  return version === '1.0'
    ? `q-${pad(index + 1, width)}`
    : `${quizSubject(index)}/${pad(Math.floor(index / QUIZ_SUBJECTS.length) + 1, width)}`;
}

/** The dataset item at `index`: the same for every run of the version, whatever the run. */
function item(seed: number, benchmark: SampleBenchmark, version: string, index: number, size: number): Item {
  const r = random(seed, benchmark.id, version, 'item', index);
  const width = Math.max(4, String(size).length);
  if (benchmark.key === 'quiz') {
    const subject = quizSubject(index);
    return { key: 'quiz', id: quizId(version, index, size), subject, quiz: quizItem(r, subject) };
  }
  if (benchmark.key === 'maths') return { key: 'maths', id: `p${pad(index + 1, width)}`, maths: mathsItem(r) };
  return { key: 'code', id: `task/${pad(index, Math.max(3, String(size).length))}`, code: codeTask(r, index) };
}

// ---------------------------------------------------------------------------------------------
// Prompts: one template per benchmark and prompt mode, rendered for chat or completion APIs.

const QUIZ_INSTRUCTION = 'Answer the multiple-choice question with the letter of the correct option.';
const QUIZ_COT_INSTRUCTION =
  'Work through the question step by step in a few sentences, then finish with "Answer: X", where X is the letter of your choice.';
const MATHS_INSTRUCTION = 'Solve the word problem. Show your working, then give the final number after "####".';
const CODE_INSTRUCTION = 'Complete the Python function. Reply with the whole function in a ```python code block.';

/** Two solved problems shown before every maths question (few-shot). */
const MATHS_SHOTS = [
  {
    q: 'A baker makes 4 trays of 12 rolls and sells 30 rolls. How many rolls are left?',
    a: '4 × 12 = 48\n48 − 30 = 18\n#### 18',
  },
  {
    q: 'Sam reads 15 pages a day for 6 days, then 9 pages on the seventh day. How many pages does Sam read?',
    a: '15 × 6 = 90\n90 + 9 = 99\n#### 99',
  },
];

function template(
  benchmark: SampleBenchmark,
  run: SampleRun,
  provider: SampleProvider,
): { text: string; id: string; fewShot: number } {
  const chat = provider.api === 'chat';
  if (benchmark.key === 'quiz') {
    const custom = run.mode === 'custom';
    const instruction = custom ? QUIZ_COT_INSTRUCTION : QUIZ_INSTRUCTION;
    const body = 'Subject: {subject}\n\n{question}\nA. {option_a}\nB. {option_b}\nC. {option_c}\nD. {option_d}';
    return {
      id: custom ? 'quiz-synth/cot-custom' : 'quiz-synth/zero-shot',
      fewShot: 0,
      text: chat ? `[system]\n${instruction}\n\n[user]\n${body}` : `${instruction}\n\n${body}\nAnswer:`,
    };
  }
  if (benchmark.key === 'maths') {
    return {
      id: 'math-synth/two-shot',
      fewShot: MATHS_SHOTS.length,
      text: chat
        ? `[system]\n${MATHS_INSTRUCTION}\n\n[user]\n{shot_question}\n[assistant]\n{shot_answer}\n(… once per solved example)\n[user]\n{question}`
        : `${MATHS_INSTRUCTION}\n\nQuestion: {shot_question}\nAnswer: {shot_answer}\n\n(… once per solved example)\nQuestion: {question}\nAnswer:`,
    };
  }
  return {
    id: 'code-synth/complete-function',
    fewShot: 0,
    text: chat ? `[system]\n${CODE_INSTRUCTION}\n\n[user]\n{function_stub}` : '{function_stub}',
  };
}

function renderPrompt(it: Item, run: SampleRun, provider: SampleProvider): Prompt {
  const chat = provider.api === 'chat';
  if (it.key === 'quiz') {
    const instruction = run.mode === 'custom' ? QUIZ_COT_INSTRUCTION : QUIZ_INSTRUCTION;
    const body = `Subject: ${it.subject}\n\n${quizBlock(it.quiz)}`;
    return chat
      ? [
          { role: 'system', content: instruction },
          { role: 'user', content: body },
        ]
      : `${instruction}\n\n${body}\nAnswer:`;
  }
  if (it.key === 'maths') {
    if (chat) {
      const messages: ChatMessage[] = [{ role: 'system', content: MATHS_INSTRUCTION }];
      for (const shot of MATHS_SHOTS)
        messages.push({ role: 'user', content: shot.q }, { role: 'assistant', content: shot.a });
      messages.push({ role: 'user', content: it.maths.question });
      return messages;
    }
    const shots = MATHS_SHOTS.map((s) => `Question: ${s.q}\nAnswer: ${s.a}`).join('\n\n');
    return `${MATHS_INSTRUCTION}\n\n${shots}\n\nQuestion: ${it.maths.question}\nAnswer:`;
  }
  const stub = codeStub(it.code);
  return chat
    ? [
        { role: 'system', content: CODE_INSTRUCTION },
        { role: 'user', content: stub },
      ]
    : stub;
}

function promptLength(prompt: Prompt): number {
  return typeof prompt === 'string' ? prompt.length : prompt.reduce((n, m) => n + m.content.length + 4, 0);
}

// ---------------------------------------------------------------------------------------------
// Answers: each family has a style; the scorer's rule then decides the verdict, as a harness would.

interface Answer {
  output: string;
  extracted: string | number | null;
  correct: boolean;
  expected: Example['expected'];
  scoring: NonNullable<Example['scoring']>;
}

function quizAnswer(
  r: Random,
  it: Extract<Item, { key: 'quiz' }>,
  family: SampleFamily,
  run: SampleRun,
  p: number,
): Answer {
  const { quiz } = it;
  const letter = r.chance(p) ? quiz.answer : r.pick(LETTERS.filter((l) => l !== quiz.answer));
  const option = quiz.options[LETTERS.indexOf(letter)] ?? '';
  let output: string;
  if (r.chance(0.015)) {
    output = r.pick([
      'I am not able to decide between the options given.',
      'None of the options matches my calculation.',
      'The question seems to be missing some information, so I cannot answer it reliably.',
    ]);
  } else if (run.mode === 'custom') {
    output = `Let me work through this. ${quiz.question.split('. ')[0]}.\nWorking it out gives ${option}, which matches one of the options.\nAnswer: ${letter}`;
  } else if (family.id === 'aurora') {
    output = r.pick([`(${letter})`, `The answer is (${letter}).`, letter, `(${letter}) ${option}`]);
  } else if (family.id === 'basalt') {
    output = `The value works out to ${option}.\nAnswer: ${letter}`;
  } else {
    output = r.chance(0.5)
      ? `**${letter}** — ${option}`
      : `**${letter}**\n\nThe correct option is ${option}; the others come from common slips.`;
  }
  const extracted = extractLetter(output);
  return {
    output,
    extracted,
    correct: extracted === quiz.answer,
    expected: quiz.answer,
    scoring: { method: 'regex-extract', rule: QUIZ_RULE },
  };
}

function mathsAnswer(r: Random, it: Extract<Item, { key: 'maths' }>, family: SampleFamily, p: number): Answer {
  const { maths } = it;
  const right = r.chance(p);
  const steps = maths.steps.map((s) => ({ ...s }));
  if (!right) {
    const last = steps[steps.length - 1];
    if (last) last.value += r.pick([-10, -2, -1, 1, 3, 9, 10]);
  }
  let output: string;
  if (r.chance(0.01)) {
    output = 'The problem does not say enough to work out a single answer.';
  } else if (family.id === 'cinder') {
    output =
      steps.map((s, i) => `Step ${i + 1}: ${s.text} = ${s.value}.`).join('\n') +
      `\nThe answer is ${steps.at(-1)?.value}.`;
  } else if (family.id === 'basalt') {
    output = `First, ${steps[0]?.text} = ${steps[0]?.value}.\nThen ${steps
      .slice(1)
      .map((s) => `${s.text} = ${s.value}`)
      .join(', then ')}.\n#### ${steps.at(-1)?.value}`;
  } else {
    output = `${steps.map((s) => `${s.text} = ${s.value}`).join('\n')}\n#### ${steps.at(-1)?.value}`;
  }
  const extracted = extractNumber(output);
  return {
    output,
    extracted,
    correct: extracted === maths.answer,
    expected: maths.answer,
    scoring: { method: 'exact-match', rule: MATHS_RULE },
  };
}

function codeAnswer(r: Random, it: Extract<Item, { key: 'code' }>, provider: SampleProvider, p: number): Answer {
  const { code } = it;
  const right = r.chance(p);
  const syntaxError = !right && r.chance(0.15);
  let source = right ? code.solution : code.buggy;
  if (syntaxError) source = source.replace(/\):\n/, ')\n');
  const body = source.slice(source.indexOf('\n') + 1);
  // Completion endpoints continue the stub; chat endpoints answer with the whole function.
  const output =
    provider.api === 'completion'
      ? body
      : `${r.chance(0.4) ? 'Here is the function:\n\n' : ''}\`\`\`python\n${source}\`\`\``;
  const executed = provider.api === 'completion' ? `${code.signature}\n    """${code.docstring}"""\n${body}` : source;
  const tests = code.tests.map((test, i) => {
    const name = testSource(code, i);
    if (syntaxError) return { name, passed: false, message: "SyntaxError: expected ':'" };
    const got = right ? test.expected : code.buggyResults[i];
    if (got === undefined || sameValue(got, test.expected)) return { name, passed: true };
    return { name, passed: false, message: `AssertionError: got ${pyRepr(got)}` };
  });
  return {
    output,
    extracted: executed,
    correct: tests.every((t) => t.passed),
    expected: code.solution,
    scoring: {
      method: 'unit-tests',
      rule: 'The function is run against the hidden tests; the example passes only if every test passes.',
      tests,
    },
  };
}

function clamp01(x: number): number {
  return Math.min(0.97, Math.max(0.03, x));
}

/** Per-family strength in a subject: the spread that averages hide. */
function subjectEffect(seed: number, family: SampleFamily, subject: string | undefined): number {
  if (subject === undefined) return 0;
  return (random(seed, 'subject-effect', family.id, subject).next() - 0.5) * 0.3;
}

function example(seed: number, it: Item, run: SampleRun, family: SampleFamily, provider: SampleProvider): Example {
  const r = random(seed, run.id, it.id);
  const prompt = renderPrompt(it, run, provider);
  const subject = it.key === 'quiz' ? it.subject : undefined;
  const failsAtEndpoint = r.chance(run.errorRate ?? provider.errorRate);
  const p = clamp01(family.skill[it.key] + (run.skillDelta ?? 0) + subjectEffect(seed, family, subject));
  const base: Pick<Example, 'id' | 'prompt'> & { subject?: string } = {
    id: it.id,
    ...(subject ? { subject } : {}),
    prompt,
  };
  const promptTokens = Math.ceil(promptLength(prompt) / 4);
  if (failsAtEndpoint) {
    const expected = it.key === 'quiz' ? it.quiz.answer : it.key === 'maths' ? it.maths.answer : it.code.solution;
    return {
      ...base,
      output: '',
      expected,
      extracted: null,
      correct: false,
      latency_ms: provider.id === 'quillstack' ? 60000 : Math.round(2000 + r.next() * 3000),
      error: provider.error,
    };
  }
  const answer =
    it.key === 'quiz'
      ? quizAnswer(r, it, family, run, p)
      : it.key === 'maths'
        ? mathsAnswer(r, it, family, p)
        : codeAnswer(r, it, provider, p);
  const completionTokens = Math.max(1, Math.ceil(answer.output.length / 4));
  const latency =
    (family.latency.base + family.latency.perToken * completionTokens) *
    provider.latencyFactor *
    Math.exp(0.25 * r.normal());
  return {
    ...base,
    output: answer.output,
    expected: answer.expected,
    extracted: answer.extracted,
    correct: answer.correct,
    scoring: answer.scoring,
    latency_ms: Math.round(latency),
    tokens: { prompt: promptTokens, completion: completionTokens },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing.

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function finish(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Indices of the dataset a run evaluates, in dataset order. */
function selection(seed: number, run: SampleRun, size: number): number[] {
  const n = runSize(run, size);
  const all = Array.from({ length: size }, (_, i) => i);
  if (run.scope.kind === 'by-design') {
    // Seeded by the version alone, so every by-design run of a version evaluates the same subset.
    return random(seed, run.benchmark, run.version, 'subset')
      .shuffle(all)
      .slice(0, n)
      .sort((a, b) => a - b);
  }
  return all.slice(0, n);
}

function frontmatter(data: unknown, body: string): string {
  return `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}

async function writeRegistry(out: string, sizes: Map<string, number>, files: string[]): Promise<void> {
  for (const dir of ['benchmarks', 'models', 'providers']) await mkdir(join(out, 'content', dir), { recursive: true });
  for (const b of BENCHMARKS) {
    const file = `content/benchmarks/${b.id}.mdx`;
    const text = BENCHMARK_TEXT[b.key];
    const data = {
      name: b.name,
      summary: text.summary,
      metric: b.metric,
      task: b.task,
      versions: b.versions.map((v) => ({
        id: v.id,
        dataset_size: sizes.get(`${b.id}@${v.id}`),
        ...(v.notes ? { notes: v.notes } : {}),
      })),
      ...(b.key === 'quiz' ? { subjects: [...QUIZ_SUBJECTS] } : {}),
      synthetic: true,
    };
    // The explainer cites the first astronomy question of version 2.0, whose id is as wide as the
    // version is large.
    const body = text.body.replaceAll('{first-astronomy-id}', quizId('2.0', 0, sizes.get(`${b.id}@2.0`) ?? 0));
    await writeFile(join(out, file), frontmatter(data, body));
    files.push(file);
  }
  for (const f of FAMILIES) {
    const file = `content/models/${f.id}.md`;
    const data = {
      name: f.name,
      organisation: f.organisation,
      licence: f.licence,
      description: f.description,
      openness: f.openness,
      level: opennessLevel(f.openness),
      synthetic: true,
    };
    await writeFile(
      join(out, file),
      frontmatter(data, `${f.name} is a fictional model family made up for the sample archive. ${f.description}`),
    );
    files.push(file);
  }
  for (const p of PROVIDERS) {
    const file = `content/providers/${p.id}.md`;
    await writeFile(
      join(out, file),
      frontmatter(
        { name: p.name, description: p.description, synthetic: true },
        `${p.name} is a fictional provider made up for the sample archive.`,
      ),
    );
    files.push(file);
  }
}

/** Write a synthetic archive of about `examples` examples into `out` (runs/ and the registry in content/). */
export async function generateSample(options: SampleOptions): Promise<SampleSummary> {
  const { out, seed } = options;
  const gzipFrom = options.gzipFrom ?? 5000;
  const sizes = datasetSizes(options.examples);
  const files: string[] = [];
  await writeRegistry(out, sizes, files);
  let examples = 0;
  const start = Date.UTC(2026, 8, 1, 6, 0, 0);
  for (const [index, plan] of RUNS.entries()) {
    const benchmark = byId(BENCHMARKS, plan.benchmark);
    const family = byId(FAMILIES, plan.family);
    const provider = byId(PROVIDERS, plan.provider);
    const size = sizes.get(`${plan.benchmark}@${plan.version}`) ?? 0;
    const dir = join(out, 'runs', plan.id);
    await mkdir(dir, { recursive: true });
    const indices = selection(seed, plan, size);
    const tally = new RunTally();
    const startedAt = start + index * 86_400_000 + random(seed, plan.id, 'start').int(0, 36_000) * 1000;
    let busyMs = 0;
    if (indices.length > 0) {
      const gzip = plan.gzip === true || indices.length >= gzipFrom;
      const name = gzip ? 'examples.jsonl.gz' : 'examples.jsonl';
      const file = createWriteStream(join(dir, name));
      const sink: Writable = gzip ? createGzip() : file;
      if (gzip) sink.pipe(file);
      for (const i of indices) {
        const ex = example(seed, item(seed, benchmark, plan.version, i, size), plan, family, provider);
        tally.add(ex);
        busyMs += ex.latency_ms ?? 0;
        await write(sink, jsonLine(ex));
      }
      await finish(sink);
      if (gzip) await once(file, 'close');
      files.push(`runs/${plan.id}/${name}`);
      examples += indices.length;
    }
    const stats = tally.result();
    // Eight requests in flight, as harnesses commonly run.
    const durationMs = (indices.length > 0 ? Math.round(busyMs / 8000) + 20 : plan.state === 'failed' ? 4 : 95) * 1000;
    const tmpl = template(benchmark, plan, provider);
    const scope = {
      kind: plan.scope.kind === 'full' ? 'full' : 'partial',
      sample_size: runSize(plan, size) || size,
      dataset_size: size,
    } as const;
    const run = {
      schema: RUN_SCHEMA_VERSION,
      id: plan.id,
      benchmark: { id: benchmark.id, version: plan.version },
      endpoint: { provider: provider.id, model: plan.model, family: family.id },
      prompt: { mode: plan.mode, template: tmpl.text, template_id: tmpl.id, few_shot: tmpl.fewShot },
      generation: {
        temperature: 0,
        max_tokens:
          benchmark.key === 'quiz' ? (plan.mode === 'custom' ? 512 : 32) : benchmark.key === 'maths' ? 512 : 768,
        seed: 1234,
        ...(provider.api === 'completion'
          ? { stop: benchmark.key === 'code' ? ['\ndef ', '\nclass ', '\nif __name__'] : ['\nQuestion:'] }
          : {}),
      },
      harness: { name: 'benchscope-sample', version: '1' },
      state: plan.state,
      scope: plan.scope.kind === 'full' ? scope : { ...scope, partial_reason: plan.scope.kind },
      ...(plan.state === 'completed' || plan.state === 'partial'
        ? {
            score: { metric: benchmark.metric, value: round(stats.score, 4) },
            ...(stats.latency
              ? {
                  latency_ms: {
                    p50: round(stats.latency.p50, 1),
                    p95: round(stats.latency.p95, 1),
                    mean: round(stats.latency.mean, 1),
                  },
                }
              : {}),
          }
        : {}),
      ...(plan.error ? { error: plan.error } : {}),
      started_at: new Date(startedAt).toISOString().replace('.000Z', 'Z'),
      finished_at: new Date(startedAt + durationMs).toISOString().replace('.000Z', 'Z'),
      ...(plan.notes ? { notes: plan.notes } : {}),
      synthetic: true,
    };
    await writeFile(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
    files.push(`runs/${plan.id}/run.json`);
  }
  return { runs: RUNS.length, examples, files: files.sort() };
}
