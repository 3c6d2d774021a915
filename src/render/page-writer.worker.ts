/**
 * The page writer's thread (src/render/page-writer.ts): performs the file operations it is sent,
 * in order, and answers each message with the error of the first that failed, if any.
 */
import { copyFileSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { commitFile, partialPath } from '../cache/store.ts';
import { cannotLink, KnownFolders, type WriteOp, type WriterReply, type WriterRequest } from './page-writer.ts';

const made = new KnownFolders();

function ensureFolder(dir: string) {
  if (made.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  made.add(dir);
}

/**
 * A second name for a file, in the page cache: a hard link, or where the file system cannot link,
 * a copy, made under a temporary name and then put in place (src/cache/store.ts), so that a build
 * killed meanwhile leaves no half page under a key.
 */
function alsoAt(path: string, other: string) {
  try {
    linkSync(path, other);
  } catch (error) {
    if (cannotLink(error)) {
      const partial = partialPath(other);
      copyFileSync(path, partial);
      commitFile(partial, other);
    }
    // EEXIST: another build stored the same content under this name meanwhile.
    else if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function perform(op: WriteOp) {
  ensureFolder(dirname(op.path));
  writeFileSync(op.path, op.body);
  if (op.linkTo !== undefined) {
    ensureFolder(dirname(op.linkTo));
    alsoAt(op.path, op.linkTo);
  }
  if (op.renameTo !== undefined) {
    ensureFolder(dirname(op.renameTo));
    // Kept as another build stored it, if one did meanwhile: the same content.
    commitFile(op.path, op.renameTo);
  }
}

parentPort?.on('message', ({ id, ops }: WriterRequest) => {
  let reply: WriterReply = { id };
  try {
    for (const op of ops) perform(op);
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
