/**
 * Untrusted text (model outputs, prompts, contributors' strings) shown exactly as written, and
 * kept from reordering the page around it. Markup escaping is Astro's; this module handles what
 * escaping alone gets wrong.
 */

/**
 * Characters that can reach out of an isolated element: the isolate controls (a stray PDI ends
 * the isolate its text is in, an unclosed LRI takes the isolate's own end), and the paragraph
 * separators other than line feeds (NEL, PS, the information separators), which end the bidi
 * paragraph in the middle of the isolate and leave the rest of the text, and the page after it,
 * to its overrides. Chromium does both.
 */
// eslint-disable-next-line no-control-regex -- U+001C–U+001E are among the characters looked for.
const REACHING = /[\u001c-\u001e\u0085\u2029\u2066-\u2069]/;

/** What HTML cannot carry as it is, or what could reach out of the element holding the text. */
// eslint-disable-next-line no-control-regex -- NUL and CR are among the characters looked for.
const SPECIAL = /[\u0000\r\u001c-\u001e\u0085\u2029\u2066-\u2069]/;

export type VerbatimPart =
  | { kind: 'text'; text: string }
  /** A carriage return: an HTML parser turns a literal one into a line feed, so it is written as a reference. */
  | { kind: 'cr' }
  /** A character that could reach out of the isolate (see REACHING), to be shown in a box of its own. */
  | { kind: 'boxed'; char: string };

/**
 * The text itself when it holds nothing verbatimParts changes (nearly every text): the components
 * then write it straight away, without a Verbatim of its own, which on a page of a dozen such
 * texts is a good part of its rendering time.
 */
export function plainText(text: string): string | undefined {
  return SPECIAL.test(text) ? undefined : text;
}

/**
 * Cut a text into the parts a component writes. NUL, which no HTML page can hold (parsers drop it
 * or replace it), becomes U+FFFD, as browsers show it; the downloads keep it.
 */
export function verbatimParts(text: string): VerbatimPart[] {
  if (!SPECIAL.test(text)) return [{ kind: 'text', text }];
  const parts: VerbatimPart[] = [];
  // eslint-disable-next-line no-control-regex -- see SPECIAL.
  for (const piece of text.split(/([\r\u001c-\u001e\u0085\u2029\u2066-\u2069])/)) {
    if (piece === '') continue;
    if (piece === '\r') parts.push({ kind: 'cr' });
    else if (piece.length === 1 && REACHING.test(piece)) parts.push({ kind: 'boxed', char: piece });
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
 * right-to-left letters or direction controls, so that it cannot reorder the text around it. What
 * could reach out of the isolate goes first: isolate controls are dropped, paragraph separators
 * become spaces. NUL becomes U+FFFD, as in verbatimParts. Plain text that needs none of this is
 * returned as it is.
 */
export function isolate(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is the character replaced.
  const clean = text.replace(/\u0000/g, '\uFFFD');
  if (!BIDI_SENSITIVE.test(clean)) return clean;
  // eslint-disable-next-line no-control-regex -- U+001C–U+001E are among the characters replaced.
  return `\u2068${clean.replace(/[\u2066-\u2069]/g, '').replace(/[\u001c-\u001e\u0085\u2029]/g, ' ')}\u2069`;
}
