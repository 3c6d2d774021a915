/**
 * <search-page>: the site search, on top of Pagefind's JavaScript API. The page works without it
 * (it then says that search needs JavaScript and links to the browsable lists). Results are shown as
 * text: excerpts are built from the indexed plain text as text nodes, so nothing from an indexed
 * page is ever parsed as HTML.
 *
 * The index is in parts, which sharded-search.ts finds and merges as queries need them. An archive
 * result is a record of up to 64 examples (RECORD_ITEMS); each matching example in it is shown as a
 * result of its own (search-results.ts).
 */
import { createRoutes } from '../lib/routes.ts';
import { excerptParts, hitsOf, searchQuery, type Hit } from './search-results.ts';
import { ShardedSearch, type ShardedResponse } from './sharded-search.ts';

/** An excerpt as DOM nodes: text nodes, and <mark> elements around the matches. */
export function excerptNodes(content: string, locations: readonly number[], range?: readonly [number, number]): Node[] {
  return excerptParts(content, locations, range).map((part) => {
    if (!part.mark) return document.createTextNode(part.text);
    const mark = document.createElement('mark');
    mark.textContent = part.text;
    return mark;
  });
}

const PAGE = 10;

/** How long typing pauses before a search starts. */
const DEBOUNCE_MS = 250;

class SearchPage extends HTMLElement {
  private search: ShardedSearch | undefined;
  private routes = createRoutes('/');
  private input: HTMLInputElement | undefined;
  private selects = new Map<string, HTMLSelectElement>();
  /** Page type labels, as the type filter shows them. */
  private typeLabels = new Map<string, string>();
  private status: HTMLElement | undefined;
  private list: HTMLOListElement | undefined;
  private more: HTMLButtonElement | undefined;
  private current:
    | { query: string; filters: Record<string, string>; search: ShardedResponse; next: number; waiting: Hit[] }
    | undefined;
  private generation = 0;

  async connectedCallback(): Promise<void> {
    const base = this.dataset['base'] ?? '/';
    this.routes = createRoutes(base);
    this.querySelector('.needs-js')?.remove();
    this.input = this.querySelector<HTMLInputElement>('input[name="q"]') ?? undefined;
    this.status = this.querySelector<HTMLElement>('[role="status"]') ?? undefined;
    this.list = this.querySelector<HTMLOListElement>('ol.results') ?? undefined;
    this.more = this.querySelector<HTMLButtonElement>('button.more') ?? undefined;
    const form = this.querySelector('form');
    form?.removeAttribute('hidden');
    form?.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });
    this.more?.addEventListener('click', () => void this.showMore());
    try {
      this.search = await ShardedSearch.open(`${base}pagefind/`, base);
    } catch {
      // No index: the dev server, or a build that did not finish. Say so rather than fail silently.
      if (this.status) this.status.textContent = 'Search is not available: the index is made by npm run build.';
      return;
    }
    const params = new URLSearchParams(location.search);
    // The options are in the page already, rendered from the archive at build time.
    for (const select of this.querySelectorAll<HTMLSelectElement>('select[data-filter]')) {
      const key = select.dataset['filter'] ?? '';
      select.value = params.get(key) ?? '';
      select.closest('label')?.toggleAttribute('hidden', select.options.length <= 1);
      select.addEventListener('change', () => void this.run());
      this.selects.set(key, select);
      if (key === 'type') for (const option of select.options) this.typeLabels.set(option.value, option.text);
    }
    if (this.input) {
      this.input.value = params.get('q') ?? '';
      this.input.addEventListener('input', () => void this.run(true));
    }
    if ((this.input?.value ?? '') !== '' || [...this.selects.values()].some((s) => s.value)) await this.run();
  }

  private filters(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, select] of this.selects) if (select.value) out[key] = select.value;
    return out;
  }

  private async run(debounce = false): Promise<void> {
    const search = this.search;
    if (!search || !this.list || !this.status) return;
    const query = this.input?.value.trim() ?? '';
    const filters = this.filters();
    const url = new URL(location.href);
    url.search = new URLSearchParams({ ...(query ? { q: query } : {}), ...filters }).toString();
    history.replaceState(null, '', url);
    const generation = ++this.generation;
    if (!query && Object.keys(filters).length === 0) {
      this.list.replaceChildren();
      this.status.textContent = '';
      if (this.more) this.more.hidden = true;
      return;
    }
    const asked = searchQuery(query, search.common);
    if (debounce) await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS));
    if (generation !== this.generation) return; // typing went on
    const found = await search.search(asked.query, filters);
    if (generation !== this.generation) return; // a newer search replaced this one
    this.current = { query: asked.query, filters, search: found, next: 0, waiting: [] };
    this.list.replaceChildren();
    // Pagefind counts records: a page, or a group of examples whose matching examples are listed one by one.
    const n = found.results.length;
    // Of a common word, only the shards holding its best matches are loaded at first.
    const count = found.rest.length > 0 ? `More than ${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
    const left =
      asked.dropped.length > 0
        ? ` Common words left out: ${asked.dropped.join(', ')} (put the query in quotes to keep every word).`
        : '';
    this.status.textContent =
      n === 0
        ? `No results.${left}`
        : `${count} ${n === 1 ? 'page or group of examples matches' : 'pages or groups of examples match'}.${left}`;
    await this.showMore();
  }

  /**
   * Show the next results. Records are opened a few at a time, and only as many as the next
   * results need: each is a download, and one record may give many results. Beyond the records
   * whose order is final (`exact`), the shards not loaded yet are searched first.
   */
  private async showMore(): Promise<void> {
    const current = this.current;
    if (!current || !this.list || !this.search) return;
    const generation = this.generation;
    let batch = 1;
    while (current.waiting.length < PAGE) {
      if (current.next >= current.search.exact) {
        if (current.search.rest.length === 0) break;
        const all = await this.search.searchRest(current.query, current.filters);
        if (generation !== this.generation) return;
        current.search = all;
        continue;
      }
      const records = current.search.results.slice(current.next, Math.min(current.next + batch, current.search.exact));
      current.next += records.length;
      const fragments = await Promise.all(records.map((r) => r.data()));
      if (generation !== this.generation) return;
      for (const fragment of fragments) current.waiting.push(...hitsOf(fragment, this.routes));
      batch = Math.min(batch * 2, PAGE);
    }
    for (const hit of current.waiting.splice(0, PAGE)) this.list.append(this.render(hit));
    if (this.more)
      this.more.hidden =
        current.waiting.length === 0 &&
        current.next >= current.search.results.length &&
        current.search.rest.length === 0;
  }

  private render(hit: Hit): HTMLLIElement {
    const li = document.createElement('li');
    const heading = document.createElement('p');
    heading.className = 'result-title';
    const link = document.createElement('a');
    link.href = hit.href;
    link.textContent = hit.title;
    heading.append(link);
    if (hit.type) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = this.typeLabels.get(hit.type) ?? hit.type;
      heading.append(' ', badge);
    }
    const excerpt = document.createElement('p');
    excerpt.className = 'excerpt untrusted';
    excerpt.append(...excerptNodes(hit.content, hit.locations, hit.range));
    li.append(heading, excerpt);
    return li;
  }
}

customElements.define('search-page', SearchPage);
