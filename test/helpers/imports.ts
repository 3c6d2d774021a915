import { moduleClosure as closure } from '../../src/cache/code.ts';
import { PROJECT } from './paths.ts';

/** `entry` and every project module it imports, followed (src/cache/code.ts), as paths from the project root. */
export function moduleClosure(entry: string): Set<string> {
  return new Set(closure(PROJECT, [entry]));
}
