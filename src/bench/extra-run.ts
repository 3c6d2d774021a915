import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import { readExamples } from '../archive/examples.ts';
import { RunTally } from '../lib/stats.ts';

/**
 * What the added run's first output ends with: markup a model might write, around a word found
 * nowhere else, which the bench then searches for (src/bench/search-quality.ts).
 */
export const HOSTILE = {
  word: 'quokkaplinth',
  text: '<img src=x onerror=alert(1)> quokkaplinth </p><script>alert(2)</script>',
};

/**
 * What a pull request typically adds: one more run of `wanted` examples (fewer if the archive's
 * largest full run is smaller). It is made from that run's first examples, as a new endpoint's
 * subset by design, with its declared figures recomputed, so the archive stays valid; its first
 * output gains HOSTILE's text. Returns the new run's id, its number of examples and the id of the
 * example holding HOSTILE.
 */
export async function addRun(
  archiveRoot: string,
  wanted: number,
  id = 'bench-added-run',
): Promise<{ id: string; examples: number; hostile: string }> {
  const runFiles = await fg('runs/*/run.json', { cwd: archiveRoot });
  let source: { dir: string; run: Record<string, unknown>; size: number } | undefined;
  for (const file of runFiles.sort()) {
    const run = JSON.parse(await readFile(join(archiveRoot, file), 'utf8')) as Record<string, unknown>;
    const scope = run['scope'] as { kind: string; sample_size: number } | undefined;
    if (run['state'] !== 'completed' || scope?.kind !== 'full') continue;
    if (!source || scope.sample_size > source.size)
      source = { dir: file.replace(/\/run\.json$/, ''), run, size: scope.sample_size };
  }
  if (!source) throw new Error('no completed full run to derive a run from');
  // A subset: at most all but one example of the source (a run of every example would be full).
  const count = Math.min(wanted, source.size - 1);
  const [examplesFile] = await fg(`${source.dir}/examples.jsonl{,.gz}`, { cwd: archiveRoot });
  if (!examplesFile) throw new Error(`${source.dir} has no examples file`);
  const lines: string[] = [];
  const tally = new RunTally();
  let hostile = '';
  for await (const { example } of readExamples(archiveRoot, examplesFile)) {
    if (lines.length === count) break;
    if (lines.length === 0) {
      example.output = `${example.output}\n${HOSTILE.text}`;
      hostile = example.id;
    }
    lines.push(JSON.stringify(example));
    tally.add(example);
  }
  const stats = tally.result();
  const scope = source.run['scope'] as { dataset_size: number };
  const score = source.run['score'] as { metric: string };
  const run = {
    ...source.run,
    id,
    scope: { kind: 'partial', sample_size: count, dataset_size: scope.dataset_size, partial_reason: 'by-design' },
    score: { metric: score.metric, value: stats.score },
    ...(stats.latency ? { latency_ms: stats.latency } : {}),
  };
  if (!stats.latency) delete (run as Record<string, unknown>)['latency_ms'];
  const dir = join(archiveRoot, 'runs', id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(join(dir, 'examples.jsonl'), `${lines.join('\n')}\n`);
  return { id, examples: count, hostile };
}
