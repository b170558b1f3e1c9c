import { isMap, isSeq, type Document, type Node } from 'yaml';
import { parseYamlInPieces } from '../model/chunkedYaml.js';
import type { Position, Range } from '../source.js';

/**
 * The file a quick fix writes into, and how it writes: positions and offsets, the YAML tree read
 * again for the exact place of every node, and values written in the file's own style (JSON or
 * YAML, plain words where YAML reads them back the same, quotes elsewhere).
 */

/** A value to write: as is (a type, a reference), a literal (quoted as the file needs), a mapping or a list. */
export type WriteValue =
  | { raw: string }
  | { value: string | number | boolean | null }
  | { map: WriteEntry[]; flow?: boolean }
  | { list: WriteValue[] };
export type WriteEntry = [key: string, value: WriteValue];

/** The YAML trees read last, by URI, for requests that come again for the same text. */
const recent = new Map<string, { text: string; doc: Document.Parsed }>();

/** One file's text with offsets, its YAML tree and its style (JSON or YAML, the indentation step). */
export class FixFile {
  private readonly lineStarts: number[] = [0];
  private tree: Document.Parsed | undefined;

  constructor(readonly uri: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  /** JSON and JSON Lines sample files are written as JSON. */
  get json(): boolean {
    return /\.jsonl?$/i.test(this.uri);
  }

  /** The YAML tree, read in pieces as the model's parser reads it (the same tree, faster), and kept for the same text. */
  get doc(): Document.Parsed {
    if (this.tree) return this.tree;
    const last = recent.get(this.uri);
    if (last?.text === this.text) return (this.tree = last.doc);
    this.tree = parseYamlInPieces(this.text, { version: '1.2', uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'silent' });
    // Only large files are worth keeping (a small one reads in no time), and only the last two.
    if (this.text.length >= 100_000) {
      recent.delete(this.uri);
      recent.set(this.uri, { text: this.text, doc: this.tree });
      if (recent.size > 2) recent.delete(recent.keys().next().value!);
    }
    return this.tree;
  }

  offset(p: Position): number {
    const start = this.lineStarts[Math.max(0, Math.min(p.line, this.lineStarts.length - 1))]!;
    return Math.min(start + p.character, this.text.length);
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  lineOf(offset: number): number {
    return this.position(offset).line;
  }

  lineStart(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /** The offset just past a line's last character, before its line break. */
  lineEnd(line: number): number {
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    if (end > this.lineStart(line) && this.text[end - 1] === '\n') end--;
    if (end > this.lineStart(line) && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  column(offset: number): number {
    return this.position(offset).character;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The file's indentation step: the column of the first key under a top-level key (2 by default). */
  get indentUnit(): number {
    const root = this.doc.contents;
    if (isMap(root)) {
      for (const p of root.items) {
        const v = p.value as Node | null;
        if ((isMap(v) || isSeq(v)) && !v.flow && v.range && v.items.length > 0) {
          const col = this.column(v.range[0]);
          if (col > 0) return col;
        }
      }
    }
    return 2;
  }

  /** The line break the file uses. */
  get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }
}

/** Writes values in the file's style. */
export class Writer {
  constructor(readonly file: FixFile) {}

  key(k: string): string {
    if (this.file.json) return JSON.stringify(k);
    return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k) && !isYamlWord(k) ? k : JSON.stringify(k);
  }

  scalar(v: string | number | boolean | null, inFlow: boolean): string {
    if (this.file.json) return JSON.stringify(v);
    if (typeof v !== 'string') return String(v);
    return plainSafe(v, inFlow) ? v : JSON.stringify(v);
  }

  flow(v: WriteValue): string {
    if ('raw' in v) return v.raw;
    if ('value' in v) return this.scalar(v.value, true);
    if ('list' in v) return `[${v.list.map((i) => this.flow(i)).join(', ')}]`;
    if (v.map.length === 0) return '{}';
    return `{ ${v.map.map(([k, x]) => `${this.key(k)}: ${this.flow(x)}`).join(', ')} }`;
  }

  /** `key: value` at column `col`; a block mapping's entries go on the lines below. */
  blockEntry(k: string, v: WriteValue, col: number): string {
    if ('map' in v && !v.flow && v.map.length > 0 && !this.file.json) {
      return `${this.key(k)}:${this.blockEntries(v.map, col + this.file.indentUnit)}`;
    }
    if ('value' in v) return `${this.key(k)}: ${this.scalar(v.value, false)}`;
    return `${this.key(k)}: ${this.flow(v)}`;
  }

  /** Entries each on a new line at column `col` (every one starts with the line break). */
  blockEntries(entries: WriteEntry[], col: number): string {
    const eol = this.file.eol;
    return entries.map(([k, v]) => `${eol}${' '.repeat(col)}${this.blockEntry(k, v, col)}`).join('');
  }
}

const YAML_WORDS = /^(true|false|null|~|yes|no|on|off|y|n|True|False|TRUE|FALSE|Null|NULL|Yes|No|YES|NO|On|Off|ON|OFF)$/;

function isYamlWord(s: string): boolean {
  return YAML_WORDS.test(s);
}

/** Whether a string reads back as the same string written without quotes. */
function plainSafe(s: string, inFlow: boolean): boolean {
  if (s === '' || s !== s.trim() || isYamlWord(s)) return false;
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^0[xob]/i.test(s) || /^[-+]?\.(inf|nan)$/i.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`$]/.test(s)) return false;
  if (/: |:$| #|[\r\n\t]/.test(s)) return false;
  if (inFlow && /[,[\]{}]/.test(s)) return false;
  return true;
}

/** Two values for the same new key: mappings merge, lists join, otherwise the first stays. */
export function combine(a: WriteValue, b: WriteValue): WriteValue {
  if ('map' in a && 'map' in b) {
    const entries: WriteEntry[] = a.map.map(([k, v]) => [k, v]);
    for (const [k, v] of b.map) {
      const same = entries.find(([x]) => x === k);
      if (same) same[1] = combine(same[1], v);
      else entries.push([k, v]);
    }
    return { map: entries, ...(a.flow !== undefined ? { flow: a.flow } : {}) };
  }
  if ('list' in a && 'list' in b) return { list: [...a.list, ...b.list] };
  return a;
}
