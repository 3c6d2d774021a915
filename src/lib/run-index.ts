/**
 * What the pages need of each of a run's examples, in file order, without the examples themselves:
 * a line for the example lists, the score paired tests compare, and where the example's line is in
 * the (decompressed) file for random access. Made in the pass that validates the run
 * (src/pipeline/examples-pass.ts), so that no page reads the whole file again to list it.
 */
import { exampleScore, type Example } from '../schema/example.ts';
import { unextracted } from './stats.ts';

/** One line of a run's example list. */
export interface ExampleSummary {
  id: string;
  index: number;
  subject?: string | undefined;
  correct: boolean;
  error: boolean;
  /** Incorrect for want of an extracted answer (src/lib/stats.ts: unextracted). */
  unextracted: boolean;
  /** The start of the output on one line, for the lists. */
  preview: string;
}

export interface RunIndex {
  summaries: ExampleSummary[];
  /** Each example's score, by id. */
  outcomes: [string, number][];
  /**
   * Where each example's line is, as line, offset and bytes, three numbers an example: the
   * cross-endpoint pages read examples by id, and need not read the whole file to find them.
   */
  places: number[];
}

const PREVIEW = 90;

/** A text on one line, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max = PREVIEW): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A run's index, an example at a time, in file order. */
export class RunIndexBuilder {
  private readonly index: RunIndex = { summaries: [], outcomes: [], places: [] };

  add(example: Example, place: { line: number; offset: number; bytes: number }): void {
    this.index.summaries.push({
      id: example.id,
      index: this.index.summaries.length,
      ...(example.subject !== undefined ? { subject: example.subject } : {}),
      correct: example.correct,
      error: example.error !== undefined,
      unextracted: unextracted(example),
      preview: oneLine(example.error ?? example.output),
    });
    this.index.outcomes.push([example.id, exampleScore(example)]);
    this.index.places.push(place.line, place.offset, place.bytes);
  }

  result(): RunIndex {
    return this.index;
  }
}
