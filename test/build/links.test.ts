import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { writeHostileArchive } from '../helpers/hostile.ts';
import { OUT, SAMPLE } from '../helpers/paths.ts';
import { checkLinks } from '../helpers/site.ts';

const SITE = 'https://benchscope.example';

describe('the link checker', () => {
  it('finds every kind of broken link: a page, an asset, a fragment, in HTML, CSS and XML', () => {
    const root = join(OUT, 'links-checker');
    rmSync(root, { recursive: true, force: true });
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write(
      'index.html',
      '<a href="/ok/">ok</a> <a href="/ok/#here">ok</a> <a href="/gone/">gone</a> <a href="/ok/#nowhere">no id</a>' +
        '<link rel="stylesheet" href="/style.css"><script src="/missing.js"></script>' +
        `<img srcset="/a.png 1x, /b.png 2x"> <a href="${SITE}/ok/">ok</a> <a href="https://elsewhere.example/">out</a>`,
    );
    write('ok/index.html', '<p id="here">here</p>');
    write('style.css', '@import "/base.css"; body { background: url(/bg.png) }');
    write('a.png', '');
    write('sitemap-0.xml', `<urlset><url><loc>${SITE}/ok/</loc></url><url><loc>${SITE}/lost/</loc></url></urlset>`);
    const report = checkLinks(root, { site: SITE });
    expect(report.broken).toEqual([
      '/index.html: /gone/ → missing gone/index.html',
      '/index.html: /ok/#nowhere → no element #nowhere',
      '/index.html: /missing.js → missing missing.js',
      '/index.html: /b.png → missing b.png',
      '/sitemap-0.xml: https://benchscope.example/lost/ → missing lost/index.html',
      '/style.css: /base.css → missing base.css',
      '/style.css: /bg.png → missing bg.png',
    ]);
    expect(report.checked).toBe(13);
  });
});

describe.each([
  ['the hostile-text site', 'hostile-site', () => writeHostileArchive(), 2000],
  // Example pages link to their neighbours, run, benchmark and cross-endpoint page: ~30 links each.
  ['the sample site', 'sample', () => SAMPLE, 90_000],
])('%s', (_, name, archive, least) => {
  it('has no broken internal link, asset or fragment', async () => {
    const report = checkLinks(await buildOnce(name, archive()), { site: SITE });
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(least);
  }, 240_000);
});
