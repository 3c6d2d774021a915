// Preloaded into every process and thread of a build (NODE_OPTIONS=--import) by
// test/build/reads.test.ts: appends a line to BENCHSCOPE_READS_LOG for each time a file named
// examples.jsonl or examples.jsonl.gz is opened, saying how: `stream <path> <start>` for a stream
// (read whole when it starts at 0), `open <path>` for a file opened to read pieces of it, `file
// <path>` for a file read at once.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.BENCHSCOPE_READS_LOG;
const watched = (path) => typeof path === 'string' && /\/examples\.jsonl(\.gz)?$/.test(path);
const note = (line) => fs.appendFileSync(log, `${line}\n`);

if (log) {
  const { createReadStream, openSync, readFileSync } = fs;
  const open = fs.open;
  const promisesOpen = fs.promises.open;
  const promisesReadFile = fs.promises.readFile;
  fs.createReadStream = function (path, options) {
    if (!watched(path)) return createReadStream.apply(this, arguments);
    note(`stream ${path} ${typeof options === 'object' && options?.start ? options.start : 0}`);
    // The stream opens its file through fs.open: with the original, so that it is not noted twice.
    const given = typeof options === 'object' && options !== null ? options : {};
    return createReadStream.call(this, path, { ...given, fs: { open, read: fs.read, close: fs.close } });
  };
  fs.openSync = function (path, flags) {
    if (watched(path) && (flags === undefined || flags === 'r')) note(`open ${path}`);
    return openSync.apply(this, arguments);
  };
  fs.open = function (path, flags) {
    if (watched(path) && (typeof flags !== 'string' || flags === 'r')) note(`open ${path}`);
    return open.apply(this, arguments);
  };
  fs.readFileSync = function (path) {
    if (watched(path)) note(`file ${path}`);
    return readFileSync.apply(this, arguments);
  };
  fs.promises.open = function (path, flags) {
    if (watched(path) && (flags === undefined || flags === 'r')) note(`open ${path}`);
    return promisesOpen.apply(this, arguments);
  };
  fs.promises.readFile = function (path) {
    if (watched(path)) note(`file ${path}`);
    return promisesReadFile.apply(this, arguments);
  };
  syncBuiltinESMExports();
}
