import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { fixture, OUT, PROJECT } from '../helpers/paths.ts';
import { page } from '../helpers/site.ts';

// The site-comparison archive with a twin of its leader: two runs tie for the lead of a class.
let dist = '';

beforeAll(async () => {
  // Not under test/.out/tied-lead/: buildOnce empties that folder first.
  const archive = join(OUT, 'tied-lead-archive');
  rmSync(archive, { recursive: true, force: true });
  cpSync(fixture('site-comparison'), archive, { recursive: true });
  const twin = join(archive, 'runs', 'leader-twin');
  cpSync(join(archive, 'runs', 'leader'), twin, { recursive: true });
  const run = JSON.parse(readFileSync(join(twin, 'run.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(twin, 'run.json'), JSON.stringify({ ...run, id: 'leader-twin' }, null, 2));
  dist = await buildOnce('tied-lead', archive);
}, 180_000);

describe('a tie for the lead of a class', () => {
  it('says under the table which tied run the others are tested against, and why', () => {
    const $ = page(dist, '/benchmarks/forty/');
    const section = $('#class-1').closest('section');
    const rows = section
      .find('table.comparison tbody tr')
      .toArray()
      .map((tr) => [$(tr).attr('data-run'), $(tr).find('td').first().text().trim()]);
    expect(rows.slice(0, 2)).toEqual([
      ['leader', '1'],
      ['leader-twin', '1'],
    ]);
    expect(section.find('.table-note').text().replace(/\s+/g, ' ').trim()).toBe(
      '2 runs tie for the lead: the others are tested against leader, the first of the tied runs by run id. The choice is arbitrary but stable, and it changes nothing for the tied runs: with the same score on the same examples, each is indistinguishable from it.',
    );
    expect(section.find('tr[data-run="leader-twin"]').hasClass('indistinguishable')).toBe(true);
    // A class without a tie says nothing of the kind.
    expect($('#class-2').closest('section').find('.table-note').length).toBe(0);
  });

  it('is explained in docs/site.md', () => {
    const site = readFileSync(join(PROJECT, 'docs', 'site.md'), 'utf8');
    expect(site).toContain('When several runs tie for the lead (rank 1),\nit is the first of them by run id');
  });
});
