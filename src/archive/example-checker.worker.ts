/**
 * A thread of the example checker (src/archive/example-checker.ts): takes the examples files it is
 * sent, in turn, unless another thread took one first, and answers each with what checking found.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { claimFile, type CheckReply, type CheckRequest } from './example-checker.messages.ts';
import type { Problem } from './problems.ts';
import { checkAndDerive } from './examples-check.ts';

const { tag } = workerData as { tag: number };
// Its code is loaded: the checker hears that it started.
parentPort?.postMessage('ready');
// One file at a time, in the order sent.
let queue = Promise.resolve();

parentPort?.on('message', (request: CheckRequest) => {
  queue = queue.then(async () => {
    if (!claimFile(request.claim, tag)) return;
    const problems: Problem[] = [];
    let reply: CheckReply;
    try {
      reply = {
        id: request.id,
        outcome: { check: await checkAndDerive(request, problems), problems },
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
