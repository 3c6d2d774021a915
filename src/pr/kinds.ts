/**
 * What kind of change a pull request is, from the files it changes: what a reviewer must read
 * before merging it (CONTRIBUTING.md, "Reviewing a pull request"). Registry bodies are MDX, and
 * MDX is code: an import, an export or an expression runs at build time, and raw HTML or a script
 * lands in every reader's page. Only text and the project's own components are data.
 */

/** The kinds, from the one a reviewer must read most carefully. */
export const CHANGE_KINDS = ['code', 'registry-code', 'registry-text', 'runs'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const KIND_TITLES: Record<ChangeKind, string> = {
  code: 'site code, workflows or dependencies',
  'registry-code': 'registry MDX with code (imports, exports, expressions, raw HTML or scripts)',
  'registry-text': 'registry text',
  runs: 'runs',
};

/** What a reviewer must read, by kind (the same words as CONTRIBUTING.md). */
export const KIND_REVIEW: Record<ChangeKind, string> = {
  code: 'every changed line, as code that runs in CI and at build time; a maintainer must approve it',
  'registry-code': 'each annotated line of MDX, as code: what it imports, computes or puts in the page',
  'registry-text': 'the changed text, as it will read on the site',
  runs: 'the table of runs in the summary and, for a new endpoint, a few example pages',
};

/** Something in a registry file beyond text and the project's own components. */
export interface MdxCode {
  line: number;
  what: string;
}

const FENCE = /^\s*(`{3,}|~{3,})/;
const TAG = /<(\/?)([A-Za-z][\w.-]*)(?=[\s/>]|$)/g;

/**
 * The lines of a registry file (Markdown, or MDX when `mdx`) that go beyond text and the project's
 * own components (`components`, by name): ESM imports and exports, expressions (MDX comments
 * aside), raw HTML elements, scripts, and components the project does not provide. Fenced code is
 * text; so is inline code. The frontmatter is data, checked by the schema.
 */
export function mdxCode(text: string, mdx: boolean, components: ReadonlySet<string>): MdxCode[] {
  const found: MdxCode[] = [];
  const lines = text.split(/\r?\n/);
  let i = 0;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) i = end + 1;
  }
  let fence: string | undefined;
  for (; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    const opener = FENCE.exec(raw)?.[1];
    if (fence !== undefined) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    if (mdx && /^\s*(import|export)\b/.test(raw)) {
      found.push({ line, what: `an ${/^\s*import/.test(raw) ? 'import' : 'export'} (runs at build time)` });
      continue;
    }
    const prose = raw.replace(/(`+)[\s\S]*?\1/g, '');
    if (mdx && /\{(?!\s*\/\*[\s\S]*?\*\/\s*\})/.test(prose))
      found.push({ line, what: 'an expression (runs at build time)' });
    for (const [, closing, name = ''] of prose.matchAll(TAG)) {
      if (closing) continue;
      if (name.toLowerCase() === 'script') found.push({ line, what: 'a <script> (runs in every reader’s browser)' });
      else if (/^[a-z]/.test(name)) found.push({ line, what: `raw HTML <${name}>` });
      else if (!components.has(name)) found.push({ line, what: `<${name}>, not one of the project’s components` });
    }
  }
  return found;
}

/** The kind of one changed file; `code` holds what its MDX does beyond text, for a registry file. */
export function fileKind(path: string, code: readonly MdxCode[]): ChangeKind {
  if (path.startsWith('runs/')) return 'runs';
  if (/^content\/.+\.mdx?$/.test(path)) return code.length > 0 ? 'registry-code' : 'registry-text';
  return 'code';
}

/** The kinds a pull request's files make, the most demanding first. */
export function changeKinds(kinds: Iterable<ChangeKind>): ChangeKind[] {
  const set = new Set(kinds);
  return CHANGE_KINDS.filter((k) => set.has(k));
}

/** The sentence the job summary opens with. */
export function kindSentence(kinds: readonly ChangeKind[]): string {
  if (kinds.length === 0) return '**Kind of change: nothing in the archive.**';
  if (kinds.length === 1 && kinds[0] === 'runs') return '**Kind of change: runs only.**';
  return `**Kind of change: ${kinds.map((k) => KIND_TITLES[k]).join('; ')}.**`;
}

/** The names of the components MDX pages may use, read from the project's map of them. */
export function projectComponents(indexSource: string): Set<string> {
  const map = /mdxComponents\s*=\s*\{([^}]*)\}/.exec(indexSource)?.[1] ?? '';
  return new Set(
    map
      .split(',')
      .map((entry) => entry.split(':')[0]?.trim() ?? '')
      .filter((name) => /^[A-Z]\w*$/.test(name)),
  );
}
