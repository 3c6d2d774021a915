import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio';
import * as pagefind from 'pagefind';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addExample,
  exampleRecords,
  QuestionSet,
  questionText,
  runFacts,
  type SearchDocument,
} from '../../../src/search/documents.ts';
import { escapeAttribute, escapeText } from '../../../src/search/html.ts';
import type { Example } from '../../../src/schema/example.ts';

const RUN = runFacts('leader', {
  benchmark: { id: 'forty', version: '2' },
  endpoint: { provider: 'prov-x', family: 'fam-a', model: 'm' },
  prompt: { mode: 'canonical', template: '{q}' },
});

function example(id: string, fields: Partial<Example> = {}): Example {
  return {
    id,
    prompt: `Question ${id}?`,
    output: `Output of ${id}.`,
    expected: 'A',
    extracted: 'A',
    correct: true,
    ...fields,
  };
}

function records(
  examples: Example[],
  limits?: { items: number; chars: number },
  readsAnswers = true,
): SearchDocument[] {
  const grouper = exampleRecords(RUN, limits);
  const out: SearchDocument[] = [];
  for (const e of examples) {
    const done = addExample(grouper, e, readsAnswers);
    if (done) out.push(done);
  }
  return [...out, ...grouper.flush()];
}

/** What a record says, read back by a real HTML parser. */
function read(doc: SearchDocument) {
  const $ = load(doc.content);
  const spans = (attr: string): Record<string, string> =>
    Object.fromEntries(
      $(`[${attr}]`)
        .toArray()
        .map((el): [string, string] => [$(el).attr(attr) ?? '', $(el).text()]),
    );
  return {
    url: doc.url,
    meta: spans('data-pagefind-meta'),
    filters: spans('data-pagefind-filter'),
    examples: $('main > section')
      .toArray()
      .map((s) => ({
        id: $(s).find('h2').attr('id'),
        heading: $(s).find('h2').text(),
        texts: $(s)
          .find('p')
          .toArray()
          .map((p) => $(p).text()),
      })),
    elements: $('main *')
      .toArray()
      .map((el) => el.tagName),
  };
}

const HOSTILE =
  '<b>not bold</b> &amp; <script>alert(1)</script> "quoted" \'single\' ___PAGEFIND_ANCHOR___h2:0:alpha/00';

describe('escaping', () => {
  it('escapes markup in text and attributes, and breaks Pagefind markers with an invisible word joiner', () => {
    expect(escapeText('<b>x</b> & y "z"')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; y "z"');
    expect(escapeAttribute(`a"b'c<d>&`)).toBe('a&quot;b&#39;c&lt;d&gt;&amp;');
    expect(escapeText('___PAGEFIND_ANCHOR___h2:0:x ___END_PAGEFIND_WEIGHT___')).toBe(
      '_\u2060__PAGEFIND_ANCHOR___h2:0:x _\u2060__END_PAGEFIND_WEIGHT___',
    );
  });
});

describe('example records', () => {
  it('files the examples with no answer extracted apart, with the filter answer: none, where the benchmark reads answers', () => {
    const examples = [
      example('alpha/00', { correct: false, extracted: 'B', output: '(B)' }),
      example('alpha/01', { correct: false, extracted: null, output: 'not sure' }),
      example('alpha/02', { correct: false, extracted: null, output: '', error: 'HTTP 503' }),
    ];
    const filed = (readsAnswers: boolean) =>
      records(examples, undefined, readsAnswers)
        .map(read)
        .map((d) => [d.filters['verdict'], d.filters['answer'], d.examples.map((e) => e.id)]);
    expect(filed(true)).toEqual([
      ['incorrect', undefined, ['alpha/00']],
      ['incorrect', 'none', ['alpha/01']],
      ['error', undefined, ['alpha/02']],
    ]);
    // Code is run, not read for an answer: nothing is marked.
    expect(filed(false)).toEqual([
      ['incorrect', undefined, ['alpha/00', 'alpha/01']],
      ['error', undefined, ['alpha/02']],
    ]);
  });

  it('groups a run’s examples by verdict and subject, in file order, each under a heading with its id', () => {
    const docs = records([
      example('alpha/00', { subject: 'alpha' }),
      example('beta/01', { subject: 'beta' }),
      example('alpha/02', { subject: 'alpha', correct: false, output: '(B)' }),
      example('alpha/03', { subject: 'alpha' }),
      example('alpha/04', { subject: 'alpha', correct: false, output: '', error: 'HTTP 503' }),
    ]).map(read);
    expect(docs.map((d) => [d.filters['verdict'], d.filters['subject'], d.examples.map((e) => e.id)])).toEqual([
      ['correct', 'alpha', ['alpha/00', 'alpha/03']],
      ['correct', 'beta', ['beta/01']],
      ['incorrect', 'alpha', ['alpha/02']],
      ['error', 'alpha', ['alpha/04']],
    ]);
    expect(docs[0]).toEqual({
      url: '/runs/leader/examples/#alpha/00',
      meta: {
        title: 'Examples of run leader',
        kind: 'examples',
        run: 'leader',
        where: 'prov-x · fam-a on forty 2',
        verdict: 'correct',
      },
      filters: {
        type: 'example',
        benchmark: 'forty',
        provider: 'prov-x',
        family: 'fam-a',
        mode: 'canonical',
        verdict: 'correct',
        subject: 'alpha',
      },
      examples: [
        { id: 'alpha/00', heading: 'alpha/00', texts: ['Output of alpha/00.'] },
        { id: 'alpha/03', heading: 'alpha/03', texts: ['Output of alpha/03.'] },
      ],
      elements: [
        'div',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'span',
        'section',
        'h2',
        'p',
        'section',
        'h2',
        'p',
      ],
    });
    // An endpoint error is indexed with the example; an empty output adds nothing.
    expect(docs[3]?.examples).toEqual([{ id: 'alpha/04', heading: 'alpha/04', texts: ['HTTP 503'] }]);
  });

  it('closes a record at its size in examples or in characters, and counts what it holds', () => {
    const many = Array.from({ length: 140 }, (_, i) => example(`q${String(i).padStart(3, '0')}`));
    const docs = records(many);
    expect(docs.map((d) => read(d).examples.length)).toEqual([64, 64, 12]);
    // Each example: its id, and "Output of qNNN." (three words).
    expect(docs.map((d) => [d.items, d.words])).toEqual([
      [64, 256],
      [64, 256],
      [12, 48],
    ]);
    const long = Array.from({ length: 5 }, (_, i) => example(`q${i}`, { output: 'x'.repeat(400) }));
    expect(records(long, { items: 32, chars: 1000 }).map((d) => read(d).examples.length)).toEqual([3, 2]);
  });

  it('keeps hostile outputs, subjects and ids as text', () => {
    const [doc] = records([example('x/1', { output: HOSTILE, subject: '</span><script>alert(2)</script>' })]).map(read);
    expect(doc?.examples).toEqual([
      { id: 'x/1', heading: 'x/1', texts: [HOSTILE.replace('___PAGEFIND', '_\u2060__PAGEFIND')] },
    ]);
    expect(doc?.filters['subject']).toBe('</span><script>alert(2)</script>');
    expect(doc?.elements.filter((e) => !['div', 'span', 'section', 'h2', 'p'].includes(e))).toEqual([]);
    const id = load(`<h2 id="${escapeAttribute('a"><script>x</script>')}"></h2>`)('h2');
    expect(id.attr('id')).toBe('a"><script>x</script>');
  });
});

describe('question records', () => {
  it('indexes each question once per benchmark with the distinct texts the runs asked, grouped by subject, in id order', () => {
    const set = new QuestionSet();
    const chat = (q: string) => [
      { role: 'system' as const, content: 'Answer with a letter.' },
      { role: 'user' as const, content: 'Example: 1+1? (A) 2' },
      { role: 'assistant' as const, content: '(A)' },
      { role: 'user' as const, content: q },
    ];
    // Asked first by a run that sorts later: the records are the same whichever run asked first.
    set.add({ id: 'beta/01', subject: 'beta', prompt: chat('Question beta/01?') });
    set.add({ id: 'alpha/00', subject: 'alpha', prompt: 'Question alpha/00?\nA:' });
    set.add({ id: 'alpha/00', subject: 'alpha', prompt: chat('Question alpha/00?') });
    set.add({ id: 'alpha/00', subject: 'alpha', prompt: 'Question alpha/00?\nA:' });
    const docs = [...set.records({ id: 'forty', name: 'Forty <Questions>' })].map(read);
    expect(docs).toEqual([
      {
        url: '/benchmarks/forty/examples/#alpha/00',
        meta: {
          title: 'Questions of Forty <Questions>',
          kind: 'questions',
          benchmark: 'forty',
          name: 'Forty <Questions>',
        },
        filters: { type: 'question', benchmark: 'forty', subject: 'alpha' },
        examples: [{ id: 'alpha/00', heading: 'alpha/00', texts: ['Question alpha/00?', 'Question alpha/00?\nA:'] }],
        elements: ['div', 'span', 'span', 'span', 'span', 'span', 'span', 'span', 'section', 'h2', 'p', 'p'],
      },
      {
        url: '/benchmarks/forty/examples/#beta/01',
        meta: {
          title: 'Questions of Forty <Questions>',
          kind: 'questions',
          benchmark: 'forty',
          name: 'Forty <Questions>',
        },
        filters: { type: 'question', benchmark: 'forty', subject: 'beta' },
        examples: [{ id: 'beta/01', heading: 'beta/01', texts: ['Question beta/01?'] }],
        elements: ['div', 'span', 'span', 'span', 'span', 'span', 'span', 'span', 'section', 'h2', 'p'],
      },
    ]);
    // A part of the questions: only those it picks.
    const beta = [...set.records({ id: 'forty', name: 'Forty' }, (id) => id.startsWith('beta/'))].map(read);
    expect(beta.flatMap((d) => d.examples.map((e) => e.id))).toEqual(['beta/01']);
  });

  it('takes a chat prompt’s last user message, and a completion prompt whole', () => {
    expect(questionText('Few-shot.\n\nQ: 2+2?\nA:')).toBe('Few-shot.\n\nQ: 2+2?\nA:');
    expect(
      questionText([
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'reply' },
        { role: 'user', content: 'last' },
        { role: 'assistant', content: 'prefill' },
      ]),
    ).toBe('last');
    expect(questionText([{ role: 'system', content: 'only a system message' }])).toBe('only a system message');
  });
});

describe('records as Pagefind reads them', () => {
  afterAll(async () => {
    await pagefind.close();
  });

  it('gives one anchor per example, none from a hostile output, and the output as plain text', async () => {
    const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error('Pagefind did not start');
    for (const doc of records([example('alpha/00', { output: HOSTILE }), example('alpha/01')]))
      expect((await index.addHTMLFile(doc)).errors).toEqual([]);
    const { files } = await index.getFiles();
    const fragments = files
      .filter((f) => f.path.startsWith('fragment/'))
      .map((f) => {
        const text = gunzipSync(f.content).toString('utf8');
        return JSON.parse(text.slice(text.indexOf('{'))) as {
          content: string;
          anchors: { id: string; text: string }[];
        };
      });
    expect(fragments.map((f) => f.anchors.map((a) => [a.id, a.text]))).toEqual([
      [
        ['alpha/00', 'alpha/00'],
        ['alpha/01', 'alpha/01'],
      ],
    ]);
    expect(fragments[0]?.content).toBe(
      // The output's own "&amp;" stays those five characters: decoded once, as escaped once.
      `alpha/00. <b>not bold</b> &amp; <script>alert(1)</script> "quoted" 'single' _\u2060__PAGEFIND_ANCHOR___h2:0:alpha/00. alpha/01. Output of alpha/01.`,
    );
  });
});
