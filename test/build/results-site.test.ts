import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { checkLinks, htmlPages, page, text } from '../helpers/site.ts';

// One fixture archive built once: a benchmark whose runs fall into every kind of comparability
// class, with partial, custom, failed and cancelled runs, and an output full of markup.
let dist = '';
const SITE = 'https://benchscope.example';
const TRICKY =
  '\n  leading newline and spaces\t<b>not bold</b> &amp; <script>alert(1)</script>\r\nwindows line\n\ntrailing spaces   ';

beforeAll(async () => {
  dist = await buildOnce('site-comparison', 'site-comparison');
}, 180_000);

const bench = () => page(dist, '/benchmarks/forty/');
/** Rows of the comparison table of class n (1-based): [rank, run id, cells text]. */
function classRows(n: number) {
  const $ = bench();
  return $(`#class-${n}`)
    .closest('section')
    .find('table.comparison tbody tr')
    .toArray()
    .map((tr) => ({
      rank: $(tr).find('td').first().text().trim(),
      run: $(tr).attr('data-run'),
      text: $(tr).text().replace(/\s+/g, ' ').trim(),
    }));
}

describe('the stable URLs', () => {
  it.each([
    '/index.html',
    '/runs/index.html',
    '/runs/feed.xml',
    '/runs/leader/index.html',
    '/runs/leader.json.gz',
    '/runs/leader.csv.gz',
    '/runs/leader/eee.json',
    '/runs/leader/eee_samples.jsonl.gz',
    '/runs/leader/examples/index.html',
    '/runs/leader/examples/alpha/00/index.html',
    '/runs/leader/incorrect/index.html',
    '/runs/leader/incorrect/beta/index.html',
    '/runs/far-behind/errors/index.html',
    '/runs/failed/index.html',
    '/benchmarks/index.html',
    '/benchmarks/forty/index.html',
    '/benchmarks/forty.csv',
    '/benchmarks/forty/examples/alpha/00/index.html',
    '/models/index.html',
    '/models/fam-a/index.html',
    '/providers/index.html',
    '/providers/prov-x/index.html',
    '/learn/benchmarks/forty/index.html',
    '/learn/benchmarks/unused/index.html',
    '/sitemap-index.xml',
  ])('%s exists', (path) => {
    expect(existsSync(join(dist, path))).toBe(true);
  });
});

describe('examples with no answer extracted', () => {
  // far-behind: 3 of its 40 examples have an output with no letter to read (extracted null), and
  // 2 more failed at the endpoint, which count as errors, not as unanswered.
  it('are a column of the comparison table, as a share of the examples with their count', () => {
    const $ = bench();
    const header = $('#class-1').closest('section').find('table.comparison thead th').toArray();
    const column = header.findIndex((th) => $(th).text().trim() === 'No answer');
    expect(column).toBeGreaterThan(0);
    const cell = (run: string) => $(`tr[data-run="${run}"]`).children().eq(column).text().replace(/\s+/g, ' ').trim();
    expect([cell('leader'), cell('far-behind')]).toEqual(['0.0% (0)', '7.5% (3)']);
    expect($('tr[data-run="far-behind"] .no-answer a').attr('href')).toBe('/runs/far-behind/no-answer/');
  });

  it("are on the run's page beside its score, and listed on a page of their own", () => {
    const run = page(dist, '/runs/far-behind/');
    expect(run('.result').text().replace(/\s+/g, ' ')).toContain('No answer: 7.5% (3). These count as wrong');
    expect(run('a[href="/runs/far-behind/no-answer/"]').length).toBeGreaterThan(0);
    const list = page(dist, '/runs/far-behind/no-answer/');
    const ids = list('table.examples tbody tr th a')
      .toArray()
      .map((a) => list(a).text().trim());
    expect(ids).toEqual(['alpha/20', 'beta/21', 'alpha/22']);
    expect(list('main').text()).toContain('The scorer found no answer in these outputs');
  });
});

describe('the comparison page', () => {
  it('ranks the canonical full-sample class first, with Wilson intervals and paired tests', () => {
    expect(text(bench(), '#class-1')).toBe('Version 2, canonical prompt, full dataset (40 examples)');
    const rows = classRows(1);
    expect(rows.map((r) => [r.rank, r.run])).toEqual([
      ['1', 'leader'],
      ['2', 'close-second'],
      ['3', 'far-behind'],
    ]);
    expect(rows[0]?.text).toContain('90.0% 95% interval 76.9%–96.0%');
    expect(rows[0]?.text).toContain('36 / 40');
    expect(rows[0]?.text).toContain('leader');
    expect(rows[1]?.text).toContain('87.5% 95% interval 73.9%–94.5%');
    expect(rows[1]?.text).toContain('indistinguishable (p = 1.00)');
    expect(rows[2]?.text).toContain('50.0% 95% interval 35.2%–64.8%');
    expect(rows[2]?.text).toContain('lower (p < 0.001)');
    expect(text(bench(), '#reading')).toBe('How to read these tables');
    expect(bench()('main').text()).toContain("McNemar's exact test");
    expect(bench()('main').text()).toContain('Wilson score interval (95%)');
  });

  it('sets other classes apart and says why', () => {
    const $ = bench();
    const headings = $('section.class h2')
      .toArray()
      .map((h) => $(h).text());
    expect(headings).toEqual([
      'Version 2, canonical prompt, full dataset (40 examples)',
      'Version 1, canonical prompt, full dataset (30 examples)',
      'Version 2, canonical prompt, 20 of 40 examples',
      'Version 2, canonical prompt, 12 of 40 examples',
      'Version 2, custom prompt, full dataset (40 examples)',
    ]);
    const section = (n: number) => $(`#class-${n}`).closest('section').text().replace(/\s+/g, ' ');
    expect(section(2)).toContain('Set apart from the first table: version 1, not 2: a different set of questions.');
    expect(section(2)).toContain('Nothing else in the archive is comparable to this run');
    expect(section(3)).toContain('20 of 40 examples (a subset chosen by design)');
    expect(classRows(3).map((r) => r.run)).toEqual(['subset-a', 'subset-b']);
    expect(classRows(3)[1]?.text).toContain('indistinguishable (p = 0.25)');
    expect(section(4)).toContain('12 of 40 examples (the run was interrupted)');
    expect(section(5)).toContain('custom prompt: scores reflect the prompt as well as the model');
  });

  it('marks partial runs wherever their score appears, and links custom prompts to their template', () => {
    for (const run of ['subset-a', 'subset-b', 'interrupted']) {
      const $ = bench();
      expect($(`tr[data-run="${run}"] .score .scope-partial`).text().trim()).toBe('partial');
      const runsPage = page(dist, '/runs/');
      expect(runsPage(`a[href="/runs/${run}/"]`).closest('tr').find('.score .scope-partial').text().trim()).toBe(
        'partial',
      );
    }
    expect(bench()('tr[data-run="custom"] a.prompt-custom').attr('href')).toBe(
      '/learn/how-results-work/#canonical-vs-custom',
    );
    expect(bench()('tr[data-run="custom"] a.template-link').attr('href')).toBe('/runs/custom/#prompt');
    expect(text(page(dist, '/runs/custom/'), '#prompt + p + pre')).toBe('Think step by step. Q: {question} A:');
  });

  it('lists failed and cancelled runs without a score', () => {
    const $ = bench();
    const rows = $('#no-results').closest('section').find('tbody tr');
    expect(rows.toArray().map((tr) => $(tr).find('th').text().trim())).toEqual(['cancelled', 'failed']);
    expect(rows.toArray().every((tr) => $(tr).text().includes('no score'))).toBe(true);
  });

  it('shows a per-subject table whose cells link to the incorrect examples of the subject', () => {
    const $ = bench();
    const cell = $('table.subjects tr')
      .filter((_, tr) => $(tr).find('a[href="/runs/far-behind/"]').length > 0)
      .find('a[href="/runs/far-behind/incorrect/beta/"]');
    expect(cell.text()).toBe('50.0%');
    const list = page(dist, '/runs/far-behind/incorrect/beta/');
    const rows = list('table.examples tbody tr').toArray();
    expect(rows).toHaveLength(10);
    expect(rows.every((tr) => list(tr).find('td').eq(1).text() === 'beta')).toBe(true);
  });

  it('draws its charts at build time, with a title and a description', () => {
    const $ = bench();
    const charts = $('figure.chart svg[role="img"]');
    // One per class (each has latency figures) and the per-subject spread.
    expect(charts.length).toBe(6);
    charts.each((_, svg) => {
      expect($(svg).find('title').text().length).toBeGreaterThan(10);
      expect($(svg).find('desc').text()).toMatch(/\d+(\.\d)?%/);
    });
  });
});

describe('a run page', () => {
  it('shows the endpoint, the setup, the state and the recomputed score', () => {
    const $ = page(dist, '/runs/close-second/');
    const main = text($, 'main');
    expect(main).toContain('87.5% 95% interval 73.9%–94.5%');
    expect(main).toContain('35 of 40 examples correct');
    expect(main).toContain(
      'Rank 2 of 3 in Version 2, canonical prompt, full dataset (40 examples), statistically indistinguishable from the leader.',
    );
    expect(main).toContain('Model identifier fam-a-model');
    expect(main).toContain('Harness test-harness 1.0');
    expect($('a[href="/runs/close-second/examples/"]').text()).toBe('All 40 examples');
  });

  it('a failed run has no score anywhere', () => {
    expect(page(dist, '/runs/failed/')('.score').length).toBe(0);
    expect(text(page(dist, '/runs/failed/'), '.result')).toContain('The endpoint rejected the API key.');
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      $('a[href="/runs/failed/"]').each((_, a) => {
        const context = $(a).closest('tr, li').text();
        expect(context, `${file} shows a score for the failed run`).not.toMatch(/\d%/);
      });
    }
    const json = JSON.parse(gunzipSync(readFileSync(join(dist, 'runs', 'failed.json.gz'))).toString('utf8')) as {
      recomputed: unknown;
      examples: unknown[];
    };
    expect(json.recomputed).toBeNull();
    expect(json.examples).toEqual([]);
  });
});

describe('an example page', () => {
  const $ = () => page(dist, '/runs/leader/examples/alpha/00/');

  it('shows the raw output verbatim, as text', () => {
    // Exactly, CR LF included: a literal CR would reach the reader as LF, so it is written as &#13;.
    expect($()('pre[aria-label="Raw output"]').text()).toBe(TRICKY);
    expect($()('main b, main script').length).toBe(0);
  });

  it('shows a chat prompt by role, the verdict and how it was reached', () => {
    expect($()('ol.chat li.role-system pre').text()).toBe('Answer with a letter.');
    expect($()('ol.chat li.role-user pre').text()).toBe('Question alpha/00: pick the right letter.');
    expect(text($(), 'dl.facts .verdict')).toBe('correct');
    expect(text($(), '#verdict + dl')).toBe('Expected A Extracted from the output A');
  });

  it('links to its neighbours, its run, its benchmark and the cross-endpoint view, and ships no script', () => {
    const links = $()('nav.example-nav a')
      .toArray()
      .map((a) => $()(a).attr('href'));
    expect(links).toEqual([
      '/runs/leader/examples/beta/01/',
      '/runs/leader/',
      '/benchmarks/forty/',
      '/benchmarks/forty/examples/alpha/00/',
    ]);
    expect($()('a.permalink').text()).toBe(`${SITE}/runs/leader/examples/alpha/00/`);
    expect($()('script').length).toBe(0);
  });

  it('has a title and a description that say which run and verdict it is', () => {
    expect($()('head > title').text()).toBe(
      'Example alpha/00 in run leader (prov-x · fam-a on forty 2): correct · Benchscope',
    );
    expect($()('meta[property="og:description"]').attr('content')).toMatch(
      /^correct, prov-x · fam-a on forty 2\. Prompt: Question alpha\/00/,
    );
  });
});

describe('the cross-endpoint view of an example', () => {
  it('shows each run that answered it, with its output and verdict', () => {
    const $ = page(dist, '/benchmarks/forty/examples/alpha/00/');
    const answers = $('tr.answer')
      .toArray()
      .map((li) => $(li).find('.answer-head a').first().attr('href'));
    expect(answers.sort()).toEqual([
      '/runs/close-second/examples/alpha/00/',
      '/runs/custom/examples/alpha/00/',
      '/runs/far-behind/examples/alpha/00/',
      '/runs/interrupted/examples/alpha/00/',
      '/runs/leader/examples/alpha/00/',
      '/runs/subset-a/examples/alpha/00/',
      '/runs/subset-b/examples/alpha/00/',
    ]);
    // The leader saw a chat prompt, the others plain text: two prompts, each shown once.
    expect($('section.prompt-group').length).toBe(2);
  });
});

describe('the whole site', () => {
  it('has no broken internal link or fragment', () => {
    const report = checkLinks(dist, { site: SITE });
    expect(report.broken).toEqual([]);
    expect(report.checked).toBeGreaterThan(1000);
  });

  it('gives every page its own title, a description, Open Graph tags and a canonical URL', () => {
    const titles = new Map<string, string>();
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      const title = $('head > title').text();
      expect(titles.get(title), `${file} and ${titles.get(title)} share the title "${title}"`).toBeUndefined();
      titles.set(title, file);
      expect($('meta[name="description"]').attr('content')?.length ?? 0, file).toBeGreaterThan(20);
      expect($('meta[property="og:title"]').attr('content'), file).toBe(title);
      if (file === '/404.html') expect($('meta[name="robots"]').attr('content')).toBe('noindex');
      else expect($('link[rel="canonical"]').attr('href'), file).toMatch(new RegExp(`^${SITE}/`));
    }
  });

  it('flags a partial run in its description and link preview, as everywhere else', () => {
    for (const [run, flag] of [
      ['subset-a', 'partial, by design (20 of 40 examples)'],
      ['interrupted', 'partial, interrupted (12 of 40 examples)'],
    ]) {
      const $ = page(dist, `/runs/${run ?? ''}/`);
      for (const selector of ['meta[name="description"]', 'meta[property="og:description"]'])
        expect($(selector).attr('content'), `${run ?? ''} ${selector}`).toMatch(
          new RegExp(`^[^:]+: \\d+\\.\\d% \\(\\d+ of \\d+ correct\\), ${(flag ?? '').replace(/[()]/g, '\\$&')}, `),
        );
    }
    expect(page(dist, '/runs/leader/')('meta[name="description"]').attr('content')).not.toContain('partial');
    // Feed readers show an entry's title alone.
    const feed = readFileSync(join(dist, 'runs', 'feed.xml'), 'utf8');
    expect(feed).toContain('<title>prov-x · fam-a on forty 2: 75.0% (partial, by design)</title>');
    expect(feed).toContain('<title>prov-x · fam-a on forty 2: 90.0%</title>');
  });

  it('runs no words together where an element meets the text around it', () => {
    const problems: string[] = [];
    for (const file of htmlPages(dist)) {
      const $ = page(dist, file);
      // Form controls aside: a label beside a <select> is not a sentence.
      $('main *:not(select, option, textarea)').each((_, el) => {
        const node = el as unknown as {
          prev: { type: string; data?: string } | null;
          next: { type: string; data?: string } | null;
        };
        const inner = $(el).text();
        const before = node.prev?.type === 'text' ? (node.prev.data ?? '') : '';
        const after = node.next?.type === 'text' ? (node.next.data ?? '') : '';
        if (/[A-Za-z]$/.test(before) && /^[A-Za-z]/.test(inner))
          problems.push(`${file}: "${before.slice(-20)}" + <${el.tagName}>${inner.slice(0, 20)}`);
        if (/[A-Za-z]$/.test(inner) && /^[A-Za-z]/.test(after))
          problems.push(`${file}: <${el.tagName}>${inner.slice(-20)} + "${after.slice(0, 20)}"`);
      });
    }
    expect(problems).toEqual([]);
    expect(text(page(dist, '/models/fam-a/'), 'table.openness caption')).toBe(
      'Openness along seven dimensions, with the source of each rating',
    );
  });

  it('publishes a sitemap and an Atom feed of the runs', () => {
    // The index lists the site's pages and, per run and per benchmark, the sitemaps of example and list pages.
    const index = readFileSync(join(dist, 'sitemap-index.xml'), 'utf8');
    expect(index).toContain(`<loc>${SITE}/sitemap-0.xml</loc>`);
    expect(index).toContain(`<loc>${SITE}/runs/leader/sitemap.xml</loc>`);
    expect(index).toContain(`<loc>${SITE}/benchmarks/forty/sitemap.xml</loc>`);
    expect(readFileSync(join(dist, 'sitemap-0.xml'), 'utf8')).toContain(`<loc>${SITE}/runs/leader/</loc>`);
    const run = readFileSync(join(dist, 'runs', 'leader', 'sitemap.xml'), 'utf8');
    // Example pages are below examples/, as is the pagination of the list of all examples.
    const isExample = (url: string) => /\/examples\/.+\/$/.test(url) && !/\/examples\/page\/\d+\/$/.test(url);
    const listed = [...run.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(listed.filter((url) => isExample(url ?? ''))).toHaveLength(40);
    expect(listed).toContain(`${SITE}/runs/leader/examples/alpha/00/`);
    for (const list of ['examples/', 'incorrect/', 'errors/']) expect(listed).toContain(`${SITE}/runs/leader/${list}`);
    // Every list page of the run, each once: the run's pages but its own and its examples'.
    const lists = listed.filter((url) => !isExample(url ?? '')).sort();
    const built = readdirSync(join(dist, 'runs', 'leader'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('index.html') && file !== 'index.html')
      .map((file) => `${SITE}/runs/leader/${file.slice(0, -'index.html'.length)}`)
      .filter((url) => !isExample(url))
      .sort();
    expect(lists).toEqual(built);
    expect(readFileSync(join(dist, 'sitemap-0.xml'), 'utf8')).not.toContain('/runs/leader/incorrect/');
    expect(readFileSync(join(dist, 'benchmarks', 'forty', 'sitemap.xml'), 'utf8')).toContain(
      `<loc>${SITE}/benchmarks/forty/examples/alpha/00/</loc>`,
    );
    const feed = readFileSync(join(dist, 'runs', 'feed.xml'), 'utf8');
    expect(feed.match(/<entry>/g)).toHaveLength(10);
    expect(feed).toContain(`<link rel="alternate" type="text/html" href="${SITE}/runs/failed/"/>`);
  });

  it('offers downloads: the run as JSON and CSV (gzip-compressed), the comparison as CSV', () => {
    const json = JSON.parse(gunzipSync(readFileSync(join(dist, 'runs', 'leader.json.gz'))).toString('utf8')) as {
      examples: { output: string }[];
      recomputed: { score: number };
    };
    expect(json.examples).toHaveLength(40);
    expect(json.examples[0]?.output).toBe(TRICKY);
    expect(json.recomputed.score).toBe(0.9);
    const csv = gunzipSync(readFileSync(join(dist, 'runs', 'leader.csv.gz'))).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'id,subject,correct,score,error,expected,extracted,latency_ms,prompt_tokens,completion_tokens',
    );
    const table = readFileSync(join(dist, 'benchmarks', 'forty.csv'), 'utf8').split('\r\n');
    expect(table[1]).toMatch(
      /^1,"Version 2, canonical prompt, full dataset \(40 examples\)",1,leader,prov-x,fam-a,fam-a-model,2,canonical,full,,completed,0\.9,/,
    );
    expect(table.filter(Boolean)).toHaveLength(9);
  });

  it('says in every download how many examples had no answer extracted', () => {
    const json = JSON.parse(gunzipSync(readFileSync(join(dist, 'runs', 'far-behind.json.gz'))).toString('utf8')) as {
      recomputed: { noAnswer: number | null; errors: number };
    };
    expect(json.recomputed).toMatchObject({ noAnswer: 3, errors: 2 });
    const [head, ...rows] = readFileSync(join(dist, 'benchmarks', 'forty.csv'), 'utf8').split('\r\n');
    const column = head?.split(',').indexOf('no_answer') ?? -1;
    expect(column).toBeGreaterThan(0);
    const noAnswer = (run: string) =>
      rows.find((r) => r.includes(`,${run},`))?.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[column];
    expect([noAnswer('leader'), noAnswer('far-behind')]).toEqual(['0', '3']);
  });

  it('publishes every scored run as an Every Eval Ever record, linked from the run page', () => {
    const aggregate = JSON.parse(readFileSync(join(dist, 'runs', 'leader', 'eee.json'), 'utf8')) as {
      evaluation_results: { score_details: { score: number } }[];
      detailed_evaluation_results: { total_rows: number; checksum: string };
    };
    // Downloaded compressed; the record's checksum is of the samples file itself, uncompressed.
    const samples = gunzipSync(readFileSync(join(dist, 'runs', 'leader', 'eee_samples.jsonl.gz'))).toString('utf8');
    expect(aggregate.evaluation_results[0]?.score_details.score).toBe(0.9);
    expect(aggregate.detailed_evaluation_results).toEqual(
      expect.objectContaining({ total_rows: 40, checksum: createHash('sha256').update(samples).digest('hex') }),
    );
    const first = JSON.parse(samples.split('\n')[0] ?? '') as { output: { raw: string[] } };
    expect(first.output.raw[0]).toBe(TRICKY);
    expect(existsSync(join(dist, 'runs', 'failed', 'eee.json'))).toBe(false);
    const $ = page(dist, '/runs/leader/');
    expect($('a[href="/runs/leader/eee.json"]').attr('download')).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}\.json$/);
    expect($('a[href="/runs/leader/eee_samples.jsonl.gz"]').text()).toBe('its samples (JSONL, gzip)');
  });
});
