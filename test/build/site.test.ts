import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { fixture, OUT, PROJECT, runFolders, SAMPLE } from '../helpers/paths.ts';
import { run, script } from '../helpers/run.ts';

// These tests run Astro itself, one at a time (see vitest.config.ts).

describe('astro check', () => {
  it('finds no type errors in the project', async () => {
    // The sample archive: the check reads the content store, and the real archive is large.
    const result = await run(process.execPath, [join(PROJECT, 'node_modules/astro/bin/astro.mjs'), 'check'], {
      BENCHSCOPE_ARCHIVE: SAMPLE,
    });
    expect(result.stdout + result.stderr).toMatch(/0 errors/);
    expect(result.code).toBe(0);
  }, 120_000);
});

describe('npm run build', () => {
  it('builds a fixture archive into a site that lists every run with its recomputed score', async () => {
    const out = join(OUT, 'build-valid', 'dist');
    rmSync(join(OUT, 'build-valid'), { recursive: true, force: true });
    const result = await script('build', [], { BENCHSCOPE_ARCHIVE: fixture('valid-all-states'), BENCHSCOPE_OUT: out });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    // Built beside dist/ and swapped in: nothing is left beside it (the caches are in the cache root).
    expect(readdirSync(join(OUT, 'build-valid')).sort()).toEqual(['dist']);
    const $ = load(readFileSync(join(out, 'runs', 'index.html'), 'utf8'));
    const rows = new Map(
      $('table.runs tbody tr')
        .toArray()
        .map((tr) => [
          $(tr).find('th').text().trim(),
          $(tr)
            .find('td')
            .toArray()
            .map((td) => $(td).text().replace(/\s+/g, ' ').trim()),
        ]),
    );
    expect([...rows.keys()].sort()).toEqual(runFolders('valid-all-states'));
    const headers = $('table.runs thead th')
      .toArray()
      .map((th) => $(th).text().replace(/\s+/g, ' ').trim());
    const cell = (id: string, header: string) => rows.get(id)?.[headers.indexOf(header) - 1];
    expect(cell('quiz-full', 'Score (95% interval)')).toMatch(/^75\.0% 95% interval/);
    expect(cell('quiz-full', 'Correct')).toBe('3 / 4');
    expect(cell('quiz-v2-subset', 'Score (95% interval)')).toMatch(/^66\.7% 95% interval .* partial$/);
    expect(cell('quiz-v2-subset', 'Scope')).toBe('partial, by design');
    expect(cell('quiz-interrupted', 'Scope')).toBe('partial, interrupted');
    expect(cell('code-chat', 'Prompt')).toBe('custom prompt template');
    expect(cell('quiz-failed', 'Score (95% interval)')).toBe('no score');
    expect(cell('quiz-cancelled', 'Score (95% interval)')).toBe('no score');
    // Not synthetic data: no synthetic notice anywhere on the home page.
    expect(load(readFileSync(join(out, 'index.html'), 'utf8'))('main').text()).not.toMatch(/synthetic/i);
  }, 120_000);
});

describe('npm start', () => {
  /** Start the server, wait for its URL, fetch the home page, stop it. */
  async function startOnce(env: Record<string, string>): Promise<{ log: string; html: string }> {
    const child = spawn(process.execPath, ['scripts/start.ts'], {
      cwd: PROJECT,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (d: Buffer) => {
          log += d.toString();
          const m = /served at (http:\/\/\S+\/)/.exec(log);
          if (m?.[1]) resolve(m[1]);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', (code) => {
          reject(new Error(`npm start exited with ${String(code)}:\n${log}`));
        });
      });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      return { log, html: await response.text() };
    } finally {
      child.kill('SIGTERM');
    }
  }

  it('builds when needed, serves the site on localhost and prints the URL', async () => {
    const out = join(OUT, 'start', 'dist');
    rmSync(join(OUT, 'start'), { recursive: true, force: true });
    const env = { BENCHSCOPE_ARCHIVE: fixture('valid-all-states'), BENCHSCOPE_OUT: out, PORT: '4391' };
    const first = await startOnce(env);
    expect(first.log).toMatch(/valid: 7 runs/);
    expect(first.html).toContain('quiz-interrupted');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const second = await startOnce(env);
    expect(second.log).toContain('not rebuilding');
    expect(second.html).toBe(first.html);
  }, 120_000);
});
