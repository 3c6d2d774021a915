import { spawn } from 'node:child_process';
import { PROJECT } from './paths.ts';

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a command gets: the shell's, without what Vitest adds to its own process
 * (BASE_URL, MODE, NODE_ENV=test, …), which Astro would take as settings of the build.
 */
export function commandEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const vitest = new Set(['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST']);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !vitest.has(key) && !key.startsWith('VITEST')),
  );
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Run a command of the project (a script, npm, astro) and collect its output. */
export function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = PROJECT,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: commandEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run one of scripts/*.ts with the current Node, which strips types itself. */
export function script(
  name: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<Result> {
  return run(process.execPath, [`scripts/${name}.ts`, ...args], env);
}
