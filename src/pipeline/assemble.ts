import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { linkInto } from '../render/page-cache.ts';
import { KnownFolders } from '../render/page-writer.ts';

/**
 * Put a finished build in place. Astro wrote its pages into `next`; the pages that grow with the
 * archive (one per example) are in the page cache, listed in the placements, and are linked
 * here. Without a previous output (or without the list of what it holds) `next` becomes the output
 * and every cached page is linked into it. Otherwise the previous output is updated in place: its
 * unchanged pages stay where they are, which is what makes an incremental build quick, since a
 * site of a hundred thousand pages has as many folders and creating each costs a metadata write.
 * Either way the result is file for file what a build from scratch writes: files the new build
 * does not have are removed (the list of the previous output says which).
 *
 * Nothing here runs before the build has succeeded, so a failed build leaves the output as it was.
 */

export interface AssembleOptions {
  /** Astro's output for this build. */
  next: string;
  /** The published output: dist/ or BENCHSCOPE_OUT. */
  out: string;
  /** Output file → cached file, as the page cache records them. */
  placements: ReadonlyMap<string, string>;
  /** Where the list of the output's files is kept between builds (outside the output). */
  listFile: string;
  /** Remove folders without waiting (see src/pipeline/build.ts). */
  discard: (path: string) => void;
  /** Which placements are in place already, found while the build finished (inPlace). */
  checked?: InPlace | undefined;
}

export interface Assembled {
  mode: 'fresh' | 'updated';
  /** Pages linked from the cache, pages left in place, files of Astro's moved in, stale files removed. */
  linked: number;
  kept: number;
  moved: number;
  removed: number;
}

/** Files below a folder, as paths relative to it. */
function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  if (existsSync(root)) visit(root);
  return out;
}

interface OutputList {
  /**
   * The output folder's identity when the list was written (inode, birth and change times): a
   * list describes only the folder it was written for, as the build left it.
   */
  folder: string;
  files: string[];
}

/** A folder's identity: its inode, birth and change times (a folder replaced, or changed, has another). */
export function folderIdentity(dir: string): string {
  const { ino, birthtimeMs, mtimeMs } = statSync(dir);
  return `${ino}:${birthtimeMs}:${mtimeMs}`;
}

function readList(listFile: string, out: string): string[] | undefined {
  if (!existsSync(listFile) || !existsSync(out)) return undefined;
  try {
    const list = JSON.parse(readFileSync(listFile, 'utf8')) as OutputList;
    return list.folder === folderIdentity(out) ? list.files : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `out` holds the output a previous build assembled, which the next build can update. */
export function canUpdate(listFile: string, out: string): boolean {
  return readList(listFile, out) !== undefined;
}

/** Those of a build's placements the output holds already (the same file, linked). */
export interface InPlace {
  linked: Set<string>;
}

const sameFile = (a: Stats | undefined, b: Stats) => a !== undefined && a.ino === b.ino && a.dev === b.dev;

/**
 * Which of the placements `out` holds already. Only reads, so it runs while the build finishes
 * (the search index is written meanwhile, in its own process); it yields now and then, so that
 * process's messages are not kept waiting. An incremental build of 100,000 pages makes 250,000
 * of these checks.
 */
export async function inPlace(out: string, placements: ReadonlyMap<string, string>): Promise<InPlace> {
  const linked = new Set<string>();
  let n = 0;
  for (const [file, cached] of placements) {
    if (sameFile(lstatSync(join(out, file), { throwIfNoEntry: false }), statSync(cached))) linked.add(file);
    if (++n % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { linked };
}

export function assemble(options: AssembleOptions): Assembled {
  const { next, out, placements, listFile, discard, checked } = options;
  const astroFiles = walk(next);
  const previous = readList(listFile, out);
  const made = new KnownFolders();
  const result: Assembled = { mode: previous ? 'updated' : 'fresh', linked: 0, kept: 0, moved: 0, removed: 0 };

  if (!previous) {
    if (existsSync(out)) {
      const old = `${out}.discarded-${Date.now()}-${process.pid}`;
      renameSync(out, old);
      discard(old);
    }
    renameSync(next, out);
    result.moved = astroFiles.length;
    for (const [file, cached] of placements) {
      linkInto(out, file, cached, made);
      result.linked++;
    }
  } else {
    for (const file of astroFiles) {
      const target = join(out, file);
      ensureFolder(dirname(target), made);
      try {
        renameSync(join(next, file), target);
      } catch (error) {
        // A folder where the new build has a file: replaced whole.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EISDIR' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        rmSync(target, { recursive: true, force: true });
        renameSync(join(next, file), target);
      }
      result.moved++;
    }
    rmSync(next, { recursive: true, force: true });
    const fromAstro = new Set(astroFiles);
    for (const [file, cached] of placements) {
      // Checked before, unless Astro's files (just moved in) could have changed it since.
      const linked =
        checked && !fromAstro.has(file)
          ? checked.linked.has(file)
          : sameFile(lstatSync(join(out, file), { throwIfNoEntry: false }), statSync(cached));
      if (linked) {
        result.kept++;
        continue;
      }
      linkInto(out, file, cached, made);
      result.linked++;
    }
    const now = new Set([...astroFiles, ...placements.keys()]);
    const emptied = new Set<string>();
    for (const file of previous)
      if (!now.has(file)) {
        const stale = lstatSync(join(out, file), { throwIfNoEntry: false });
        // A path that became a folder of the new build stays.
        if (!stale || stale.isDirectory()) continue;
        unlinkSync(join(out, file));
        emptied.add(dirname(file));
        result.removed++;
      }
    // Folders the removed files leave empty go too, deepest first.
    for (const dir of [...emptied].sort((a, b) => b.length - a.length))
      for (let d = dir; d !== '.' && d !== ''; d = dirname(d)) {
        try {
          rmdirSync(join(out, d));
        } catch {
          break; // not empty: neither are its parents
        }
      }
  }
  const files = [...new Set([...astroFiles, ...placements.keys()])].sort();
  mkdirSync(dirname(listFile), { recursive: true });
  writeFileSync(listFile, JSON.stringify({ folder: folderIdentity(out), files } satisfies OutputList));
  return result;
}

/** Make sure `dir` is a folder, replacing a file in its way (or in the way of a parent). */
function ensureFolder(dir: string, made: KnownFolders): void {
  if (made.has(dir)) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR' && (error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw error;
    for (let d = dir; ; d = dirname(d)) {
      const stat = lstatSync(d, { throwIfNoEntry: false });
      if (stat && !stat.isDirectory()) {
        unlinkSync(d);
        break;
      }
      if (dirname(d) === d) break;
    }
    mkdirSync(dir, { recursive: true });
  }
  made.add(dir);
}
