import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKind, mdxCode, projectComponents } from '../../../src/pr/kinds.ts';
import { PROJECT } from '../../helpers/paths.ts';

const components = projectComponents(readFileSync(join(PROJECT, 'src', 'components', 'mdx', 'index.ts'), 'utf8'));

describe('what a registry file does beyond text', () => {
  it('knows the project’s own MDX components', () => {
    expect([...components].sort()).toEqual([
      'ExampleCard',
      'Figure',
      'OpennessOverview',
      'RunScore',
      'SpreadExample',
      'WorkedComparison',
    ]);
  });

  it('finds nothing in text, fenced or inline code, MDX comments, autolinks and the project’s components', () => {
    const text = [
      '---',
      'name: "<script>in frontmatter, which the schema checks</script>"',
      '---',
      '',
      'Prose with `{inline}` and `<b>code</b>`, a <https://example.org/> autolink and {/* a comment */}.',
      '<Figure of="runs" />',
      '```mdx',
      'import x from "y";',
      '<script>alert(1)</script>',
      '```',
      'Five < six, and a -> b.',
    ].join('\n');
    expect(mdxCode(text, true, components)).toEqual([]);
  });

  it('finds imports, exports, expressions, raw HTML, scripts and other components, by line', () => {
    const text = [
      'import fs from "node:fs";',
      'export const x = 1;',
      'A {fs.readFileSync("/etc/passwd")} here.',
      '<SCRIPT src="x.js"></SCRIPT>',
      '<iframe src="https://evil.example/"></iframe>',
      '<Evil />',
    ].join('\n');
    expect(mdxCode(text, true, components)).toEqual([
      { line: 1, what: 'an import (runs at build time)' },
      { line: 2, what: 'an export (runs at build time)' },
      { line: 3, what: 'an expression (runs at build time)' },
      { line: 4, what: 'a <script> (runs in every reader’s browser)' },
      { line: 5, what: 'raw HTML <iframe>' },
      { line: 6, what: '<Evil>, not one of the project’s components' },
    ]);
    // Markdown has no imports or expressions, but passes raw HTML through.
    expect(mdxCode(text, false, components).map((c) => c.line)).toEqual([4, 5, 6]);
  });

  it('sorts files into kinds', () => {
    expect(fileKind('runs/x/run.json', [])).toBe('runs');
    expect(fileKind('content/models/a.md', [])).toBe('registry-text');
    expect(fileKind('content/benchmarks/a.mdx', [{ line: 1, what: 'x' }])).toBe('registry-code');
    expect(fileKind('package-lock.json', [])).toBe('code');
    expect(fileKind('.github/workflows/validate.yml', [])).toBe('code');
  });
});
