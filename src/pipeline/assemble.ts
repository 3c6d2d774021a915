import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { linkInto } from '../render/page-cache.ts';
import { KnownFolders } from '../render/page-writer.ts';
import { filesBelow, type Placements, type Unit } from './placements.ts';

/** Files below a folder (none when there is no folder). */
const walk = (root: string) => (existsSync(root) ? filesBelow(root) : []);

/**
 * Put a finished build in place. Astro wrote its pages into `next`; the pages that grow with the
 * archive (one per example) and the search shards come from the caches, named in the placements
 * (src/pipeline/placements.ts). Without a previous output (or without the list of what it holds)
 * `next` becomes the output, with those files in it. Otherwise the previous output is updated in
 * place: what changed is linked in and what went is removed, and the units the output holds
 * already (a cached folder's path names its content) are left alone unlisted. So a build that
 * adds one run touches that run's files, the cross-endpoint pages it answered and Astro's pages,
 * not the million files of the runs that did not change. Either way the result is file for file
 * what a build from scratch writes.
 *
 * The list of what the output holds is trusted as make trusts file times: it describes only the
 * folder it was written for (its identity), and a file changed by hand inside the output is not
 * noticed. Nothing here runs before the build has succeeded, so a failed build leaves the output
 * as it was.
 */

export interface AssembleOptions {
  /** Astro's output for this build. */
  next: string;
  /** The published output: dist/ or BENCHSCOPE_OUT. */
  out: string;
  placements: Placements;
  /** Where the list of what the output holds is kept between builds (outside the output). */
  listFile: string;
  /** Remove folders without waiting (see src/pipeline/build.ts). */
  discard: (path: string) => void;
}

export interface Assembled {
  mode: 'fresh' | 'updated';
  /** Files linked from the caches, files left in place, files of Astro's moved in, stale files removed. */
  linked: number;
  kept: number;
  moved: number;
  removed: number;
}

interface OutputList {
  /**
   * The output folder's identity when the list was written (inode, birth and change times): a
   * list describes only the folder it was written for, as the build left it.
   */
  folder: string;
  /** Files of Astro's (its pages, the search directory and the site's pages' shard). */
  astro: string[];
  /** The units the output holds: cached folder → how many files it put there (listed in unitsDir). */
  units: Record<string, number>;
  /** Single pages: output file → cached file. */
  pages: Record<string, string>;
}

/** A folder's identity: its inode, birth and change times (a folder replaced, or changed, has another). */
export function folderIdentity(dir: string): string {
  const { ino, birthtimeMs, mtimeMs } = statSync(dir);
  return `${ino}:${birthtimeMs}:${mtimeMs}`;
}

function readList(listFile: string, out: string): OutputList | undefined {
  if (!existsSync(listFile) || !existsSync(out)) return undefined;
  try {
    const list = JSON.parse(readFileSync(listFile, 'utf8')) as Partial<OutputList>;
    // A list of an older shape (without units) is not understood: the next build starts afresh.
    if (list.folder !== folderIdentity(out) || !list.astro || !list.units || !list.pages) return undefined;
    return list as OutputList;
  } catch {
    return undefined;
  }
}

/** Whether `out` holds the output a previous build assembled, which the next build can update. */
export function canUpdate(listFile: string, out: string): boolean {
  return readList(listFile, out) !== undefined;
}

/** Where the output files of each unit are listed: beside the list, a file per unit. */
const unitsDir = (listFile: string) => `${listFile.replace(/\.json$/, '')}.units`;
const unitListFile = (listFile: string, from: string) =>
  join(unitsDir(listFile), `${createHash('sha256').update(from).digest('hex').slice(0, 32)}.json`);

export function assemble(options: AssembleOptions): Assembled {
  const { next, out, placements, listFile, discard } = options;
  const previous = readList(listFile, out);
  const made = new KnownFolders();
  const result: Assembled = { mode: previous ? 'updated' : 'fresh', linked: 0, kept: 0, moved: 0, removed: 0 };
  const units: Record<string, number> = {};
  const place = (file: string, cached: string) => {
    linkInto(out, file, cached, made);
    result.linked++;
  };
  /** A unit new to the output: listed beside the list, and linked unless the build put it in `next`. */
  const addUnit = (unit: Unit, link: boolean): string[] => {
    const files = unit.files();
    writeFileSync(unitListFile(listFile, unit.from), JSON.stringify(files.map(([file]) => file)));
    units[unit.from] = files.length;
    if (link) for (const [file, cached] of files) place(file, cached);
    else result.kept += files.length;
    return files.map(([file]) => file);
  };
  let astro: string[];

  if (!previous) {
    if (existsSync(out)) {
      const old = `${out}.discarded-${Date.now()}-${process.pid}`;
      renameSync(out, old);
      discard(old);
    }
    renameSync(next, out);
    rmSync(unitsDir(listFile), { recursive: true, force: true });
    mkdirSync(unitsDir(listFile), { recursive: true });
    const fromCaches = new Set<string>();
    for (const unit of placements.units.values())
      for (const file of addUnit(unit, placements.deferred)) fromCaches.add(file);
    for (const [file, cached] of placements.pages) {
      fromCaches.add(file);
      if (placements.deferred) place(file, cached);
      else result.kept++;
    }
    astro = walk(out).filter((file) => !fromCaches.has(file));
    result.moved = astro.length;
  } else {
    astro = walk(next);
    const emptied = new Set<string>();
    const remove = (file: string) => {
      const stale = lstatSync(join(out, file), { throwIfNoEntry: false });
      // A path that became a folder of the new build stays.
      if (!stale || stale.isDirectory()) return;
      unlinkSync(join(out, file));
      emptied.add(dirname(file));
      result.removed++;
    };
    // What went first, then what came: a path that moved from one to the other ends up new.
    for (const from of Object.keys(previous.units))
      if (!placements.units.has(from)) {
        const listed = unitListFile(listFile, from);
        for (const file of JSON.parse(readFileSync(listed, 'utf8')) as string[]) remove(file);
        rmSync(listed);
      }
    for (const file of Object.keys(previous.pages)) {
      // One with another cached file is replaced below.
      if (!placements.pages.has(file)) remove(file);
    }
    const fromAstro = new Set(astro);
    for (const file of previous.astro) if (!fromAstro.has(file)) remove(file);

    for (const file of astro) {
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
    mkdirSync(unitsDir(listFile), { recursive: true });
    for (const unit of placements.units.values()) {
      const held = previous.units[unit.from];
      if (held === undefined) addUnit(unit, true);
      else {
        units[unit.from] = held;
        result.kept += held;
      }
    }
    for (const [file, cached] of placements.pages)
      if (previous.pages[file] === cached) result.kept++;
      else place(file, cached);
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
  mkdirSync(dirname(listFile), { recursive: true });
  const list: OutputList = {
    folder: folderIdentity(out),
    astro: astro.sort(),
    units,
    pages: Object.fromEntries(placements.pages),
  };
  writeFileSync(listFile, JSON.stringify(list));
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
