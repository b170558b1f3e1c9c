import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/**
 * The file system calls the plan writer makes, as a value: production passes node:fs, tests pass a
 * copy with one call replaced (a rename that fails, a crash between the temp write and the rename).
 */
export type WriterFs = Pick<
  typeof nodeFs,
  'lstatSync' | 'readFileSync' | 'readdirSync' | 'mkdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'linkSync' | 'unlinkSync'
>;

/** The real file system. */
export const NODE_FS: WriterFs = nodeFs;

/** Suffix of the temporary files a write goes through; never `.ts`, so the output scan never sees one. */
export const TEMP_SUFFIX = '.event-model.tmp';

let tempCounter = 0;

/**
 * Writes `file` so that a crash leaves either the old bytes or the new ones: the data goes to a
 * temporary file in the same folder (a rename is atomic only within one file system), is flushed
 * to disk, then takes the target's place. `expected` is what the caller saw at the target: absent
 * for a new file, which is then published with a hard link, so a file that appeared meanwhile is
 * never overwritten; else the old bytes, read again just before the rename, so an edit saved while
 * generating is not lost. Either race throws `ChangedMeanwhileError`. On any failure the temporary
 * file is removed, the target is untouched and the error is rethrown. The caller flushes the
 * folder afterwards (`syncFolder`), once for all the files it wrote there.
 */
export function writeFileAtomic(fs: WriterFs, file: string, data: Uint8Array, expected?: Uint8Array): void {
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
    if (expected === undefined && publishNew(fs, temp, file)) {
      fs.unlinkSync(temp);
    } else {
      if (!sameEntry(readEntry(fs, file), expected)) throw new ChangedMeanwhileError(file);
      fs.renameSync(temp, file);
    }
    created = false;
  } catch (e) {
    if (fd !== undefined) ignoreFailure(() => fs.closeSync(fd!));
    if (created) ignoreFailure(() => fs.unlinkSync(temp));
    throw e;
  }
}

/** A file changed on disk between the writer's look at it and its write; nothing was written there. */
export class ChangedMeanwhileError extends Error {
  constructor(readonly file: string) {
    super(`'${file}' changed while generating; nothing was written there (run again)`);
  }
}

// Hard links make "create unless it exists" atomic. A file system without them (FAT, some network
// shares) says so with one of these codes; then the caller checks and renames instead.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

function publishNew(fs: WriterFs, temp: string, file: string): boolean {
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw new ChangedMeanwhileError(file);
    if (NO_HARD_LINKS.has(code)) return false;
    throw e;
  }
}

function sameEntry(entry: Entry, expected: Uint8Array | undefined): boolean {
  if (expected === undefined) return entry.kind === 'missing';
  return entry.kind === 'file' && entry.bytes.equals(expected);
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
function isMissing(e: unknown): boolean {
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
