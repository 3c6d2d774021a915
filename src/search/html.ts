/**
 * Writing the HTML that Pagefind indexes. Everything written here from a run file is hostile text:
 * a model output may hold markup, entities or Pagefind's own markers, and must reach the index as
 * the characters it is, never as structure.
 */

const TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE: Record<string, string> = { ...TEXT, '"': '&quot;', "'": '&#39;' };

/**
 * Pagefind passes a page's text through its own word stream, in which a word starting with
 * "___PAGEFIND_ANCHOR___", "___PAGEFIND_WEIGHT___" (and their kin) is an instruction rather than a
 * word: an output holding one could invent headings (sub-results pointing anywhere) or reweight the
 * record. A word joiner after the first underscore breaks the marker and is invisible when shown.
 */
const MARKER = /_(?=__(?:END_)?PAGEFIND_)/g;
const WORD_JOINER = '\u2060';

/**
 * Also made well-formed: a lone surrogate (JSON can hold one, as "\ud800") has no UTF-8 form, and
 * Pagefind refuses the whole record for it. It becomes U+FFFD, as on the pages.
 */
function defuse(text: string): string {
  return text.toWellFormed().replace(MARKER, `_${WORD_JOINER}`);
}

/** Text as the content of an element: markup characters escaped, Pagefind's markers broken. */
export function escapeText(text: string): string {
  return defuse(text).replace(/[&<>]/g, (c) => TEXT[c] ?? c);
}

/** Text as a quoted attribute value. */
export function escapeAttribute(text: string): string {
  return defuse(text).replace(/[&<>"']/g, (c) => ATTRIBUTE[c] ?? c);
}
