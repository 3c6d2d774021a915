import type { APIRoute } from 'astro';
import { atomFeed } from '../../lib/atom.ts';
import { formatPercent } from '../../lib/format.ts';
import { isolate } from '../../lib/verbatim.ts';
import { getRuns } from '../../page-data/data.ts';
import { endpointLabel, scopeLabel } from '../../page-data/labels.ts';
import { routes } from '../../page-data/urls.ts';

/** Runs in the order they joined the archive, newest first. */
export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://localhost/');
  const absolute = (path: string) => new URL(path, base).href;
  const runs = [...(await getRuns())].sort(
    (a, b) =>
      b.added.localeCompare(a.added) || b.run.finished_at.localeCompare(a.run.finished_at) || a.id.localeCompare(b.id),
  );
  const xml = atomFeed({
    id: absolute(routes.feed),
    title: 'Benchscope: runs added to the archive',
    self: absolute(routes.feed),
    home: absolute(routes.runs),
    updated: runs[0]?.added ?? '1970-01-01T00:00:00.000Z',
    entries: runs.map((r) => ({
      id: absolute(routes.run(r.id)),
      // Feed readers show the title alone: a partial run's score says so there.
      title: `${endpointLabel(r.run)} on ${r.run.benchmark.id} ${isolate(r.run.benchmark.version)}: ${r.scored ? `${formatPercent(r.scored.stats.score)}${r.scored.run.scope.kind === 'partial' ? ` (${scopeLabel(r.scored.run.scope)})` : ''}` : r.run.state}`,
      link: absolute(routes.run(r.id)),
      updated: r.added,
      summary: `Run ${r.id}, ${r.run.state}, ${r.run.prompt.mode} prompt${r.run.scope?.kind === 'partial' ? `, ${scopeLabel(r.run.scope)}` : ''}${r.run.synthetic ? ', synthetic data' : ''}.`,
    })),
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
