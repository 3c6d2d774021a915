import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.ts';
import { Z95 } from '../../src/lib/intervals.ts';
import { fixture, OUT, PROJECT, SAMPLE } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';
import { page, text } from '../helpers/site.ts';

let fixtureSite = '';
let sample = '';
let real = '';

/** The repository's registry with its three HumanEval runs (164 examples each): the real explainers, built quickly. */
function smallRealArchive(): string {
  const root = join(OUT, 'real-registry-archive');
  rmSync(root, { recursive: true, force: true });
  cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
  for (const id of readdirSync(join(PROJECT, 'runs')).filter((r) => r.startsWith('humaneval-')))
    cpSync(join(PROJECT, 'runs', id), join(root, 'runs', id), { recursive: true });
  return root;
}

beforeAll(async () => {
  fixtureSite = await buildOnce('site-comparison', 'site-comparison');
  sample = await buildOnce('sample', SAMPLE);
  real = await buildOnce('real-registry', smallRealArchive());
}, 400_000);

describe('the explainers', () => {
  it.each([
    [
      'how-results-work',
      [
        'what-a-run-is',
        'comparability',
        'canonical-vs-custom',
        'sample-scope',
        'lifecycle-states',
        'what-you-can-infer',
        'raw-outputs',
      ],
    ],
    [
      'reading-scores',
      ['gaps-and-noise', 'intervals', 'paired-tests', 'human-ceilings', 'contamination', 'spread', 'point-in-time'],
    ],
    ['openness', ['dimensions', 'levels', 'why-openness']],
  ])('/learn/%s/ has a section for each topic, with its anchor', (slug, anchors) => {
    const $ = page(fixtureSite, `/learn/${slug}/`);
    for (const anchor of anchors) expect($(`h2#${anchor}, h3#${anchor}`).length, anchor).toBe(1);
  });

  it('the lifecycle section names all six states and which carry scores', () => {
    const section = text(page(fixtureSite, '/learn/how-results-work/'), 'table');
    for (const state of ['Queued', 'Running', 'Completed', 'Partial', 'Failed', 'Cancelled'])
      expect(section).toContain(state);
  });

  it('pulls live figures from the archive being built', () => {
    const intro = text(page(fixtureSite, '/learn/how-results-work/'), 'article p:has(.live-figure)');
    expect(intro).toMatch(/The archive currently holds 10 runs of 1 benchmarks, with 242 individual examples\.$/);
    const sampleIntro = text(page(sample, '/learn/how-results-work/'), 'article p:has(.live-figure)');
    expect(sampleIntro).toMatch(
      /The archive currently holds 20 runs of 3 benchmarks, with 2,998 individual examples\.$/,
    );
  });

  it('works the interval and the paired test through on runs of the archive', () => {
    // The pair with the widest gap the test cannot confirm: the two runs of the 20-example subset.
    const $ = page(fixtureSite, '/learn/reading-scores/');
    const worked = text($, '#paired-tests ~ div.worked:first-of-type');
    expect(worked).toContain(
      'the leader is prov-x · fam-a with 15 of 20 correct, and prov-y · fam-b ranks 2 with 12 of 20',
    );
    expect(worked).toContain('53.1% to 88.8%');
    expect(worked).toContain('3 were right only for the leader and 0 only for the other run');
    expect(worked).toContain('p = 0.25');
    // A gap between two percentages is in percentage points, never itself a percentage.
    expect(worked).toContain('the data cannot tell these two runs apart, despite a gap of 15.0 percentage points');
    expect(text($, 'main')).not.toMatch(/gap of \d+(\.\d+)?%/);
    expect($('#paired-tests ~ div.worked a[href="/runs/subset-a/"]').length).toBe(1);
  });

  it('states the z the site computes its intervals with', () => {
    const words = text(page(fixtureSite, '/learn/reading-scores/'), '#intervals ~ p');
    const stated = [...words.matchAll(/\bz = (\d+(?:\.\d+)?)/g)].map((m) => m[1]);
    expect(stated.length).toBeGreaterThan(0);
    for (const z of stated) expect(z).toBe(Z95.toFixed(6));
    expect(words).not.toMatch(/z = 1\.96\b|± 1\.96\b/);
    expect(readFileSync(join(PROJECT, 'docs', 'site.md'), 'utf8')).toContain(String(Z95));
  });

  it('links a live per-subject table and an example card to real pages', () => {
    const $ = page(fixtureSite, '/learn/reading-scores/');
    expect($('#spread ~ .worked table.breakdown tbody tr').length).toBe(2);
    const card = page(fixtureSite, '/learn/how-results-work/')('aside.example-card a').first().attr('href') ?? '';
    expect(card).toMatch(/^\/runs\/[^/]+\/examples\/.+\/$/);
  });

  it('explains every benchmark, with live figures where its explainer cites runs', () => {
    const explained = (site: string, id: string) => {
      const $ = page(site, `/learn/benchmarks/${id}/`);
      expect($('.prose h2').length, id).toBeGreaterThanOrEqual(3);
      expect(text($, '.prose'), id).toMatch(/caveat/i);
    };
    for (const id of ['quiz-synth', 'math-synth', 'code-synth']) explained(sample, id);
    // The repository's own registry, built with three of its smallest real runs.
    for (const id of readdirSync(join(PROJECT, 'content', 'benchmarks')).map((f) => f.replace(/\.mdx?$/, '')))
      explained(real, id);
    const quiz = page(sample, '/learn/benchmarks/quiz-synth/');
    expect(quiz('.run-score a').attr('href')).toBe('/runs/quiz-synth-v2-cinder-quillstack/');
    expect(quiz('aside.example-card a').first().attr('href')).toBe(
      '/runs/quiz-synth-v2-cinder-quillstack/examples/astronomy/0001/',
    );
    // The comparison page shows the summary and links to the whole explainer.
    const compare = page(sample, '/benchmarks/quiz-synth/');
    expect(compare('#measures ~ p a[href="/learn/benchmarks/quiz-synth/"]').length).toBe(1);
  });
});

describe('the glossary', () => {
  it('lets table headers and badges explain themselves and link to the explainer section', () => {
    const $ = page(fixtureSite, '/benchmarks/forty/');
    const custom = $('tr[data-run="custom"] a.prompt-custom');
    expect(custom.attr('title')).toMatch(/prompt/);
    expect(custom.attr('href')).toBe('/learn/how-results-work/#canonical-vs-custom');
    const partial = $('tr[data-run="interrupted"] .score a.scope-partial');
    expect(partial.attr('href')).toBe('/learn/how-results-work/#sample-scope');
    expect($('tr[data-run="leader"] a.state').attr('href')).toBe('/learn/how-results-work/#lifecycle-states');
    expect($('thead a.explain-link').first().attr('href')).toBe('/learn/reading-scores/#intervals');
    expect(page(fixtureSite, '/models/fam-a/')('a.level').attr('href')).toBe('/learn/openness/#levels');
  });
});

describe('a broken reference in an explainer', () => {
  it('fails the build with a message naming the file, the line and the reference', async () => {
    const result = await script('build', [], {
      BENCHSCOPE_ARCHIVE: fixture('broken-mdx-reference'),
      BENCHSCOPE_OUT: join(OUT, 'broken-mdx', 'dist'),
    });
    expect(result.code).toBe(1);
    for (const line of readFileSync(join(fixture('broken-mdx-reference'), 'expected-problems.txt'), 'utf8')
      .split('\n')
      .filter(Boolean))
      expect(result.stderr).toContain(line);
  }, 60_000);
});
