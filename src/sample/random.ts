/** Deterministic randomness for the sample generator: the same seed always writes the same archive. */

/** 32-bit FNV-1a hash of a string: turns "seed:run:example" into an independent stream seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(): number;
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: small, fast and good enough for demonstration data. */
export function random(...keys: (string | number)[]): Random {
  let state = hash32(keys.join(':'));
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
  };
  return r;
}

const SYLLABLES = [
  'va',
  'lor',
  'qui',
  'ten',
  'sa',
  'mir',
  'dor',
  'el',
  'bri',
  'tho',
  'nen',
  'kes',
  'ul',
  'ra',
  'fen',
  'oth',
  'ys',
  'ka',
  'mo',
  'ri',
];

/** A made-up proper name, e.g. "Valorqui": the sample never asserts facts about real places or people. */
export function fictionalName(r: Random, syllables = r.int(2, 3)): string {
  let name = '';
  for (let i = 0; i < syllables; i++) name += r.pick(SYLLABLES);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export const PEOPLE = [
  'Mara',
  'Tobin',
  'Ines',
  'Kofi',
  'Lena',
  'Ravi',
  'Sunniva',
  'Oskar',
  'Amara',
  'Yusuf',
  'Hana',
  'Dario',
  'Priya',
  'Tamsin',
  'Joaquin',
  'Wen',
];
