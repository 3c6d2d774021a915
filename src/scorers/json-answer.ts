// Finding the `answer` field of the JSON object a reply was asked to end with (ZeroEval's prompt:
// ```json {"reasoning": "...", "answer": "..."} ```). Real replies break JSON in a handful of ways, and each
// rule below is here because real replies do it:
//  - raw line breaks inside strings (many models): ignored, as JSON whitespace;
//  - LaTeX backslashes written once ("\dfrac{1}{2}", "\sqrt{3}"): "\d", "\s" are not JSON escapes, so a
//    strict parser rejects the whole object; they are kept as written instead;
//  - LaTeX backslashes that happen to be JSON escapes ("\frac" = form feed + "rac", "\boxed" = backspace +
//    "oxed", "\times" = tab + "imes"): turned back into the backslash command the model meant;
//  - trailing commas before "}" and unescaped quotes inside the reasoning: the object still fails to parse,
//    so the `"answer":` key is read on its own, its value running to the quote that closes it (the quote
//    followed by "}", "," or the end of a line), or, unquoted, to the end of its line.
//  - a key written without quotes at the start of a line of the object ("answer: $350"), JavaScript style.
// One fallback, when the reply has no answer field at all: a \boxed{…} that ends the reply ("The final
// answer is: $\boxed{36}$"). Some models (Llama 3.1 above all) answer ZeroEval's prompts in their own
// trained format; the boxed closing statement is as explicit a final answer as the field, and ZeroEval's
// published "No answer" figures count those replies as answered (its scorer reads them for Llama 3.1
// models). Here it applies to every model alike.
// Not accepted: prose ("The answer is 18", "**Answer:** 18") and a \boxed{} in the middle of a reply.

export interface JsonAnswer {
  /** The field's value: a string, number, boolean, null, or whatever JSON value the reply put there. */
  value: unknown;
  /** How it was read, for the verdict's notes. */
  how: 'json' | 'repaired-json' | 'answer-key' | 'final-boxed';
}

/** The spans of balanced {…} at the top level of the text, in order (braces counted, strings not parsed). */
function braceSpans(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A backspace (JSON's \\b) before a letter; built from its code, as a control character in a regex literal reads as a typo. */
const BACKSPACE_BEFORE_LETTER = new RegExp(`${String.fromCharCode(8)}(?=[a-zA-Z])`, 'g');

/** JSON escapes that a LaTeX command begins with, turned back into the command ("\frac", "\boxed", …). */
function restoreLatex(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .replace(/\f(?=[a-zA-Z])/g, '\\f')
    .replace(BACKSPACE_BEFORE_LETTER, '\\b')
    .replace(/\t(?=[a-zA-Z])/g, '\\t')
    .replace(/\r(?=[a-zA-Z])/g, '\\r')
    .replace(/\n(?=[a-zA-Z])/g, '\\n');
}

function answerOf(parsed: unknown): { value: unknown } | undefined {
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.hasOwn(parsed, 'answer')) {
    return { value: restoreLatex((parsed as Record<string, unknown>)['answer']) };
  }
  return undefined;
}

/** The value after the first `"answer":` key, read without parsing the rest of the object. */
function readAnswerKey(text: string): { value: unknown } | undefined {
  const key = /"answer"\s*:\s*/.exec(text) ?? /^[ \t]*answer\s*:\s*/m.exec(text);
  if (!key) return undefined;
  const rest = text.slice(key.index + key[0].length);
  if (rest.startsWith('"')) {
    // The string as JSON writes it, when what follows its closing quote could follow a value ("," "}" "`"
    // or a line end); otherwise (an unescaped quote inside) it runs to the first quote that is so followed.
    const strict = /^"((?:[^"\\\n]|\\.)*)"(?=[ \t]*(?:[,}\n`\]]|$))/.exec(rest);
    const m = strict ?? /^"((?:[^"\\]|\\[\s\S]|"(?![ \t]*(?:[,}\n`]|$)))*)"/.exec(rest);
    if (!m) return undefined;
    return { value: (m[1] ?? '').replace(/\\(["\\/])/g, '$1') };
  }
  const bare = (/^([^\n}]*)/.exec(rest)?.[1] ?? '').trim().replace(/,$/, '').trim();
  if (bare === '') return undefined;
  const asJson = tryParse(bare);
  return { value: asJson === undefined ? bare : asJson };
}

/**
 * The reply's `answer` field: from the first {…} object that has that key, parsed (as written, or after
 * the repairs above) or, when it does not parse, its key read on its own; failing that, from the first
 * `"answer":` key anywhere in the reply (an object whose braces never balance). Undefined when the reply
 * has no answer field at all.
 */
export function readJsonAnswer(reply: string): JsonAnswer | undefined {
  for (const span of braceSpans(reply)) {
    const flat = span.replace(/[\r\n\t]/g, ' ');
    const strict = answerOf(tryParse(flat));
    if (strict) return { value: strict.value, how: 'json' };
    const repaired = flat.replace(/\\(?!["\\/bfnrtu])/g, '\\\\').replace(/,\s*([}\]])/g, '$1');
    const fixed = answerOf(tryParse(repaired));
    if (fixed) return { value: fixed.value, how: 'repaired-json' };
    // The first object with an answer key is the reply's answer even when it does not parse: a later one
    // is often the model running on into a made-up next question (or echoing the prompt's template).
    const inSpan = readAnswerKey(span);
    if (inSpan) return { value: inSpan.value, how: 'answer-key' };
  }
  const keyed = readAnswerKey(reply);
  if (keyed) return { value: keyed.value, how: 'answer-key' };
  const boxed = finalBoxed(reply);
  return boxed === undefined ? undefined : { value: boxed, how: 'final-boxed' };
}

/**
 * The content of the reply's last \boxed{…} when it ends the reply: nothing but closing delimiters, spaces
 * and punctuation after it ("$\boxed{-25}$", "\boxed{\frac{1}{2}}.", "\[ \boxed{7} \]").
 */
export function finalBoxed(reply: string): string | undefined {
  const at = reply.lastIndexOf('\\boxed');
  if (at < 0) return undefined;
  let open = at + '\\boxed'.length;
  while (reply[open] === ' ') open++;
  if (reply[open] !== '{') return undefined;
  let depth = 0;
  for (let i = open; i < reply.length; i++) {
    if (reply[i] === '{') depth++;
    else if (reply[i] === '}' && --depth === 0) {
      const after = reply.slice(i + 1);
      return /^(?:[\s$.!*)\]}]|\\[)\]])*$/.test(after) ? reply.slice(open + 1, i) : undefined;
    }
  }
  return undefined;
}

/**
 * The field's value as text, for reading a number out of it and for showing it. The prompt's template shows
 * the field as "___": a reply that echoes the blank has answered nothing (""), and one that writes its answer
 * between blanks ("___3___") has answered what is between them.
 */
export function answerText(value: unknown): string {
  if (typeof value === 'string')
    return value
      .trim()
      .replace(/^_{2,}|_{2,}$/g, '')
      .trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
