import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Position } from '../source.js';
import { combine, FixFile, Writer, type WriteEntry, type WriteValue } from './fixFile.js';
import type { TextEdit } from './types.js';

/**
 * Text edits for quick fixes that keep the file's own style: an entry added to a `{ }` mapping
 * goes inside the braces, one added to a block mapping goes on a new line at the indentation of
 * its neighbours; a new section goes where the format's order puts it. The fixes describe what
 * to write as small values (`WriteValue`) merged into a mapping of the file; this module turns
 * them into edits, reading the file's YAML again for the exact place of every node.
 */

/** Where the format puts its top-level keys. */
const SECTION_ORDER = ['$schema', 'version', 'context', 'description', 'codegen', 'types', 'aggregates', 'commands', 'events', 'projections', 'policies', 'scenarios'];

/** A mapping of the file (or an empty value where one goes), found by where it starts. */
type Target =
  | { kind: 'map'; map: YAMLMap; keyColumn: number | undefined }
  | { kind: 'empty'; start: number; end: number; keyColumn: number };

/** The mapping that starts at `offset`, or the empty value (`key:` with nothing, `~`, `null`) there. */
function findTarget(file: FixFile, offset: number): Target | undefined {
  let found: Target | undefined;
  const visit = (node: unknown, keyColumn: number | undefined): void => {
    if (found || !node || typeof node !== 'object') return;
    const n = node as Node;
    const r = n.range;
    if (r && (offset < r[0] || offset > r[1])) return;
    if (isMap(n)) {
      if (r && r[0] === offset) {
        found = { kind: 'map', map: n, keyColumn };
        return;
      }
      for (const p of n.items as Pair<Node, Node | null>[]) {
        const key = p.key;
        const col = key?.range ? file.column(key.range[0]) : undefined;
        const v = p.value;
        if (key?.range && (v === null || (isScalar(v) && v.value === null))) {
          const start = v?.range ? v.range[0] : key.range[1];
          const end = v?.range ? v.range[1] : start;
          if (start === offset || (v === null && key.range[0] === offset)) {
            found = { kind: 'empty', start, end, keyColumn: col ?? 0 };
            return;
          }
        }
        visit(v, col);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) visit(item, keyColumn);
    }
  };
  visit(file.doc.contents, undefined);
  return found;
}

/** The end of a node's own text, without the blank lines and comments a block collection runs on to. */
function contentEnd(node: Node): number {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as Pair<Node, Node | null> | Node;
    if (isMap(node)) {
      const p = last as Pair<Node, Node | null>;
      return p.value && (p.value as Node).range ? contentEnd(p.value as Node) : (p.key as Node).range![1];
    }
    return contentEnd(last as Node);
  }
  return node.range ? node.range[1] : 0;
}

/** The end of a mapping entry: its value's, or its key's when it has none. */
function pairEnd(p: Pair<Node, Node | null>): number {
  const v = p.value as Node | null;
  return v?.range && v.range[1] > (p.key as Node).range![1] ? contentEnd(v) : (p.key as Node).range![1];
}

function keyOf(p: Pair<unknown, unknown>): string | undefined {
  return isScalar(p.key) && typeof p.key.value === 'string' ? p.key.value : undefined;
}

/** Entries to merge into a mapping of a file, by where the mapping (or the empty value) starts. */
export interface Merge {
  at: number;
  entries: WriteEntry[];
  /** How to write the entries where the value is empty: on one line in braces, or as a block. */
  flow?: boolean;
}

/** A key to remove from the mapping that starts at `at`. */
export interface Removal {
  at: number;
  key: string;
}

/**
 * The edits that merge entries into a mapping: an entry whose key is there already merges into
 * the value it has (a mapping into a mapping, list items into a list) or is left alone; the
 * others are added after the last entry, or, in the top-level mapping, before the section that
 * follows them in the format's order.
 */
export function mergeEdits(file: FixFile, merge: Merge): TextEdit[] | undefined {
  const jsonLine = lineOfJsonLines(file, merge.at);
  if (jsonLine) return shiftEdits(mergeEdits(jsonLine.file, { ...merge, at: merge.at - jsonLine.start }), jsonLine.line);
  const target = findTarget(file, merge.at);
  if (!target) return undefined;
  const w = new Writer(file);
  const out: TextEdit[] = [];
  if (target.kind === 'empty') {
    fillEmpty(file, w, target, merge.entries, merge.flow ?? false, out);
    return out;
  }
  mergeIntoMap(file, w, target.map, merge.entries, out);
  return out;
}

function fillEmpty(file: FixFile, w: Writer, target: Extract<Target, { kind: 'empty' }>, entries: WriteEntry[], flow: boolean, out: TextEdit[]): void {
  if (entries.length === 0) return;
  let start = target.start;
  while (start > 0 && file.text[start - 1] === ' ') start--;
  // After `key:` (and no value) on the same line.
  const text = flow || file.json
    ? ` ${w.flow({ map: entries })}`
    : w.blockEntries(entries, target.keyColumn + file.indentUnit);
  out.push({ range: file.range(start, target.end), newText: text });
}

function mergeIntoMap(file: FixFile, w: Writer, map: YAMLMap, entries: WriteEntry[], out: TextEdit[]): void {
  const fresh: WriteEntry[] = [];
  for (const [k, v] of entries) {
    const pair = (map.items as Pair<Node, Node | null>[]).find((p) => keyOf(p) === k);
    if (!pair) {
      const same = fresh.find(([fk]) => fk === k);
      if (same) same[1] = combine(same[1], v);
      else fresh.push([k, v]);
      continue;
    }
    const existing = pair.value as Node | null;
    const col = (pair.key as Node).range ? file.column((pair.key as Node).range![0]) : 0;
    if (existing === null || (isScalar(existing) && existing.value === null)) {
      const start = existing?.range ? existing.range[0] : (pair.key as Node).range![1];
      const end = existing?.range ? existing.range[1] : start;
      if ('map' in v) fillEmpty(file, w, { kind: 'empty', start, end, keyColumn: col }, v.map, v.flow ?? false, out);
      else if ('list' in v) out.push({ range: file.range(start, end), newText: ` ${w.flow(v)}` });
      continue;
    }
    if ('map' in v && isMap(existing)) mergeIntoMap(file, w, existing, v.map, out);
    else if ('list' in v && isSeq(existing)) appendToSeq(file, w, existing, v.list, out);
  }
  if (fresh.length === 0) return;
  if (map.flow) {
    const open = map.range![0];
    const close = map.range![1] - 1;
    const items = map.items as Pair<Node, Node | null>[];
    const written = fresh.map(([k, v]) => `${w.key(k)}: ${w.flow(v)}`);
    if (items.length === 0) {
      out.push({ range: file.range(open + 1, close), newText: ` ${written.join(', ')} ` });
      return;
    }
    const last = items[items.length - 1]!;
    const end = pairEnd(last);
    const lastKey = (last.key as Node).range![0];
    const before = items.length > 1 ? (items[items.length - 2]!.key as Node).range![0] : open;
    // A mapping in braces written one entry a line (JSON, mostly) gets its new entries so too.
    const eachOnItsLine = file.lineOf(lastKey) !== file.lineOf(before);
    const sep = eachOnItsLine ? `,${file.eol}${' '.repeat(file.column(lastKey))}` : ', ';
    out.push({ range: file.range(end, end), newText: `${sep}${written.join(sep)}` });
    return;
  }
  if (map === file.doc.contents) {
    insertSections(file, w, map, fresh, out);
    return;
  }
  const items = map.items as Pair<Node, Node | null>[];
  const first = items[0]!;
  const col = file.column((first.key as Node).range![0]);
  const last = items[items.length - 1]!;
  const at = file.lineEnd(file.lineOf(lastNonSpace(file, pairEnd(last))));
  const blank = blankBetweenEntries(file, map) ? file.eol : '';
  const text = fresh.map(([k, v]) => `${file.eol}${blank}${' '.repeat(col)}${w.blockEntry(k, v, col)}`).join('');
  out.push({ range: file.range(at, at), newText: text });
}

/** Items added at the end of a list, unless the list has them already. */
function appendToSeq(file: FixFile, w: Writer, seq: YAMLSeq, items: WriteValue[], out: TextEdit[]): void {
  const present = new Set(seq.items.map((i) => (isScalar(i) ? String(i.value) : '')));
  const add = items.filter((i) => !('value' in i || 'raw' in i) || !present.has('raw' in i ? i.raw : String(i.value)));
  if (add.length === 0) return;
  if (seq.flow) {
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const text = add.map((i) => w.flow(i)).join(', ');
    if (!last?.range) out.push({ range: file.range(seq.range![0] + 1, seq.range![1] - 1), newText: text });
    else out.push({ range: file.range(last.range[1], last.range[1]), newText: `, ${text}` });
    return;
  }
  const first = seq.items[0] as Node;
  const line = file.lineOf(first.range![0]);
  const dash = file.lineText(line).indexOf('-');
  const at = file.lineEnd(file.lineOf(lastNonSpace(file, contentEnd(seq))));
  out.push({ range: file.range(at, at), newText: add.map((i) => `${file.eol}${' '.repeat(Math.max(0, dash))}- ${w.flow(i)}`).join('') });
}

/** The offset of the last character before `end` that is not white space. */
function lastNonSpace(file: FixFile, end: number): number {
  let i = Math.min(end, file.text.length) - 1;
  while (i > 0 && /\s/.test(file.text[i]!)) i--;
  return Math.max(0, i);
}

/** Whether the entries of a block mapping are separated by blank lines (from its second entry). */
function blankBetweenEntries(file: FixFile, map: YAMLMap): boolean {
  const items = map.items as Pair<Node, Node | null>[];
  // A section with one element: the file's habit between its sections tells; inside an element, none.
  if (items.length < 2) return isSection(file, map) && blankBetweenSections(file);
  return blankAbove(file, (items[1]!.key as Node).range![0]);
}

/** Whether a mapping is the value of a top-level key. */
function isSection(file: FixFile, map: YAMLMap): boolean {
  const root = file.doc.contents;
  return isMap(root) && (root.items as Pair<Node, Node | null>[]).some((p) => p.value === map);
}

/** Whether the file's top-level sections are separated by blank lines. */
function blankBetweenSections(file: FixFile): boolean {
  const root = file.doc.contents;
  if (!isMap(root)) return false;
  return (root.items as Pair<Node, Node | null>[]).slice(1).some((p) => p.key && (p.key as Node).range && blankAbove(file, (p.key as Node).range![0]));
}

/** Whether the lines above `offset` (past the comments right above it) end with a blank one. */
function blankAbove(file: FixFile, offset: number): boolean {
  let line = file.lineOf(offset) - 1;
  while (line >= 0 && /^\s*#/.test(file.lineText(line))) line--;
  return line >= 0 && file.lineText(line).trim() === '';
}

/** New top-level sections, each before the section that follows it in the format's order. */
function insertSections(file: FixFile, w: Writer, root: YAMLMap, fresh: WriteEntry[], out: TextEdit[]): void {
  const items = root.items as Pair<Node, Node | null>[];
  const gap = items.length < 2 || blankBetweenSections(file) ? file.eol : '';
  const eol = file.eol;
  const byPlace = new Map<number, string[]>();
  for (const [k, v] of fresh) {
    const rank = SECTION_ORDER.indexOf(k);
    const next = rank < 0 ? undefined : items.find((p) => {
      const r = SECTION_ORDER.indexOf(keyOf(p) ?? '');
      return r > rank;
    });
    const text = w.blockEntry(k, v, 0);
    if (next) {
      // Before the comments that introduce the next section.
      let line = file.lineOf((next.key as Node).range![0]);
      while (line > 0 && /^\s*#/.test(file.lineText(line - 1))) line--;
      const at = file.lineStart(line);
      (byPlace.get(at) ?? byPlace.set(at, []).get(at)!).push(`${text}${eol}${gap}`);
    } else {
      const at = file.text.length;
      const lead = file.text.length === 0 || file.text.endsWith('\n') ? '' : eol;
      (byPlace.get(at) ?? byPlace.set(at, []).get(at)!).push(`${lead}${gap}${text}${eol}`);
    }
  }
  for (const [at, texts] of byPlace) {
    // Two sections at the end of the file: only the first needs the line break before it.
    const joined = at === file.text.length ? texts.map((t, i) => (i === 0 ? t : t.replace(/^\r?\n(?=\r?\n)/, ''))).join('') : texts.join('');
    out.push({ range: file.range(at, at), newText: joined });
  }
}

/** The edit that removes an entry from the mapping that starts at `at`, keeping the rest as written. */
export function removalEdit(file: FixFile, removal: Removal): TextEdit | undefined {
  const jsonLine = lineOfJsonLines(file, removal.at);
  if (jsonLine) return shiftEdits(maybeList(removalEdit(jsonLine.file, { ...removal, at: removal.at - jsonLine.start })), jsonLine.line)?.[0];
  const target = findTarget(file, removal.at);
  if (target?.kind !== 'map') return undefined;
  const items = target.map.items as Pair<Node, Node | null>[];
  const i = items.findIndex((p) => keyOf(p) === removal.key);
  if (i < 0) return undefined;
  const item = items[i]!;
  const keyStart = (item.key as Node).range![0];
  const end = pairEnd(item);
  if (target.map.flow) {
    if (items.length === 1) return { range: file.range(target.map.range![0] + 1, target.map.range![1] - 1), newText: ' ' };
    if (i < items.length - 1) return { range: file.range(keyStart, (items[i + 1]!.key as Node).range![0]), newText: '' };
    return { range: file.range(pairEnd(items[i - 1]!), end), newText: '' };
  }
  const line = file.lineOf(keyStart);
  const alone = file.lineText(line).slice(0, file.column(keyStart)).trim() === '';
  const lastLine = file.lineOf(lastNonSpace(file, end));
  if (!alone) {
    // The first entry of a list item (`- key: value`): the next entry moves up after the dash.
    if (i < items.length - 1) return { range: file.range(keyStart, (items[i + 1]!.key as Node).range![0]), newText: '' };
    if (items.length === 1) return { range: file.range(keyStart, file.lineEnd(lastLine)), newText: '{}' };
  }
  if (line === 0) return { range: file.range(0, file.lineStart(lastLine + 1)), newText: '' };
  return { range: file.range(file.lineEnd(line - 1), file.lineEnd(lastLine)), newText: '' };
}

/** In a JSON Lines file, the line of an offset as a file of its own: each line is one JSON document. */
function lineOfJsonLines(file: FixFile, offset: number): { file: FixFile; line: number; start: number } | undefined {
  if (!/\.jsonl$/i.test(file.uri)) return undefined;
  const line = file.lineOf(offset);
  // Read as a JSON file of one line.
  return { file: new FixFile(file.uri.replace(/\.jsonl$/i, '.json'), file.lineText(line)), line, start: file.lineStart(line) };
}

function maybeList(e: TextEdit | undefined): TextEdit[] | undefined {
  return e ? [e] : undefined;
}

function shiftEdits(edits: TextEdit[] | undefined, lines: number): TextEdit[] | undefined {
  const at = (p: Position): Position => ({ line: p.line + lines, character: p.character });
  return edits?.map((e) => ({ range: { start: at(e.range.start), end: at(e.range.end) }, newText: e.newText }));
}
