import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { hostileFiles, PAYLOADS, PROVIDER_URL, writeHostileArchive } from '../helpers/hostile.ts';
import { htmlPages, page, runPageFields } from '../helpers/site.ts';

// The hostile-text archive (test/helpers/hostile.ts), built, and every HTML file of it parsed by
// a real HTML parser (parse5, through cheerio): what a browser would build from the bytes.
let dist = '';
const SITE = 'https://benchscope.example';

beforeAll(async () => {
  dist = await buildOnce('hostile-site', writeHostileArchive());
}, 240_000);

type AnyNode = ReturnType<CheerioAPI>[number];
interface Visit {
  node: AnyNode;
  /** Elements from the root down to the node's parent. */
  ancestors: AnyNode[];
}

/** Every node of a page, with its ancestors. */
function* nodes($: CheerioAPI): Generator<Visit> {
  const stack: Visit[] = [{ node: $.root()[0] as AnyNode, ancestors: [] }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    yield visit;
    const { node, ancestors } = visit;
    if ('children' in node)
      for (const child of [...node.children].reverse())
        stack.push({ node: child, ancestors: kind(node) === 'root' ? [] : [...ancestors, node] });
  }
}

const attributes = (node: AnyNode) => ('attribs' in node ? Object.entries(node.attribs) : []);
const name = (node: AnyNode) => ('name' in node ? node.name : '');
/** The node's type as a string: "text", "comment", "script", "tag"… */
const kind = (node: AnyNode): string => node.type;

/** The archive's own files, parsed: the values every field was given. */
const archived = () => {
  const files = hostileFiles();
  const json = (path: string) => JSON.parse(files.get(path) ?? 'null') as Record<string, unknown>;
  const lines = (path: string) =>
    (files.get(path) ?? '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { json, lines };
};

/** Every string inside a value, ids and enumerated values aside. */
function strings(value: unknown, skip: ReadonlySet<string> = new Set()): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, skip));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (skip.has(k) ? [] : strings(v, skip)));
  return [];
}

/** What a page must show for a string: itself, but NUL, which no HTML page can hold, as U+FFFD. */
// eslint-disable-next-line no-control-regex -- NUL is the character replaced.
const shown = (s: string) => s.replace(/\u0000/g, '\uFFFD');

/** The untrusted texts of a page, as the parser reads them. */
function untrustedTexts($: CheerioAPI): Set<string> {
  const out = new Set<string>();
  $('bdi.untrusted, pre.text').each((_, el) => {
    const text = $(el).text();
    // The parser drops the line feed that opens a <pre>; TextBlock writes one for it to drop.
    out.add(text);
  });
  return out;
}

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
/** What could end an isolate early: isolate controls, and paragraph separators other than LF. */
// eslint-disable-next-line no-control-regex -- U+001C–U+001E are among the characters looked for.
const REACHING = /[\u001c-\u001e\u0085\u2029\u2066-\u2069]/;
/** Plain text may hold direction controls only inside an isolate that nothing in it can end. */
// eslint-disable-next-line no-control-regex -- see REACHING.
const outsideIsolates = (s: string) => s.replace(/\u2068[^\u001c-\u001e\u0085\u2029\u2066-\u2069]*\u2069/g, '');

describe('the hostile-text archive, built', () => {
  it('tries every payload in every string field, and builds every page', () => {
    expect(Object.keys(PAYLOADS)).toHaveLength(14);
    expect(htmlPages(dist).length).toBeGreaterThan(80);
    const runs = [...hostileFiles().keys()].filter((f) => f.endsWith('run.json'));
    expect(runs).toHaveLength(5);
  });

  it('holds no element, attribute or URL that came from the input', () => {
    const allowedExternal = new Set([
      PROVIDER_URL,
      'https://benchmark.example/?a="<script>',
      'https://model.example/#"><img src=x onerror=alert(1)>',
      'https://card.example/?"><script>',
    ]);
    const problems: string[] = [];
    let urls = 0;
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      for (const { node, ancestors } of nodes($)) {
        const tag = name(node);
        if (kind(node) === 'comment') problems.push(`${file}: a comment`);
        if (kind(node) === 'script' && !('attribs' in node && node.attribs['src']))
          problems.push(`${file}: inline script`);
        if (['iframe', 'object', 'embed', 'base', 'img', 'style', 'textarea', 'frame'].includes(tag))
          problems.push(`${file}: a <${tag}>`);
        if (tag === 'form' && ![undefined, '/search/'].includes($(node).attr('action')))
          problems.push(`${file}: a form`);
        if (tag === 'meta' && $(node).attr('http-equiv') && $(node).attr('http-equiv') !== 'content-security-policy')
          problems.push(`${file}: <meta http-equiv=${$(node).attr('http-equiv') ?? ''}>`);
        if (tag === 'svg' && !ancestors.some((a) => name(a) === 'figure'))
          problems.push(`${file}: an <svg> outside a chart`);
        if (tag === 'h1' && $(node).text().includes('injected heading')) problems.push(`${file}: injected <h1>`);
        for (const [key, value] of attributes(node)) {
          if (/^on/i.test(key)) problems.push(`${file}: handler ${tag}[${key}]`);
          if (key.includes('⟪') || value.includes('⟪banner')) problems.push(`${file}: attribute ${key}`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster'].includes(key)) {
            urls++;
            const internal = /^(\/(?!\/)|#)/.test(value) || value.startsWith(`${SITE}/`);
            if (!internal && !allowedExternal.has(value))
              problems.push(`${file}: URL ${tag}[${key}]=${value.slice(0, 60)}`);
          }
          if (/^\s*(javascript|data|vbscript):/i.test(value)) problems.push(`${file}: ${tag}[${key}] is a script URL`);
        }
      }
      // A page has one <h1>, one <main>: none was closed or opened by the input.
      if ($('h1').length !== 1 || $('main').length !== 1 || $('body > footer.site').length !== 1)
        problems.push(`${file}: ${$('h1').length} h1, ${$('main').length} main`);
    }
    expect(problems).toEqual([]);
    expect(urls).toBeGreaterThan(1000);
  });

  it('reads every example field back exactly as written, on the example page', () => {
    const { lines } = archived();
    let compared = 0;
    for (const run of ['hostile-chat', 'hostile-text', 'hostile-partial']) {
      for (const example of lines(`runs/${run}/examples.jsonl`)) {
        const id = String(example['id']);
        const texts = untrustedTexts(page(dist, `/runs/${run}/examples/${id}/`));
        // `role` is an enumerated value, `method` is shown as written but `subject` too: all compared.
        for (const value of strings(example, new Set(['id', 'role']))) {
          if (value === '') continue;
          compared++;
          expect(texts.has(shown(value)), `${run}/${id}: ${value.slice(0, 60)}`).toBe(true);
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('reads run and registry fields back exactly as written', () => {
    const { json } = archived();
    const expectShown = (url: string, values: string[]) => {
      const texts = untrustedTexts(page(dist, url));
      for (const value of values) expect(texts.has(shown(value)), `${url}: ${value.slice(0, 60)}`).toBe(true);
    };
    for (const id of ['hostile-chat', 'hostile-text', 'hostile-partial', 'hostile-failed', 'hostile-cancelled']) {
      const run = json(`runs/${id}/run.json`);
      const values = runPageFields(run);
      if (typeof run['error'] === 'string') values.push(run['error']);
      expectShown(`/runs/${id}/`, values);
    }
    const front = (path: string) => {
      const text = hostileFiles().get(path) ?? '';
      const yaml = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
      return Object.fromEntries(
        yaml.split('\n').map((l) => [l.slice(0, l.indexOf(':')), JSON.parse(l.slice(l.indexOf(':') + 1)) as unknown]),
      ) as Record<string, unknown>;
    };
    const benchmark = front('content/benchmarks/hostile.mdx');
    expectShown('/benchmarks/hostile/', [
      String(benchmark['name']),
      String(benchmark['summary']),
      String(benchmark['metric']),
    ]);
    expectShown('/learn/benchmarks/hostile/', strings(benchmark['versions'], new Set(['notes'])));
    const model = front('content/models/hostile-fam.md');
    expectShown('/models/hostile-fam/', [
      ...['name', 'organisation', 'licence', 'description'].map((k) => String(model[k])),
      ...Object.values(model['evidence'] as Record<string, { note: string; source: { title: string } }>).flatMap(
        (e) => [e.note, e.source.title],
      ),
    ]);
    const provider = front('content/providers/hostile-prov.md');
    expectShown(
      '/providers/hostile-prov/',
      ['name', 'description'].map((k) => String(provider[k])),
    );
    expect(
      page(dist, '/providers/hostile-prov/')(`a[href="${PROVIDER_URL.replace(/"/g, '\\"')}"]`).length,
    ).toBeGreaterThan(0);
  });

  it('keeps carriage returns, control characters and the 1 MB strings exactly', () => {
    const $ = page(dist, '/runs/hostile-text/examples/p/crlf/');
    expect($('pre[aria-label="Raw output"]').text()).toBe(`⟪hostile-text.p/crlf.output⟫ ${PAYLOADS['crlf'] ?? ''}`);
    const controls = page(dist, '/runs/hostile-text/examples/p/controls/')('pre[aria-label="Raw output"]').text();
    expect(controls).toBe(shown(`⟪hostile-text.p/controls.output⟫ ${PAYLOADS['controls'] ?? ''}`));
    const big = page(dist, '/runs/hostile-chat/examples/big/unbroken/')('pre[aria-label="Raw output"]').text();
    expect(big.length).toBeGreaterThan(1_048_000);
    const { lines } = archived();
    const huge = lines('runs/hostile-chat/examples.jsonl').find((e) => e['id'] === 'big/hostile');
    expect(page(dist, '/runs/hostile-chat/examples/big/hostile/')('pre[aria-label="Raw output"]').text()).toBe(
      shown(String(huge?.['output'])),
    );
    // The download keeps what a page cannot: NUL included.
    const download = JSON.parse(
      gunzipSync(readFileSync(join(dist, 'runs', 'hostile-text.json.gz'))).toString('utf8'),
    ) as {
      examples: { id: string; output: string }[];
    };
    expect(download.examples.find((e) => e.id === 'p/controls')?.output).toContain('nul\u0000');
  });

  it('isolates every piece of hostile text, so direction controls cannot reorder the page', () => {
    const problems: string[] = [];
    let isolated = 0;
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      for (const { node, ancestors } of nodes($)) {
        if (ancestors.some((a) => 'attribs' in a && 'hidden' in a.attribs)) continue;
        const inMarkup = ancestors.some((a) => name(a) === 'bdi' || name(a) === 'pre');
        if (kind(node) === 'text' && 'data' in node && (BIDI_CONTROLS.test(node.data) || REACHING.test(node.data))) {
          if (inMarkup) {
            // Inside an isolating element, what could end the isolate stands alone in its box.
            const parent = ancestors.at(-1);
            const boxed = parent !== undefined && $(parent).hasClass('bidi-control') && node.data.length === 1;
            if (REACHING.test(node.data) && !boxed)
              problems.push(`${file}: an isolate control or paragraph separator loose in <${name(parent ?? node)}>`);
            else isolated++;
          } else if (BIDI_CONTROLS.test(outsideIsolates(node.data)))
            problems.push(`${file}: direction controls not isolated in <${name(ancestors.at(-1) ?? node)}>`);
          else isolated++;
        }
        for (const [key, value] of attributes(node))
          if (key !== 'value' && BIDI_CONTROLS.test(outsideIsolates(value)))
            problems.push(`${file}: direction controls not isolated in ${name(node)}[${key}]`);
      }
    }
    expect(problems).toEqual([]);
    expect(isolated).toBeGreaterThan(1000);
  });

  it('embeds no data in inline script: every script is a file, and search metadata is markup', () => {
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      $('script').each((_, el) => {
        expect($(el).attr('src'), file).toMatch(/^\/_astro\/[\w.-]+\.js$/);
        expect($(el).text(), file).toBe('');
      });
      const meta = $('[data-pagefind-meta="title"]');
      if (meta.length > 0) expect(`${meta.text()} · Benchscope`, file).toBe($('head > title').text());
    }
  });
});
