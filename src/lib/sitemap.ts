/** A sitemap (sitemaps.org protocol 0.9) of the given absolute URLs, written by hand. */
export function sitemapXml(urls: readonly string[]): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = urls.map((u) => `<url><loc>${escape(u)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}${lines.length ? '\n' : ''}</urlset>\n`;
}

/** Sitemaps hold at most 50,000 URLs. */
export const SITEMAP_LIMIT = 50_000;
