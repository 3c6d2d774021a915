import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { page, text } from '../helpers/site.ts';

// Two runs imported from a public release: one whose score agrees with its publisher's figure,
// one 7.5 points apart with the importer's explanation; their benchmark carries a canary string.
let dist = '';
const CANARY = 'FIXTURE CANARY 0c6f3a1e: keep this text out of training corpora';

beforeAll(async () => {
  dist = await buildOnce('imported-release', 'imported-release');
}, 180_000);

describe('a run imported from a public release', () => {
  it('says where it came from and sets the publisher figure beside ours', () => {
    const $ = page(dist, '/runs/leader/');
    expect(text($, '.provenance p:first-child')).toBe(
      'From example-org/published-outputs at 0123456, licence MIT; the publisher reports 90.0%. File: results/forty/model.json.',
    );
    expect($('.provenance a').first().attr('href')).toBe('https://github.com/example-org/published-outputs');
    expect($('.provenance a').eq(1).attr('href')).toBe(
      'https://github.com/example-org/published-outputs/tree/0123456789abcdef0123456789abcdef01234567',
    );
    expect(text($, '.provenance table.figures tbody')).toBe('90.00% 90.00% 0.00 percentage points');
    expect(text($, '.provenance')).toContain('The two agree to within 0.5 percentage points.');
    expect(text($, '.provenance')).toContain('its date is that of the commit that published the file');
  });

  it('has its publisher figure in the comparison table', () => {
    const $ = page(dist, '/benchmarks/forty/');
    const column = $('table.comparison thead th')
      .toArray()
      .findIndex((th) => $(th).text().includes("Publisher's figure"));
    expect(column).toBeGreaterThan(0);
    const cells = $('table.comparison tbody tr')
      .toArray()
      .map((tr) => [$(tr).attr('data-run'), $(tr).children().eq(column).text().trim()]);
    expect(cells).toEqual([
      ['leader', '90.00%'],
      ['close-second', '95.00%'],
    ]);
  });

  it('explains a gap past half a point in the importer’s words', () => {
    const $ = page(dist, '/runs/close-second/');
    expect(text($, '.provenance table.figures tbody')).toBe('87.50% 95.00% 7.5 percentage points lower here');
    expect(text($, '.provenance')).toContain(
      'Why the two differ: The publisher counted the three answers written as "(A)." as correct; our scorer reads only a bare letter.',
    );
  });

  it('says beside every output when the release kept an extract, not the raw reply', () => {
    const kept = page(dist, '/runs/close-second/examples/alpha/00/');
    expect(text(kept, '#output')).toBe('Output, as the release kept it');
    expect(text(kept, '#output ~ p.notice')).toBe(
      "The release kept only what its own code extracted from the model's reply, not the reply itself: this is that extract.",
    );
    expect(text(page(dist, '/runs/leader/examples/alpha/00/'), '#output')).toBe('Raw output');
  });

  it('is credited on the sources page, which every footer links to', () => {
    const $ = page(dist, '/sources/');
    expect(text($, 'main h2')).toBe('example-org/published-outputs');
    expect(text($, 'main section p')).toContain('Licence: MIT. Read at commit 0123456. 2 runs:');
    expect(
      $('main section li a')
        .toArray()
        .map((a) => $(a).attr('href')),
    ).toEqual(['/runs/close-second/', '/runs/leader/']);
    for (const url of ['/', '/runs/leader/', '/runs/leader/examples/alpha/00/'])
      expect(page(dist, url)('footer.site a[href="/sources/"]').length).toBe(1);
  });

  it('prints the benchmark’s canary wherever its examples are quoted', () => {
    for (const url of [
      '/runs/leader/examples/alpha/00/',
      '/runs/leader/examples/',
      '/benchmarks/forty/examples/alpha/00/',
    ])
      expect(text(page(dist, url), 'p.canary')).toContain(CANARY);
    expect(page(dist, '/runs/leader/')('p.canary').length).toBe(0);
  });

  it('carries its source in the Every Eval Ever export', () => {
    const record = JSON.parse(readFileSync(join(dist, 'runs', 'leader', 'eee.json'), 'utf8')) as {
      source_metadata: { source_name: string; additional_details: Record<string, string> };
    };
    expect(record.source_metadata.source_name).toBe('Benchscope, imported from example-org/published-outputs');
    const source = JSON.parse(record.source_metadata.additional_details['benchscope_source'] ?? '{}') as {
      commit?: string;
      licence?: string;
      reported?: { value: number };
    };
    expect([source.commit, source.licence, source.reported?.value]).toEqual([
      '0123456789abcdef0123456789abcdef01234567',
      'MIT',
      0.9,
    ]);
  });
});

describe('a model family served by two providers in one class', () => {
  it('compares them side by side with a paired test', () => {
    const $ = page(dist, '/models/fam-a/');
    expect(text($, '#providers-compared ~ div.table-wrap:nth-of-type(1) tbody')).toMatch(
      /^prov-x fam-a-model 90\.0% .+ 1 of \d+ prov-y fam-a-model 87\.5% .+ 2 of \d+$/,
    );
    const home = page(dist, '/');
    expect(home('#providers-question ~ ul a').attr('href')).toBe('/models/fam-a/#providers-compared');
    expect(text(home, '#providers-question ~ ul')).toBe('Family A on prov-x, prov-y (Forty Questions)');
    expect(text($, '#providers-compared ~ div.table-wrap:nth-of-type(2) tbody')).toMatch(
      /^prov-x vs prov-y \d+ \d+ p = [\d.]+ not distinguishable$/,
    );
  });
});
