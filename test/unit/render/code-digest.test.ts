import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDigest, RENDER_CODE } from '../../../src/render/code-digest.ts';
import { moduleClosure } from '../../helpers/imports.ts';
import { PROJECT } from '../../helpers/paths.ts';

describe("the cached pages' code digest", () => {
  it('covers every module that renders them, their stylesheet, Astro settings and the packages', () => {
    const seen = new Set(RENDER_CODE.flatMap((entry) => [...moduleClosure(entry)]));
    for (const file of [
      // The page components, their layout and its stylesheet (linked by its hash: global.css?url).
      'src/components/examples/ExamplePage.astro',
      'src/components/examples/ExampleList.astro',
      'src/components/examples/CrossExamplePage.astro',
      'src/components/text/Untrusted.astro',
      'src/layouts/Base.astro',
      'src/styles/global.css',
      // What they show, how the downloads are written, and the thread that writes them all.
      'src/page-data/data.ts',
      'src/page-data/downloads.ts',
      'src/render/batch.ts',
      'src/render/PageBatch.astro',
      'src/render/page-writer.worker.ts',
      // Astro's settings (astro:config/server), the content store's (astro:content), the packages.
      'astro.config.mjs',
      'src/content.config.ts',
      'src/archive/loader.ts',
      'package-lock.json',
    ])
      expect(seen).toContain(file);
    // Code the pages never run leaves them cached.
    for (const file of ['src/pages/index.astro', 'src/importers/lm-eval.ts', 'src/search/indexer.ts'])
      expect(seen).not.toContain(file);
  });

  it('changes with a component the pages import, and with the settings, not with another page', () => {
    const root = mkdtempSync(join(tmpdir(), 'benchscope-render-code-'));
    for (const path of ['src', 'astro.config.mjs', 'package-lock.json'])
      cpSync(join(PROJECT, path), join(root, path), { recursive: true });
    const settings = { site: 'https://example.org', base: '/' };
    const first = codeDigest(root, settings);
    appendFileSync(join(root, 'src/pages/index.astro'), '\n');
    expect(codeDigest(root, settings)).toBe(first);
    expect(codeDigest(root, { ...settings, base: '/sub/' })).not.toBe(first);
    appendFileSync(join(root, 'src/components/examples/TextBlock.astro'), '\n');
    expect(codeDigest(root, settings)).not.toBe(first);
  });
});
