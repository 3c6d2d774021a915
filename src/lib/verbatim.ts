/**
 * Untrusted text (model outputs, prompts, contributors' strings) shown exactly as written, and
 * kept from reordering the page around it. Markup escaping is Astro's; this module handles what
 * escaping alone gets wrong.
 */

/** Bidirectional isolates: the only controls that can reach out of an isolated element. */
const ISOLATE_CONTROLS = /[\u2066-\u2069]/;

/** What HTML cannot carry as it is, or what could reach out of the element holding the text. */
// eslint-disable-next-line no-control-regex -- NUL and CR are two of the characters looked for.
const SPECIAL = /[\u0000\r\u2066-\u2069]/;

export type VerbatimPart =
  | { kind: 'text'; text: string }
  /** A carriage return: an HTML parser turns a literal one into a line feed, so it is written as a reference. */
  | { kind: 'cr' }
  /**
   * An isolate control (LRI, RLI, FSI, PDI), to be shown in a box of its own. A stray PDI would
   * end the isolate its text is in (Chromium closes it early), and an unclosed LRI would take the
   * isolate's own end: either way the page after it could be reordered.
   */
  | { kind: 'isolate'; char: string };

/**
 * Cut a text into the parts a component writes. NUL, which no HTML page can hold (parsers drop it
 * or replace it), becomes U+FFFD, as browsers show it; the downloads keep it.
 */
export function verbatimParts(text: string): VerbatimPart[] {
  if (!SPECIAL.test(text)) return [{ kind: 'text', text }];
  const parts: VerbatimPart[] = [];
  for (const piece of text.split(/([\r\u2066-\u2069])/)) {
    if (piece === '') continue;
    if (piece === '\r') parts.push({ kind: 'cr' });
    else if (ISOLATE_CONTROLS.test(piece) && piece.length === 1) parts.push({ kind: 'isolate', char: piece });
    // eslint-disable-next-line no-control-regex -- NUL is the character replaced.
    else parts.push({ kind: 'text', text: piece.replace(/\u0000/g, '\uFFFD') });
  }
  return parts;
}

/** Characters that can change the order of text around them. */
const BIDI_SENSITIVE =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

/**
 * Untrusted text inside plain text (a page title, a description, a chart label, a heading made of
 * several facts): wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE when it holds
 * right-to-left letters or direction controls, so that it cannot reorder the text around it. The
 * isolate controls inside are dropped first: one of them could end the isolate early. NUL becomes
 * U+FFFD, as in verbatimParts. Plain text that needs none of this is returned as it is.
 */
export function isolate(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is the character replaced.
  const clean = text.replace(/\u0000/g, '\uFFFD');
  if (!BIDI_SENSITIVE.test(clean)) return clean;
  return `\u2068${clean.replace(/[\u2066-\u2069]/g, '')}\u2069`;
}
