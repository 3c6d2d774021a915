import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadArchive, type Archive } from '../../../src/archive/load.ts';
import { runEntry, type RunEntry } from '../../../src/archive/loader.ts';
import { manifestOf } from '../../../src/archive/manifest.ts';
import type { ComparabilityClass } from '../../../src/lib/classes.ts';
import type { ClassCandidate, ScoredView } from '../../../src/page-data/data.ts';
import { handOverBuild } from '../../../src/pipeline/handoff.ts';
import type { Example } from '../../../src/schema/example.ts';
import { fixture } from '../../helpers/paths.ts';

/*
 * The pages read runs and the registry through Astro's content store (astro:content), which exists
 * only inside a build. Here it serves the site-comparison archive as the content loader stores it
 * (src/archive/loader.ts): each run an entry of its run file and the figures validation derived.
 */
interface StoredRun {
  id: string;
  data: RunEntry;
}
const store = vi.hoisted(() => ({
  archive: undefined as Archive | undefined,
  runs: undefined as StoredRun[] | undefined,
}));
vi.mock('astro:content', () => ({
  getCollection: (name: 'runs' | 'benchmarks' | 'models' | 'providers') => {
    if (!store.archive || !store.runs) throw new Error('the fixture archive is not loaded yet');
    if (name === 'runs') return Promise.resolve(store.runs);
    return Promise.resolve([...store.archive.registry[name].values()].map(({ id, data }) => ({ id, data })));
  },
}));
vi.mock('astro:config/server', () => ({}));

// Count the reads of examples files: a run's index handed over by validation spares one.
const reads = vi.hoisted(() => [] as string[]);
vi.mock('../../../src/archive/examples.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/archive/examples.ts')>();
  return {
    ...original,
    readExamples: (...args: Parameters<typeof original.readExamples>) => {
      reads.push(args[1]);
      return original.readExamples(...args);
    },
  };
});

const ROOT = fixture('site-comparison');
const ADDED = '2026-07-01T00:00:00.000Z';
const BENCHMARK = 'forty';

let archive: Archive;

/** The runs collection as the content loader fills it, in the order given. */
const entriesOf = (loaded: Archive): StoredRun[] =>
  loaded.runs.map((r) => ({ id: r.id, data: runEntry(r, loaded.root, ADDED) }));

/** A data module of its own: what it computes is kept per module instance, as in one build. */
async function freshData() {
  vi.resetModules();
  return import('../../../src/page-data/data.ts');
}

/** The examples of a run's file, as the file holds them, in its order. */
const examplesIn = (id: string): Example[] =>
  readFileSync(join(ROOT, 'runs', id, 'examples.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Example);

/** The runs of the archive that have examples. */
const scoredIds = () => archive.runs.filter((r) => r.examplesFile !== undefined).map((r) => r.id);

/** Member ids of a class, in rank order. */
const idsOf = (c: ComparabilityClass<ClassCandidate>) => c.members.map((m) => m.run.id);

beforeAll(async () => {
  archive = await loadArchive(ROOT);
  expect(archive.problems).toEqual([]);
});

beforeEach(() => {
  store.archive = archive;
  // Served newest id first: the store promises no order, the pages show one.
  store.runs = entriesOf(archive).reverse();
  reads.length = 0;
});

afterEach(() => {
  handOverBuild(undefined);
});

describe('the runs pages read', () => {
  it('are every run of the archive, sorted by id, whatever order the store gives them in', async () => {
    const ids = archive.runs.map((r) => r.id).sort((a, b) => a.localeCompare(b));
    expect(store.runs?.map((r) => r.id)).not.toEqual(ids);
    const data = await freshData();
    const runs = await data.getRuns();
    expect(runs.map((r) => r.id)).toEqual(ids);
    for (const view of runs) {
      expect(view.root).toBe(archive.root);
      expect(view.added).toBe(ADDED);
    }
  });

  it('give each run with examples its figures and a score interval around its score; the others have none', async () => {
    const data = await freshData();
    const runs = await data.getRuns();
    expect(runs.filter(data.isScoredView).map((v) => v.id)).toEqual(scoredIds().sort((a, b) => a.localeCompare(b)));
    for (const view of runs) {
      if (!data.isScoredView(view)) {
        // Runs that ended without examples (cancelled, failed) have nothing to score.
        expect(['cancelled', 'failed']).toContain(view.run.state);
        continue;
      }
      const { stats, interval } = view.scored;
      expect(stats.total).toBe(examplesIn(view.id).length);
      expect(stats.correct).toBe(examplesIn(view.id).filter((e) => e.correct).length);
      expect(interval.low).toBeLessThan(stats.score);
      expect(interval.high).toBeGreaterThan(stats.score);
      expect(interval.low).toBeGreaterThanOrEqual(0);
      expect(interval.high).toBeLessThanOrEqual(1);
    }
    // Fewer examples, a wider interval: the interrupted run answered 12, the leader 40.
    const width = (id: string) => {
      const { interval } = (runs.find((v) => v.id === id) as ScoredView).scored;
      return interval.high - interval.low;
    };
    expect(width('interrupted')).toBeGreaterThan(width('leader'));
  });

  it('are found by id, and an unknown id is an error that names it', async () => {
    const data = await freshData();
    const leader = await data.getRun('leader');
    expect(leader.run.id).toBe('leader');
    expect((await data.getRuns()).find((v) => v.id === 'leader')).toBe(leader);
    await expect(data.getRun('no-such-run')).rejects.toThrow('no run "no-such-run" in the archive');
  });

  it('credit each public release once, by repository, with its licences, commits and runs', async () => {
    const source = (repository: string, commit: string, licence: string) => ({
      repository,
      url: `https://github.com/${repository}`,
      commit: commit.repeat(40),
      path: 'results.json',
      licence,
      imported_with: 'npm run import -- release content/imports/x.yaml',
      dated_by: 'commit' as const,
    });
    const given: Record<string, ReturnType<typeof source>> = {
      leader: source('org/zeta', 'a', 'MIT'),
      'far-behind': source('org/alpha', 'b', 'Apache-2.0'),
      custom: source('org/zeta', 'c', 'CC-BY-4.0'),
      'close-second': source('org/zeta', 'a', 'MIT'),
    };
    store.runs = store.runs?.map((entry) => {
      const s = given[entry.id];
      return s ? { ...entry, data: { ...entry.data, run: { ...entry.data.run, source: s } } } : entry;
    });
    const data = await freshData();
    const sources = await data.getSources();
    expect(sources.map((s) => s.repository)).toEqual(['org/alpha', 'org/zeta']);
    const [alpha, zeta] = sources;
    expect(alpha?.runs.map((v) => v.id)).toEqual(['far-behind']);
    expect(alpha?.licences).toEqual(['Apache-2.0']);
    // Runs in id order; each licence and commit named once.
    expect(zeta?.runs.map((v) => v.id)).toEqual(['close-second', 'custom', 'leader']);
    expect(zeta?.licences.sort()).toEqual(['CC-BY-4.0', 'MIT']);
    expect(zeta?.commits.sort()).toEqual(['a'.repeat(40), 'c'.repeat(40)]);
    expect(zeta?.url).toBe('https://github.com/org/zeta');
  });

  it('credit no release when every run was submitted first-hand', async () => {
    const data = await freshData();
    expect(archive.runs.every((r) => r.run.source === undefined)).toBe(true);
    expect(await data.getSources()).toEqual([]);
  });
});

describe("a benchmark's comparability classes", () => {
  it('rank the canonical full-sample runs of the newest version together, the best score leading', async () => {
    const data = await freshData();
    const [lead] = await data.getClasses(BENCHMARK);
    expect(lead).toBeDefined();
    if (!lead) return;
    expect(lead.reasons).toEqual([]);
    expect(lead.version).toBe('2');
    expect(lead.mode).toBe('canonical');
    expect(lead.kind).toBe('full');
    // Every canonical, complete run of version 2: the same forty questions asked the same way.
    const expected = archive.runs
      .filter(
        (r) =>
          r.stats &&
          r.run.benchmark.version === '2' &&
          r.run.prompt.mode === 'canonical' &&
          r.run.state === 'completed' &&
          r.stats.total === 40,
      )
      .sort((a, b) => (b.stats?.score ?? 0) - (a.stats?.score ?? 0))
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(2);
    expect(idsOf(lead)).toEqual(expected);
    expect(lead.members[0]?.run.id).toBe('leader');
    expect(lead.members.map((m) => m.rank)).toEqual([1, 2, 3]);
    const scores = lead.members.map((m) => m.run.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('compare each member with the leader on the same examples: a close second cannot be told apart, a distant one can', async () => {
    const data = await freshData();
    const [lead] = await data.getClasses(BENCHMARK);
    const member = (id: string) => lead?.members.find((m) => m.run.id === id);
    expect(member('leader')?.indistinguishable).toBe(true);
    expect(member('leader')?.versusLeader).toBeUndefined();
    // 0.875 against 0.9 on forty shared questions: within noise.
    expect(member('close-second')?.versusLeader?.p).toBeGreaterThanOrEqual(0.05);
    expect(member('close-second')?.indistinguishable).toBe(true);
    // 0.5 against 0.9: not.
    expect(member('far-behind')?.versusLeader?.p).toBeLessThan(0.05);
    expect(member('far-behind')?.indistinguishable).toBe(false);
  });

  it('set apart the old version, the custom prompt and the partial runs, each with its reason, never with the leader', async () => {
    const data = await freshData();
    const classes = await data.getClasses(BENCHMARK);
    const classOf = (id: string) => {
      const found = classes.filter((c) => idsOf(c).includes(id));
      expect(found, id).toHaveLength(1);
      return found[0] as ComparabilityClass<ClassCandidate>;
    };
    const lead = classes[0];
    for (const id of ['old-version', 'custom', 'interrupted', 'subset-a', 'subset-b']) {
      const c = classOf(id);
      expect(c).not.toBe(lead);
      expect(idsOf(c)).not.toContain('leader');
      expect(c.reasons.length).toBeGreaterThan(0);
    }
    expect(classOf('old-version').reasons.join(' ')).toMatch(/version .*1.* not .*2.*: a different set of questions/);
    expect(classOf('custom').reasons.join(' ')).toMatch(/custom prompt/);
    expect(classOf('interrupted').reasons.join(' ')).toMatch(/12 of 40 examples \(the run was interrupted\)/);
    // The two subsets answered the same twenty questions: ranked together, the better one first.
    expect(classOf('subset-a')).toBe(classOf('subset-b'));
    expect(idsOf(classOf('subset-a'))).toEqual(['subset-a', 'subset-b']);
    expect(classOf('subset-a').reasons.join(' ')).toMatch(/20 of 40 examples \(a subset chosen by design\)/);
    // Every run with examples in exactly one class; the runs without none.
    expect(classes.flatMap(idsOf).sort()).toEqual(scoredIds().sort());
  });

  it('of a benchmark with no runs are none; an unknown benchmark is an error that names it', async () => {
    const data = await freshData();
    expect(await data.getClasses('unused')).toEqual([]);
    await expect(data.getClasses('no-such-benchmark')).rejects.toThrow(
      'no benchmark "no-such-benchmark" in the registry',
    );
  });
});

describe('the provider question of a class', () => {
  it('groups the members by model family, for the families two or more providers serve there', async () => {
    const data = await freshData();
    const [lead] = await data.getClasses(BENCHMARK);
    if (!lead) throw new Error('no leading class');
    // fam-a runs on prov-x (leader) and prov-y (close-second); fam-b only on prov-x (far-behind).
    const endpoint = (id: string) => archive.runs.find((r) => r.id === id)?.run.endpoint;
    expect(endpoint('leader')).toMatchObject({ family: 'fam-a', provider: 'prov-x' });
    expect(endpoint('close-second')).toMatchObject({ family: 'fam-a', provider: 'prov-y' });
    expect(endpoint('far-behind')).toMatchObject({ family: 'fam-b', provider: 'prov-x' });
    const families = data.familiesOnSeveralProviders(lead);
    expect([...families.keys()]).toEqual(['fam-a']);
    expect(families.get('fam-a')?.map((m) => m.run.id)).toEqual(['leader', 'close-second']);
  });

  it('is not asked of a family that two runs serve on one provider', async () => {
    const data = await freshData();
    const classes = await data.getClasses(BENCHMARK);
    const member = (id: string) => classes.flatMap((c) => c.members).find((m) => m.run.id === id);
    const leader = member('leader');
    const sameProvider = member('subset-a');
    const otherFamily = member('subset-b');
    if (!leader || !sameProvider || !otherFamily || !classes[0]) throw new Error('fixture runs missing');
    // A class made by hand: fam-a twice on prov-x, fam-b once on prov-y.
    expect(sameProvider.run.view.run.endpoint).toMatchObject({ family: 'fam-a', provider: 'prov-x' });
    expect(otherFamily.run.view.run.endpoint).toMatchObject({ family: 'fam-b', provider: 'prov-y' });
    const made = { ...classes[0], members: [leader, sameProvider, otherFamily] };
    expect(data.familiesOnSeveralProviders(made).size).toBe(0);
    // With a second provider for fam-a, that family alone is asked about.
    const close = member('close-second');
    if (!close) throw new Error('fixture run missing');
    const withSecond = data.familiesOnSeveralProviders({ ...made, members: [...made.members, close] });
    expect([...withSecond.keys()]).toEqual(['fam-a']);
    expect(withSecond.get('fam-a')?.map((m) => m.run.id)).toEqual(['leader', 'subset-a', 'close-second']);
  });
});

/** What the lists show of an example: the start of its output (or error) on one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe("a run's example summaries", () => {
  it('list its examples in file order, each with its verdict and a one-line preview of the output', async () => {
    const data = await freshData();
    for (const id of ['leader', 'far-behind', 'subset-a']) {
      const view = (await data.getRun(id)) as ScoredView;
      const summaries = await data.getExampleSummaries(view);
      const examples = examplesIn(id);
      expect(summaries.map((s) => s.id)).toEqual(examples.map((e) => e.id));
      summaries.forEach((s, i) => {
        const example = examples[i] as Example;
        expect(s.index).toBe(i);
        expect(s.subject).toBe(example.subject);
        expect(s.correct).toBe(example.correct);
        expect(s.error).toBe(example.error !== undefined);
        expect(s.preview).not.toMatch(/[\r\n\t]|^\s|\s$/);
        expect(s.preview.length).toBeLessThanOrEqual(90);
        const shown = flat(example.error ?? example.output);
        if (s.preview.endsWith('…')) expect(shown.startsWith(s.preview.slice(0, -1))).toBe(true);
        else expect(s.preview).toBe(shown);
      });
    }
  });

  it("preview the leader's first output on one line, its markup as text", async () => {
    const data = await freshData();
    const [first] = await data.getExampleSummaries((await data.getRun('leader')) as ScoredView);
    // The output starts with a line break and spaces, and holds a tab, markup and a CRLF.
    expect(examplesIn('leader')[0]?.output).toMatch(/^\n {2}leading/);
    expect(first?.preview).toMatch(/^leading newline and spaces <b>not bold<\/b> &amp; <script>/);
  });

  it('show an endpoint error in place of the output, the example counted incorrect', async () => {
    const data = await freshData();
    const summaries = await data.getExampleSummaries((await data.getRun('far-behind')) as ScoredView);
    const failed = examplesIn('far-behind').filter((e) => e.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    for (const example of failed) {
      const summary = summaries.find((s) => s.id === example.id);
      expect(summary).toMatchObject({ error: true, correct: false, preview: flat(example.error ?? '') });
    }
    expect(summaries.filter((s) => s.error)).toHaveLength(failed.length);
  });

  it('are read from the examples file when no build handed an index over, each file once', async () => {
    const data = await freshData();
    const views = (await data.getRuns()).filter(data.isScoredView);
    for (const view of views) await data.getExampleSummaries(view);
    // The classes (paired tests), the cross-endpoint index and a second ask read nothing more.
    await data.getClasses(BENCHMARK);
    await data.getCrossIndex(BENCHMARK);
    for (const view of views) await data.getExampleSummaries(view);
    expect(reads.sort()).toEqual(views.map((v) => v.scored.examplesFile).sort());
  });

  it('come from the index validation handed over, without reading the examples file', async () => {
    const fromFiles = await freshData();
    const expected = new Map<string, unknown>();
    for (const view of (await fromFiles.getRuns()).filter(fromFiles.isScoredView))
      expected.set(view.id, await fromFiles.getExampleSummaries(view));
    expect(reads.length).toBe(expected.size);

    const manifest = manifestOf(await loadArchive(ROOT, { index: true }));
    if (!manifest) throw new Error('the fixture archive did not validate');
    expect(manifest.runs.filter((r) => r.index).map((r) => r.id)).toEqual([...expected.keys()].sort());
    handOverBuild({ manifest });
    reads.length = 0;
    const data = await freshData();
    const views = (await data.getRuns()).filter(data.isScoredView);
    for (const view of views) {
      const summaries = await data.getExampleSummaries(view);
      expect(summaries).toEqual(expected.get(view.id));
      // The very list validation made, not a second reading of the file.
      expect(summaries).toBe(manifest.runs.find((r) => r.id === view.id)?.index?.summaries);
    }
    await data.getClasses(BENCHMARK);
    await data.getCrossIndex(BENCHMARK);
    expect(reads).toEqual([]);
  });
});

describe("random access to a run's examples", () => {
  const setups = {
    'with the index validation handed over': async () => {
      const manifest = manifestOf(await loadArchive(ROOT, { index: true }));
      handOverBuild(manifest && { manifest });
    },
    'with the index read from the file': () => Promise.resolve(),
  };

  for (const [name, setUp] of Object.entries(setups))
    it(`finds each example by id, as its line in the file holds it, ${name}`, async () => {
      await setUp();
      const data = await freshData();
      for (const id of ['leader', 'far-behind', 'old-version']) {
        const view = (await data.getRun(id)) as ScoredView;
        const examples = examplesIn(id);
        // Last first, then first and middle: each read at its own place, not in passing.
        for (const example of [examples.at(-1), examples[0], examples[Math.floor(examples.length / 2)]]) {
          if (!example) throw new Error(`${id} has no examples`);
          expect(await data.getExample(view, example.id)).toEqual(example);
        }
      }
    });

  it('throws for an id the run does not have, naming the run and the id', async () => {
    const data = await freshData();
    const leader = (await data.getRun('leader')) as ScoredView;
    // q00 is a question of version 1, which the leader did not answer.
    await expect(data.getExample(leader, 'q00')).rejects.toThrow('run leader has no example "q00"');
    await expect(data.getExample(leader, 'alpha/nope')).rejects.toThrow('run leader has no example "alpha/nope"');
  });

  it('still finds examples after the cross-endpoint pages released them', async () => {
    const data = await freshData();
    const leader = (await data.getRun('leader')) as ScoredView;
    const last = examplesIn('leader').at(-1);
    expect(await data.getExample(leader, last?.id ?? '')).toEqual(last);
    await data.releaseCrossIndex(BENCHMARK);
    expect(await data.getExample(leader, last?.id ?? '')).toEqual(last);
  });
});

describe("a benchmark's cross-endpoint index", () => {
  it('lists every example id with the runs that answered it, in run order', async () => {
    const data = await freshData();
    const index = await data.getCrossIndex(BENCHMARK);
    const expected = new Map<string, string[]>();
    for (const id of scoredIds().sort((a, b) => a.localeCompare(b)))
      for (const example of examplesIn(id)) expected.set(example.id, [...(expected.get(example.id) ?? []), id]);
    expect(new Map([...index].map(([id, views]) => [id, views.map((v) => v.id)]))).toEqual(expected);
    // A question of version 1 has the one run of that version; a question every run of version 2 asked has them all.
    expect(index.get('q00')?.map((v) => v.id)).toEqual(['old-version']);
    expect(index.get('alpha/00')?.map((v) => v.id)).toEqual(
      scoredIds()
        .filter((id) => id !== 'old-version')
        .sort((a, b) => a.localeCompare(b)),
    );
    // The runs that ended without examples answered nothing.
    const answering = new Set([...index.values()].flat().map((v) => v.id));
    expect(answering.has('cancelled') || answering.has('failed')).toBe(false);
  });

  it('is empty for a benchmark no run answered', async () => {
    const data = await freshData();
    expect((await data.getCrossIndex('unused')).size).toBe(0);
  });
});
