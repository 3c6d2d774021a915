/**
 * What the example checker (src/archive/example-checker.ts) and its threads
 * (example-checker.worker.ts) say to each other, and how a thread takes a file: shared by both, so
 * a thread loads neither the checker nor the rest of validation.
 */
import type { ExampleCheck, PassRequest } from './examples-check.ts';
import type { Problem } from './problems.ts';

export interface CheckRequest extends PassRequest {
  id: number;
  /** Who took the file: UNCLAIMED until a thread sets its own tag (compare-and-swap). */
  claim: Int32Array;
}

export interface CheckOutcome {
  check: ExampleCheck;
  problems: Problem[];
}

export type CheckReply = { id: number } & ({ outcome: CheckOutcome } | { error: string });

/** A file no thread has taken yet; threads' tags are other numbers. */
const UNCLAIMED = 0;

/** A thread takes the file unless another did first. */
export function claimFile(claim: Int32Array, tag: number): boolean {
  return Atomics.compareExchange(claim, 0, UNCLAIMED, tag) === UNCLAIMED;
}
