import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/**
 * The file system calls the plan writer makes, as a value: production passes node:fs, tests pass a
 * copy with one call replaced (a rename that fails, a crash between the temp write and the rename).
 */
export type WriterFs = Pick<
  typeof nodeFs,
  'lstatSync' | 'readFileSync' | 'readdirSync' | 'mkdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync'
>;

/** The real file system. */
export const NODE_FS: WriterFs = nodeFs;

/** Suffix of the temporary files a write goes through; never `.ts`, so the output scan never sees one. */
export const TEMP_SUFFIX = '.event-model.tmp';

let tempCounter = 0;

/**
 * Replaces `file` with `data` so that a crash leaves either the old bytes or the new ones: the data
 * goes to a temporary file in the same folder (a rename is atomic only within one file system),
 * is flushed to disk, then renamed over the target. On any failure the temporary file is removed
 * and the error is rethrown; the target is untouched. The caller flushes the folder afterwards
 * (`syncFolder`), once for all the files it wrote there.
 */
export function writeFileAtomic(fs: WriterFs, file: string, data: Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${++tempCounter}${TEMP_SUFFIX}`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fs.openSync(temp, 'wx', 0o666);
    created = true;
    for (let done = 0; done < data.length; ) done += fs.writeSync(fd, data, done, data.length - done);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
    created = false;
  } catch (e) {
    if (fd !== undefined) ignoreFailure(() => fs.closeSync(fd!));
    if (created) ignoreFailure(() => fs.unlinkSync(temp));
    throw e;
  }
}

/** What is at a path, without following a symbolic link at the path itself. */
export type Entry = { kind: 'missing' } | { kind: 'file'; bytes: Buffer } | { kind: 'other' };

/** Reads the entry at `file`: a regular file's bytes, `missing`, or `other` (a folder, a link, a device). */
export function readEntry(fs: WriterFs, file: string): Entry {
  let stat;
  try {
    stat = fs.lstatSync(file);
  } catch (e) {
    if (isMissing(e)) return { kind: 'missing' };
    throw e;
  }
  return stat.isFile() ? { kind: 'file', bytes: fs.readFileSync(file) } : { kind: 'other' };
}

/** Whether an error says the path (or one of its folders) does not exist. */
export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Flushes a folder's entries, so renames and removals in it survive a crash. Folders cannot be
 * opened on every platform (Windows refuses); there a failure loses nothing but durability.
 */
export function syncFolder(fs: WriterFs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort, see above
  } finally {
    if (fd !== undefined) ignoreFailure(() => fs.closeSync(fd!));
  }
}

function ignoreFailure(action: () => void): void {
  try {
    action();
  } catch {
    // cleaning up after a failure that is being reported already
  }
}
