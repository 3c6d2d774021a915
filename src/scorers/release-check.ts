// Re-scoring a published release with our scorers and setting our accuracy beside the publisher's.
// Pure: the caller hands in a ReleaseFiles (scripts/score-release.ts passes the file system), so this module
// keeps src/scorers/ free of I/O. Three layouts, one per release we import:
//  - zeroeval-gsm / zeroeval-math-l5: <root>/<task>/<model>.json (arrays of {id, output: [reply], answer}) and
//    the published table <root>/<task>.summary.json ({Model, Acc, "No answer", Total} rows);
//  - bbh: <root>/code-davinci-002-{cot,direct}/<task>_few_shot_template_0-255000.json ({outputs: [{prediction,
//    target}]}) and the published <same name>_eval_metrics.jsonl ({"accuracy": …}).

import { getScorer } from './index.ts';
import type { Answer, Scorer, Verdict } from './types.ts';

export interface ReleaseFiles {
  /** File names (not paths) in a folder, or [] when it does not exist. */
  list(dir: string): string[];
  read(path: string): string;
}

export interface ItemVerdict {
  id: string;
  expected: Answer;
  verdict: Verdict;
}

export interface RunCheck {
  /** The run's file, relative to the release root. */
  file: string;
  scorer: Scorer;
  items: ItemVerdict[];
  correct: number;
  /** Items with no answer read (extracted null). */
  noAnswer: number;
  /** Our accuracy in percent. */
  accuracy: number;
  /** The publisher's accuracy in percent, or null when the release publishes none for this file. */
  published: number | null;
  /** The publisher's "no answer" share in percent, when published. */
  publishedNoAnswer: number | null;
  /** The publisher's item count, when published and different from ours (a warning, not a figure). */
  publishedTotal: number | null;
}

export const LAYOUTS = ['zeroeval-gsm', 'zeroeval-math-l5', 'bbh'] as const;
export type Layout = (typeof LAYOUTS)[number];

const DEFAULT_SCORER: Record<Layout, string> = {
  'zeroeval-gsm': 'json-answer-number',
  'zeroeval-math-l5': 'math-answer',
  bbh: 'bbh-answer',
};

/**
 * ZeroEval's tables name some runs differently from their files (its summaries rename models when
 * printing). A fact of the release, recorded here so each file finds its row; every other file's row has
 * the file's own name.
 */
const ZEROEVAL_TABLE_NAMES: Record<string, string> = {
  'deepseek-chat': 'deepseek-v2-chat-0628',
  'deepseek-coder': 'deepseek-v2-coder-0614',
  'DeepSeek-Coder-V2-0724': 'deepseek-v2-coder-0724',
  'Llama-3.1-405B-Instruct-Turbo': 'Llama-3.1-405B-Inst-fp8@together',
  'Meta-Llama-3.1-405B-Instruct@hyperbolic': 'Llama-3.1-405B-Inst@hyperbolic',
  'gemma-2-27b-it@together': 'gemma-2-27b-it',
  'gemma-2-27b-it@nvidia': 'gemma-2-27b-it',
  'gemma-2-9b-it@together': 'gemma-2-9b-it',
  'gemma-2-9b-it@nvidia': 'gemma-2-9b-it',
};

function summarise(file: string, scorer: Scorer, items: ItemVerdict[], published: Partial<RunCheck>): RunCheck {
  const correct = items.filter((i) => i.verdict.correct).length;
  const noAnswer = items.filter((i) => i.verdict.extracted === null).length;
  return {
    file,
    scorer,
    items,
    correct,
    noAnswer,
    accuracy: items.length ? (100 * correct) / items.length : 0,
    published: published.published ?? null,
    publishedNoAnswer: published.publishedNoAnswer ?? null,
    publishedTotal: published.publishedTotal ?? null,
  };
}

function zeroeval(fs: ReleaseFiles, root: string, task: string, scorer: Scorer): RunCheck[] {
  const rows = JSON.parse(fs.read(`${root}/${task}.summary.json`)) as Record<string, unknown>[];
  const byName = new Map(rows.map((r) => [String(r['Model']), r]));
  return fs
    .list(`${root}/${task}`)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const data = JSON.parse(fs.read(`${root}/${task}/${f}`)) as { id: string; output: string[]; answer: Answer }[];
      const items = data.map((x) => ({
        id: x.id,
        expected: x.answer,
        verdict: scorer.score(x.output[0] ?? '', x.answer),
      }));
      const stem = f.slice(0, -'.json'.length);
      const row = byName.get(stem) ?? byName.get(ZEROEVAL_TABLE_NAMES[stem] ?? '');
      const total = row ? Number(row['Total']) : null;
      return summarise(`${task}/${f}`, scorer, items, {
        published: row ? Number(row['Acc']) : null,
        publishedNoAnswer: row ? Number(row['No answer']) : null,
        publishedTotal: total !== null && total !== items.length ? total : null,
      });
    });
}

function bbh(fs: ReleaseFiles, root: string, scorer: Scorer): RunCheck[] {
  const checks: RunCheck[] = [];
  for (const mode of fs
    .list(root)
    .filter((d) => d.startsWith('code-davinci-002-'))
    .sort()) {
    for (const f of fs
      .list(`${root}/${mode}`)
      .filter((n) => n.endsWith('_0-255000.json'))
      .sort()) {
      const { outputs } = JSON.parse(fs.read(`${root}/${mode}/${f}`)) as {
        outputs: { prediction: string; target: string }[];
      };
      // A scorer other than bbh-answer may only apply to some tasks (multiple-choice-letter: lettered targets).
      if (scorer.id === 'multiple-choice-letter' && !outputs.every((o) => /^\([A-J]\)$/.test(o.target))) continue;
      const items = outputs.map((o, i) => ({
        id: `${f.replace(/_few_shot.*$/, '')}#${i}`,
        expected: o.target,
        verdict: scorer.score(o.prediction, o.target),
      }));
      const metrics = fs
        .read(`${root}/${mode}/${f.replace(/\.json$/, '_eval_metrics.jsonl')}`)
        .trim()
        .split('\n')[0];
      const accuracy = metrics ? (JSON.parse(metrics) as { accuracy?: number }).accuracy : undefined;
      checks.push(summarise(`${mode}/${f}`, scorer, items, { published: accuracy ?? null }));
    }
  }
  return checks;
}

/** Scores every run of the release with the layout's scorer (or the one named). */
export function checkRelease(fs: ReleaseFiles, layout: Layout, root: string, scorerId?: string): RunCheck[] {
  const scorer = getScorer(scorerId ?? DEFAULT_SCORER[layout]);
  if (layout === 'bbh') return bbh(fs, root, scorer);
  return zeroeval(fs, root, layout === 'zeroeval-gsm' ? 'gsm' : 'math-l5', scorer);
}

/** Percentage-point difference, ours minus the publisher's (null when they publish none). */
export function difference(check: RunCheck): number | null {
  return check.published === null ? null : check.accuracy - check.published;
}

const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));

/** One table: run, items, ours, theirs, difference, no-answer shares; runs beyond the tolerance flagged. */
export function formatTable(checks: RunCheck[], tolerance = 0.5, markdown = false): string {
  const head = ['run', 'n', 'ours %', 'published %', 'diff pp', 'no answer % (ours / published)', ''];
  const rows = checks.map((c) => {
    const d = difference(c);
    const n = c.publishedTotal === null ? String(c.items.length) : `${c.items.length} (published ${c.publishedTotal})`;
    return [
      c.file.replace(/_few_shot_template_0-255000\.json$/, '').replace(/\.json$/, ''),
      n,
      fmt(c.accuracy),
      fmt(c.published),
      d === null ? '—' : `${d >= 0 ? '+' : ''}${d.toFixed(2)}`,
      `${fmt((100 * c.noAnswer) / Math.max(1, c.items.length))} / ${fmt(c.publishedNoAnswer)}`,
      d !== null && Math.abs(d) > tolerance + 1e-9 ? `> ${tolerance}` : '',
    ];
  });
  const within = checks.filter((c) => {
    const d = difference(c);
    return d !== null && Math.abs(d) <= tolerance + 1e-9;
  }).length;
  const footer = `${within} of ${checks.length} runs within ${tolerance} pp of the published figure (scorer ${checks[0]?.scorer.id ?? '—'} v${checks[0]?.scorer.version ?? '—'}).`;
  if (markdown) {
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line), '', footer].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line), footer].join('\n');
}

/** A publisher's per-item verdicts, when one is at hand: file name → item id → correct. */
export type PublisherVerdicts = Record<string, Record<string, boolean>>;

/** The items where our verdict and the publisher's differ, with what our rule read and said. */
export function formatDifferences(check: RunCheck, theirs: Record<string, boolean>, limit = Infinity): string {
  const lines: string[] = [];
  for (const item of check.items) {
    const t = theirs[item.id];
    if (t === undefined || t === item.verdict.correct) continue;
    lines.push(
      `  ${item.id}: ours ${item.verdict.correct ? 'correct' : 'incorrect'}, publisher ${t ? 'correct' : 'incorrect'} — ${item.verdict.rule}${item.verdict.notes ? ` (${item.verdict.notes})` : ''}`,
    );
  }
  const shown = lines.slice(0, limit);
  if (lines.length > shown.length) shown.push(`  … and ${lines.length - shown.length} more`);
  return [`${check.file}: ${lines.length} items differ`, ...shown].join('\n');
}
