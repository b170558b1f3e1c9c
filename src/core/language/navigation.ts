import { isModelFile } from '../samples/files.js';
import { compareRanges, type Position } from '../source.js';
import { occurrencesAt, occurrencesOfSymbol, symbolKey, type Occurrence } from './occurrences.js';
import type { FileIndex, Location } from './types.js';

/**
 * Go to definition and find references, across a model and its sample files, from either. A
 * name with several declarations leads to each: an error declared by several commands, and the
 * field a projection's `key` (or an aggregate's `id`) names in each of its events.
 */

/** Where the name under the cursor is declared; on a declaration, the declaration itself. */
export function definition(index: FileIndex, uri: string, position: Position): Location[] {
  const out: Occurrence[] = [];
  for (const at of occurrencesAt(index, uri, position)) {
    if (at.role === 'definition') out.push(at);
    else out.push(...occurrencesOfSymbol(index, at).filter((o) => o.role === 'definition'));
  }
  return locations(out);
}

/** Every place the name under the cursor is used, with its declarations when asked. */
export function references(index: FileIndex, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  for (const at of occurrencesAt(index, uri, position)) {
    const key = symbolKey(at);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...occurrencesOfSymbol(index, at).filter((o) => includeDeclaration || o.role === 'reference'));
  }
  return locations(out);
}

/** Unique locations, the model's first, then by file and place. */
export function locations(list: readonly Occurrence[]): Location[] {
  const seen = new Set<string>();
  const out: Location[] = [];
  for (const o of list) {
    const key = `${o.uri}\u0000${o.range.start.line}:${o.range.start.character}:${o.range.end.line}:${o.range.end.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ uri: o.uri, range: o.range });
  }
  const modelFirst = (u: string) => (isModelFile(u) ? 0 : 1);
  return out.sort((a, b) => modelFirst(a.uri) - modelFirst(b.uri) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || compareRanges(a.range, b.range));
}
