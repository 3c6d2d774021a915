// The value of a plain arithmetic expression ("((300 * 4) + (120 * 6)) / 12", "$(10 * 750) + 1800", "2/3").
// Some replies put the sum they mean in the answer field without working it out; that expression names
// exactly one number, so it is read as that number. Only numbers, + - * / × ÷ ⋅, and brackets are allowed:
// anything else (a variable, a unit, a word, a √) means it is not a plain expression, and null is returned.

type Token = number | string;

function tokens(text: string): Token[] | null {
  const s = text
    .replace(/[$€£]/g, '')
    .replace(/\\times|\\cdot|[×⋅·]/g, '*')
    .replace(/\\div|÷/g, '/')
    .replace(/−/g, '-');
  const out: Token[] = [];
  const re = /\s*(?:((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)|([-+*/()]))/y;
  let at = 0;
  while (at < s.length) {
    if (/^\s*$/.test(s.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return null;
    out.push(m[1] !== undefined ? Number(m[1].replaceAll(',', '')) : (m[2] ?? ''));
    at = re.lastIndex;
  }
  return out;
}

/** The expression's value, or null when the text is not a plain arithmetic expression (or divides by 0). */
export function evaluateArithmetic(text: string): number | null {
  const found = tokens(text);
  if (!found || found.length === 0 || !found.some((t) => typeof t === 'string' && '+-*/'.includes(t))) return null;
  const toks: Token[] = found;
  let i = 0;
  const peek = () => toks[i];
  // expr := term (("+"|"-") term)* ; term := factor (("*"|"/") factor)* ; factor := ("-"|"+") factor | number | "(" expr ")"
  function factor(): number | null {
    const t = toks[i++];
    if (typeof t === 'number') return t;
    if (t === '-' || t === '+') {
      const v = factor();
      return v === null ? null : t === '-' ? -v : v;
    }
    if (t === '(') {
      const v = expr();
      return v !== null && toks[i++] === ')' ? v : null;
    }
    return null;
  }
  function term(): number | null {
    let v = factor();
    while (v !== null && (peek() === '*' || peek() === '/')) {
      const op = toks[i++];
      const r = factor();
      if (r === null || (op === '/' && r === 0)) return null;
      v = op === '*' ? v * r : v / r;
    }
    return v;
  }
  function expr(): number | null {
    let v = term();
    while (v !== null && (peek() === '+' || peek() === '-')) {
      const op = toks[i++];
      const r = term();
      if (r === null) return null;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  }
  const value = expr();
  return value !== null && i === toks.length && Number.isFinite(value) ? value : null;
}
