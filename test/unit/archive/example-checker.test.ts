import { afterEach, describe, expect, it } from 'vitest';
import { ExampleChecker } from '../../../src/archive/example-checker.ts';
import { loadArchive } from '../../../src/archive/load.ts';
import { fixture, fixtureNames, PROJECT } from '../../helpers/paths.ts';

let checker: ExampleChecker | undefined;
afterEach(() => checker?.close());

describe('checking examples on several threads', () => {
  it('finds in every fixture archive exactly the runs, figures and problems one thread finds, in the same order', async () => {
    // Three threads here whatever the machine has, so the test covers the threads on any machine.
    checker = new ExampleChecker(PROJECT, 3);
    let threads = 0;
    for (const name of fixtureNames()) {
      const alone = await loadArchive(fixture(name));
      const together = await loadArchive(fixture(name), { checker });
      expect(together, name).toEqual(alone);
      threads = Math.max(threads, checker.threadsStarted);
    }
    expect(threads).toBe(2);
  });

  it('gives files to threads started ahead, as a whole archive without a check cache does', async () => {
    checker = new ExampleChecker(PROJECT, 3);
    checker.startThreads();
    expect(checker.threadsStarted).toBe(2);
    const alone = await loadArchive(fixture('valid-all-states'));
    expect(await loadArchive(fixture('valid-all-states'), { checker })).toEqual(alone);
  });

  it('checks the one file of a pull request here, without starting a thread', async () => {
    checker = new ExampleChecker(PROJECT, 3);
    const archive = await loadArchive(fixture('valid-all-states'), { checker, only: new Set(['quiz-full']) });
    expect(archive.runs.map((r) => r.id)).toEqual(['quiz-full']);
    expect(checker.threadsStarted).toBe(0);
  });

  it('fails the validation, saying which script, when a thread cannot start', async () => {
    const broken = new ExampleChecker('/nonexistent-project/', 3);
    // As validateCommand does: this thread may check every file before the failure is heard.
    const validating = loadArchive(fixture('valid-all-states'), { checker: broken }).finally(() => broken.close());
    await expect(validating).rejects.toThrow(/example-checker\.worker\.ts/);
  });
});
