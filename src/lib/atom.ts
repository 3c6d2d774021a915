/** An Atom feed (RFC 4287), written by hand: a few elements, each escaped. */

export interface FeedEntry {
  id: string;
  title: string;
  link: string;
  updated: string;
  summary: string;
}

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot hold at all.
    // eslint-disable-next-line no-control-regex -- these are exactly the characters to drop.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

export function atomFeed(feed: {
  id: string;
  title: string;
  self: string;
  home: string;
  updated: string;
  entries: FeedEntry[];
}): string {
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title>${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>
    <updated>${escapeXml(e.updated)}</updated>
    <summary>${escapeXml(e.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.id)}</id>
  <title>${escapeXml(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.home)}"/>
  <updated>${escapeXml(feed.updated)}</updated>
  <author><name>Benchscope</name></author>
${entries.join('\n')}
</feed>
`;
}
