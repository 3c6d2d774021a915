import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExamples } from '../../../src/archive/examples.ts';
import { getScorer } from '../../../src/scorers/index.ts';
import { PROJECT } from '../../helpers/paths.ts';

// The committed archive's verdicts are what our scorers say today: a scorer changed without a new
// version, or a run imported with an older scorer, fails here. The first examples of each run are
// scored again, so that the time stays the same however large runs/ grows per run.
const PER_RUN = 60;
const runsDir = join(PROJECT, 'runs');
const runs = existsSync(runsDir) ? readdirSync(runsDir).sort() : [];

describe('the committed runs', () => {
  it('exist', () => {
    expect(runs.length).toBeGreaterThan(0);
  });

  it.each(runs)('%s: each verdict is what its named scorer and version give today', async (id) => {
    const file = ['examples.jsonl.gz', 'examples.jsonl']
      .map((f) => join('runs', id, f))
      .find((f) => existsSync(join(PROJECT, f)));
    if (!file) return; // failed and cancelled runs have no examples
    const mismatches: string[] = [];
    let seen = 0;
    for await (const { example } of readExamples(PROJECT, file)) {
      const named = example.scoring?.scorer;
      if (named) {
        const scorer = getScorer(named.id);
        const again = scorer.score(example.output, example.expected);
        const stored = { version: named.version, extracted: example.extracted, correct: example.correct };
        const now = { version: scorer.version, extracted: again.extracted, correct: again.correct };
        if (JSON.stringify(stored) !== JSON.stringify(now))
          mismatches.push(`${example.id}: stored ${JSON.stringify(stored)}, now ${JSON.stringify(now)}`);
      } else expect(example.scoring?.method, `${id}/${example.id} names no scorer`).toBe('source-verdict');
      if (++seen === PER_RUN) break;
    }
    expect(mismatches).toEqual([]);
  });
});
