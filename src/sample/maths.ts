import { PEOPLE, type Random } from './random.ts';

export interface MathsItem {
  question: string;
  answer: number;
  /** The worked steps, each "expression = value", that a careful solver writes. */
  steps: { text: string; value: number }[];
}

type Problem = (r: Random) => MathsItem;

const PROBLEMS: Problem[] = [
  (r) => {
    const who = r.pick(PEOPLE);
    const [crates, perCrate, sold] = [r.int(3, 25), r.int(4, 24), r.int(5, 60)];
    const total = crates * perCrate;
    return {
      question: `${who} packs ${crates} crates with ${perCrate} jars of jam each, then sells ${Math.min(sold, total - 1)} jars at the market. How many jars are left?`,
      answer: total - Math.min(sold, total - 1),
      steps: [
        { text: `${crates} × ${perCrate}`, value: total },
        { text: `${total} − ${Math.min(sold, total - 1)}`, value: total - Math.min(sold, total - 1) },
      ],
    };
  },
  (r) => {
    const who = r.pick(PEOPLE);
    const [hours, rate, bonus] = [r.int(4, 40), r.int(9, 35), r.int(0, 12) * 5];
    const pay = hours * rate;
    return {
      question: `${who} works ${hours} hours at ${rate} credits an hour and receives a bonus of ${bonus} credits. How many credits does ${who} earn in total?`,
      answer: pay + bonus,
      steps: [
        { text: `${hours} × ${rate}`, value: pay },
        { text: `${pay} + ${bonus}`, value: pay + bonus },
      ],
    };
  },
  (r) => {
    const [a, b] = [r.pick(PEOPLE), r.pick(PEOPLE)];
    const each = r.int(2, 15);
    const friends = r.int(2, 9);
    const start = each * friends + r.int(1, 30);
    return {
      question: `${a} has ${start} stickers and gives ${each} to each of ${friends} friends, including ${b}. How many stickers does ${a} keep?`,
      answer: start - each * friends,
      steps: [
        { text: `${each} × ${friends}`, value: each * friends },
        { text: `${start} − ${each * friends}`, value: start - each * friends },
      ],
    };
  },
  (r) => {
    const who = r.pick(PEOPLE);
    const speed = r.int(3, 18);
    const [t1, t2] = [r.int(1, 6), r.int(1, 6)];
    return {
      question: `${who} cycles for ${t1} hours at ${speed} km/h, rests, then cycles ${t2} more hours at the same speed. How many kilometres does ${who} cover?`,
      answer: speed * (t1 + t2),
      steps: [
        { text: `${t1} + ${t2}`, value: t1 + t2 },
        { text: `${speed} × ${t1 + t2}`, value: speed * (t1 + t2) },
      ],
    };
  },
  (r) => {
    const who = r.pick(PEOPLE);
    const price = r.int(2, 30);
    const qty = r.int(2, 12);
    const paid = Math.ceil((price * qty) / 50) * 50 + (r.chance(0.5) ? 50 : 0);
    return {
      question: `${who} buys ${qty} notebooks at ${price} credits each and pays with ${paid} credits. How much change should ${who} get?`,
      answer: paid - price * qty,
      steps: [
        { text: `${qty} × ${price}`, value: price * qty },
        { text: `${paid} − ${price * qty}`, value: paid - price * qty },
      ],
    };
  },
  (r) => {
    const rows = r.int(3, 14);
    const seats = r.int(6, 30);
    const empty = r.int(0, rows * seats - 1);
    return {
      question: `A hall has ${rows} rows of ${seats} seats. During a talk, ${empty} seats stay empty. How many people are seated, if each occupied seat holds one person?`,
      answer: rows * seats - empty,
      steps: [
        { text: `${rows} × ${seats}`, value: rows * seats },
        { text: `${rows * seats} − ${empty}`, value: rows * seats - empty },
      ],
    };
  },
];

export function mathsItem(r: Random): MathsItem {
  return r.pick(PROBLEMS)(r);
}

/** The scorer's rule: the number after "####", else the last number in the output. */
export function extractNumber(output: string): number | null {
  const marked = /####\s*(-?[\d,]+(?:\.\d+)?)/.exec(output);
  const candidates = marked ? [marked[1]] : output.match(/-?\d[\d,]*(?:\.\d+)?/g);
  const last = candidates?.at(-1);
  if (last === undefined) return null;
  const n = Number(last.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

export const MATHS_RULE =
  'The number after "####", else the last number in the output, compared numerically with the answer.';
