import { pageCount, PAGE_SIZE, type ListKind } from '../lib/routes.ts';
import type { ExampleSummary } from '../lib/run-index.ts';
import { getExampleSummaries, getSubjectSlugs, type ScoredView } from './data.ts';
import { routes } from './urls.ts';

/** One page of one of a run's example lists. */
export interface ListPage {
  kind: ListKind;
  subject?: { name: string; slug: string } | undefined;
  page: number;
  pages: number;
  total: number;
  items: ExampleSummary[];
}

const keep: Record<ListKind, (e: ExampleSummary) => boolean> = {
  all: () => true,
  incorrect: (e) => !e.correct,
  'no-answer': (e) => e.unextracted,
  errors: (e) => e.error,
};

/** The lists a run has: no list of unanswered examples where the benchmark's scoring reads no answer (code). */
export const listKinds = (view: ScoredView): ListKind[] =>
  view.scored.noAnswer === null ? ['all', 'incorrect', 'errors'] : ['all', 'incorrect', 'no-answer', 'errors'];

const computed = new WeakMap<ScoredView, Promise<ListPage[]>>();

/**
 * Every page of every list of a run: all examples, the incorrect (also by subject), those with no
 * answer extracted (where the benchmark's scoring extracts one) and the errored.
 * Computed once per run and build: each of a run's list pages asks for them.
 */
export function listPages(view: ScoredView): Promise<ListPage[]> {
  let pages = computed.get(view);
  if (!pages) computed.set(view, (pages = computeListPages(view)));
  return pages;
}

async function computeListPages(view: ScoredView): Promise<ListPage[]> {
  const summaries = await getExampleSummaries(view);
  const slugs = await getSubjectSlugs(view.run.benchmark.id);
  const lists: { kind: ListKind; subject?: { name: string; slug: string }; items: ExampleSummary[] }[] = [];
  for (const kind of listKinds(view)) lists.push({ kind, items: summaries.filter(keep[kind]) });
  for (const { subject } of view.scored.stats.subjects) {
    const slug = slugs.get(subject);
    if (slug)
      lists.push({
        kind: 'incorrect',
        subject: { name: subject, slug },
        items: summaries.filter((e) => !e.correct && e.subject === subject),
      });
  }
  return lists.flatMap(({ kind, subject, items }) => {
    const pages = pageCount(items.length);
    return Array.from({ length: pages }, (_, i) => ({
      kind,
      subject,
      page: i + 1,
      pages,
      total: items.length,
      items: items.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE),
    }));
  });
}

/** The part of a filtered list's URL after `runs/<id>/<kind>/`: subject and page, or nothing. */
export function listRest(list: ListPage): string | undefined {
  const parts = [list.subject?.slug, list.page > 1 ? `page/${list.page}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join('/') : undefined;
}

/** The URL of one page of a run's list. */
export const listPath = (view: ScoredView, list: ListPage): string =>
  routes.list(view.id, list.kind, list.page, list.subject?.slug);
