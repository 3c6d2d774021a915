import { createHash } from 'node:crypto';
import type { Run } from '../schema/run.ts';

/**
 * A run's identity: what its run file says, as parsed (so spacing alone changes nothing), and the
 * bytes of its examples (decompressed). Every stage keys what it keeps of a run by it: its pages,
 * its downloads, its search records.
 */
export function runIdentity(run: Run, examplesBytesDigest = ''): string {
  return createHash('sha256').update(JSON.stringify(run)).update('\0').update(examplesBytesDigest).digest('hex');
}
