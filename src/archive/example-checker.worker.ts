/**
 * A thread of the example checker (src/archive/example-checker.ts): checks the examples files it
 * is sent, in turn, and answers each with what checking found.
 */
import { parentPort } from 'node:worker_threads';
import type { CheckReply, CheckRequest } from './example-checker.ts';
import type { Problem } from './problems.ts';
import { checkExamples } from './validate-run.ts';

// One file at a time, in the order sent.
let queue = Promise.resolve();

parentPort?.on('message', (request: CheckRequest) => {
  queue = queue.then(async () => {
    const problems: Problem[] = [];
    let reply: CheckReply;
    try {
      reply = {
        id: request.id,
        outcome: { check: await checkExamples(request.root, request.file, request.subjects, problems), problems },
      };
    } catch (error) {
      reply = {
        id: request.id,
        error: `checking ${request.file}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    parentPort?.postMessage(reply);
  });
});
