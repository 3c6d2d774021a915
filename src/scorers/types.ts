// The scorer contract: a named, versioned, pure function from one model output
// and the example's expected answer to a verdict. No I/O here: the archive stores what a scorer returns.

/** An example's `expected` answer. */
export type Answer = string | number | boolean | (string | number)[] | null;

export interface Verdict {
  /** The answer read from the output; null when none could be read (counts as incorrect). */
  extracted: string | number | boolean | null;
  correct: boolean;
  /** The rule in words, as shown on the example page. */
  rule: string;
  /** Anything the reader should know about this verdict. */
  notes?: string;
}

export interface Scorer {
  /** Slug, e.g. "gsm8k-number". */
  id: string;
  /** Bumped whenever any verdict could change. */
  version: number;
  /** One line for docs and the run page. */
  title: string;
  /** A paragraph: what it reads, what it compares, what it does with odd answers. */
  description: string;
  score(output: string, expected: Answer): Verdict;
}
