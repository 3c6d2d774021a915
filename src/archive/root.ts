import { resolve } from 'node:path';

/**
 * The archive to read: `BENCHSCOPE_ARCHIVE` when set (a folder holding runs/ and content/),
 * otherwise the project itself. Relative paths resolve against the project root.
 */
export function archiveRoot(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['BENCHSCOPE_ARCHIVE'];
  return chosen ? resolve(projectRoot, chosen) : resolve(projectRoot);
}
