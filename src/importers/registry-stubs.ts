import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { ImportedRun } from './model.ts';

export interface Stub {
  /** Path relative to the archive root. */
  file: string;
  text: string;
}

const frontmatter = (data: unknown, body: string) => `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body.trim()}\n`;

/**
 * Registry files a run needs and the archive lacks, as stubs for the contributor to complete: every
 * value that the tool did not record is marked as unknown, never guessed.
 */
export function registryStubs(root: string, run: Record<string, unknown>, imported: ImportedRun): Stub[] {
  const stubs: Stub[] = [];
  const benchmark = run['benchmark'] as { id: string; version: string };
  const endpoint = run['endpoint'] as { provider: string; family: string };
  const benchmarkFile = `content/benchmarks/${benchmark.id}.mdx`;
  if (!existsSync(join(root, benchmarkFile)) && !existsSync(join(root, `content/benchmarks/${benchmark.id}.md`))) {
    const scope = run['scope'] as { dataset_size?: number } | undefined;
    stubs.push({
      file: benchmarkFile,
      text: frontmatter(
        {
          name: imported.benchmark.name,
          summary: `Imported from ${imported.source}. Replace this with a sentence or two on what the benchmark measures.`,
          metric: imported.benchmark.metric,
          task: imported.benchmark.task,
          versions: [
            { id: benchmark.version, dataset_size: scope?.dataset_size ?? imported.benchmark.datasetSize ?? 0 },
          ],
          ...(imported.benchmark.subjects?.length ? { subjects: imported.benchmark.subjects } : {}),
        },
        `Registry entry created by \`npm run import\`. Describe what ${imported.benchmark.name} tests, how a verdict is reached, its size and its caveats.`,
      ),
    });
  }
  const providerFile = `content/providers/${endpoint.provider}.md`;
  if (!existsSync(join(root, providerFile)))
    stubs.push({
      file: providerFile,
      text: frontmatter({ name: endpoint.provider }, `Registry entry created by \`npm run import\`.`),
    });
  const familyFile = `content/models/${endpoint.family}.md`;
  if (!existsSync(join(root, familyFile)))
    stubs.push({
      file: familyFile,
      text: frontmatter(
        {
          name: endpoint.family,
          organisation: 'unknown',
          licence: 'unknown',
          openness: {
            weights: 'unknown',
            architecture: 'unknown',
            training_methodology: 'unknown',
            training_data: 'unknown',
            inference_code: 'unknown',
            documentation: 'unknown',
            licence: 'unknown',
          },
          level: 'opaque',
        },
        'Registry entry created by `npm run import`: fill in the organisation, the licence and the openness ratings.',
      ),
    });
  return stubs;
}

export async function writeStubs(root: string, stubs: readonly Stub[]): Promise<void> {
  for (const stub of stubs) {
    await mkdir(dirname(join(root, stub.file)), { recursive: true });
    await writeFile(join(root, stub.file), stub.text);
  }
}
