import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture, OUT, PROJECT } from '../helpers/paths.ts';
import { commandEnv, script } from '../helpers/run.ts';

// A repository whose main branch holds a valid archive, and two pull-request branches: `pr` adds a
// good run (better than the runs it joins) and a broken one; `pr-good` adds only the good one.
let repo = '';

function git(...args: string[]) {
  execFileSync('git', ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
    stdio: 'pipe',
  });
}

function addGoodRun() {
  const good = join(repo, 'runs', 'quiz-perfect');
  mkdirSync(good);
  const run = JSON.parse(readFileSync(join(repo, 'runs', 'quiz-full', 'run.json'), 'utf8')) as object;
  writeFileSync(
    join(good, 'run.json'),
    JSON.stringify({ ...run, id: 'quiz-perfect', score: { metric: 'accuracy', value: 1 } }, null, 2),
  );
  const examples = readFileSync(join(repo, 'runs', 'quiz-full', 'examples.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const e = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify({ ...e, extracted: e['expected'], correct: true });
    });
  writeFileSync(join(good, 'examples.jsonl'), `${examples.join('\n')}\n`);
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'benchscope-pr-'));
  cpSync(fixture('valid-all-states'), repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'archive');
  // What actions/checkout leaves for the workflow to compare with.
  git('update-ref', 'refs/remotes/origin/main', 'main');
  git('checkout', '-q', '-b', 'pr-good');
  addGoodRun();
  git('add', '.');
  git('commit', '-q', '-m', 'add a good run');
  git('checkout', '-q', '-b', 'pr');
  // The broken run: a score written as text, and no examples.
  const bad = join(repo, 'runs', 'quiz-broken');
  mkdirSync(bad);
  const run = JSON.parse(readFileSync(join(repo, 'runs', 'quiz-full', 'run.json'), 'utf8')) as object;
  writeFileSync(
    join(bad, 'run.json'),
    JSON.stringify({ ...run, id: 'quiz-broken', score: { metric: 'accuracy', value: 'high' } }, null, 2),
  );
  git('add', '.');
  git('commit', '-q', '-m', 'add a broken run');
});

interface Step {
  name?: string;
  run?: string;
}

/**
 * Run the steps of .github/workflows/validate.yml that follow `npm ci`, as GitHub would: in order,
 * with bash, stopping at the first that fails. The archive is the fixture repository on `branch`.
 */
function runWorkflow(branch: string) {
  git('checkout', '-q', branch);
  const workflow = parse(readFileSync(join(PROJECT, '.github', 'workflows', 'validate.yml'), 'utf8')) as {
    jobs: { validate: { steps: Step[] } };
  };
  const steps = workflow.jobs.validate.steps.filter((s) => s.run !== undefined);
  expect(steps[0]?.run).toBe('npm ci');
  const work = join(OUT, `pr-check-${branch}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const summaryFile = join(work, 'summary.md');
  const env = commandEnv({
    BASE_REF: 'main',
    GITHUB_STEP_SUMMARY: summaryFile,
    BENCHSCOPE_ARCHIVE: repo,
    BENCHSCOPE_OUT: join(work, 'dist'),
  });
  const results: { name: string; code: number | null; stdout: string; stderr: string }[] = [];
  for (const step of steps.slice(1)) {
    const r = spawnSync('bash', ['-e', '-c', step.run ?? ''], { cwd: PROJECT, env, encoding: 'utf8' });
    results.push({ name: step.name ?? step.run ?? '', code: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) break;
  }
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '';
  return { results, summary, dist: join(work, 'dist') };
}

describe('the pull-request workflow, run locally on a fixture branch', () => {
  it('annotates every problem on its file and line, fails, and builds nothing', () => {
    const { results, summary } = runWorkflow('pr');
    expect(results.map((r) => [r.name, r.code])).toEqual([['Validate the changed runs and summarise them', 1]]);
    const annotations = results[0]?.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([
      '::error file=runs/quiz-broken/run.json,line=35,title=Benchscope%3A score.value::score.value: expected number, received string',
    ]);
    expect(summary).toContain('runs/quiz-broken/run.json:35: score.value: expected number, received string');
    expect(summary).toContain('| `quiz-broken` | added | invalid: see the problems above |');
  });

  it('summarises a sound pull request: score, interval, class, rank and whom it moves down; then builds', () => {
    const { results, summary, dist } = runWorkflow('pr-good');
    expect(results.map((r) => [r.name, r.code])).toEqual([
      ['Validate the changed runs and summarise them', 0],
      ['Build the site', 0],
    ]);
    expect(results[0]?.stdout).toContain('checking the registry and the 1 run changed since origin/main: quiz-perfect');
    expect(summary).toContain('The changed run and the registry are valid.');
    const row = summary.split('\n').find((l) => l.startsWith('| `quiz-perfect`'));
    expect(row).toBe(
      '| `quiz-perfect` | added | completed | 100.0% (51.0%–100.0%), 4 of 4 | full, 4 | canonical | tiny-quiz: Version 1, canonical prompt, full dataset (4 examples) | 1 of 3 | `quiz-full` 1 → 2, `quiz-full-gz` 1 → 2 |',
    );
    expect(existsSync(join(dist, 'runs', 'quiz-perfect', 'index.html'))).toBe(true);
  }, 120_000);
});

describe('npm run validate --changed', () => {
  it('checks only the runs the branch changed, and the registry', async () => {
    git('checkout', '-q', 'pr');
    const result = await script('validate', [repo, '--changed', 'main']);
    expect(result.stdout).toContain(
      'checking the registry and the 2 runs changed since main: quiz-broken, quiz-perfect',
    );
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'runs/quiz-broken/run.json:35: score.value: expected number, received string',
    ]);
    expect(result.code).toBe(1);
  });

  it('leaves out a fault in a run the branch did not touch, which a full validation reports', async () => {
    // The base already holds a broken run; the branch adds a good one on top.
    git('checkout', '-q', '-b', 'base-broken', 'main');
    writeFileSync(join(repo, 'runs', 'quiz-failed', 'examples.jsonl'), '{}\n');
    git('add', '.');
    git('commit', '-q', '-m', 'a fault already on the base');
    git('checkout', '-q', '-b', 'pr-on-broken');
    addGoodRun();
    git('add', '.');
    git('commit', '-q', '-m', 'add a good run');
    const changed = await script('validate', [repo, '--changed', 'base-broken']);
    expect([changed.code, changed.stderr]).toEqual([0, '']);
    const full = await script('validate', [repo]);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('runs/quiz-failed/examples.jsonl');
  });

  it('says when the ref cannot be compared with', async () => {
    const result = await script('validate', [repo, '--changed', 'no-such-branch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^validate: cannot compare with "no-such-branch": /);
  });
});

describe('the kind of change a pull request is', () => {
  /** A branch from main with `change` committed, checked with --annotate: its summary and annotations. */
  async function check(branch: string, change: () => void) {
    git('checkout', '-q', '-b', branch, 'main');
    change();
    git('add', '.');
    git('commit', '-q', '-m', branch);
    const result = await script('validate', [repo, '--changed', 'main', '--annotate']);
    const lines = result.stdout.split('\n');
    return {
      opening: lines[lines.indexOf('## Benchscope: what this pull request changes') + 2],
      summary: result.stdout,
      warnings: lines.filter((l) => l.startsWith('::warning')),
    };
  }
  const edit = (path: string, change: (text: string) => string) => {
    writeFileSync(join(repo, path), change(readFileSync(join(repo, path), 'utf8')));
  };

  it('opens the summary with "runs only" for a branch that adds a run', async () => {
    const { opening, warnings } = await check('kind-runs', addGoodRun);
    expect(opening).toBe('**Kind of change: runs only.**');
    expect(warnings).toEqual([]);
  });

  it('says "registry text" for prose and the project’s own components, with no annotation', async () => {
    const { opening, summary, warnings } = await check('kind-registry-text', () => {
      edit(
        'content/benchmarks/tiny-quiz.mdx',
        (t) =>
          `${t}\nMore words, a [link](https://example.org/), <Figure of="runs" />, \`{code}\` and {/* a comment */}.\n\n\`\`\`html\n<script>in a fence</script>\n\`\`\`\n`,
      );
      edit('content/models/fam-a.md', (t) => `${t}\nAnother sentence.\n`);
    });
    expect(opening).toBe('**Kind of change: registry text.**');
    expect(summary).toContain('- registry text: the changed text, as it will read on the site');
    expect(warnings).toEqual([]);
  });

  it('annotates each registry file whose MDX is code: imports, exports, expressions, raw HTML, scripts', async () => {
    const { opening, summary, warnings } = await check('kind-registry-code', () => {
      edit(
        'content/benchmarks/tiny-code.mdx',
        (t) =>
          `${t}\nimport { readFileSync } from 'node:fs';\nexport const leaked = 1;\n\nThe host is {readFileSync('/etc/hostname', 'utf8')}.\n\n<script>alert(1)</script>\n\n<div class="banner">raw</div>\n`,
      );
      edit('content/providers/prov-x.md', (t) => `${t}\n<img src="https://evil.example/x.png" onerror="alert(1)">\n`);
    });
    expect(opening).toBe(
      '**Kind of change: registry MDX with code (imports, exports, expressions, raw HTML or scripts).**',
    );
    expect(warnings).toEqual([
      "::warning file=content/benchmarks/tiny-code.mdx,line=13,title=Benchscope%3A MDX with code::This registry file goes beyond text and the project's components; review it as code. line 13: an import (runs at build time); line 14: an export (runs at build time); line 16: an expression (runs at build time); line 18: a <script> (runs in every reader’s browser); line 20: raw HTML <div>",
      "::warning file=content/providers/prov-x.md,line=5,title=Benchscope%3A MDX with code::This registry file goes beyond text and the project's components; review it as code. line 5: raw HTML <img>",
    ]);
    expect(summary).toContain("`content/benchmarks/tiny-code.mdx` goes beyond text and the project's components:");
  });

  it('says "site code, workflows or dependencies" first when a branch changes them too', async () => {
    const { opening, summary } = await check('kind-code', () => {
      addGoodRun();
      mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
      writeFileSync(join(repo, '.github', 'workflows', 'extra.yml'), 'name: extra\n');
      writeFileSync(join(repo, 'package.json'), '{"dependencies":{"left-pad":"1.3.0"}}\n');
    });
    expect(opening).toBe('**Kind of change: site code, workflows or dependencies; runs.**');
    expect(summary).toContain(
      '- site code, workflows or dependencies: every changed line, as code that runs in CI and at build time; a maintainer must approve it',
    );
  });
});
