import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { readLines } from '../archive/jsonl.ts';

/** HTML-escape text, as any page of the site must. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The yardstick of `npm run bench`: a plain script that streams every run's examples and writes a
 * minimal page for each (title, prompt and raw output, escaped), with no framework, no validation
 * and nothing else. The build's times are reported as multiples of this one, measured in the same
 * invocation, so the ratios hold on any machine.
 */
export async function writeFloorPages(archiveRoot: string, outDir: string): Promise<{ pages: number; bytes: number }> {
  let pages = 0;
  let bytes = 0;
  const files = await fg('runs/*/examples.jsonl{,.gz}', { cwd: archiveRoot });
  for (const file of files.sort()) {
    const run = file.split('/')[1] ?? '';
    for await (const event of readLines(join(archiveRoot, file))) {
      if (event.kind !== 'line') continue;
      const example = JSON.parse(event.text) as { id: string; prompt: unknown; output: string };
      const prompt =
        typeof example.prompt === 'string'
          ? example.prompt
          : (example.prompt as { role: string; content: string }[]).map((m) => `${m.role}: ${m.content}`).join('\n\n');
      const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Example ${escape(example.id)} in run ${escape(run)}</title></head><body><h1>Example ${escape(example.id)}</h1><pre>${escape(prompt)}</pre><pre>${escape(example.output)}</pre></body></html>`;
      const dir = join(outDir, 'runs', run, 'examples', example.id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), html);
      pages++;
      bytes += html.length;
    }
  }
  return { pages, bytes };
}
