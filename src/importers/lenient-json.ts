/**
 * Parse JSON as Python's json module writes it: bare NaN, Infinity and -Infinity tokens are
 * allowed and read as null (Inspect uses NaN for "not scored"). Tokens inside strings are left alone.
 */
export function parseLenientJson(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(last, i)}null`;
        i += token.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  return JSON.parse(out + text.slice(last));
}
