import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/render/families.ts';
import { buildOnce } from '../helpers/build.ts';
import { OUT, PROJECT, SAMPLE } from '../helpers/paths.ts';
import { commandEnv, run } from '../helpers/run.ts';

// The build as one pipeline (docs/architecture.md): `astro build` and `npm run build` write the same
// site, and the dev server serves every page family the build writes in batches.

const ARCHIVE = SAMPLE;
const astroBin = join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs');

function files(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else out.set(relative(root, path), readFileSync(path));
    }
  };
  visit(root);
  return out;
}

describe('astro build alone', () => {
  it('writes the site npm run build writes, search index and page families included', async () => {
    const piped = await buildOnce('sample', SAMPLE);
    const root = join(OUT, 'astro-alone');
    rmSync(root, { recursive: true, force: true });
    const dist = join(root, 'dist');
    const result = await run(process.execPath, [astroBin, 'build'], {
      BENCHSCOPE_ARCHIVE: ARCHIVE,
      BENCHSCOPE_OUT: dist,
      BENCHSCOPE_CACHE: join(root, 'cache'),
    });
    expect(result.code, result.stderr).toBe(0);
    const expected = files(piped);
    const actual = files(dist);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    const differ = [...expected].filter(([file, bytes]) => !actual.get(file)?.equals(bytes)).map(([file]) => file);
    expect(differ).toEqual([]);
    expect(statSync(join(dist, 'pagefind', 'pagefind.js')).isFile()).toBe(true);
  }, 180_000);
});

describe('npm run dev', () => {
  let server: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    server?.kill();
  });

  it('serves every route of every page family, one page at a time', async () => {
    const port = 4300 + (process.pid % 500);
    server = spawn(process.execPath, ['scripts/dev.ts'], {
      cwd: PROJECT,
      env: commandEnv({ BENCHSCOPE_ARCHIVE: ARCHIVE, PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    for (let waited = 0; !log.includes('watching for file changes'); waited += 250) {
      if (waited > 150_000) throw new Error(`the dev server did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // One URL of each family route, in the sample archive.
    const run = '/runs/quiz-synth-v2-aurora-nimbus';
    const urls: Record<string, string> = {
      '/runs/[run]/examples': `${run}/examples/`,
      '/runs/[run]/examples/page/[page]': `${run}/examples/page/2/`,
      '/runs/[run]/[list]/[...rest]': `${run}/incorrect/`,
      '/runs/[run]/examples/[...example]': `${run}/examples/astronomy/0001/`,
      '/runs/[run].json.gz': `${run}.json.gz`,
      '/runs/[run].csv.gz': `${run}.csv.gz`,
      '/runs/[run]/eee.json': `${run}/eee.json`,
      '/runs/[run]/eee_samples.jsonl.gz': `${run}/eee_samples.jsonl.gz`,
      '/benchmarks/[benchmark]/examples/[...example]': '/benchmarks/quiz-synth/examples/astronomy/0001/',
    };
    expect(Object.keys(urls).sort()).toEqual(FAMILIES.flatMap((f) => [...f.routes]).sort());
    const statuses: Record<string, number> = {};
    for (const [pattern, url] of Object.entries(urls)) statuses[pattern] = (await fetch(`${base}${url}`)).status;
    expect(statuses).toEqual(Object.fromEntries(Object.keys(urls).map((p) => [p, 200])));
    // The example page shows the example, as the built one does.
    const built = readFileSync(
      join(await buildOnce('sample', SAMPLE), `${run}/examples/astronomy/0001/index.html`),
      'utf8',
    );
    const title = /<h1[^>]*>([^<]*)</.exec(built)?.[1] ?? '';
    expect(title).not.toBe('');
    expect(await (await fetch(`${base}${run}/examples/astronomy/0001/`)).text()).toContain(title);
  }, 200_000);
});
