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

/**
 * Maps string offsets to line/character positions; built once per text. Lines end as an
 * editor ends them: at `\r\n`, `\n`, or a lone `\r`. A position is never past its line's
 * last character: an offset inside a line break is placed at the end of the line before it.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  /** The line of the last lookup: walks over a tree ask for nearby offsets, mostly in order. */
  private lastLine = 0;

  /** The position of a string offset (clamped to the text, and to its line's end). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    const near = this.lastLine;
    if (starts[near]! <= o && (near + 1 >= starts.length || o < starts[near + 1]!)) return this.at(near, o);
    if (near + 2 < starts.length && starts[near + 1]! <= o && o < starts[near + 2]!) {
      this.lastLine = near + 1;
      return this.at(near + 1, o);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return this.at(lo, o);
  }

  /** The position of offset `o` on `line`: an offset in the line break counts as the line's end. */
  private at(line: number, o: number): Position {
    const start = this.lineStarts[line]!;
    const next = this.lineStarts[line + 1];
    // Only the last two characters before the next line can be a line break.
    const end = next !== undefined && o >= next - 2 ? this.contentEnd(line) : o;
    return { line, character: Math.min(o, end) - start };
  }

  /** The offset just past a line's last character, before its line break. */
  private contentEnd(line: number): number {
    const start = this.lineStarts[line]!;
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next - 1; // the `\n` or lone `\r` that ends the line
    if (end > start && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The range between two offsets. */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The range of a whole line, without its line break. */
  lineRange(line: number): Range {
    const l = Math.max(0, Math.min(line, this.lineStarts.length - 1));
    return this.range(this.lineStarts[l]!, this.contentEnd(l));
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
