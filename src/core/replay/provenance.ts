import type { Range } from '../source.js';
import type { Provenance, Written } from './types.js';

/**
 * Who last wrote each value. A write at a path replaces what was recorded at and below it; a
 * value's writer is the record of its longest written prefix (`''` stands for the whole record).
 */

/**
 * One rule's writes in one step of a bulk replay, shared by every path it wrote (one record per
 * rule and step instead of one per path): a path's operator is the rule's one operator on it.
 */
export class RuleWrites {
  constructor(
    readonly position: number,
    readonly event: string,
    readonly ruleRange: Range,
    /** The operator of each path the rule writes. */
    readonly opRanges: ReadonlyMap<string, Range>,
  ) {}
}

/** What the engine keeps per written path. */
export type WriteEntry = Written | RuleWrites;

/** The record of who wrote one path. */
export function writtenAt(entry: WriteEntry, path: string): Written {
  if (!(entry instanceof RuleWrites)) return entry;
  const opRange = entry.opRanges.get(path);
  return opRange
    ? { position: entry.position, event: entry.event, ruleRange: entry.ruleRange, opRange }
    : { position: entry.position, event: entry.event, ruleRange: entry.ruleRange };
}

/**
 * Records a write at a path. `nested: false` says no recorded path has a dot (no rule of the
 * model writes below a field), so nothing below `path` needs clearing.
 */
export function recordWrite(provenance: Map<string, WriteEntry>, path: string, written: WriteEntry, nested = true): void {
  if (path === '') provenance.clear();
  else if (nested) {
    // Deleting the entry being visited is safe while iterating a Map.
    const below = path + '.';
    for (const key of provenance.keys()) if (key.startsWith(below)) provenance.delete(key);
  }
  provenance.set(path, written);
}

/** Plain data: the recorded writes, in path order. */
export function provenanceRecord(provenance: Map<string, WriteEntry>): Provenance {
  return Object.fromEntries(
    [...provenance].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, entry]) => [path, writtenAt(entry, path)]),
  ) as Provenance;
}

/** The event and rule that last wrote the value at a dot path of a state or row, if any did. */
export function provenanceOf(provenance: Provenance, path: string): Written | undefined {
  const own = (key: string) => (Object.prototype.hasOwnProperty.call(provenance, key) ? provenance[key] : undefined);
  const names = path === '' ? [] : path.split('.');
  for (let n = names.length; n >= 0; n--) {
    const found = own(names.slice(0, n).join('.'));
    if (found) return found;
  }
  return undefined;
}
