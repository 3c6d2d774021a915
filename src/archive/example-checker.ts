import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Problem } from './problems.ts';
import { projectFile } from './root.ts';
import { checkExamples, type ExampleCheck } from './validate-run.ts';

/**
 * Checks examples files on every core. Reading and checking each line is nearly all of validating
 * an archive, and files are independent, so each file is checked whole on one thread: this one, or
 * one of the threads started when a second file is asked for while the first is still in hand (a
 * pull request's one changed file never waits for a thread to start).
 */

export interface CheckRequest {
  id: number;
  root: string;
  file: string;
  subjects: readonly string[] | null | undefined;
}

export interface CheckOutcome {
  check: ExampleCheck;
  problems: Problem[];
}

export type CheckReply = { id: number } & ({ outcome: CheckOutcome } | { error: string });

/**
 * Files a thread holds at once: the one it checks and the next, so it goes on without waiting for
 * this thread, which is busy checking a file of its own, to hear that it finished.
 */
const QUEUED = 2;

interface Thread {
  worker: Worker;
  waiting: Map<number, { resolve: (outcome: CheckOutcome) => void; reject: (error: Error) => void }>;
}

export class ExampleChecker {
  /** Files in hand at most: one here, and QUEUED on each further core's thread. */
  readonly capacity: number;
  private readonly script: URL;
  private readonly maxThreads: number;
  private pool: Thread[] = [];
  private hereBusy = false;
  private nextId = 0;

  constructor(projectRoot: string, cores = availableParallelism()) {
    this.maxThreads = Math.max(0, cores - 1);
    this.capacity = 1 + this.maxThreads * QUEUED;
    this.script = projectFile(projectRoot, 'src/archive/example-checker.worker.ts');
  }

  async check(root: string, file: string, subjects: CheckRequest['subjects']): Promise<CheckOutcome> {
    if (!this.hereBusy) {
      this.hereBusy = true;
      try {
        const problems: Problem[] = [];
        return { check: await checkExamples(root, file, subjects, problems), problems };
      } finally {
        this.hereBusy = false;
      }
    }
    const thread = this.leastBusy();
    const id = this.nextId++;
    thread.worker.ref();
    try {
      return await new Promise<CheckOutcome>((resolve, reject) => {
        thread.waiting.set(id, { resolve, reject });
        thread.worker.postMessage({ id, root, file, subjects } satisfies CheckRequest);
      });
    } finally {
      // An idle thread does not keep the process alive.
      if (thread.waiting.size === 0) thread.worker.unref();
    }
  }

  /** Threads started besides this one. */
  get threadsStarted(): number {
    return this.pool.length;
  }

  /** Stop the threads; the checker can be used again (it starts new ones). */
  async close(): Promise<void> {
    const threads = this.pool;
    this.pool = [];
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** An idle thread, else a new one while cores are left, else the one holding fewest files. */
  private leastBusy(): Thread {
    const idle = this.pool.find((t) => t.waiting.size === 0);
    if (idle) return idle;
    if (this.pool.length < this.maxThreads) return this.start();
    const thread = this.pool.filter((t) => t.waiting.size < QUEUED).sort((a, b) => a.waiting.size - b.waiting.size)[0];
    // Callers keep at most `capacity` files in hand, so there is always room.
    if (!thread) throw new Error('ExampleChecker: more files in hand than its capacity');
    return thread;
  }

  private start(): Thread {
    const thread: Thread = { worker: new Worker(this.script), waiting: new Map() };
    thread.worker.on('message', (reply: CheckReply) => {
      const waiting = thread.waiting.get(reply.id);
      thread.waiting.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.outcome);
    });
    // A thread that failed or stopped fails every file it holds, and is not asked again.
    const fail = (error: Error) => {
      this.pool = this.pool.filter((t) => t !== thread);
      for (const { reject } of thread.waiting.values()) reject(error);
      thread.waiting.clear();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => {
      fail(new Error(`the thread checking examples stopped (exit code ${code})`));
    });
    this.pool.push(thread);
    return thread;
  }
}
