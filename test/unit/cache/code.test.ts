import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDigest, moduleClosure } from '../../../src/cache/code.ts';

/** A project of its own: files by path. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'benchscope-code-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const files = {
  'src/entry.ts': [
    "import { a } from './lib/a.ts';",
    'import {',
    '  b,',
    '  type B,',
    "} from './lib/b.ts';",
    "import fg from 'fast-glob';",
    "import { getCollection } from 'astro:content';",
    "import Page from './Page.astro';",
    '/** A comment that quotes an import is not one: */',
    "// import { gone } from './gone.ts';",
    "const worker = new URL('./worker.ts', import.meta.url);",
    "const thread = projectFile(root, 'src/thread.ts');",
    "export const later = () => import('./later.ts');",
  ].join('\n'),
  'src/lib/a.ts': "export * from './c.ts';\n",
  'src/lib/b.ts': 'export const b = 1;\n',
  'src/lib/c.ts': 'export const c = 1;\n',
  'src/Page.astro': [
    '---',
    "import Layout from './Layout.astro';",
    "import stylesheet from './style.css?url';",
    '---',
    '<Layout />',
    '<script>',
    "  import './client.ts';",
    '</script>',
  ].join('\n'),
  'src/Layout.astro': '<slot />\n',
  'src/style.css': 'p { margin: 0 }\n',
  'src/client.ts': 'export {};\n',
  'src/worker.ts': 'export {};\n',
  'src/thread.ts': 'export {};\n',
  'src/later.ts': 'export {};\n',
  'src/content.config.ts': 'export const collections = {};\n',
  'src/unrelated.ts': 'export const u = 1;\n',
};

describe('the code an entry runs', () => {
  it('follows every kind of import, .astro components and worker scripts included, and nothing else', () => {
    expect(moduleClosure(project(files), ['src/entry.ts'])).toEqual([
      'src/Layout.astro',
      'src/Page.astro',
      'src/client.ts',
      'src/content.config.ts',
      'src/entry.ts',
      'src/later.ts',
      'src/lib/a.ts',
      'src/lib/b.ts',
      'src/lib/c.ts',
      'src/style.css',
      'src/thread.ts',
      'src/worker.ts',
    ]);
  });

  it('has a digest that changes with any module it imports, however deep, and with the extra text', () => {
    const root = project(files);
    const first = codeDigest(root, ['src/entry.ts'], 'settings 1');
    writeFileSync(join(root, 'src/unrelated.ts'), 'export const u = 2;\n');
    expect(codeDigest(root, ['src/entry.ts'], 'settings 1')).toBe(first);
    expect(codeDigest(root, ['src/entry.ts'], 'settings 2')).not.toBe(first);
    writeFileSync(join(root, 'src/lib/c.ts'), 'export const c = 2;\n');
    const second = codeDigest(root, ['src/entry.ts'], 'settings 1');
    expect(second).not.toBe(first);
    writeFileSync(join(root, 'src/style.css'), 'p { margin: 1px }\n');
    expect(codeDigest(root, ['src/entry.ts'], 'settings 1')).not.toBe(second);
  });

  it('fails, naming the importer, when an import is not a file of the project', () => {
    const root = project({ ...files, 'src/lib/b.ts': "import './missing.ts';\n" });
    expect(() => moduleClosure(root, ['src/entry.ts'])).toThrow(/src\/lib\/b\.ts imports src\/lib\/missing\.ts/);
  });
});
