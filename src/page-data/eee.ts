import { readExamples } from '../archive/examples.ts';
import { eeeUuid, type ExportContext } from '../eee/export.ts';
import type { Example } from '../schema/example.ts';
import { getModels, getProviders, type ScoredView } from './data.ts';
import { routes } from './urls.ts';

/** What the registry and the site add to a run's Every Eval Ever record. */
export async function eeeContext(view: ScoredView, site: URL | undefined): Promise<ExportContext> {
  const family = (await getModels()).find((m) => m.id === view.run.endpoint.family)?.data;
  const provider = (await getProviders()).find((p) => p.id === view.run.endpoint.provider)?.data;
  return {
    added: view.added,
    ...(site ? { url: new URL(routes.run(view.id), site).href } : {}),
    ...(provider ? { providerName: provider.name } : {}),
    // A registry stub says "unknown" until a contributor fills it in: that is not a developer's name.
    ...(family && family.organisation !== 'unknown' ? { organisation: family.organisation } : {}),
    ...(family ? { weights: family.openness.weights } : {}),
  };
}

/** A run's examples in file order, streamed: runs reach gigabytes. */
export async function* examplesOf(view: ScoredView): AsyncGenerator<Example> {
  for await (const { example } of readExamples(view.root, view.scored.examplesFile)) yield example;
}

/** The two download links of the run page, with the file names EEE's datastore gives the files. */
export function eeeDownloads(view: ScoredView) {
  const uuid = eeeUuid(view.id);
  return {
    aggregate: { href: routes.runEee(view.id), file: `${uuid}.json` },
    samples: { href: routes.runEeeSamples(view.id), file: `${uuid}_samples.jsonl.gz` },
  };
}
