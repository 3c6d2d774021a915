import { loadArchive } from '../../src/archive/load.ts';
import { manifestOf } from '../../src/archive/manifest.ts';
import { searchArchiveOf, type SearchArchive } from '../../src/search/archive.ts';

/** What the search step is given for the archive at `root`: validated, as a build validates it. */
export async function searchArchiveAt(root: string): Promise<SearchArchive> {
  const archive = await loadArchive(root);
  const manifest = manifestOf(archive);
  if (!manifest) throw new Error(`${root} does not validate: ${archive.problems[0]?.message ?? ''}`);
  return searchArchiveOf(manifest);
}
