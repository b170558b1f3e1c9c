import * as path from 'node:path';
import { readBanner as coreReadBanner, type FileOwner, type GenerationPlan, type PlannedFile } from '../core/index.js';
import { ChangedMeanwhileError, NODE_FS, readEntry, syncFolder, writeFileAtomic, type Entry, type WriterFs } from './atomicFile.js';
import { findGeneratedOrphans } from './outputScan.js';
import { checkPlanPaths, blockedFolder } from './planPaths.js';

/**
 * Applies a generation plan to an output folder, for the CLI and the extension alike. The rules that
 * keep the user's work safe: a file without our banner is never overwritten or removed; a user-owned
 * file is never written once it exists; a generated file edited by hand (its content hash no longer
 * matches) is replaced only with `force`, and never removed.
 */

/** `write` applies the plan; `check` and `dry-run` only report what `write` would do. */
export type WriteMode = 'write' | 'check' | 'dry-run';

export type FileAction = 'written' | 'unchanged' | 'kept' | 'removed' | 'refused';

/** Why a file got its action; the CLI words its lines from this. */
export type ActionReason =
  | 'new' //               written: nothing was there
  | 'changed' //           written: our file, untouched since generated, now different
  | 'replaced-edit' //     written: our file edited by hand, replaced because of `force`
  | 'same' //              unchanged: the bytes on disk are the planned bytes
  | 'user-owned' //        kept: a user-owned file that exists
  | 'edited-orphan' //     kept: our file edited by hand that the plan no longer has
  | 'other-model' //       kept: our file, untouched, but generated from another model
  | 'orphan' //            removed: our file, untouched, that the plan no longer has
  | 'edited' //            refused: our file edited by hand (`force` replaces it)
  | 'not-ours'; //         refused: something without our banner where a generated file goes

/** One file of the report. */
export interface FileOutcome {
  /** Relative to the output folder, with `/`. */
  path: string;
  action: FileAction;
  reason: ActionReason;
  /** The plan's owner; `generated` for files found on disk that the plan no longer has. */
  owner: FileOwner;
}

/** What a run did (or, in `check` and `dry-run`, would do) to every file it looked at. */
export interface WriteReport {
  mode: WriteMode;
  outDir: string;
  /** The plan's files in plan order, then the orphans found on disk, by path. */
  files: FileOutcome[];
  counts: Record<FileAction, number>;
}

/** What the banner of a file says: whether it is ours, and whether its body is as generated. */
export type BannerReader = (text: string) => { generated: boolean; hashMatches: boolean };

export interface ApplyOptions {
  mode: WriteMode;
  /** Replace generated files edited by hand. Never applies to user-owned files or files without our banner. */
  force: boolean;
  /** How to read a banner; the core's `readBanner` unless a test passes another. */
  readBanner?: BannerReader;
  /** The file system; node:fs unless a test injects failures. */
  fs?: WriterFs;
}

/**
 * Compares the plan with the output folder and, in `write` mode, applies it: writes new and
 * changed files atomically, removes our orphans. Throws before touching anything when a planned
 * path would leave the output folder, and on an I/O failure or a file changed by someone else
 * while generating (each file is then old or new).
 */
export function applyPlan(plan: GenerationPlan, outDir: string, options: ApplyOptions): WriteReport {
  const fs = options.fs ?? NODE_FS;
  const readBanner = options.readBanner ?? coreReadBanner;
  const root = path.resolve(outDir);
  checkPlanPaths(plan.files.map((f) => f.path));
  const rootEntry = readEntry(fs, root);
  if (rootEntry.kind === 'file') throw new Error(`the output folder '${outDir}' is a file`);

  const decided = plan.files.map((file) => {
    const target = path.join(root, ...file.path.split('/'));
    const blocked = blockedFolder(fs, root, file.path);
    const entry: Entry = blocked ? { kind: 'other' } : readEntry(fs, target);
    return { file, target, before: entry.kind === 'file' ? entry.bytes : undefined, ...decide(file, entry, options.force, readBanner) };
  });
  const orphans = rootEntry.kind === 'missing' ? [] : orphansOf(fs, root, plan, readBanner);

  if (options.mode === 'write') {
    const touched = new Set<string>();
    try {
      for (const d of decided) {
        if (d.action !== 'written') continue;
        fs.mkdirSync(path.dirname(d.target), { recursive: true });
        writeFileAtomic(fs, d.target, d.bytes, d.before);
        touched.add(path.dirname(d.target));
      }
      for (const { outcome, text } of orphans) {
        if (outcome.action !== 'removed') continue;
        const target = path.join(root, ...outcome.path.split('/'));
        const now = readEntry(fs, target);
        if (now.kind !== 'file' || now.bytes.toString('utf8') !== text) throw new ChangedMeanwhileError(target);
        fs.unlinkSync(target);
        touched.add(path.dirname(target));
      }
    } finally {
      for (const dir of touched) syncFolder(fs, dir);
    }
  }

  const files: FileOutcome[] = [...decided.map(({ file, action, reason }) => ({ path: file.path, action, reason, owner: file.owner })), ...orphans.map((o) => o.outcome)];
  const counts: Record<FileAction, number> = { written: 0, unchanged: 0, kept: 0, removed: 0, refused: 0 };
  for (const f of files) counts[f.action]++;
  return { mode: options.mode, outDir, files, counts };
}

/** Whether the output folder already is what the plan says: nothing to write, remove or refuse. */
export function isUpToDate(report: WriteReport): boolean {
  return report.counts.written + report.counts.removed + report.counts.refused === 0;
}

function decide(file: PlannedFile, entry: Entry, force: boolean, readBanner: BannerReader): { action: FileAction; reason: ActionReason; bytes: Buffer } {
  const bytes = Buffer.from(file.content, 'utf8');
  if (entry.kind === 'missing') return { action: 'written', reason: 'new', bytes };
  if (file.owner === 'user') return { action: 'kept', reason: 'user-owned', bytes };
  if (entry.kind !== 'file') return { action: 'refused', reason: 'not-ours', bytes };
  if (entry.bytes.equals(bytes)) return { action: 'unchanged', reason: 'same', bytes };
  const banner = readBanner(entry.bytes.toString('utf8'));
  if (!banner.generated) return { action: 'refused', reason: 'not-ours', bytes };
  if (banner.hashMatches) return { action: 'written', reason: 'changed', bytes };
  return force ? { action: 'written', reason: 'replaced-edit', bytes } : { action: 'refused', reason: 'edited', bytes };
}

// Our files on disk that the plan no longer has. One that names another model in its banner (say
// the output of a model in a subfolder) is that model's to remove, not this plan's. A plan without
// generated files names no model, and then every untouched orphan goes.
function orphansOf(fs: WriterFs, root: string, plan: GenerationPlan, readBanner: BannerReader): Array<{ outcome: FileOutcome; text: string }> {
  const planned = new Set(plan.files.map((f) => f.path));
  const ourFirstLines = new Set(plan.files.filter((f) => f.owner === 'generated').map((f) => firstLine(f.content)));
  return findGeneratedOrphans(fs, root, planned, readBanner).map(({ path: rel, text, hashMatches }) => {
    const base = { path: rel, owner: 'generated' as const };
    const outcome: FileOutcome = !hashMatches
      ? { ...base, action: 'kept', reason: 'edited-orphan' }
      : ourFirstLines.size > 0 && !ourFirstLines.has(firstLine(text))
        ? { ...base, action: 'kept', reason: 'other-model' }
        : { ...base, action: 'removed', reason: 'orphan' };
    return { outcome, text };
  });
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}
