import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_TEXT } from '../../src/schema/common.ts';
import { OPENNESS_DIMENSIONS } from '../../src/schema/registry.ts';
import { OUT } from './paths.ts';

/**
 * The hostile-text archive: every string field of every run, example and registry entry (ids
 * aside, which have their own rules) carries text that tries to become markup, script, a URL, a
 * comment, an MDX expression, or to reorder or break the page around it. Generated at test time
 * (it holds strings of a megabyte), deterministically, into test/.out/hostile-text/.
 *
 * Every value starts with a tag naming its field, e.g. `⟪run.notes⟫`, so a test can find where
 * each one ended up in the built site.
 */

/** Hostile text, by what it tries. */
export const PAYLOADS: Record<string, string> = {
  html: '<b>bold</b> <i>italic</i> <div class="banner">div</div> <h1>injected heading</h1> <table><tr><td>cell',
  script: '<script>alert("script")</script><script src="https://evil.example/x.js"></script>',
  handlers:
    '<img src=x onerror="alert(\'onerror\')"> <svg onload="alert(\'svg\')"><a xlink:href="javascript:alert(\'xlink\')">x</a></svg> <body onload=alert("body")>',
  urls: '<a href="javascript:alert(\'js\')">js</a> <a href="data:text/html,<script>alert(\'data\')</script>">data</a> <iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe> <meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')"> <base href="https://evil.example/"> <form action="javascript:alert(\'form\')"><button>go</button></form> javascript:alert("bare")',
  breakouts:
    '</script><script>alert("closed")</script> </pre></code></span></td></tr></table></main><p>after</p> </textarea></title></style><style>*{display:none}</style> " onmouseover="alert(\'dq\')" x=" \' onfocus=\'alert("sq")\' autofocus=\' ]]> <![CDATA[ x ]]> <?php echo 1; ?>',
  comments: '<!-- a comment --> <!--[if IE]><script>alert("ie")</script><![endif]--> <!-- never closed',
  markdown:
    '# Heading\n\n**bold** _em_ [link](javascript:alert("md")) ![img](https://evil.example/x.png)\n\n```html\n<script>alert("fence")</script>\n```\n\n<Figure of="runs" />\n\nimport x from "y"\nexport const z = 1\n\n---\n| a | b |\n|---|---|',
  expressions:
    '{alert("expr")} {...props} {/* comment */} ${alert("template")} `tpl ${x}` {{ mustache }} <%= erb %> #{ruby} {@html x}',
  controls: 'tab\there nul\u0000 bell\u0007 esc\u001b[31mred\u001b[0m del\u007f c1\u0085\u009b vt\u000b ff\u000c end',
  invisible: 'zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom',
  bidi: 'abc \u202eevil\u202c \u202dltr \u2067rli \u2066lri \u2068fsi \u200frlm \u061calm \u2069\u2069 pdi \u202e unterminated override \u202b',
  combining: `Z${'\u0336\u0337\u0338\u0321\u0322'.repeat(40)}algo e\u0301\u0301\u0301 \u0e14\u0e47\u0e47\u0e47\u0e47`,
  emoji: '👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇳 🧑🏽‍💻 𝕳𝖔𝖘𝖙𝖎𝖑𝖊 ﷽ \u{1F600}',
  crlf: 'windows\r\nline\rold mac\n\r\n\nend\r\n',
};

/** All of them at once, for text fields. */
const ALL = Object.values(PAYLOADS).join('\n');

/** A short hostile mix that fits the fields limited to 64 characters. */
const SHORT = '<b>x</b><script>y</script>\u202e{z}${w}\r\n\u0000\'"&<!--';

/** Just under the limit of a text field, on one line without spaces: it must wrap inside its box. */
export const UNBROKEN = `⟪big.unbroken⟫${'A'.repeat(MAX_TEXT - 200)}`;
/** Just under the limit too, every payload over and over. */
export const HUGE = `⟪big.hostile⟫${ALL.repeat(Math.floor((MAX_TEXT - 200) / ALL.length))}`;

/** A text field: its tag and every payload. */
export const textOf = (field: string) => `⟪${field}⟫ ${ALL}`;
/** A label field (at most `max` characters): its tag and the short mix. */
export const labelOf = (field: string, max = 200) => `⟪${field}⟫${SHORT}`.slice(0, max);

export const BENCHMARK = 'hostile';
export const VERSION = labelOf('version', 64);
export const SUBJECTS = [labelOf('subject.one'), labelOf('subject.two')];
export const PROVIDER_URL = 'https://provider.example/?q="><script>alert("url")</script>';

/** YAML frontmatter: JSON strings are YAML, escapes and all. */
function frontmatter(data: Record<string, unknown>, body: string): string {
  const yaml = Object.entries(data)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n${body}\n`;
}

interface Example {
  id: string;
  [field: string]: unknown;
}

/** The examples every scored run answers: one per payload, the two huge ones, one endpoint error. */
function examples(run: string, chat: boolean): Example[] {
  const prompt = (id: string) =>
    chat
      ? [
          { role: 'system', content: textOf(`${run}.${id}.prompt.system`) },
          { role: 'user', content: textOf(`${run}.${id}.prompt.user`), name: labelOf(`${run}.${id}.prompt.name`) },
        ]
      : textOf(`${run}.${id}.prompt`);
  const out: Example[] = Object.entries(PAYLOADS).map(([name, payload], i) => ({
    id: `p/${name}`,
    subject: SUBJECTS[i % 2],
    prompt: prompt(`p/${name}`),
    output: `⟪${run}.p/${name}.output⟫ ${payload}`,
    expected: i % 3 === 0 ? [labelOf(`${run}.p/${name}.expected.0`), 42] : textOf(`${run}.p/${name}.expected`),
    extracted: textOf(`${run}.p/${name}.extracted`),
    correct: i % 2 === 0,
    scoring: {
      method: labelOf(`${run}.p/${name}.scoring.method`, 100),
      rule: textOf(`${run}.p/${name}.scoring.rule`),
      tests: [
        { name: textOf(`${run}.p/${name}.scoring.tests.0.name`), passed: true },
        {
          name: textOf(`${run}.p/${name}.scoring.tests.1.name`),
          passed: false,
          message: textOf(`${run}.p/${name}.scoring.tests.1.message`),
        },
      ],
      choices: [
        {
          label: labelOf(`${run}.p/${name}.scoring.choices.0.label`),
          text: textOf(`${run}.p/${name}.choices.0.text`),
          loglikelihood: -0.5,
        },
        { label: labelOf(`${run}.p/${name}.scoring.choices.1.label`), loglikelihood: -2.25 },
      ],
      notes: textOf(`${run}.p/${name}.scoring.notes`),
    },
    latency_ms: 100 + i,
    tokens: { prompt: 10, completion: 20 },
  }));
  out.push(
    {
      id: 'big/unbroken',
      subject: SUBJECTS[0],
      prompt: prompt('big/unbroken'),
      output: UNBROKEN,
      expected: null,
      extracted: null,
      correct: false,
    },
    {
      id: 'big/hostile',
      subject: SUBJECTS[1],
      prompt: prompt('big/hostile'),
      output: HUGE,
      expected: null,
      extracted: null,
      correct: false,
    },
    {
      id: 'endpoint-error',
      prompt: prompt('endpoint-error'),
      output: '',
      expected: textOf(`${run}.endpoint-error.expected`),
      extracted: null,
      correct: false,
      error: textOf(`${run}.endpoint-error.error`),
    },
  );
  return out;
}

function runJson(id: string, state: string, size: number, score?: number): Record<string, unknown> {
  const scored = state === 'completed' || state === 'partial';
  return {
    schema: 'benchscope.run/1',
    id,
    benchmark: { id: BENCHMARK, version: VERSION },
    endpoint: { provider: 'hostile-prov', model: labelOf(`${id}.endpoint.model`), family: 'hostile-fam' },
    prompt: {
      mode: id === 'hostile-chat' ? 'canonical' : 'custom',
      template: textOf(`${id}.prompt.template`),
      template_id: labelOf(`${id}.prompt.template_id`),
      few_shot: 0,
    },
    generation: {
      temperature: 0,
      stop: [textOf(`${id}.generation.stop.0`), labelOf(`${id}.generation.stop.1`)],
      extra: { [labelOf(`${id}.generation.extra.key`)]: textOf(`${id}.generation.extra.value`), plain: true },
    },
    harness: { name: labelOf(`${id}.harness.name`), version: labelOf(`${id}.harness.version`) },
    started_at: '2026-04-01T10:00:00Z',
    finished_at: '2026-04-01T11:00:00Z',
    notes: textOf(`${id}.notes`),
    state,
    scope:
      state === 'partial'
        ? { kind: 'partial', sample_size: size, dataset_size: DATASET_SIZE, partial_reason: 'interrupted' }
        : { kind: 'full', sample_size: DATASET_SIZE, dataset_size: DATASET_SIZE },
    ...(scored ? { score: { metric: METRIC, method: labelOf(`${id}.score.method`, 100), value: score } } : {}),
    ...(state !== 'completed' ? { error: textOf(`${id}.error`) } : {}),
  };
}

const METRIC = labelOf('metric', 64);
const DATASET_SIZE = Object.keys(PAYLOADS).length + 3;

const score = (xs: Example[]) => xs.filter((x) => x.correct === true).length / xs.length;

/** Every file of the archive, by path. */
export function hostileFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    `content/benchmarks/${BENCHMARK}.mdx`,
    frontmatter(
      {
        name: labelOf('benchmark.name'),
        summary: textOf('benchmark.summary'),
        metric: METRIC,
        task: 'free-text',
        versions: [{ id: VERSION, dataset_size: DATASET_SIZE, notes: textOf('benchmark.versions.0.notes') }],
        subjects: SUBJECTS,
        links: [{ title: labelOf('benchmark.links.0.title'), url: 'https://benchmark.example/?a="<script>' }],
      },
      // The body is MDX, the registry's own code: reviewed like code, not hostile text.
      'A benchmark whose every field is hostile text.',
    ),
  );
  files.set(
    'content/models/hostile-fam.md',
    frontmatter(
      {
        name: labelOf('model.name'),
        organisation: labelOf('model.organisation'),
        licence: labelOf('model.licence'),
        description: textOf('model.description'),
        openness: Object.fromEntries(OPENNESS_DIMENSIONS.map((d) => [d, 'open'])),
        level: 'open',
        evidence: Object.fromEntries(
          OPENNESS_DIMENSIONS.map((d) => [
            d,
            {
              source: { title: labelOf(`model.evidence.${d}.source.title`), url: 'https://card.example/?"><script>' },
              note: textOf(`model.evidence.${d}.note`),
            },
          ]),
        ),
        links: [
          { title: labelOf('model.links.0.title'), url: 'https://model.example/#"><img src=x onerror=alert(1)>' },
        ],
      },
      'A model family whose every field is hostile text.',
    ),
  );
  files.set(
    'content/providers/hostile-prov.md',
    frontmatter(
      { name: labelOf('provider.name'), url: PROVIDER_URL, description: textOf('provider.description') },
      'A provider whose every field is hostile text.',
    ),
  );
  const chat = examples('hostile-chat', true);
  const plain = examples('hostile-text', false);
  const partial = examples('hostile-partial', false).slice(0, 5);
  const jsonl = (xs: Example[]) => `${xs.map((x) => JSON.stringify(x)).join('\n')}\n`;
  const json = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;
  files.set('runs/hostile-chat/run.json', json(runJson('hostile-chat', 'completed', chat.length, score(chat))));
  files.set('runs/hostile-chat/examples.jsonl', jsonl(chat));
  files.set('runs/hostile-text/run.json', json(runJson('hostile-text', 'completed', plain.length, score(plain))));
  files.set('runs/hostile-text/examples.jsonl', jsonl(plain));
  files.set(
    'runs/hostile-partial/run.json',
    json(runJson('hostile-partial', 'partial', partial.length, score(partial))),
  );
  files.set('runs/hostile-partial/examples.jsonl', jsonl(partial));
  files.set('runs/hostile-failed/run.json', json(runJson('hostile-failed', 'failed', 0)));
  files.set('runs/hostile-cancelled/run.json', json(runJson('hostile-cancelled', 'cancelled', 0)));
  return files;
}

/** Where the archive is written. */
export const HOSTILE_ARCHIVE = join(OUT, 'hostile-text', 'archive');

/** Write the archive (only the files that changed, so a build of it can be reused), and return its root. */
export function writeHostileArchive(root = HOSTILE_ARCHIVE): string {
  for (const [path, content] of hostileFiles()) {
    const file = join(root, path);
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}
