import { fictionalName, type Random } from './random.ts';

/** The subjects of the synthetic multiple-choice benchmark. */
export const QUIZ_SUBJECTS = [
  'astronomy',
  'biology',
  'chemistry',
  'economics',
  'geography',
  'history',
  'law',
  'mathematics',
] as const;
export type QuizSubject = (typeof QUIZ_SUBJECTS)[number];

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Letter = (typeof LETTERS)[number];

export interface QuizItem {
  subject: QuizSubject;
  question: string;
  options: string[];
  answer: Letter;
}

interface Stem {
  question: string;
  answer: number;
  /** Formats a candidate value as an option. */
  show: (n: number) => string;
  /** Plausible wrong values, before de-duplication. */
  wrong: number[];
}

const fmt = (n: number, digits = 2) =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : Number(n.toFixed(digits)).toLocaleString('en-US');
const withUnit =
  (unit: string, digits = 2) =>
  (n: number) =>
    `${fmt(n, digits)} ${unit}`;
const plain =
  (digits = 2) =>
  (n: number) =>
    fmt(n, digits);
const near = (r: Random, x: number) => [x + 1, x - 1, x * 2, Math.round(x / 2), x + r.int(2, 9), x * 10];

const STEMS: Record<QuizSubject, ((r: Random) => Stem)[]> = {
  astronomy: [
    (r) => {
      const moon = fictionalName(r);
      const p = r.int(3, 40);
      const d = p * r.int(4, 30) + r.int(0, p - 1);
      const answer = Math.floor(d / p);
      return {
        question: `The moon ${moon} of an imaginary planet completes one orbit every ${p} days. How many complete orbits does it make in ${d} days?`,
        answer,
        show: plain(),
        wrong: near(r, answer),
      };
    },
    (r) => {
      const v = r.int(8, 60);
      const t = r.int(2, 45);
      const answer = v * 60 * t;
      return {
        question: `A survey probe cruises at ${v} km/s. How far does it travel in ${t} minutes?`,
        answer,
        show: withUnit('km'),
        wrong: [v * t, v * 60, answer * 60, answer + v * 60],
      };
    },
    (r) => {
      const [s, t] = [fictionalName(r), fictionalName(r)];
      const a = r.int(2, 12);
      const b = r.int(2, 30);
      const answer = a * b;
      return {
        question: `The star ${s} is ${a} times as luminous as the star ${t}, and ${t} is ${b} times as luminous as the Sun. How many times as luminous as the Sun is ${s}?`,
        answer,
        show: plain(),
        wrong: [a + b, b, a * b + a, a * b - b],
      };
    },
  ],
  biology: [
    (r) => {
      const germ = fictionalName(r, 2).toLowerCase();
      const h = r.int(2, 8);
      const k = r.int(2, 6);
      const n = r.int(1, 9) * 100;
      const answer = n * 2 ** k;
      return {
        question: `A culture of the made-up bacterium ${germ}ella doubles every ${h} hours. Starting from ${n} cells, how many cells are there after ${h * k} hours?`,
        answer,
        show: plain(),
        wrong: [n * 2 * k, n * 2 ** (k - 1), n * 2 ** (k + 1), n * k * h],
      };
    },
    (r) => {
      const trait = r.pick(['petal colour', 'leaf shape', 'stem height', 'seed coat']);
      const answer = 0.25;
      return {
        question: `Two plants heterozygous for ${trait} (Aa × Aa) are crossed. What fraction of the offspring is expected to be homozygous recessive (aa)?`,
        answer,
        show: (n) => ({ 0.25: '1/4', 0.5: '1/2', 0.75: '3/4', 0.125: '1/8', 0: '0' })[n] ?? String(n),
        wrong: [0.5, 0.75, 0.125, 0],
      };
    },
    (r) => {
      const animal = r.pick(['marsh vole', 'dune beetle', 'reed warbler', 'tree frog']);
      const a = r.int(4, 40);
      const answer = r.int(3, 60);
      return {
        question: `A field survey counts ${answer * a} ${animal}s over ${a} hectares. What is their density per hectare?`,
        answer,
        show: withUnit('per hectare'),
        wrong: [answer * a, answer + a, answer * 2, answer - 1],
      };
    },
  ],
  chemistry: [
    (r) => {
      const molar = r.int(20, 300);
      const moles = r.int(1, 12) / 4;
      const answer = moles;
      return {
        question: `How many moles are in ${fmt(molar * moles)} g of a compound whose molar mass is ${molar} g/mol?`,
        answer,
        show: withUnit('mol'),
        wrong: [moles * 2, moles / 2, moles + 1, molar * moles],
      };
    },
    (r) => {
      const p = r.int(10, 130) / 10;
      const answer = Number((14 - p).toFixed(1));
      return {
        question: `A solution at 25 °C has a pH of ${p}. What is its pOH?`,
        answer,
        show: plain(1),
        wrong: [p, Number((7 - p).toFixed(1)), Number((14 + p).toFixed(1)), Number((answer + 1).toFixed(1))],
      };
    },
    (r) => {
      const v1 = r.int(1, 10) * 10;
      const c1 = r.int(1, 8) / 2;
      const v2 = v1 * r.int(2, 10);
      const answer = (c1 * v1) / v2;
      return {
        question: `${v1} mL of a ${c1} M solution is diluted with water to ${v2} mL. What is the new concentration?`,
        answer,
        show: withUnit('M', 3),
        wrong: [c1, (c1 * v2) / v1, answer * 2, c1 / 2],
      };
    },
  ],
  economics: [
    (r) => {
      const town = fictionalName(r);
      const p1 = r.int(2, 40) * 5;
      const pct = r.pick([5, 10, 15, 20, 25, 40, 50]);
      const p2 = (p1 * (100 + pct)) / 100;
      return {
        question: `A bakery in ${town} raises the price of a loaf from ${p1} to ${fmt(p2)} credits. By what percentage did the price rise?`,
        answer: pct,
        show: (n) => `${fmt(n, 1)}%`,
        wrong: [p2 - p1, Number(((100 * (p2 - p1)) / p2).toFixed(1)), pct * 2, pct + 5],
      };
    },
    (r) => {
      const revenue = r.int(20, 200) * 1000;
      const margin = r.pick([5, 8, 10, 12, 20, 25, 30]);
      const costs = revenue * (1 - margin / 100);
      return {
        question: `A co-operative earns ${fmt(revenue)} credits in revenue and spends ${fmt(costs)} credits. What is its profit margin?`,
        answer: margin,
        show: (n) => `${fmt(n, 1)}%`,
        wrong: [100 - margin, margin * 2, margin / 2, margin + 3],
      };
    },
    (r) => {
      const n = r.int(3, 40);
      const answer = r.int(5, 90);
      return {
        question: `${n} workers at a workshop produce ${n * answer} units in a day. What is the output per worker?`,
        answer,
        show: withUnit('units'),
        wrong: [n * answer, answer + n, answer * 2, answer - 2],
      };
    },
  ],
  geography: [
    (r) => {
      const region = fictionalName(r);
      const scale = r.pick([25_000, 50_000, 100_000, 250_000]);
      const cm = r.int(2, 30);
      const answer = (cm * scale) / 100_000;
      return {
        question: `On a map of ${region} drawn at 1:${fmt(scale)}, two villages are ${cm} cm apart. How far apart are they on the ground?`,
        answer,
        show: withUnit('km'),
        wrong: [answer * 10, answer / 10, cm * scale, answer + 1],
      };
    },
    (r) => {
      const river = fictionalName(r);
      const km = r.int(10, 200);
      const answer = r.int(1, 12);
      return {
        question: `The river ${river} falls ${km * answer} m over a course of ${km} km. What is its average gradient?`,
        answer,
        show: withUnit('m/km'),
        wrong: [km * answer, answer * 10, answer + 2, km / answer],
      };
    },
    (r) => {
      const island = fictionalName(r);
      const area = r.int(5, 400);
      const answer = r.int(3, 250);
      return {
        question: `The island of ${island} has ${fmt(area * answer)} inhabitants on ${area} km². What is its population density?`,
        answer,
        show: withUnit('people/km²'),
        wrong: [area * answer, answer * 2, answer + area, answer - 1],
      };
    },
  ],
  history: [
    (r) => {
      const dynasty = fictionalName(r);
      const y1 = r.int(300, 1500);
      const answer = r.int(20, 300);
      return {
        question: `In the chronicles of an invented kingdom, the ${dynasty} dynasty ruled from ${y1} to ${y1 + answer}. For how many years did it rule?`,
        answer,
        show: withUnit('years'),
        wrong: [answer + 1, answer - 1, y1 + answer, answer * 2],
      };
    },
    (r) => {
      const y = r.int(1200, 1800);
      const k = r.int(5, 25);
      const n = r.int(2, 6);
      const answer = y + k * n;
      return {
        question: `A treaty signed in ${y} was renewed every ${k} years. In which year was it renewed for the ${['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth'][n]} time?`,
        answer,
        show: (x) => String(x),
        wrong: [y + k * (n - 1), y + k * (n + 1), y + n, answer + 1],
      };
    },
    (r) => {
      const town = fictionalName(r);
      const event = `the Great ${r.pick(['Flood', 'Fair', 'Eclipse', 'Council'])} of ${fictionalName(r, 2)}`;
      const y = r.int(900, 1900);
      const a = r.int(15, 400);
      const answer = y - a;
      return {
        question: `The town of ${town} was founded ${a} years before ${event}, which took place in ${y}. In which year was ${town} founded?`,
        answer,
        show: (x) => String(x),
        wrong: [y + a, answer - 1, answer + 10, y],
      };
    },
  ],
  law: [
    (r) => {
      const realm = fictionalName(r);
      const d = r.pick([14, 21, 30, 60, 90]);
      const x = r.int(1, 200);
      const answer = x + d;
      return {
        question: `Under the invented Civil Code of ${realm}, a claim must be filed within ${d} days of the event. The event happened on day ${x} of the year. What is the last day of the year on which the claim may be filed?`,
        answer,
        show: (n) => `day ${n}`,
        wrong: [answer - 1, answer + 1, x, d],
      };
    },
    (r) => {
      const realm = fictionalName(r);
      const debt = r.int(2, 50) * 1000;
      const rate = r.pick([1, 2, 3, 5]);
      const months = r.int(2, 12);
      const answer = (debt * rate * months) / 100;
      return {
        question: `A contract governed by the law of ${realm} charges simple interest of ${rate}% per month on a late debt of ${fmt(debt)} credits. How much interest is owed after ${months} months?`,
        answer,
        show: withUnit('credits'),
        wrong: [(debt * rate) / 100, answer * 2, debt + answer, (debt * rate * (months - 1)) / 100],
      };
    },
  ],
  mathematics: [
    (r) => {
      const [a, b, c] = [r.int(3, 40), r.int(3, 40), r.int(1, 99)];
      const answer = a * b - c;
      return {
        question: `What is ${a} × ${b} − ${c}?`,
        answer,
        show: plain(),
        wrong: [a * (b - c), a * b + c, answer + 10, answer - 1],
      };
    },
    (r) => {
      const a = r.int(2, 24);
      const b = r.int(2, 24);
      const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
      const answer = (a * b) / gcd(a, b);
      return {
        question: `What is the least common multiple of ${a} and ${b}?`,
        answer,
        show: plain(),
        wrong: [a * b === answer ? answer * 2 : a * b, gcd(a, b), a + b, answer + a],
      };
    },
    (r) => {
      const a = r.int(2, 12);
      const x = r.int(-20, 30);
      const b = r.int(-40, 40);
      const c = a * x + b;
      return {
        question: `Solve for x: ${a}x ${b < 0 ? '−' : '+'} ${Math.abs(b)} = ${c}.`,
        answer: x,
        show: (n) => `x = ${fmt(n)}`,
        wrong: [-x, x + 1, (c + b) / a, c - b],
      };
    },
  ],
};

/** One multiple-choice item, the same for every run that draws the same (seed, version, index). */
export function quizItem(r: Random, subject: QuizSubject): QuizItem {
  const stem = r.pick(STEMS[subject])(r);
  const right = stem.show(stem.answer);
  const wrongs: string[] = [];
  for (const w of r.shuffle(stem.wrong)) {
    const shown = stem.show(w);
    if (Number.isFinite(w) && shown !== right && !wrongs.includes(shown)) wrongs.push(shown);
    if (wrongs.length === 3) break;
  }
  for (let k = 2; wrongs.length < 3; k++) {
    const shown = stem.show(stem.answer + k * 7);
    if (!wrongs.includes(shown) && shown !== right) wrongs.push(shown);
  }
  const options = r.shuffle([right, ...wrongs]);
  const answer = LETTERS[options.indexOf(right)] ?? 'A';
  return { subject, question: stem.question, options, answer };
}

/** The question block as every quiz prompt shows it. */
export function quizBlock(item: QuizItem): string {
  return `${item.question}\n${item.options.map((o, i) => `${LETTERS[i]}. ${o}`).join('\n')}`;
}

/** The scorer's rule: the first "(X)", "Answer: X" or "**X**", else a lone letter on the last line. */
export function extractLetter(output: string): Letter | null {
  const patterns = [/\(([ABCD])\)/, /[Aa]nswer(?: is)?:?\s*\**\(?([ABCD])\b/, /\*\*([ABCD])\*\*/];
  for (const pattern of patterns) {
    const m = pattern.exec(output);
    if (m) return m[1] as Letter;
  }
  const last = output.trim().split('\n').pop()?.trim() ?? '';
  return /^[ABCD][.)]?$/.test(last) ? (last[0] as Letter) : null;
}

export const QUIZ_RULE =
  'The first "(X)", "Answer: X" or "**X**" in the output, else a lone letter on its last line, compared with the answer key.';
