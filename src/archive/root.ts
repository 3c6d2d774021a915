import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The archive to read: `BENCHSCOPE_ARCHIVE` when set (a folder holding runs/ and content/),
 * otherwise the project itself. Relative paths resolve against the project root.
 */
export function archiveRoot(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env['BENCHSCOPE_ARCHIVE'];
  return chosen ? resolve(projectRoot, chosen) : resolve(projectRoot);
}

/**
 * A file of the project as a URL: how a worker thread is given its script (Node runs a .ts one by
 * stripping its types). The root needs its trailing slash, or the URL would replace its last folder.
 */
export function projectFile(projectRoot: string, path: string): URL {
  return new URL(path, pathToFileURL(projectRoot.endsWith('/') ? projectRoot : `${projectRoot}/`));
}
