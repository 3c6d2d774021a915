// Normalising a MATH-style final answer written in LaTeX or plain text to a number when it is one.
// Each step is here because real answer fields write the same number that way.

import { evaluateArithmetic } from './arithmetic.ts';
import { parsePlainNumber } from './numbers.ts';

export interface NormalisedAnswer {
  /** The number the answer is, when it is exactly one number; null otherwise. */
  value: number | null;
  /** The answer after normalisation, for string comparison when it is not a number. */
  text: string;
}

/** The content of the brace group that opens at text[open] ("{"), or null when it never closes. */
function group(text: string, open: number): { inner: string; end: number } | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

/** Replaces every `\command{…}` with what `keep` makes of its content. */
function mapCommand(text: string, command: string, keep: (inner: string) => string): string {
  let out = text;
  for (let at = out.indexOf(command); at >= 0; at = out.indexOf(command, at)) {
    let open = at + command.length;
    while (out[open] === ' ') open++;
    const g = out[open] === '{' ? group(out, open) : null;
    if (!g) {
      at += command.length;
      continue;
    }
    const replaced = keep(g.inner);
    out = out.slice(0, at) + replaced + out.slice(g.end);
    at += replaced.length;
  }
  return out;
}

/** \frac{a}{b} with a and b plain numbers (after normalisation), or \frac ab with single digits. */
function readFraction(text: string): number | null {
  const m = /^([-+]?)\\frac(?:\{([^{}]+)\}\{([^{}]+)\}|(\d)(\d))$/.exec(text);
  if (!m) return null;
  const num = parsePlainNumber(m[2] ?? m[4] ?? '');
  const den = parsePlainNumber(m[3] ?? m[5] ?? '');
  if (num === null || den === null || den === 0) return null;
  return ((m[1] === '-' ? -1 : 1) * num) / den;
}

/** Words after a number that are its unit, not part of it: any plain word except math names. */
const NOT_UNITS = new Set([
  'pi',
  'sqrt',
  'i',
  'e',
  'inf',
  'infinity',
  'log',
  'ln',
  'sin',
  'cos',
  'tan',
  'and',
  'or',
  'x',
  'y',
  'n',
]);

export function normaliseLatexAnswer(raw: string): NormalisedAnswer {
  let s = raw.trim();
  // \boxed{…} / \fbox{…}: the box is presentation; its content is the answer.
  s = mapCommand(s, '\\boxed', (x) => x);
  s = mapCommand(s, '\\fbox', (x) => x);
  // Math delimiters: $…$, \(…\), \[…\].
  s = s.replace(/\\[()[\]]/g, ' ').replaceAll('$', ' ');
  // Sizing and spacing commands change nothing: \left( \right), \!, \,, \;, \displaystyle, ~.
  s = s
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])/g, '')
    .replace(/\\[!,;:> ]/g, ' ')
    .replace(/\\displaystyle/g, '')
    .replaceAll('~', ' ');
  // \dfrac and \tfrac are \frac at another size.
  s = s.replace(/\\[dt]frac(?![a-zA-Z])/g, '\\frac');
  // Degrees and percent: "30^\circ", "30°", "40\%" answer 30 and 40 (MATH's answers drop the sign).
  s = s
    .replace(/\^\s*\{?\s*\\circ\s*\}?/g, '')
    .replace(/°|\\degree(?![a-zA-Z])/g, '')
    .replace(/\\?%/g, '');
  // \text{…} and friends hold units ("\text{ cm}") — dropped — unless they are the whole answer ("\text{No solution}").
  const texts = /\\(?:text|textbf|mbox|mathrm|textrm|operatorname)\s*\{/;
  if (texts.test(s)) {
    const dropped = ['\\text', '\\textbf', '\\mbox', '\\mathrm', '\\textrm'].reduce(
      (t, c) => mapCommand(t, c, () => ' '),
      s,
    );
    s =
      dropped.trim() === ''
        ? ['\\text', '\\textbf', '\\mbox', '\\mathrm', '\\textrm'].reduce((t, c) => mapCommand(t, c, (x) => x), s)
        : dropped;
  }
  // "x = 5", "n = 12": the value is what follows the last "=".
  const eq = s.lastIndexOf('=');
  if (eq >= 0 && s.slice(eq + 1).trim() !== '') s = s.slice(eq + 1);
  // LaTeX thousands separators "1{,}000" and "1\,000" (the latter became a space above).
  s = s.replace(/\{,\}/g, ',').replace(/(\d)\s+(?=\d{3}(?!\d))/g, '$1,');
  s = s.trim().replace(/\.$/, '').trim();
  // Trailing plain words are units ("12 cm", "45 square units", "18 dollars") unless they are math.
  // Only when what is left is then a number ("12 - 10d" keeps its d), and only words of two letters or more
  // (a single letter is a variable).
  const unit = /^(.*?[\d}])\s*([a-zA-Z]{2,}(?:\s+[a-zA-Z]+)*)$/.exec(s);
  if (
    unit &&
    !(unit[2] ?? '')
      .trim()
      .split(/\s+/)
      .some((w) => NOT_UNITS.has(w.toLowerCase()))
  ) {
    const rest = (unit[1] ?? '').replace(/\s+/g, '');
    if (parsePlainNumber(rest) !== null || readFraction(rest) !== null) s = unit[1] ?? s;
  }
  // Subscript braces: "221_{3}" is "221_3"; stray outer braces "{5}".
  s = s.replace(/_\{([^{}]*)\}/g, '_$1').trim();
  while (/^\{[^{}]*\}$/.test(s)) s = s.slice(1, -1).trim();
  let compact = s.replace(/\s+/g, '');
  // A numeral's base subscript ("1112112_3", "100100_b") names the base the question asked for; the digits
  // are the answer, so "1112112" answers "1112112_3" (the digits are then compared as written).
  const based = /^(-?\d+)(?:_(?:\d+|[a-zA-Z])|[₀-₉]+)$/.exec(compact);
  if (based) compact = based[1] ?? compact;
  // Brackets around a lone number ("\left( 7 \right)") are presentation; around a pair they are an interval.
  const bracketed = /^\(([^(),]*)\)$/.exec(compact);
  if (bracketed && parsePlainNumber(bracketed[1] ?? '') !== null) compact = bracketed[1] ?? compact;
  const value =
    parsePlainNumber(compact) ?? readFraction(compact) ?? readSlashFraction(compact) ?? evaluateArithmetic(compact);
  return { value, text: compact };
}

/** "a/b" with plain numbers on both sides, an optional sign in front: "3/4", "-7/2", "(3)/(4)" not accepted. */
function readSlashFraction(text: string): number | null {
  const m = /^([-+]?)([\d.,]+)\/([\d.,]+)$/.exec(text);
  if (!m) return null;
  const num = parsePlainNumber(m[2] ?? '');
  const den = parsePlainNumber(m[3] ?? '');
  if (num === null || den === null || den === 0) return null;
  return ((m[1] === '-' ? -1 : 1) * num) / den;
}
