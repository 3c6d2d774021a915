import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { archiveUnits, readSearchArchive } from '../../../src/search/archive.ts';
import { planShards, unitKey } from '../../../src/search/plan.ts';
import { readSpilled, spillShards } from '../../../src/search/spill.ts';
import { fixture } from '../../helpers/paths.ts';

// Count the reads of run files: the point of spilling is to read each one once.
const reads: string[] = [];
vi.mock('../../../src/archive/examples.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/archive/examples.ts')>();
  return {
    ...original,
    readExamples: (root: string, file: string) => {
      reads.push(file);
      return original.readExamples(root, file);
    },
  };
});

describe('spillShards', () => {
  it('writes each example and each question once, into the shard of its unit, reading each run file once', async () => {
    const archive = await readSearchArchive(fixture('site-comparison'));
    const plan = planShards(archiveUnits(archive), 100);
    expect(plan.length).toBeGreaterThan(3);
    const spilled = await spillShards(
      archive,
      plan,
      plan.map((_, i) => i),
      mkdtempSync(join(tmpdir(), 'benchscope-spill-')),
    );
    expect(reads.sort()).toEqual(archive.runs.map((r) => r.examplesFile).sort());

    const seen: string[] = [];
    for (const [i, file] of spilled.entries()) {
      const units = new Set(plan[i]?.units.map((u) => `${u.kind}/${u.id}`));
      let items = 0;
      for await (const doc of readSpilled(file.file)) {
        const owner = /^\/runs\/([^/]+)\//.exec(doc.url)?.[1];
        const benchmark = /^\/benchmarks\/([^/]+)\//.exec(doc.url)?.[1];
        expect(units).toContain(owner ? `run/${owner}` : `questions/${benchmark ?? ''}`);
        for (const [, id] of doc.content.matchAll(/<h2 id="([^"]+)">/g))
          seen.push(`${owner ?? `? ${benchmark}`} ${id}`);
        items += doc.items;
      }
      expect(items).toBe(file.items);
    }
    const examples = archive.runs.reduce((n, r) => n + r.examples, 0);
    expect(seen.filter((s) => !s.startsWith('?'))).toHaveLength(examples);
    expect(new Set(seen).size).toBe(seen.length);
    // The questions of the benchmark: the 70 ids of its two versions, each once.
    expect(seen.filter((s) => s.startsWith('? forty '))).toHaveLength(70);
    expect(plan.flatMap((s) => s.units.map(unitKey)).filter((k) => k.startsWith('questions/'))).toEqual([
      'questions/forty/1-of-1',
    ]);
  });
});
