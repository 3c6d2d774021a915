import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { load, type CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeText } from '../../src/search/html.ts';
import { buildOnce } from '../helpers/build.ts';
import { OUT } from '../helpers/paths.ts';
import { script } from '../helpers/run.ts';
import { htmlPages, page, runPageFields } from '../helpers/site.ts';
import {
  CATEGORIES,
  EDGES,
  readUnicodeArchive,
  shownText,
  unicodeFiles,
  writeUnicodeArchive,
} from '../helpers/unicode.ts';

// Property-based: every text field of two runs holds strings drawn from every Unicode general
// category and edge (test/helpers/unicode.ts). The archive validates, builds, is indexed for search,
// and every page reads each string back exactly, or as docs/format.md says it is shown (NUL and lone
// surrogates as U+FFFD). `npm test` runs a small archive; `npm run test:unicode` a larger one (2,000 examples a run, seed "wide"), and
// BENCHSCOPE_UNICODE_EXAMPLES and BENCHSCOPE_UNICODE_SEED choose the size and the seed.
const SEED = process.env['BENCHSCOPE_UNICODE_SEED'] ?? 'npm-test';
const COUNT = Number(process.env['BENCHSCOPE_UNICODE_EXAMPLES'] ?? 8);
const ROOT = join(OUT, 'unicode-text');
const ARCHIVE = join(ROOT, 'archive');
const CACHE = join(ROOT, 'cache');
const RUNS = ['unicode-chat', 'unicode-plain'];
let dist = '';

beforeAll(async () => {
  writeUnicodeArchive(ARCHIVE, SEED, COUNT);
  dist = await buildOnce(`unicode-site-${SEED}-${COUNT}`, ARCHIVE, { BENCHSCOPE_CACHE: CACHE });
}, 600_000);

/** Every string inside a value, ids and enumerated values aside. */
function strings(value: unknown, skip: ReadonlySet<string>): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, skip));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (skip.has(k) ? [] : strings(v, skip)));
  return [];
}

/** The untrusted texts of a page, as an HTML parser reads them. */
function untrustedTexts($: CheerioAPI): Set<string> {
  const out = new Set<string>();
  $('bdi.untrusted, pre.text').each((_, el) => {
    out.add($(el).text());
  });
  return out;
}

const failure = (where: string, value: string) => `seed ${SEED}, ${where}: ${JSON.stringify(value.slice(0, 80))}`;

describe(`generated Unicode in every text field (seed ${SEED}, ${COUNT} examples a run)`, () => {
  it('draws from every general category and every edge', () => {
    const all = [...unicodeFiles(SEED, COUNT).values()].join('');
    const texts = RUNS.flatMap((run) => {
      const { run: json, examples } = readUnicodeArchive(ARCHIVE, run);
      return [...strings(json, new Set(['id'])), ...examples.flatMap((x) => strings(x, new Set(['id'])))];
    });
    for (const category of CATEGORIES) {
      // Surrogates reach the file as \u escapes: look for them in the parsed strings.
      const re = new RegExp(`\\p{gc=${category}}`, 'u');
      expect(
        texts.some((t) => re.test(t.toWellFormed()) || (category === 'Cs' && !t.isWellFormed())),
        category,
      ).toBe(true);
    }
    for (const [edge, pieces] of Object.entries(EDGES))
      expect(
        pieces.some((p) => texts.some((t) => t.includes(p))),
        edge,
      ).toBe(true);
    // Written raw, as other tools write them.
    expect(all).toMatch(/\u2028/);
    expect(texts.some((t) => t.length > 500_000)).toBe(true);
  });

  it('validates', async () => {
    const result = await script('validate', [ARCHIVE]);
    expect(result.stdout + result.stderr).not.toMatch(/problem/i);
    expect(result.code).toBe(0);
  }, 120_000);

  it('reads every example field back exactly on its page', () => {
    let compared = 0;
    for (const run of RUNS)
      for (const example of readUnicodeArchive(ARCHIVE, run).examples) {
        const texts = untrustedTexts(page(dist, `/runs/${run}/examples/${example.id}/`));
        for (const value of strings(example, new Set(['id', 'role']))) {
          if (value === '') continue;
          compared++;
          expect(texts.has(shownText(value)), failure(`${run}/${example.id}`, value)).toBe(true);
        }
      }
    expect(compared).toBeGreaterThan(COUNT * 20);
  });

  it('reads every run field back exactly on the run page', () => {
    for (const run of RUNS) {
      const { run: json } = readUnicodeArchive(ARCHIVE, run);
      const texts = untrustedTexts(page(dist, `/runs/${run}/`));
      for (const value of runPageFields(json))
        expect(texts.has(shownText(value)), failure(`/runs/${run}/`, value)).toBe(true);
    }
  });

  it('indexes every output for search, in records any line reader reads whole', () => {
    const dir = join(CACHE, 'search');
    expect(existsSync(dir)).toBe(true);
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.jsonl') ? [join(d, e.name)] : [],
      );
    const contents: string[] = [];
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8');
      // Every line terminator a reader may split on (readline's, JavaScript's) ends a record, or none.
      for (const line of text.split(/\r\n|[\n\r\u2028\u2029]/).filter(Boolean))
        contents.push((JSON.parse(line) as { content: string }).content);
    }
    expect(contents.length).toBeGreaterThan(0);
    const indexed = contents.join('');
    for (const run of RUNS)
      for (const example of readUnicodeArchive(ARCHIVE, run).examples)
        for (const value of [example['output'], example['error']])
          if (typeof value === 'string' && value !== '')
            expect(indexed.includes(escapeText(value)), failure(`search ${run}/${example.id}`, value)).toBe(true);
    expect(existsSync(join(dist, 'pagefind', 'shards.json'))).toBe(true);
  });

  it('keeps every string exactly in the downloads, and the EEE samples in lines any reader reads whole', () => {
    for (const run of RUNS) {
      const { examples } = readUnicodeArchive(ARCHIVE, run);
      const download = JSON.parse(gunzipSync(readFileSync(join(dist, 'runs', `${run}.json.gz`))).toString('utf8')) as {
        examples: unknown[];
      };
      expect(download.examples).toEqual(examples);
      const text = gunzipSync(readFileSync(join(dist, 'runs', run, 'eee_samples.jsonl.gz'))).toString('utf8');
      const lines = text.split(/\r\n|[\n\r\u2028\u2029]/).filter(Boolean);
      expect(lines).toHaveLength(examples.length);
      const held = new Set(lines.flatMap((l) => strings(JSON.parse(l), new Set())));
      for (const example of examples)
        expect(
          held.has(String(example['output'])),
          failure(`EEE ${run}/${example.id}`, String(example['output'])),
        ).toBe(true);
    }
  });

  it('runs nothing: every script is a file of the site, and no element carries a handler', () => {
    for (const file of htmlPages(dist)) {
      const $ = load(readFileSync(join(dist, file), 'utf8'));
      $('script').each((_, el) => {
        expect($(el).attr('src'), file).toMatch(/^\/_astro\/[\w.-]+\.js$/);
      });
      $('*').each((_, el) => {
        for (const name of Object.keys($(el).attr() ?? {})) expect(name, file).not.toMatch(/^on/i);
      });
    }
  });
});
