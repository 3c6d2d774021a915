import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckCache } from './check-cache.ts';
import { claimFile, type CheckOutcome, type CheckReply, type CheckRequest } from './example-checker.messages.ts';
import { checkAndDerive, type ExampleCheck, type PassRequest } from './examples-check.ts';
import type { VisitedRun, VisitorRequest } from './example-visitors.ts';
import type { Problem } from './problems.ts';
import { projectFile } from './root.ts';

/**
 * Checks examples files on every core. Reading and checking each line is nearly all of validating
 * an archive, and files are independent, so each file is checked whole on one thread: this one, or
 * one of the threads started when a second file is asked for while the first is still in hand (a
 * pull request's one changed file never waits for a thread to start), or at once (startThreads)
 * when a whole archive is to be read.
 *
 * The files waiting form one queue that every thread takes from: each request is sent to every
 * thread, and a shared flag says who took it first. So no thread sits idle while another still
 * has a file it has not begun, and none waits for this thread, busy with a file of its own, to
 * hear that it finished and hand it the next.
 */

/** Files waiting per thread besides this one (capacity). */
const WAITING = 4;

/** The tag of this thread; threads started are tagged 1, 2, … */
const HERE = -1;
/** A file no thread may take any more: the thread it was sent to failed. */
const WITHDRAWN = -2;

interface Job {
  request: CheckRequest;
  resolve: (outcome: CheckOutcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  tag: number;
  /** Settles once the thread has loaded its code, or failed to. */
  ready: Promise<void>;
  /** Whether it was sent a file. */
  used: boolean;
}

export class ExampleChecker {
  /**
   * Files worth having in hand at once: a file waiting costs nothing but its request, and this
   * thread, busy with a file of its own, may take a whole file's time to hear that another thread
   * finished one and to ask for the next; so each thread has a few waiting.
   */
  readonly capacity: number;
  private readonly script: URL;
  private readonly maxThreads: number;
  private pool: Thread[] = [];
  /** Files asked for and not yet answered, by request id, in the order asked. */
  private jobs = new Map<number, Job>();
  private hereBusy = false;
  private nextId = 0;
  private nextTag = 1;

  constructor(projectRoot: string, cores = availableParallelism()) {
    this.maxThreads = Math.max(0, cores - 1);
    this.capacity = 1 + this.maxThreads * WAITING;
    this.script = projectFile(projectRoot, 'src/archive/example-checker.worker.ts');
  }

  check(pass: PassRequest): Promise<CheckOutcome> {
    const claim = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const request: CheckRequest = { ...pass, id: this.nextId++, claim };
    const outcome = new Promise<CheckOutcome>((resolve, reject) => {
      this.jobs.set(request.id, { request, resolve, reject });
    });
    if (this.hereBusy) {
      if (this.pool.length < this.maxThreads) this.start();
      for (const thread of this.pool) this.send(thread, request);
      this.keepAlive();
    } else {
      void this.workHere();
    }
    return outcome;
  }

  /**
   * Start every thread now, when many files are sure to come (a whole archive to check without a
   * check cache): they load their code while this thread reads the registry and the first file.
   */
  startThreads(): void {
    while (this.pool.length < this.maxThreads) this.start();
    this.keepAlive();
  }

  /** Threads started besides this one. */
  get threadsStarted(): number {
    return this.pool.length;
  }

  /**
   * Stop the threads; the checker can be used again (it starts new ones). Rejects when a thread
   * that was sent files could not start: they were checked elsewhere, but a broken thread must not
   * go unnoticed.
   */
  async close(): Promise<void> {
    const threads = this.pool;
    this.pool = [];
    const stopped = await Promise.allSettled(
      threads.map(async (t) => {
        if (!t.used) return t.worker.terminate();
        // Kept alive until it has told whether it started, or the process would end here.
        t.worker.ref();
        return t.ready.finally(() => t.worker.terminate());
      }),
    );
    for (const result of stopped) if (result.status === 'rejected') throw result.reason;
  }

  /** Check here every file no thread has taken yet, oldest first. */
  private async workHere(): Promise<void> {
    this.hereBusy = true;
    try {
      for (const job of this.jobs.values()) {
        if (!claimFile(job.request.claim, HERE)) continue;
        const problems: Problem[] = [];
        try {
          const check = await checkAndDerive(job.request, problems);
          this.settle(job.request.id, { check, problems });
        } catch (error) {
          this.settle(job.request.id, error instanceof Error ? error : new Error(String(error)));
        }
      }
    } finally {
      this.hereBusy = false;
    }
  }

  /** Answer a file's caller, once. */
  private settle(id: number, result: CheckOutcome | Error): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    if (result instanceof Error) job.reject(result);
    else job.resolve(result);
    this.keepAlive();
  }

  /** Threads keep the process alive only while files are waiting for them. */
  private keepAlive(): void {
    for (const thread of this.pool) {
      if (this.jobs.size > 0) thread.worker.ref();
      else thread.worker.unref();
    }
  }

  private start(): void {
    const worker = new Worker(this.script, { workerData: { tag: this.nextTag } });
    let startFailed: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => {
        resolve();
      });
      startFailed = reject;
    });
    ready.catch(() => undefined); // told by close()
    const thread: Thread = { worker, tag: this.nextTag++, ready, used: false };
    worker.on('message', (reply: CheckReply | 'ready') => {
      if (reply === 'ready') return;
      this.settle(reply.id, 'error' in reply ? new Error(reply.error) : reply.outcome);
    });
    // A thread that failed or stopped fails every file it took or might still take, so the
    // failure is told rather than hidden by another thread checking them instead.
    const fail = (error: Error) => {
      startFailed(error); // nothing, once it has started
      if (!this.pool.includes(thread)) return;
      this.pool = this.pool.filter((t) => t !== thread);
      for (const job of [...this.jobs.values()]) {
        const { claim, id } = job.request;
        if (claimFile(claim, WITHDRAWN) || Atomics.load(claim, 0) === thread.tag) this.settle(id, error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      fail(new Error(`the thread checking examples stopped (exit code ${code})`));
    });
    this.pool.push(thread);
    // It joins the queue where it stands.
    for (const job of this.jobs.values()) this.send(thread, job.request);
  }

  private send(thread: Thread, request: CheckRequest): void {
    thread.used = true;
    thread.worker.postMessage(request);
  }
}

/** How validation checks examples files; without a checker, every file is read on this thread. */
export interface CheckOptions {
  /** Checks of examples files kept by earlier builds (src/archive/check-cache.ts). */
  checked?: CheckCache | undefined;
  /** Checks examples files on other threads too. */
  checker?: ExampleChecker | undefined;
  /** Make each run's index in the same pass (what a build's pages need; `npm run validate` does not). */
  index?: boolean | undefined;
  /** What else to derive from each run's examples in the same pass (src/archive/example-visitors.ts). */
  visitors?: readonly VisitorRequest[] | undefined;
}

/**
 * checkExamples, or what it found for the same file, subjects and code in an earlier build; on a
 * thread of `checker` when there is one.
 */
export async function checkedExamples(
  root: string,
  file: string,
  subjects: readonly string[] | null | undefined,
  problems: Problem[],
  { checked, checker, index, visitors }: CheckOptions,
  run?: VisitedRun,
): Promise<ExampleCheck> {
  const path = join(root, file);
  let key = await checked?.key(path, subjects);
  const known = key && checked?.get(key);
  if (known) return known;
  let check: ExampleCheck;
  let found: Problem[] = [];
  const pass: PassRequest = { root, file, subjects, index, visitors, run };
  if (checker) ({ check, problems: found } = await checker.check(pass));
  else check = await checkAndDerive(pass, found);
  for (const problem of found) problems.push(problem);
  if (checked && found.length === 0 && check.stats && check.fileDigest) {
    key ??= checked.keyOf(check.fileDigest, subjects);
    checked.put(key, check, path, check.fileDigest);
  }
  return check;
}
