import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * What a build puts into its output from the caches rather than from Astro's folder, filled by the
 * page families (src/render/page-cache.ts) and the search step (src/integrations/search.ts), read
 * by assembling (src/pipeline/assemble.ts).
 *
 * Most of a site comes in units: a cached folder whose files all go into the output together (a
 * run's example pages, its lists, its downloads; a search shard). A cached folder is an entry of a
 * keyed store (src/cache/store.ts), so its path names its content: an output that held a unit
 * last time holds the same files now, and assembling neither lists nor checks them. That is what
 * keeps a build that adds one run from costing the whole archive. Single pages (a cross-endpoint
 * page, changed by any run that answered its question) are placed one by one.
 */
export interface Unit {
  /** The cached folder. */
  from: string;
  /** Its files, output path → cached file; listed only when the output does not hold the unit yet. */
  files(): [string, string][];
}

export class Placements {
  readonly units = new Map<string, Unit>();
  /** Output file → cached file. */
  readonly pages = new Map<string, string>();
  /**
   * Whether the files are linked into the output at assembly (a build that updates the previous
   * output in place). Otherwise the page families and the search step put them into Astro's
   * folder themselves, and these only name them.
   */
  readonly deferred: boolean;

  constructor(deferred: boolean) {
    this.deferred = deferred;
  }

  /** A cached set of pages (src/render/page-cache.ts): `<i>.html` for the i-th file its manifest.json lists. */
  addSet(from: string): void {
    this.units.set(from, {
      from,
      files: () =>
        (JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as string[]).map((file, i) => [
          file,
          join(from, `${i}.html`),
        ]),
    });
  }

  /** A cached folder placed whole at `at` in the output, but for the files `skip` names. */
  addFolder(from: string, at: string, skip: readonly string[] = []): void {
    this.units.set(from, {
      from,
      files: () =>
        filesBelow(from)
          .filter((file) => !skip.includes(file))
          .map((file) => [`${at}/${file}`, join(from, file)]),
    });
  }

  addPage(file: string, cached: string): void {
    this.pages.set(file, cached);
  }

  /** Every placement, output file → cached file (units listed). */
  *entries(): Generator<[string, string]> {
    for (const unit of this.units.values()) yield* unit.files();
    yield* this.pages;
  }
}

/** Files below a folder, as paths relative to it with forward slashes. */
export function filesBelow(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  visit(root);
  return out;
}
