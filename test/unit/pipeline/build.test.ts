import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { replaceOnSuccess } from '../../../src/pipeline/build.ts';
import { OUT } from '../../helpers/paths.ts';

const root = join(OUT, 'replace-on-success');
const out = join(root, 'dist');
const list = join(root, 'list.json');

beforeEach(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.html'), 'previous build');
});

/** What is beside the output once the folders on their way out are gone (they go in the background). */
async function besideOutput(): Promise<string[]> {
  for (let i = 0; i < 100 && readdirSync(root).some((n) => n.includes('.discarded-')); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return readdirSync(root).filter((n) => !n.startsWith('list.'));
}

describe('replaceOnSuccess', () => {
  it('replaces the output with what was written, once written in full', async () => {
    await replaceOnSuccess(
      out,
      async (into) => {
        expect(into).toBe(`${out}.next`);
        // The previous build stays in place while the next one is written.
        expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('previous build');
        mkdirSync(into);
        writeFileSync(join(into, 'index.html'), 'new build');
        await Promise.resolve();
        return undefined;
      },
      list,
    );
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('new build');
    expect(await besideOutput()).toEqual(['dist']);
  });

  it('leaves the output untouched, and nothing beside it, when writing fails half-way', async () => {
    await expect(
      replaceOnSuccess(
        out,
        async (into) => {
          mkdirSync(into);
          writeFileSync(join(into, 'index.html'), 'half a build');
          await Promise.resolve();
          throw new Error('indexing failed');
        },
        list,
      ),
    ).rejects.toThrow('indexing failed');
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('previous build');
    expect(await besideOutput()).toEqual(['dist']);
  });

  it('builds an output that did not exist, clearing what a killed build left', async () => {
    rmSync(out, { recursive: true });
    mkdirSync(`${out}.next`);
    writeFileSync(join(`${out}.next`, 'stale.html'), 'left by a killed build');
    await replaceOnSuccess(
      out,
      async (into) => {
        expect(existsSync(into)).toBe(false);
        mkdirSync(into);
        writeFileSync(join(into, 'index.html'), 'new build');
        await Promise.resolve();
        return undefined;
      },
      list,
    );
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(await besideOutput()).toEqual(['dist']);
  });
});
