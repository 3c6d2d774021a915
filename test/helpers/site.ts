import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { filesBelow } from '../../src/pipeline/placements.ts';

type AnyNode = ReturnType<CheerioAPI>[number];

/** Every file below a folder, as URL paths ("/runs/x/index.html"). */
export function files(root: string): string[] {
  return filesBelow(root)
    .map((file) => `/${file}`)
    .sort();
}

export function htmlPages(root: string): string[] {
  return files(root).filter((f) => f.endsWith('.html'));
}

const parsed = new Map<string, CheerioAPI>();

/** A built page, parsed by a real HTML parser (parse5, through cheerio). `url` is "/runs/x/" or a file path. */
export function page(root: string, url: string): CheerioAPI {
  const file = join(root, url.endsWith('/') ? `${url}index.html` : url);
  let $ = parsed.get(file);
  if (!$) {
    $ = load(readFileSync(file, 'utf8'));
    parsed.set(file, $);
  }
  return $;
}

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  'br',
]);

/** Text as a reader sees it: blocks apart, whitespace runs folded to one space. */
export function text($: CheerioAPI, selector: string): string {
  const parts: string[] = [];
  const walk = (node: AnyNode) => {
    // DOM node types: 3 is text, 1 an element.
    if (node.nodeType === 3 && 'data' in node) parts.push(node.data);
    else if (node.nodeType === 1 && 'name' in node && 'children' in node) {
      const block = BLOCKS.has(node.name);
      if (block) parts.push(' ');
      for (const child of node.children) walk(child);
      if (block) parts.push(' ');
    }
  };
  $(selector).each((_, el) => {
    walk(el);
  });
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export interface LinkReport {
  checked: number;
  broken: string[];
}

/** Attributes that hold a URL the browser fetches or follows. */
const URL_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'data', 'xlink:href'];

/**
 * Check that every internal link and asset of a built site resolves to a file, and every
 * fragment to an element id on its target page: in the HTML (every URL attribute, srcset
 * included), in the stylesheets (url() and @import) and in the sitemaps and the feed. Links to the
 * origin of `site` (the address the site is published at) count as internal.
 */
export function checkLinks(root: string, options: { base?: string; site?: string } = {}): LinkReport {
  const base = options.base ?? '/';
  const siteOrigin = options.site === undefined ? undefined : new URL(options.site).origin;
  const broken: string[] = [];
  let checked = 0;
  const check = (from: string, raw: string, pageUrl: URL) => {
    let url: URL;
    try {
      url = new URL(raw, pageUrl);
    } catch {
      broken.push(`${from}: unparsable ${raw}`);
      return;
    }
    if (siteOrigin !== undefined && url.origin === siteOrigin)
      url = new URL(`${url.pathname}${url.search}${url.hash}`, 'http://site.invalid');
    else if (url.origin !== 'http://site.invalid') return;
    checked++;
    if (!url.pathname.startsWith(base)) {
      broken.push(`${from}: ${raw} is outside the base path ${base}`);
      return;
    }
    const path = decodeURIComponent(url.pathname.slice(base.length - 1));
    let target = join(root, path);
    if (path.endsWith('/')) target = join(target, 'index.html');
    else if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
    if (!existsSync(target)) {
      broken.push(`${from}: ${raw} → missing ${relative(root, target)}`);
      return;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment && target.endsWith('.html')) {
      const $target = page(root, `/${relative(root, target).split(sep).join('/')}`);
      if ($target(`[id="${fragment.replace(/"/g, '\\"')}"]`).length === 0)
        broken.push(`${from}: ${raw} → no element #${fragment}`);
    }
  };
  // Files are served under the base path: /runs/x/index.html is at <base>runs/x/.
  const at = (file: string) => new URL(`${base}${file.slice(1).replace(/index\.html$/, '')}`, 'http://site.invalid');
  for (const file of files(root)) {
    if (file.endsWith('.html')) {
      const $ = page(root, file);
      $('*').each((_, el) => {
        const $el = $(el);
        for (const name of URL_ATTRIBUTES) {
          const value = $el.attr(name);
          // <object data> is a URL; data-* attributes are not attributes named "data".
          if (value !== undefined) check(file, value, at(file));
        }
        for (const candidate of ($el.attr('srcset') ?? '').split(',')) {
          const value = candidate.trim().split(/\s+/)[0];
          if (value) check(file, value, at(file));
        }
        if ($el.is('meta[property="og:url"]')) check(file, $el.attr('content') ?? '', at(file));
      });
    } else if (file.endsWith('.css')) {
      const css = readFileSync(join(root, file), 'utf8');
      for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g))
        check(file, m[2] ?? m[4] ?? '', at(file));
    } else if (file.endsWith('.xml')) {
      const xml = readFileSync(join(root, file), 'utf8');
      for (const m of xml.matchAll(/<loc>([^<]+)<\/loc>|\shref="([^"]+)"/g)) check(file, m[1] ?? m[2] ?? '', at(file));
    }
  }
  return { checked, broken };
}

/** The text fields of a run file that its run page shows, as strings: the hostile and Unicode tests read each back. */
export function runPageFields(run: Record<string, unknown>): string[] {
  const get = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], run);
  return ['endpoint.model', 'prompt.template', 'prompt.template_id', 'harness.name', 'harness.version', 'notes']
    .map((p) => String(get(p)))
    .concat(Object.entries(get('generation.extra') as Record<string, unknown>).flatMap(([k, v]) => [k, String(v)]));
}
