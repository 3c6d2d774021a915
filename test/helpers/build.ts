import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fixture, OUT } from './paths.ts';
import { script } from './run.ts';

/**
 * Build a fixture archive (by name, or any archive by absolute path; the repository's own archive when `archive`
 * is omitted) into test/.out/<name>/dist,
 * once per test run: test files that read the same site share one build. A build is reused only if
 * this very run (identified by the vitest process, every test file's parent) made it. `env` adds
 * settings such as BENCHSCOPE_BASE.
 */
export async function buildOnce(name: string, archive?: string, env: Record<string, string> = {}): Promise<string> {
  const root = join(OUT, name);
  const dist = join(root, 'dist');
  const stamp = join(root, 'built-by');
  const run = String(process.ppid);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === run && existsSync(join(dist, 'index.html'))) return dist;
  rmSync(root, { recursive: true, force: true });
  const result = await script('build', [], {
    ...(archive ? { BENCHSCOPE_ARCHIVE: isAbsolute(archive) ? archive : fixture(archive) } : {}),
    BENCHSCOPE_OUT: dist,
    ...env,
  });
  if (result.code !== 0)
    throw new Error(`building ${archive ?? "the repository's archive"} failed:\n${result.stdout}\n${result.stderr}`);
  writeFileSync(stamp, run);
  return dist;
}
