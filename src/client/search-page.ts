/**
 * <search-page>: the site search, on top of Pagefind's JavaScript API. The page works without it
 * (it then says that search needs JavaScript and links to the browsable lists). Results are shown as
 * text: excerpts are built from the indexed plain text as text nodes, so nothing from an indexed
 * page is ever parsed as HTML.
 */

interface PagefindResult {
  url: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
  /** The page's indexed text, as plain text. */
  content: string;
  /** Positions, in words of `content`, of the matched words. */
  locations: number[];
}
interface PagefindSearch {
  results: { id: string; data: () => Promise<PagefindResult> }[];
  filters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(query: string | null, options?: { filters?: Record<string, string> }): Promise<PagefindSearch | null>;
  debouncedSearch(
    query: string | null,
    options?: { filters?: Record<string, string> },
    ms?: number,
  ): Promise<PagefindSearch | null>;
}

const EXCERPT_WORDS = 30;

/**
 * An excerpt as DOM nodes, built from the page's plain text and the positions of the matched words:
 * text nodes, and <mark> elements around the matches. Pagefind's own excerpt is an HTML string
 * whose escaping is partial, so it is not used; nothing here is parsed as HTML.
 */
export function excerptNodes(content: string, locations: readonly number[]): Node[] {
  const words = content.split(/[\r\n\s]+/g);
  const hits = new Set(locations);
  const first = Math.min(...locations, words.length);
  const start = Math.max(0, Math.min(first - 8, words.length - EXCERPT_WORDS));
  const nodes: Node[] = [];
  if (start > 0) nodes.push(document.createTextNode('… '));
  words.slice(start, start + EXCERPT_WORDS).forEach((word, i) => {
    if (i > 0) nodes.push(document.createTextNode(' '));
    if (hits.has(start + i)) {
      const mark = document.createElement('mark');
      mark.textContent = word;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(word));
  });
  if (start + EXCERPT_WORDS < words.length) nodes.push(document.createTextNode(' …'));
  return nodes;
}

const PAGE = 10;
const TYPE_LABEL: Record<string, string> = {
  example: 'Example',
  run: 'Run',
  benchmark: 'Benchmark',
  model: 'Model family',
  provider: 'Provider',
  explainer: 'Explainer',
};

class SearchPage extends HTMLElement {
  private pagefind: Pagefind | undefined;
  private input: HTMLInputElement | undefined;
  private selects = new Map<string, HTMLSelectElement>();
  private status: HTMLElement | undefined;
  private list: HTMLOListElement | undefined;
  private more: HTMLButtonElement | undefined;
  private shown = 0;
  private current: PagefindSearch | undefined;
  private generation = 0;

  async connectedCallback(): Promise<void> {
    const base = this.dataset['base'] ?? '/';
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
    const pagefind = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
    await pagefind.options({ baseUrl: base });
    this.pagefind = pagefind;
    const params = new URLSearchParams(location.search);
    // The options are in the page already, rendered from the archive at build time.
    for (const select of this.querySelectorAll<HTMLSelectElement>('select[data-filter]')) {
      const key = select.dataset['filter'] ?? '';
      select.value = params.get(key) ?? '';
      select.closest('label')?.toggleAttribute('hidden', select.options.length <= 1);
      select.addEventListener('change', () => void this.run());
      this.selects.set(key, select);
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
    const pagefind = this.pagefind;
    if (!pagefind || !this.list || !this.status) return;
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
    const search = debounce
      ? await pagefind.debouncedSearch(query || null, { filters }, 250)
      : await pagefind.search(query || null, { filters });
    if (!search || generation !== this.generation) return; // a newer search replaced this one
    this.current = search;
    this.shown = 0;
    this.list.replaceChildren();
    const n = search.results.length;
    this.status.textContent = n === 0 ? 'No results.' : `${n.toLocaleString('en-US')} result${n === 1 ? '' : 's'}.`;
    await this.showMore();
  }

  private async showMore(): Promise<void> {
    const search = this.current;
    if (!search || !this.list) return;
    const generation = this.generation;
    const batch = await Promise.all(search.results.slice(this.shown, this.shown + PAGE).map((r) => r.data()));
    if (generation !== this.generation) return;
    for (const result of batch) this.list.append(this.render(result));
    this.shown += batch.length;
    if (this.more) this.more.hidden = this.shown >= search.results.length;
  }

  private render(result: PagefindResult): HTMLLIElement {
    const li = document.createElement('li');
    const heading = document.createElement('p');
    heading.className = 'result-title';
    const link = document.createElement('a');
    link.href = result.url;
    link.textContent = result.meta['title'] ?? result.url;
    heading.append(link);
    const type = result.filters['type']?.[0];
    if (type) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = TYPE_LABEL[type] ?? type;
      heading.append(' ', badge);
    }
    const excerpt = document.createElement('p');
    excerpt.className = 'excerpt untrusted';
    excerpt.append(...excerptNodes(result.content, result.locations));
    li.append(heading, excerpt);
    return li;
  }
}

customElements.define('search-page', SearchPage);
