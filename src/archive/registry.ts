import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import fg from 'fast-glob';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type * as z from 'zod';
import { SLUG_PATTERN } from '../schema/common.ts';
import { Benchmark, Model, Provider } from '../schema/registry.ts';
import { symlinkProblem } from './discover.ts';
import { explainIssues, formatPath, type Problem } from './problems.ts';
import { knownKeys } from './keys.ts';

export interface RegistryEntry<T> {
  id: string;
  /** Path relative to the archive root. */
  file: string;
  data: T;
  /** The Markdown body, and the line of the file it starts on. */
  body: string;
  bodyLine: number;
}

export interface Registry {
  benchmarks: Map<string, RegistryEntry<Benchmark>>;
  models: Map<string, RegistryEntry<Model>>;
  providers: Map<string, RegistryEntry<Provider>>;
  /** Entries whose files exist but did not validate, as `kind/id`: runs citing them are not reported again. */
  invalid: Set<string>;
}

/** Where each kind of registry entry lives under the archive's content/ folder. */
export const REGISTRY_KINDS = {
  benchmarks: { folder: 'content/benchmarks', schema: Benchmark, noun: 'benchmark' },
  models: { folder: 'content/models', schema: Model, noun: 'model family' },
  providers: { folder: 'content/providers', schema: Provider, noun: 'provider' },
} as const;

export interface Frontmatter {
  yaml: string;
  /** Line of the file on which the YAML starts (the line after the opening `---`). */
  firstLine: number;
  body: string;
  /** Line of the file on which the body starts (the line after the closing `---`). */
  bodyLine: number;
}

/** Split a Markdown file into its YAML frontmatter and body; undefined when it has none. */
export function splitFrontmatter(source: string): Frontmatter | undefined {
  const text = source.replace(/^\uFEFF/, '');
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return undefined;
  const close = /^---[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(open[0].length);
  const end = close.exec(rest);
  if (!end) return undefined;
  const yaml = rest.slice(0, end.index);
  return {
    yaml,
    firstLine: 2,
    body: rest.slice(end.index + end[0].length),
    bodyLine: 3 + (yaml.match(/\n/g)?.length ?? 0),
  };
}

/** The line of the YAML node at `path`, or of its nearest ancestor that has one. */
export function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[], firstLine: number): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + firstLine - 1;
  }
  return firstLine;
}

async function readEntry<S extends z.ZodType>(
  root: string,
  file: string,
  schema: S,
  problems: Problem[],
): Promise<{ data: z.infer<S>; body: string; bodyLine: number } | undefined> {
  const source = await readFile(join(root, file), 'utf8');
  const front = splitFrontmatter(source);
  if (!front) {
    problems.push({ file, line: 1, message: 'expected YAML frontmatter between "---" lines at the top of the file' });
    return undefined;
  }
  const counter = new LineCounter();
  const doc = parseDocument(front.yaml, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = counter.linePos(error.pos[0]).line + front.firstLine - 1;
      problems.push({ file, line, message: `YAML: ${error.message.split('\n')[0] ?? error.message}` });
    }
    return undefined;
  }
  const data: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { data: result.data, body: front.body, bodyLine: front.bodyLine };
  for (const { path, message } of explainIssues(result.error.issues, { knownKeys: (p) => knownKeys(schema, p) }))
    problems.push({ file, line: lineOf(doc, counter, path, front.firstLine), path: formatPath(path), message });
  return undefined;
}

/** Read and validate the registry: the benchmarks, model families and providers runs refer to. */
export async function readRegistry(root: string): Promise<{ registry: Registry; problems: Problem[] }> {
  const problems: Problem[] = [];
  const registry: Registry = { benchmarks: new Map(), models: new Map(), providers: new Map(), invalid: new Set() };
  for (const [kind, { folder, schema }] of Object.entries(REGISTRY_KINDS) as [
    keyof typeof REGISTRY_KINDS,
    (typeof REGISTRY_KINDS)[keyof typeof REGISTRY_KINDS],
  ][]) {
    const entries = await fg(`${folder}/*.{md,mdx}`, {
      cwd: root,
      dot: false,
      // Links are listed, not followed: each is reported instead of read.
      onlyFiles: false,
      followSymbolicLinks: false,
      objectMode: true,
    });
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const seen = new Map<string, string>();
    for (const { path: file, dirent } of entries) {
      if (dirent.isSymbolicLink()) {
        problems.push(await symlinkProblem(root, file));
        registry.invalid.add(`${kind}/${basename(file, extname(file))}`);
        continue;
      }
      if (!dirent.isFile()) continue;
      const id = basename(file, extname(file));
      if (!SLUG_PATTERN.test(id)) {
        problems.push({
          file,
          message: `"${id}" is not a valid id: name the file with a lowercase slug (a-z, 0-9, ".", "_", "-")`,
        });
        continue;
      }
      const previous = seen.get(id);
      if (previous) {
        problems.push({ file, message: `"${id}" is also defined by ${previous}; keep one` });
        continue;
      }
      seen.set(id, file);
      const entry = await readEntry(root, file, schema as z.ZodType, problems);
      if (entry !== undefined) (registry[kind] as Map<string, RegistryEntry<unknown>>).set(id, { id, file, ...entry });
      else registry.invalid.add(`${kind}/${id}`);
    }
  }
  return { registry, problems };
}
