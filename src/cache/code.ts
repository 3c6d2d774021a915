/**
 * Which code made a cache entry: a digest of the project's modules that an entry module runs, so
 * that a change to any of them makes the entries it made unreachable, and a change elsewhere (an
 * importer, the bench, a page the entry never renders) leaves them be. The modules are found by
 * following imports from the entry, as Vite and Node would:
 *
 * - `import … from './x.ts'`, `export … from './x.ts'` and `import './x.ts'`, indented or not (an
 *   .astro component imports in its frontmatter and in its <script> blocks), and `import('./x.ts')`;
 * - `new URL('./x.ts', import.meta.url)` and `projectFile(root, 'src/x.ts')`: a script the module
 *   starts as a process or a thread (the search indexer, the example checker, the page writer);
 * - Astro's virtual modules that stand for a project file (`astro:content` is src/content.config.ts).
 *
 * Packages are not followed: their versions are in package-lock.json, which an entry list names
 * when they matter. Files that are not code (a stylesheet, a JSON file) count by their bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, sep } from 'node:path';

/** Astro's virtual modules that are a file of the project. */
const VIRTUAL: Readonly<Record<string, string>> = {
  'astro:content': 'src/content.config.ts',
  'astro:config/server': 'astro.config.mjs',
  'astro:config/client': 'astro.config.mjs',
};

/** Files whose imports are followed; any other file counts by its bytes alone. */
const CODE = new Set(['.ts', '.mts', '.js', '.mjs', '.astro']);

/**
 * Code that counts by its bytes alone: Astro's configuration, which pages read for its settings
 * (astro:config); the build steps it names (the search index, the page families' writer, the
 * caches' sweep) run around the pages, not in them.
 */
const SETTINGS = new Set(['astro.config.mjs']);

/** What a module names another module with, relative to itself (or a virtual module). */
const RELATIVE_IMPORTS = [
  // import x from '…', import { a, b } from '…' (over several lines too), export * from '…'
  /^[ \t]*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  // import '…' (for its effects: a client script, a stylesheet)
  /^[ \t]*import\s*['"]([^'"]+)['"]/gm,
  // import('…')
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  // new URL('./worker.ts', import.meta.url): a script started as a process or a thread
  /\bnew URL\(\s*['"](\.{1,2}\/[^'"]+\.(?:ts|mts|js|mjs))['"]\s*,\s*import\.meta\.url\s*\)/g,
];

/** projectFile(root, 'src/…'): a thread's script, named from the project root (src/archive/root.ts). */
const PROJECT_FILES = /\bprojectFile\([^,()]+,\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * Comments that start a line (doc comments, `//` lines): an import they quote is not run. A comment
 * after code on the same line is read as code, which at worst counts one more file.
 */
const COMMENTS = /^[ \t]*\/\*[\s\S]*?\*\/|^[ \t]*\/\/.*$/gm;

const posix = (path: string) => path.split(sep).join('/');

/** The project file `spec` names from `from`, or undefined for a package. */
function resolveSpec(projectRoot: string, from: string, spec: string): string | undefined {
  const bare = spec.replace(/[?#].*$/, '');
  const virtual = VIRTUAL[bare];
  if (virtual !== undefined) return virtual;
  if (!bare.startsWith('./') && !bare.startsWith('../')) return undefined;
  const file = posix(relative(projectRoot, join(projectRoot, dirname(from), bare)));
  if (file.startsWith('../') || isAbsolute(file)) throw new Error(`${from} imports ${spec}, outside the project`);
  return file;
}

/** Each module of the closure with its bytes, in the order found. */
function walk(projectRoot: string, entries: readonly string[]): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const visit = (file: string, from: string | undefined) => {
    if (found.has(file)) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(projectRoot, file));
    } catch (error) {
      throw new Error(`${from ? `${from} imports ${file}, which` : file} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
    found.set(file, bytes);
    if (!CODE.has(extname(file)) || SETTINGS.has(file)) return;
    const text = bytes.toString('utf8').replace(COMMENTS, '');
    const next: string[] = [];
    for (const pattern of RELATIVE_IMPORTS)
      for (const [, spec] of text.matchAll(pattern)) {
        const target = spec === undefined ? undefined : resolveSpec(projectRoot, file, spec);
        if (target !== undefined) next.push(target);
      }
    for (const [, path] of text.matchAll(PROJECT_FILES)) if (path !== undefined) next.push(posix(path));
    for (const target of next) visit(target, file);
  };
  for (const entry of entries) visit(posix(entry), undefined);
  return found;
}

/**
 * The project files `entries` (paths from the project root) run: each entry and every project
 * module it imports, followed to the end; sorted.
 */
export function moduleClosure(projectRoot: string, entries: readonly string[]): string[] {
  return [...walk(projectRoot, entries).keys()].sort();
}

/**
 * A digest of the closure of `entries` (each file's path and bytes, in a fixed order) and of
 * `extra` text (settings, a package's version): the part of a cache key that says which code
 * made an entry.
 */
export function codeDigest(projectRoot: string, entries: readonly string[], extra = ''): string {
  const files = walk(projectRoot, entries);
  const hash = createHash('sha256').update(extra);
  for (const file of [...files.keys()].sort()) hash.update(`\0${file}\0`).update(files.get(file) ?? '');
  return hash.digest('hex');
}
