import type { Provenance, Written } from './types.js';

/**
 * Who last wrote each value. A write at a path replaces what was recorded at and below it; a
 * value's writer is the record of its longest written prefix (`''` stands for the whole record).
 */

/** Records a write at a path. */
export function recordWrite(provenance: Map<string, Written>, path: string, written: Written): void {
  if (path === '') provenance.clear();
  else {
    // Deleting the entry being visited is safe while iterating a Map.
    const below = path + '.';
    for (const key of provenance.keys()) if (key.startsWith(below)) provenance.delete(key);
  }
  provenance.set(path, written);
}

/** Plain data: the recorded writes, in path order. */
export function provenanceRecord(provenance: Map<string, Written>): Provenance {
  return Object.fromEntries([...provenance].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Provenance;
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
