/** Positions and ranges in a text file: zero-based lines and UTF-16 characters, like the LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open span of text: `start` is inside, `end` is just past the last character. */
export interface Range {
  start: Position;
  end: Position;
}

/** Maps string offsets to line/character positions; built once per text. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** The line of the last lookup: walks over a tree ask for nearby offsets, mostly in order. */
  private lastLine = 0;

  /** The position of a string offset (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    const near = this.lastLine;
    if (starts[near]! <= o && (near + 1 >= starts.length || o < starts[near + 1]!)) return { line: near, character: o - starts[near]! };
    if (near + 2 < starts.length && starts[near + 1]! <= o && o < starts[near + 2]!) {
      this.lastLine = near + 1;
      return { line: near + 1, character: o - starts[near + 1]! };
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return { line: lo, character: o - starts[lo]! };
  }

  /** The range between two offsets. */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The range of a whole line, without its line break. */
  lineRange(line: number): Range {
    const start = this.lineStarts[Math.min(line, this.lineStarts.length - 1)] ?? 0;
    let end = this.lineStarts[line + 1] ?? this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.range(start, end);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** The empty range at the start of a file, for findings about the whole file. */
export const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Whether `pos` lies inside `range` (end inclusive, so a cursor just after a name still counts). */
export function rangeContains(range: Range, pos: Position): boolean {
  const afterStart =
    pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Orders ranges by start, then end. */
export function compareRanges(a: Range, b: Range): number {
  return (
    a.start.line - b.start.line ||
    a.start.character - b.start.character ||
    a.end.line - b.end.line ||
    a.end.character - b.end.character
  );
}
