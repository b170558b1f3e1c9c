import * as path from 'node:path';
import type { WriterFs } from './atomicFile.js';

/**
 * Planned paths are relative, `/`-separated and stay inside the output folder. The generator only
 * makes such paths; the writer checks them anyway, since it is the one that touches the disk.
 */

/** Throws on the first planned path that is absolute, climbs out, is not plain, or is planned twice. */
export function checkPlanPaths(paths: readonly string[]): void {
  const seen = new Set<string>();
  for (const p of paths) {
    const why = unsafePath(p);
    if (why) throw new Error(`the plan has an unsafe path ${JSON.stringify(p)}: ${why}`);
    if (seen.has(p)) throw new Error(`the plan has the path ${JSON.stringify(p)} twice`);
    seen.add(p);
  }
}

function unsafePath(p: string): string | undefined {
  if (p === '') return 'it is empty';
  if (p.includes('\0')) return 'it holds a NUL character';
  if (p.includes('\\')) return 'it holds a backslash (paths use /)';
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p) || /^[A-Za-z]:/.test(p)) return 'it is absolute';
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return 'it climbs out of the output folder';
  if (segments.some((s) => s === '' || s === '.')) return 'it has an empty or `.` segment';
  return undefined;
}

/**
 * Whether a folder on the way from the output folder to a planned file is something other than a
 * real folder (a file, or a symbolic link that could point anywhere): then nothing is written there.
 */
export function blockedFolder(fs: WriterFs, root: string, relative: string): boolean {
  const segments = relative.split('/').slice(0, -1);
  let at = root;
  for (const segment of segments) {
    at = path.join(at, segment);
    let stat;
    try {
      stat = fs.lstatSync(at);
    } catch {
      return false; // missing: created when written
    }
    if (!stat.isDirectory()) return true;
  }
  return false;
}
