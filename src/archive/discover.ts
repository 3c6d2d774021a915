import { readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { SLUG_PATTERN } from '../schema/common.ts';
import type { Problem } from './problems.ts';

export const RUN_FILE = 'run.json';
export const EXAMPLE_FILES = ['examples.jsonl', 'examples.jsonl.gz'] as const;

/** A run folder as found on disk, before its files are read. Paths are relative to the archive root. */
export interface RunFolder {
  id: string;
  dir: string;
  runFile?: string;
  examplesFile?: string;
}

/**
 * Why a symbolic link in the archive is refused. The validator never follows one: a link can lead
 * out of the archive (to any file of the machine that builds it), and what it points to is not
 * what the contributor committed.
 */
export async function symlinkProblem(root: string, path: string): Promise<Problem> {
  const written = await readlink(resolve(root, path));
  let outside: boolean;
  try {
    const rel = relative(await realpath(root), await realpath(resolve(root, path)));
    outside = rel.startsWith('..') || isAbsolute(rel);
  } catch {
    outside = !resolve(dirname(resolve(root, path)), written).startsWith(resolve(root) + sep);
  }
  return {
    file: path,
    message: outside
      ? `symbolic link to ${written}, outside the archive: links are not followed; commit the file itself`
      : 'symbolic links are not allowed in the archive: commit the file itself',
  };
}

/**
 * Find the run folders under runs/ and the files in each. Anything that is not a run folder, or a
 * file a run folder should not hold, is a problem: a misnamed examples file must not go unnoticed.
 */
export async function discoverRuns(root: string): Promise<{ folders: RunFolder[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const entries = await fg(['runs/*', 'runs/*/*'], {
    cwd: root,
    onlyFiles: false,
    dot: true,
    followSymbolicLinks: false,
    objectMode: true,
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const folders = new Map<string, RunFolder>();
  for (const entry of entries) {
    const parts = entry.path.split('/');
    // Git keeps no empty folders: a placeholder is how an archive holds an empty runs/.
    if (entry.path === 'runs/.gitkeep') continue;
    if (entry.dirent.isSymbolicLink()) {
      problems.push(await symlinkProblem(root, entry.path));
      continue;
    }
    if (parts.length === 2) {
      const id = parts[1] ?? '';
      if (!entry.dirent.isDirectory()) {
        problems.push({
          file: entry.path,
          message: 'runs/ holds only run folders (runs/<run-id>/run.json); move this file',
        });
        continue;
      }
      if (!SLUG_PATTERN.test(id)) {
        problems.push({
          file: `${entry.path}/`,
          message:
            'run folder names are run ids: lowercase a-z, 0-9, ".", "_" or "-", starting with a letter or digit, at most 128 characters',
        });
        continue;
      }
      folders.set(id, { id, dir: entry.path });
      continue;
    }
    const folder = folders.get(parts[1] ?? '');
    if (!folder) continue; // inside a folder already reported
    const name = parts[2] ?? '';
    if (!entry.dirent.isFile()) {
      problems.push({
        file: `${entry.path}/`,
        message: 'a run folder holds only run.json and its examples file; move this folder',
      });
    } else if (name === RUN_FILE) {
      folder.runFile = entry.path;
    } else if ((EXAMPLE_FILES as readonly string[]).includes(name)) {
      if (folder.examplesFile)
        problems.push({
          file: entry.path,
          message: `${folder.examplesFile} is here too: keep one examples file, plain or gzip`,
        });
      else folder.examplesFile = entry.path;
    } else {
      problems.push({
        file: entry.path,
        message: `unexpected file: a run folder holds run.json and examples.jsonl (or examples.jsonl.gz)`,
      });
    }
  }
  for (const folder of folders.values())
    if (!folder.runFile)
      problems.push({ file: `${folder.dir}/`, message: 'run folder without run.json: add it, or remove the folder' });
  if (folders.size === 0 && problems.length === 0)
    problems.push({ file: 'runs/', message: 'the archive holds no runs: add runs/<run-id>/run.json' });
  return { folders: [...folders.values()], problems };
}
