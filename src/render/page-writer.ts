import { Worker } from 'node:worker_threads';
import { projectFile } from '../archive/root.ts';

/**
 * Writes pages from a thread of its own. A build of a hundred thousand pages spends as long in the
 * file system (a folder, a file and a link for each page) as in rendering them; on this thread the
 * two overlap, on two cores. Operations are sent in batches and performed in order; `settle` waits
 * for all of them and throws the first failure, so a full disk still fails the build.
 */

export interface WriteOp {
  /** Absolute path to write; its folder is created. */
  path: string;
  body: string | Uint8Array;
  /** Give the file a second name (a hard link, or a copy across file systems). */
  linkTo?: string;
  /** Then move it there (written under a temporary name, so a killed build leaves no half file), unless another build put it there first. */
  renameTo?: string;
}

export interface WriterRequest {
  id: number;
  ops: WriteOp[];
}

export interface WriterReply {
  id: number;
  error?: string;
}

/**
 * Whether a failed hard link can be made a copy instead: across file systems, or where they do
 * not allow links (or no more of them to this file).
 */
export function cannotLink(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK';
}

/** Folders a writer remembers creating before it starts again from none. */
const FOLDERS_KEPT = 10_000;

/**
 * The folders a writer has made, so that the pages of one folder ask the file system for it once.
 * Bounded: most pages have a folder of their own, and remembering each of a million pages' folders
 * held about 1 GB; a folder forgotten costs one mkdir that finds it there.
 */
export class KnownFolders {
  private readonly folders = new Set<string>();

  has(dir: string): boolean {
    return this.folders.has(dir);
  }

  add(dir: string): void {
    if (this.folders.size >= FOLDERS_KEPT) this.folders.clear();
    this.folders.add(dir);
  }
}

/** Messages in flight before `ready` waits: memory stays flat. */
const MAX_IN_FLIGHT = 8;

/** The worker's script, under the project root. */
export const writerScript = (projectRoot: string) => projectFile(projectRoot, 'src/render/page-writer.worker.ts');

export class PageWriter {
  private worker: Worker | undefined;
  private readonly script: URL;
  private queued: WriteOp[] = [];
  private nextId = 0;
  /** Messages in flight, oldest first, each with the promise its reply settles. */
  private readonly waiting = new Map<number, { replied: Promise<void>; resolve: () => void }>();
  private failure: Error | undefined;

  constructor(script: URL) {
    this.script = script;
  }

  write(op: WriteOp): void {
    this.queued.push(op);
  }

  /**
   * Send what is queued, and wait until few enough messages are in flight. Called after each batch
   * of pages, so that a batch goes in one message: its pages are views of one buffer, which a
   * message copies once however many views it holds.
   */
  async ready(): Promise<void> {
    this.send();
    while (this.waiting.size > MAX_IN_FLIGHT) await this.oldest();
    this.check();
  }

  /** Wait for every operation written so far. */
  async settle(): Promise<void> {
    this.send();
    while (this.waiting.size > 0) await this.oldest();
    this.check();
  }

  private check() {
    if (this.failure) throw this.failure;
  }

  private oldest(): Promise<void> {
    return this.waiting.values().next().value?.replied ?? Promise.resolve();
  }

  private send() {
    if (this.queued.length === 0) return;
    const worker = this.start();
    const id = this.nextId++;
    let resolve = () => {};
    const replied = new Promise<void>((r) => (resolve = r));
    this.waiting.set(id, { replied, resolve });
    // The thread keeps the process alive only while it has work.
    worker.ref();
    worker.postMessage({ id, ops: this.queued } satisfies WriterRequest);
    this.queued = [];
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // A small heap: the thread allocates little itself and holds at most the batches in flight,
    // so without limits the pages it was sent would wait long for a collection to free them.
    const worker = new Worker(this.script, {
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 },
    });
    worker.on('message', ({ id, error }: WriterReply) => {
      if (error !== undefined) this.failure ??= new Error(`writing the pages: ${error}`);
      const message = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      message?.resolve();
    });
    const stop = (error: Error) => {
      this.failure ??= error;
      for (const { resolve } of this.waiting.values()) resolve();
      this.waiting.clear();
    };
    worker.on('error', stop);
    worker.on('exit', (code) => {
      this.worker = undefined;
      if (this.waiting.size > 0) stop(new Error(`the page writer stopped (exit code ${code}) with pages unwritten`));
    });
    this.worker = worker;
    return worker;
  }
}
