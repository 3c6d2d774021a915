import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { formatProblem } from '../../../src/archive/problems.ts';
import { releaseCommand } from '../../../src/importers/release-command.ts';
import { readDescription, releaseRun } from '../../../src/importers/release.ts';
import type { Scorer } from '../../../src/scorers/types.ts';
import { fixture, PROJECT } from '../../helpers/paths.ts';

/** A stand-in scorer: the last number of the output, compared with the reference. */
const lastNumber: Scorer = {
  id: 'last-number',
  version: 1,
  title: 'The last number',
  description: 'The last number in the output equals the reference.',
  score(output, expected) {
    const found = output.match(/-?\d+(?:\.\d+)?/g)?.at(-1);
    const extracted = found === undefined ? null : Number(found);
    return {
      extracted,
      correct: extracted !== null && extracted === Number(expected),
      rule: 'the last number equals the reference',
    };
  },
};
const SCORERS = new Map([[lastNumber.id, lastNumber]]);

const HEAD = `source:
  repository: acme/evals
  url: https://github.com/acme/evals
  commit: 0123456789abcdef0123456789abcdef01234567
  licence: MIT
  publisher: Acme
benchmark:
  id: gsm8k
  version: test
  dataset_size: 3
`;
const TAIL = `prompt:
  mode: custom
  template: "{question}"
generation: { temperature: 0 }
harness:
  name: acme-eval
`;
const RUN = `runs:
  - id: gsm8k-m-openai
    files: out/m.FORMAT
    provider: openai
    family: gpt-4o
    model: m-1
    finished_at: "2024-05-01T00:00:00Z"
    dated_by: commit
    scope: full
    reported: { value: 0.5, where: README.md, label: Acc }
`;

function description(format: 'json' | 'jsonl' | 'csv', fields: string, extra = ''): string {
  return `${HEAD}format: ${format}\n${extra}${fields}scoring:\n  scorer: last-number\n${TAIL}${RUN.replace('FORMAT', format)}`;
}

function release(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'benchscope-release-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function read(text: string, from: string) {
  const read = readDescription('content/imports/x.yaml', text, SCORERS);
  expect(read.problems.map(formatProblem)).toEqual([]);
  if (!read.description) throw new Error('no description');
  return releaseRun(
    { description: read.description, file: 'content/imports/x.yaml', line: read.line },
    0,
    from,
    SCORERS,
    'accuracy',
  );
}

const JSON_FIELDS = `records: outputs
fields:
  id: { field: qid, pattern: '#(\\d+)$' }
  prompt: { field: "chat[0]", role: user }
  output: "reply[0]"
  expected: { field: answer, pattern: '^#\\s*(.+)$', as: number }
`;

describe('release import: descriptions', () => {
  it('names the file and line of every problem in a description, in one pass', () => {
    const text = `${HEAD}format: yaml\nfields:\n  id: qid\n  prompt: q\n  outptu: a\nscoring:\n  scorer: last-numbr\n${TAIL}runs:\n  - id: Run-1\n    files: a.json\n    provider: openai\n    family: 7\n    model: m\n    finished_at: yesterday\n    dated_by: commit\n    scope: whole\n`;
    const problems = readDescription('content/imports/x.yaml', text, SCORERS).problems.map(formatProblem);
    expect(problems).toEqual([
      'content/imports/x.yaml:11: format: expected one of "json", "jsonl", "csv", received "yaml"',
      'content/imports/x.yaml:15: fields.outptu: unknown field; did you mean "output"?',
      'content/imports/x.yaml:25: runs[0].id: expected a lowercase slug: a-z, 0-9, ".", "_" or "-", starting with a letter or digit, at most 128 characters, received "Run-1"',
      'content/imports/x.yaml:28: runs[0].family: expected string, received number 7: put it in quotes',
      'content/imports/x.yaml:30: runs[0].finished_at: expected an ISO 8601 date-time with a time zone, e.g. "2026-03-01T14:05:00Z", received "yesterday"',
      'content/imports/x.yaml:32: runs[0].scope: expected one of "full", "partial by-design", "partial interrupted", received "whole"',
    ]);
  });

  it('checks what the schema cannot: the scorer, a reference to score against, distinct run ids', () => {
    const text = `${HEAD}format: jsonl\nfields:\n  id: qid\n  prompt: q\n  output: a\nscoring:\n  scorer: last-numbr\n${TAIL}${RUN.replace('FORMAT', 'jsonl')}${RUN.replace('FORMAT', 'jsonl').replace('runs:\n', '')}`;
    const problems = readDescription('content/imports/x.yaml', text, SCORERS).problems.map(formatProblem);
    expect(problems).toEqual([
      'content/imports/x.yaml:17: scoring.scorer: unknown scorer "last-numbr"; known: last-number',
      'content/imports/x.yaml:13: fields: a scorer compares the output with a reference: say where it is with "expected"',
      'content/imports/x.yaml:34: runs[1].id: run id "gsm8k-m-openai" is also runs[0]\'s: each run needs its own',
    ]);
  });

  it('reports YAML syntax errors by line', () => {
    const problems = readDescription('content/imports/x.yaml', 'source:\n  repository: [a\n', SCORERS).problems;
    expect(problems[0]?.file).toBe('content/imports/x.yaml');
    expect(problems[0]?.line).toBeGreaterThanOrEqual(2);
    expect(problems[0]?.message).toMatch(/^YAML: /);
  });
});

describe('release import: ad-hoc files', () => {
  it('reads a JSON release: the record list in a field, chat prompts, a reference cut out by a pattern', async () => {
    const from = release({
      'out/m.json': JSON.stringify({
        outputs: [
          { qid: 'q-#0', chat: ['What is 2+2?'], reply: ['It is 4.'], answer: '# 4' },
          { qid: 'q-#1', chat: ['What is 3+3?'], reply: ['Maybe 5'], answer: '# 6' },
          { qid: 'q-#2', chat: ['What is 1,000+1?'], reply: ['1001'], answer: '# 1,001' },
        ],
      }),
    });
    const result = await read(description('json', JSON_FIELDS), from);
    expect(result.refused).toEqual([]);
    expect(result.imported?.examples.map((e) => [e.id, e.prompt, e.expected, e.extracted, e.correct])).toEqual([
      ['0', [{ role: 'user', content: 'What is 2+2?' }], 4, 4, true],
      ['1', [{ role: 'user', content: 'What is 3+3?' }], 6, 5, false],
      ['2', [{ role: 'user', content: 'What is 1,000+1?' }], 1001, 1001, true],
    ]);
    expect(result.imported?.examples[0]?.scoring).toEqual({
      method: 'last-number',
      scorer: { id: 'last-number', version: 1 },
      rule: 'the last number equals the reference',
    });
    expect(result.imported?.releaseSource).toMatchObject({
      repository: 'acme/evals',
      path: 'out/m.json',
      reported: { value: 0.5, where: 'README.md', label: 'Acc' },
      imported_with:
        'npm run import -- release content/imports/x.yaml --from <a checkout of acme/evals at 0123456789abcdef0123456789abcdef01234567>',
      dated_by: 'commit',
    });
  });

  it('reads a JSONL release with the subject from the file name and ids from a template', async () => {
    const from = release({
      'out/arith_task.jsonl': [
        '{"q":"1+1","a":"2","o":"2"}',
        '',
        '{"q":"2+2","a":"4","o":"5"}',
        '{"q":"3+3","a":"6","o":"6"}',
      ].join('\n'),
    });
    const text = description(
      'jsonl',
      `fields:\n  id: { template: '{subject}/{index}' }\n  subject: { from_file: '^(.+)_task\\.jsonl$' }\n  prompt: q\n  output: o\n  expected: a\n`,
    ).replace('out/m.jsonl', 'out/*_task.jsonl');
    const result = await read(text, from);
    expect(result.imported?.examples.map((e) => [e.id, e.subject, e.prompt, e.correct])).toEqual([
      ['arith/0', 'arith', '1+1', true],
      ['arith/1', 'arith', '2+2', false],
      ['arith/2', 'arith', '3+3', true],
    ]);
  });

  it('reads a CSV release: quoted fields with commas, quotes and line breaks', async () => {
    const from = release({
      'out/m.csv':
        'id,question,output,answer\r\n1,"Add 1, 2",3,3\r\n2,"Say ""7""","line one\nthen 7",7\r\n3,Zero,0,1\r\n',
    });
    const result = await read(
      description('csv', 'fields:\n  id: id\n  prompt: question\n  output: output\n  expected: answer\n'),
      from,
    );
    expect(result.imported?.examples.map((e) => [e.id, e.prompt, e.output, e.correct])).toEqual([
      ['1', 'Add 1, 2', '3', true],
      ['2', 'Say "7"', 'line one\nthen 7', true],
      ['3', 'Zero', '0', false],
    ]);
  });

  it("takes the release's own verdict when it stores one, with no scorer of ours", async () => {
    const from = release({
      'out/m.jsonl':
        '{"id":"t/0","p":"x","s":"def f(): pass","ok":true}\n{"id":"t/1","p":"y","s":"","ok":false}\n{"id":"t/2","p":"z","s":"pass","ok":false}\n',
    });
    const text = description('jsonl', 'fields:\n  id: id\n  prompt: p\n  output: s\n').replace(
      'scoring:\n  scorer: last-number\n',
      'scoring:\n  verdict: ok\n',
    );
    const result = await read(text, from);
    expect(result.imported?.examples.map((e) => [e.id, e.correct, e.expected, e.scoring])).toEqual([
      ['t/0', true, null, { method: 'source-verdict', rule: 'the release\'s own verdict: its "ok" field' }],
      [
        't/1',
        false,
        null,
        {
          method: 'source-verdict',
          rule: 'the release\'s own verdict: its "ok" field',
          notes: 'The release holds no output for this record: counted incorrect.',
        },
      ],
      ['t/2', false, null, { method: 'source-verdict', rule: 'the release\'s own verdict: its "ok" field' }],
    ]);
    expect(result.flagged.map(formatProblem)).toEqual([
      'out/m.jsonl:2: no output: kept, counted incorrect as the release judged it',
    ]);
  });
});

describe('release import: what it refuses or flags', () => {
  it('refuses a file shorter than its scope says, naming the description line and the file', async () => {
    const from = release({ 'out/m.jsonl': '{"id":"1","q":"a","o":"1","a":"1"}\n{"id":"2","q":"b","o":"2","a":"2"}\n' });
    const result = await read(
      description('jsonl', 'fields:\n  id: id\n  prompt: q\n  output: o\n  expected: a\n'),
      from,
    );
    expect(result.imported).toBeUndefined();
    expect(result.refused.map(formatProblem)).toEqual([
      'content/imports/x.yaml:33: runs[0].scope: "full" needs 3 records, but out/m.jsonl holds 2; if the run stopped early, say "partial interrupted"',
    ]);
  });

  it('refuses records without a reference, and flags outputs with no readable answer or none at all, by record', async () => {
    const from = release({
      'out/m.json': JSON.stringify({
        outputs: [
          { qid: '#0', chat: ['a'], reply: ['no digits here'], answer: '# 4' },
          { qid: '#1', chat: ['b'], reply: [], answer: '# 6' },
          { qid: '#2', chat: ['c'], reply: ['3'], answer: 'n/a' },
          { qid: '#3', chat: ['d'], reply: ['3'] },
        ],
      }),
    });
    const result = await read(description('json', JSON_FIELDS), from);
    expect(result.refused.map(formatProblem)).toEqual([
      'content/imports/x.yaml:34: runs[0].scope: "full" needs 3 records, but out/m.json holds 4; if the run stopped early, say "partial interrupted"',
      'out/m.json: outputs[2]: the reference "answer" matched by ^#\\s*(.+)$ does not match ("n/a")',
      'out/m.json: outputs[3]: no reference: "answer" matched by ^#\\s*(.+)$ is absent',
    ]);
    expect(result.flagged.map(formatProblem)).toEqual([
      'out/m.json: outputs[0]: no answer last-number could read in the output: kept, counted incorrect',
      'out/m.json: outputs[1]: no output: kept, counted incorrect',
    ]);
  });

  it('refuses a verdict that says solved where the release holds no output', async () => {
    const from = release({
      'out/m.jsonl':
        '{"id":"1","p":"x","s":"","ok":true}\n{"id":"2","p":"x","s":"a","ok":"yes"}\n{"id":"3","p":"x","s":"b","ok":true}\n',
    });
    const text = description('jsonl', 'fields:\n  id: id\n  prompt: p\n  output: s\n').replace(
      '  scorer: last-number\n',
      '  verdict: ok\n',
    );
    const result = await read(text, from);
    expect(result.refused.map(formatProblem)).toEqual([
      'out/m.jsonl:1: "ok" says solved, but the release holds no output for it',
      'out/m.jsonl:2: no verdict: "ok" is "yes", not true or false',
    ]);
  });
});

describe('release import: the committed Reflexion runs', () => {
  it('re-creates runs/humaneval-*-openai byte for byte from the committed release files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-release-archive-'));
    // The registry says the benchmark's metric (pass@1), as it does for the committed runs.
    symlinkSync(join(PROJECT, 'content'), join(root, 'content'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const status = await releaseCommand(
      [
        'content/imports/reflexion-humaneval.yaml',
        '--from',
        fixture('import/release/reflexion'),
        '--out',
        join(root, 'runs'),
      ],
      PROJECT,
      SCORERS,
    );
    log.mockRestore();
    expect(status).toBe(0);
    const made = readdirSync(join(root, 'runs')).sort();
    expect(made).toEqual([
      'humaneval-gpt-3.5-turbo-simple-openai',
      'humaneval-gpt-4-reflexion-openai',
      'humaneval-gpt-4-simple-openai',
    ]);
    for (const id of made)
      for (const file of ['run.json', 'examples.jsonl.gz']) {
        const ours = readFileSync(join(root, 'runs', id, file));
        const committed = readFileSync(join(PROJECT, 'runs', id, file));
        // Compared decompressed first, so that a difference is shown as text, then as bytes.
        if (file.endsWith('.gz')) expect(gunzipSync(ours).toString()).toBe(gunzipSync(committed).toString());
        expect(ours.equals(committed), `${id}/${file}`).toBe(true);
      }
  });

  it('says so when the very same runs are imported again, and refuses a folder holding another run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-release-again-'));
    symlinkSync(join(PROJECT, 'content'), join(root, 'content'));
    const args = [
      'content/imports/reflexion-humaneval.yaml',
      '--from',
      fixture('import/release/reflexion'),
      '--out',
      join(root, 'runs'),
    ];
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await releaseCommand(args, PROJECT, SCORERS)).toBe(0);
    quiet.mockRestore();

    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await releaseCommand(args, PROJECT, SCORERS)).toBe(0);
    const said = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    expect(said).toContain(
      '\nhumaneval-gpt-4-simple-openai: already imported, the folder holds this very run; nothing was written',
    );

    // Another run in one of the folders: nothing at all is written, and the message says how to go on.
    const other = join(root, 'runs', 'humaneval-gpt-4-simple-openai', 'run.json');
    writeFileSync(other, readFileSync(other, 'utf8').replace('"gpt-4"', '"gpt-4-0613"'));
    const before = readFileSync(join(root, 'runs', 'humaneval-gpt-4-reflexion-openai', 'examples.jsonl.gz'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const again = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await releaseCommand(args, PROJECT, SCORERS)).toBe(1);
    const refused = errors.mock.calls.map((c) => String(c[0]));
    errors.mockRestore();
    again.mockRestore();
    expect(refused[0]).toMatch(
      /^import: .*humaneval-gpt-4-simple-openai\/ already holds a different run \(humaneval 1\.0, gpt-4-0613, custom prompt, completed, 164 examples, finished 2023-05-21T15:48:05\+02:00\); content\/imports\/reflexion-humaneval\.yaml would replace it \(humaneval 1\.0, gpt-4, custom prompt, completed, 164 examples, finished 2023-05-21T15:48:05\+02:00\)\.$/,
    );
    expect(refused[1]).toBe(
      'Give the run another id in the description, or replace what the folder holds with --replace; nothing was written.',
    );
    expect(readFileSync(other, 'utf8')).toContain('"gpt-4-0613"');
    expect(
      readFileSync(join(root, 'runs', 'humaneval-gpt-4-reflexion-openai', 'examples.jsonl.gz')).equals(before),
    ).toBe(true);
  });
});
