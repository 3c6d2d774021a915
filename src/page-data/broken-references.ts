/**
 * Errors for live references in MDX (a run id, an example id) that do not resolve: they stop the
 * build and name the file to fix, rather than publish a page with a hole in it.
 */
export function sourceOf(pathname: string, base = import.meta.env.BASE_URL): string {
  const path = pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
  const benchmark = /^\/learn\/benchmarks\/([^/]+)\/$/.exec(path);
  if (benchmark) return `content/benchmarks/${benchmark[1] ?? ''}.mdx (in the archive)`;
  const learn = /^\/learn\/([^/]+)\/$/.exec(path);
  if (learn) return `content/learn/${learn[1] ?? ''}.mdx`;
  return `the page ${pathname}`;
}

export function brokenReference(pathname: string, tag: string, problem: string): Error {
  return new Error(
    `Broken reference in ${sourceOf(pathname)}: ${tag}: ${problem}. Fix the reference in the MDX, or add what it names to the archive.`,
  );
}
