import { describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { importCycles, moduleClosure } from '../../helpers/imports.ts';
import { PROJECT } from '../../helpers/paths.ts';

describe("the project's modules", () => {
  it('import one another in no circle', () => {
    // In a circle, what a module holds at load depends on which member loads first, and a module
    // wanting one function of another loads the whole circle.
    const modules = fg.sync(['src/**/*.{ts,mts,js,mjs,astro}'], { cwd: PROJECT });
    expect(modules.length).toBeGreaterThan(100);
    expect(importCycles(modules)).toEqual([]);
  });

  it('leave a thread of the example checker only examples checking to load', () => {
    const loaded = [...moduleClosure('src/archive/example-checker.worker.ts')].filter((f) =>
      f.startsWith('src/archive/'),
    );
    expect(loaded.sort()).toEqual([
      'src/archive/example-checker.messages.ts',
      'src/archive/example-checker.worker.ts',
      'src/archive/example-visitors.ts',
      'src/archive/examples-check.ts',
      'src/archive/json.ts',
      'src/archive/jsonl.ts',
      'src/archive/keys.ts',
      'src/archive/problems.ts',
    ]);
  });
});
