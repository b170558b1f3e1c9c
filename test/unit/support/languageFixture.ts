import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryFileIndex } from '../../../src/core/language/fileIndex.js';
import type { Position } from '../../../src/core/source.js';
import { ROOT } from './golden.js';

/**
 * Fixtures for the language features: files by URI in memory, with the cursor written into the
 * text as `‸` (U+2038). The marker is taken out; where it stood is the position.
 */

export const CURSOR = '\u2038';

/** A text with its cursor marker taken out, and the marker's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf(CURSOR);
  if (at < 0) throw new Error('the fixture has no cursor marker (‸)');
  if (marked.indexOf(CURSOR, at + 1) >= 0) throw new Error('the fixture has more than one cursor marker');
  const before = marked.slice(0, at);
  const line = before.split('\n').length - 1;
  return { text: marked.slice(0, at) + marked.slice(at + 1), position: { line, character: at - (before.lastIndexOf('\n') + 1) } };
}

/**
 * An index of files (URI → text); the one file whose text holds the cursor marker is the one
 * the cursor is in. URIs are `file:///ws/...` unless given whole.
 */
export function fixture(files: Record<string, string>): { index: MemoryFileIndex; uri: string; position: Position; text: string } {
  const index = new MemoryFileIndex();
  let cursor: { uri: string; position: Position; text: string } | undefined;
  for (const [name, marked] of Object.entries(files)) {
    const uri = name.includes('://') ? name : `file:///ws/${name}`;
    if (marked.includes(CURSOR)) {
      const { text, position } = withCursor(marked);
      index.set(uri, text);
      cursor = { uri, position, text };
    } else index.set(uri, marked);
  }
  if (!cursor) throw new Error('no file holds the cursor marker (‸)');
  return { index, ...cursor };
}

/** A file of the repository (a fixture or an example), as text. */
export function repoFile(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}
