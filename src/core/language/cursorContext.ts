import type { Position, Range } from '../source.js';

/**
 * Where the cursor stands in a YAML (or JSON) text that may be half written: the keys and list
 * indexes that lead to it, whether a key or a value is being written there, the word typed so
 * far, and the keys already written around it.
 *
 * The text is read around the cursor only, line by line, by indentation and brackets, the way
 * a person reads it: from the nearest top-level line above the cursor to the end of the element
 * the cursor is in. Nothing here needs the text to be valid YAML, so a line being typed
 * (`emits: [Ord`, a key without its colon yet) still says where it is.
 */

export type PathSegment = string | number;

/** A mapping or a list of the text around the cursor, as far as it was read. */
export interface CursorNode {
  kind: 'map' | 'seq';
  flow: boolean;
  /** A block node's column (of its keys or dashes); -1 in flow style. */
  indent: number;
  parent?: CursorNode;
  /** The parent's key or index that leads here. */
  segment?: PathSegment;
  /** A mapping's keys in the order written, each with the offset where it starts. */
  keys: { key: string; offset: number }[];
  /** A mapping's scalar values, by key (the first written of each). */
  values: Map<string, string>;
  /** A list's scalar items, with their offsets. */
  items: { value: string; offset: number }[];
  /** The mappings and lists below, by the key or index that leads to them. */
  children: Map<PathSegment, CursorNode>;
  /** Reading state: the current key, whether its `:` was read, the current item. */
  key?: string;
  inValue: boolean;
  /** The current key or item has its value (a scalar or a child), so nothing more belongs to it. */
  valued: boolean;
  index: number;
}

export interface CursorContext {
  /**
   * The keys and indexes from the top of the file: for a key, the path of the mapping it is
   * written in; for a value, the path of the value itself (its key or index last).
   */
  path: PathSegment[];
  role: 'key' | 'value';
  /** The mapping a key is written in, or the mapping or list that holds the value. */
  node: CursorNode;
  /** The word typed before the cursor (inside the quotes, for a quoted one). */
  prefix: string;
  /** The whole word at the cursor, which a completion replaces. */
  range: Range;
  /** The quote the word is inside of, if any. */
  quote?: '"' | "'";
  /** Inside `{ }` or `[ ]`. */
  flow: boolean;
  /** A `:` already follows the word (a key being edited keeps its colon). */
  colonFollows: boolean;
  /** A new list item at the column of a list's dashes, without its `- ` yet. */
  needsDash?: boolean;
  /** The offset in the text where the word starts (its opening quote included). */
  offset: number;
}

export interface CursorOptions {
  /** JSON Lines: every line is a document of its own. */
  jsonLines?: boolean;
}

/** The keys written in a mapping, other than the word at the cursor. */
export function siblingKeys(context: CursorContext): Set<string> {
  const at = context.role === 'key' ? context.offset : -1;
  return new Set(context.node.keys.filter((k) => k.offset !== at).map((k) => k.key));
}

/** The scalar items of the list that holds the value at the cursor, other than the word at the cursor. */
export function siblingItems(context: CursorContext): Set<string> {
  return new Set(context.node.items.filter((i) => i.offset !== context.offset).map((i) => i.value));
}

/** The containers from the top of the file down to `node`. */
export function ancestorsOf(node: CursorNode): CursorNode[] {
  const out: CursorNode[] = [];
  for (let n: CursorNode | undefined = node; n; n = n.parent) out.unshift(n);
  return out;
}

/** The path of keys and indexes that leads to a node. */
export function pathOf(node: CursorNode): PathSegment[] {
  const out: PathSegment[] = [];
  for (let n: CursorNode | undefined = node; n?.parent; n = n.parent) out.unshift(n.segment!);
  return out;
}

/** How many lines past the cursor are read for the keys written after it. */
const LINES_AFTER = 2000;

/** Reads where the cursor stands; undefined inside a comment, a block scalar or past the text. */
export function cursorContext(text: string, position: Position, options: CursorOptions = {}): CursorContext | undefined {
  const starts = lineStarts(text);
  if (starts.length <= position.line) return undefined;
  const lineStart = starts[position.line]!;
  const lineEnd = endOfLine(text, lineStart);
  const cursor = Math.min(lineStart + position.character, lineEnd);
  let start: Start;
  if (options.jsonLines) start = { from: lineStart, stack: [] };
  else if (/^\s*[{[]/.test(text.slice(0, 4096))) start = { from: 0, stack: [] }; // a JSON document
  else start = startOf(text, starts, position.line);
  const scanner = new Scanner(text, cursor, position.line, lineStart, start, options.jsonLines ? 1 : 3);
  return scanner.run(options.jsonLines ? lineEnd : text.length);
}

/** Where reading starts, and the nodes already open there. */
interface Start {
  from: number;
  stack: CursorNode[];
}

/** The first non-space character of a line, and its column; -1 for a blank or comment line. */
function lineHead(text: string, start: number): { col: number; c: string } | undefined {
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const c = text[i];
  if (c === undefined || c === '\n' || c === '\r' || c === '#') return undefined;
  return { col: i - start, c };
}

function isDash(text: string, at: number): boolean {
  const n = text[at + 1];
  return text[at] === '-' && (n === undefined || n === ' ' || n === '\t' || n === '\n' || n === '\r');
}

/**
 * Reading starts at the element the cursor is in, not at the top of its section: the line at
 * the section's element indent nearest above the cursor, with the section (and, in a list, the
 * number of elements before) already open. This follows the layout of the format (top-level keys
 * at the left margin, a section's elements one indent deeper); a text laid out otherwise is read
 * from its nearest top-level line.
 */
function startOf(text: string, starts: number[], line: number): Start {
  // The top-level key above the cursor; top-level dashes are the items of a document that is a list.
  let t = line;
  let dash = -1;
  for (; t >= 0; t--) {
    const at = starts[t]!;
    const c = text[at];
    if (c === undefined || c === ' ' || c === '\t' || c === '#' || c === '\n' || c === '\r' || c === '}' || c === ']' || c === ',') continue;
    if (isDash(text, at)) {
      dash = t;
      continue;
    }
    break;
  }
  if (t < 0) {
    if (dash < 0) return { from: 0, stack: [] };
    const root = newNode('seq', false, 0);
    root.index = countDashes(text, starts, 0, dash, 0) - 1;
    return { from: starts[dash]!, stack: [root] };
  }
  const keyLine = starts[t]!;
  const lineEnd = endOfLine(text, keyLine);
  const colon = text.indexOf(':', keyLine);
  // Only a key whose value is on the lines below (`events:`) opens a section of elements.
  if (t === line || colon < 0 || colon >= lineEnd || !/^\s*(#.*)?$/.test(text.slice(colon + 1, lineEnd))) return { from: keyLine, stack: [] };
  let first = -1;
  let indent = -1;
  for (let i = t + 1; i <= line; i++) {
    const h = lineHead(text, starts[i]!);
    if (h) {
      first = i;
      indent = h.col;
      break;
    }
  }
  if (first < 0) return { from: keyLine, stack: [] };
  let element = -1;
  for (let i = line; i >= first; i--) {
    const h = lineHead(text, starts[i]!);
    if (h && h.col === indent) {
      element = i;
      break;
    }
  }
  if (element < 0) return { from: keyLine, stack: [] };
  const key = text.slice(keyLine, colon).trim().replace(/^(["'])(.*)\1$/, '$2');
  const root = newNode('map', false, 0);
  root.keys.push({ key, offset: keyLine });
  root.key = key;
  root.inValue = true;
  root.valued = true;
  const listed = isDash(text, starts[element]! + indent);
  const section = newNode(listed ? 'seq' : 'map', false, indent, root, key);
  root.children.set(key, section);
  if (listed) section.index = countDashes(text, starts, first, element, indent) - 1;
  return { from: starts[element]!, stack: [root, section] };
}

/** The list items at a column between two lines (the second not counted). */
function countDashes(text: string, starts: number[], from: number, to: number, col: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const at = starts[i]!;
    const h = lineHead(text, at);
    if (h && h.col === col && isDash(text, at + col)) n++;
  }
  return n;
}

/** The line starts of the last text read: completion, hover and the rest ask about one text many times. */
let lastText: string | undefined;
let lastStarts: number[] = [];

function lineStarts(text: string): number[] {
  if (text !== lastText) {
    lastStarts = allLineStarts(text);
    lastText = text;
  }
  return lastStarts;
}

function allLineStarts(text: string): number[] {
  const starts = [0];
  let at = 0;
  // Where the next `\r` is, searched again only once passed (most texts have none).
  let cr = text.indexOf('\r');
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (cr >= 0 && cr < at) cr = text.indexOf('\r', at);
    // A lone `\r` ends a line too; `\r\n` is one line break.
    const next = cr >= 0 && (nl < 0 || cr < nl - 1) ? cr : nl;
    if (next < 0) break;
    at = next + 1;
    starts.push(at);
  }
  return starts;
}

function endOfLine(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

interface Snapshot {
  node: CursorNode;
  role: 'key' | 'value';
  /** The word's start and end (the token's, without its quotes), or the cursor for none. */
  start: number;
  end: number;
  quote?: '"' | "'";
  flow: boolean;
  needsDash?: boolean;
  /** The value's key or index (role value). */
  segment?: PathSegment;
  /** The path, taken when the cursor was read (nodes keep changing as reading goes on). */
  path: PathSegment[];
  depth: number;
}

interface Token {
  value: string;
  /** Where the token starts and ends in the text (quotes included). */
  start: number;
  end: number;
  quote?: '"' | "'";
  /** The offset of the `:` that makes the token a key, or -1. */
  colon: number;
}

function newNode(kind: 'map' | 'seq', flow: boolean, indent: number, parent?: CursorNode, segment?: PathSegment): CursorNode {
  const node: CursorNode = { kind, flow, indent, keys: [], values: new Map(), items: [], children: new Map(), inValue: false, valued: false, index: -1 };
  if (parent) {
    node.parent = parent;
    node.segment = segment;
  }
  return node;
}

/** The key or index under which a node's current value goes. */
function currentSegment(node: CursorNode): PathSegment | undefined {
  return node.kind === 'map' ? (node.inValue ? node.key : undefined) : node.index >= 0 ? node.index : undefined;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

class Scanner {
  private readonly stack: CursorNode[] = [];
  private snap: Snapshot | undefined;
  /** Not in a position to complete (a comment, a block scalar): stop. */
  private nowhere = false;
  private blockScalarIndent = -1;
  private lineStart = 0;
  private lineEnd = 0;

  constructor(
    private readonly text: string,
    private readonly cursor: number,
    private readonly cursorLine: number,
    private readonly cursorLineStart: number,
    start: Start,
    /** The depth of an element (a model's `events.X`, a sample file's event): reading after the cursor stops at its end. */
    private readonly elementDepth: number,
  ) {
    this.from = start.from;
    this.stack.push(...start.stack);
  }

  private readonly from: number;

  run(until: number): CursorContext | undefined {
    const text = this.text;
    let at = this.from;
    let after = 0;
    while (at <= until) {
      const end = endOfLine(text, at);
      this.lineStart = at;
      this.lineEnd = Math.min(end, until);
      this.line();
      if (this.nowhere) return undefined;
      if (this.snap) {
        // A document that is a list (a sample file's bare list of events) has its elements one level up.
        const element = this.elementDepth - (this.elementDepth > 1 && this.stack[0]?.kind === 'seq' ? 1 : 0);
        if (this.snap.depth < element || this.stack.length < element || ++after > LINES_AFTER) break;
      }
      if (end >= text.length || end >= until) break;
      at = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    }
    return this.snap ? this.context(this.snap) : undefined;
  }

  private context(s: Snapshot): CursorContext | undefined {
    const text = this.text;
    let start = s.start;
    let end = s.end;
    if (s.quote) {
      start++;
      if (end > start && text[end - 1] === s.quote) end--;
    }
    // On a quote itself, the cursor is outside the word.
    if (this.cursor < start || this.cursor > end) return undefined;
    const cursor = this.cursor;
    // The word is on the cursor's line: a token never runs past its line.
    const position = (o: number) => ({ line: this.cursorLine, character: o - this.cursorLineStart });
    let after = end;
    if (s.quote && text[after] === s.quote) after++;
    while (isSpace(text[after])) after++;
    const out: CursorContext = {
      path: s.role === 'value' ? [...s.path, s.segment!] : s.path,
      role: s.role,
      node: s.node,
      prefix: text.slice(start, cursor),
      range: { start: position(start), end: position(end) },
      flow: s.flow,
      colonFollows: text[after] === ':',
      offset: s.quote ? start - 1 : start,
    };
    if (s.quote) out.quote = s.quote;
    if (s.needsDash) out.needsDash = true;
    return out;
  }

  private cursorOnLine(): boolean {
    return !this.snap && this.cursor >= this.lineStart && this.cursor <= this.lineEnd;
  }

  private top(): CursorNode | undefined {
    return this.stack[this.stack.length - 1];
  }

  private take(s: Omit<Snapshot, 'path' | 'depth' | 'flow'> & { flow?: boolean }, virtualDepth?: number): void {
    if (this.snap) return;
    this.snap = { ...s, flow: s.flow ?? s.node.flow, path: pathOf(s.node), depth: virtualDepth ?? this.depthOf(s.node) };
  }

  private depthOf(node: CursorNode): number {
    let d = 0;
    for (let n: CursorNode | undefined = node; n; n = n.parent) d++;
    return d;
  }

  private line(): void {
    const text = this.text;
    const s = this.lineStart;
    const e = this.lineEnd;
    const top = this.top();
    let p = s;
    while (p < e && isSpace(text[p])) p++;
    const col = p - s;
    if (top?.flow) {
      // A flow collection left open stops at a line no deeper than the block that holds it.
      let holder: CursorNode | undefined;
      for (const n of this.stack) if (!n.flow) holder = n;
      if (p < e && text[p] !== '#' && holder && col <= holder.indent && !'}],'.includes(text[p]!)) {
        while (this.top()?.flow) this.stack.pop();
      } else {
        this.flow(s, e);
        return;
      }
    }
    if (this.blockScalarIndent >= 0) {
      if (p === e || col > this.blockScalarIndent) {
        if (this.cursorOnLine()) this.nowhere = true;
        return;
      }
      this.blockScalarIndent = -1;
    }
    if (p === e || text[p] === '#') {
      if (this.cursorOnLine()) {
        if (this.cursor <= p) this.keyAtColumn(this.cursor - s, this.cursor, this.cursor);
        else this.nowhere = true;
      }
      return;
    }
    if (this.cursorOnLine() && this.cursor < p) this.keyAtColumn(this.cursor - s, this.cursor, this.cursor);
    const dash = text[p] === '-' && (p + 1 === e || isSpace(text[p + 1]));
    this.popTo(col, dash);
    this.node(p, e, false);
  }

  /** Leaves the block nodes the line at `col` is not inside of. */
  private popTo(col: number, dash: boolean): void {
    for (;;) {
      const top = this.top();
      if (!top || top.flow) return;
      if (top.indent > col || (top.indent === col && top.kind === 'seq' && !dash)) this.stack.pop();
      else return;
    }
  }

  /** The block node of `kind` at `col`: the open one, or a new one as the value of the current key or item. */
  private enter(col: number, kind: 'map' | 'seq'): CursorNode {
    const top = this.top();
    if (top && top.kind === kind && top.indent === col) return top;
    if (!top) {
      const root = newNode(kind, false, col);
      this.stack.push(root);
      return root;
    }
    // Lenient: a node deeper than a key that already has a value still goes below that key.
    const segment = currentSegment(top) ?? (top.kind === 'map' ? top.key ?? '' : Math.max(top.index, 0));
    let child = top.children.get(segment);
    if (!child || child.kind !== kind || child.flow) {
      child = newNode(kind, false, col, top, segment);
      top.children.set(segment, child);
    }
    child.indent = col;
    top.valued = true;
    this.stack.push(child);
    return child;
  }

  /** Reads a node that starts at `p` on the line: dashes, then a key, a flow collection or a scalar. */
  private node(p: number, e: number, afterDash: boolean): void {
    const text = this.text;
    const s = this.lineStart;
    const col = p - s;
    if (text[p] === '-' && (p + 1 === e || isSpace(text[p + 1]))) {
      const seq = this.enter(col, 'seq');
      seq.index++;
      seq.valued = false;
      let q = p + 1;
      while (q < e && isSpace(text[q])) q++;
      if (this.cursorOnLine() && this.cursor > p && (this.cursor < q || q === e || (text[q] === '#' && this.cursor <= q))) {
        this.take({ node: seq, role: 'value', segment: seq.index, start: this.cursor, end: this.cursor, flow: false });
      }
      if (q === e || text[q] === '#') return;
      this.node(q, e, true);
      return;
    }
    if (text[p] === '{' || text[p] === '[') {
      this.flow(p, e);
      return;
    }
    const tok = this.token(p, e, false);
    if (tok.colon >= 0) {
      const map = this.enter(col, 'map');
      map.key = tok.value;
      map.keys.push({ key: tok.value, offset: tok.start });
      map.inValue = true;
      map.valued = false;
      if (this.cursorOnLine() && this.cursor >= tok.start && this.cursor <= tok.end) {
        this.take({ node: map, role: 'key', start: tok.start, end: tok.end, ...(tok.quote ? { quote: tok.quote } : {}), flow: false });
      }
      this.value(map, tok.colon + 1, e);
      return;
    }
    // A scalar with no colon: a list item, or a key being typed.
    const top = this.top();
    const here = this.cursorOnLine() && this.cursor >= tok.start && this.cursor <= tok.end;
    if (afterDash && top?.kind === 'seq') {
      top.items.push({ value: tok.value, offset: tok.start });
      top.valued = true;
      if (here) this.take({ node: top, role: 'value', segment: top.index, start: tok.start, end: tok.end, ...(tok.quote ? { quote: tok.quote } : {}), flow: false });
      return;
    }
    if (here) {
      this.keyAtColumn(col, tok.start, tok.end, tok.quote);
      return;
    }
    if (top && top.kind === 'map' && top.indent === col) {
      top.key = tok.value;
      top.inValue = false;
    } else if (top) top.valued = true; // a value continued on the next line
  }

  /** Reads what follows a key's colon. */
  private value(map: CursorNode, from: number, e: number): void {
    const text = this.text;
    let p = from;
    for (;;) {
      while (p < e && isSpace(text[p])) p++;
      // Anchors and tags before a value.
      if ((text[p] === '&' || text[p] === '!') && p < e) {
        while (p < e && !isSpace(text[p])) p++;
        continue;
      }
      break;
    }
    if (this.cursorOnLine() && this.cursor >= from && (this.cursor < p || p === e || (text[p] === '#' && this.cursor <= p))) {
      this.take({ node: map, role: 'value', segment: map.key!, start: this.cursor, end: this.cursor, flow: false });
    }
    if (p === e || text[p] === '#') return;
    if (text[p] === '{' || text[p] === '[') {
      this.flow(p, e);
      return;
    }
    if (text[p] === '|' || text[p] === '>') {
      map.valued = true;
      this.blockScalarIndent = map.indent;
      if (this.cursorOnLine() && this.cursor > p) this.nowhere = true;
      return;
    }
    const v = this.token(p, e, false);
    // `a: b: c` is not YAML either: the rest of the line is the value.
    const end = v.colon >= 0 ? this.trimmedEnd(p, e) : v.end;
    const value = v.colon >= 0 ? text.slice(p, end) : v.value;
    if (!map.values.has(map.key!)) map.values.set(map.key!, value);
    map.valued = true;
    if (this.cursorOnLine() && this.cursor >= v.start && this.cursor <= end) {
      this.take({ node: map, role: 'value', segment: map.key!, start: v.start, end: v.colon >= 0 ? end : v.end, ...(v.quote ? { quote: v.quote } : {}), flow: false });
    }
  }

  private trimmedEnd(p: number, e: number): number {
    let end = e;
    const hash = this.text.slice(p, e).indexOf(' #');
    if (hash >= 0) end = p + hash;
    while (end > p && isSpace(this.text[end - 1])) end--;
    return end;
  }

  /** A key being typed at a column (no colon yet, or an empty line): the mapping it goes in. */
  private keyAtColumn(col: number, start: number, end: number, quote?: '"' | "'"): void {
    let i = this.stack.length - 1;
    while (i >= 0 && (this.stack[i]!.flow || this.stack[i]!.indent > col)) i--;
    const q = quote ? { quote } : {};
    if (i < 0) {
      // Nothing open at this column: a top-level key.
      const root = this.stack[0] ?? newNode('map', false, 0);
      if (!this.stack.length) this.stack.push(root);
      if (root.kind === 'map') this.take({ node: root, role: 'key', start, end, ...q, flow: false });
      return;
    }
    const node = this.stack[i]!;
    if (node.indent === col) {
      if (node.kind === 'map') {
        this.take({ node, role: 'key', start, end, ...q, flow: false });
        return;
      }
      // At the column of a list's dashes: the list's own key when the list is written at its key's column, else a new item.
      const parent = node.parent;
      if (parent && parent.kind === 'map' && parent.indent === col) this.take({ node: parent, role: 'key', start, end, ...q, flow: false });
      else this.take({ node, role: 'value', segment: node.index + 1, start, end, ...q, flow: false, needsDash: true });
      return;
    }
    // Deeper than the node's column: inside the value of its current key or item, when that is still to be written.
    const segment = currentSegment(node);
    if (segment !== undefined && !node.valued) {
      let child = node.children.get(segment);
      if (!child) {
        child = newNode('map', false, col, node, segment);
        node.children.set(segment, child);
      }
      this.take({ node: child, role: 'key', start, end, ...q, flow: false }, i + 2);
      return;
    }
    if (node.kind === 'map') this.take({ node, role: 'key', start, end, ...q, flow: false });
    else this.take({ node, role: 'value', segment: Math.max(node.index, 0), start, end, ...q, flow: false });
  }

  /** Reads flow style from `p` to the line's end; an open collection goes on to the next lines. */
  private flow(p: number, e: number): void {
    const text = this.text;
    while (p < e) {
      const c = text[p]!;
      const top = this.top();
      if (this.cursorOnLine() && this.cursor <= p && top?.flow && (this.cursor < p || !isTokenStart(c))) this.between(top);
      if (isSpace(c)) {
        p++;
        continue;
      }
      if (c === '#' && (p === this.lineStart || isSpace(text[p - 1]))) {
        if (this.cursorOnLine() && this.cursor > p) this.nowhere = true;
        return;
      }
      if (c === '{' || c === '[') {
        const parent = this.top();
        const kind = c === '{' ? 'map' : 'seq';
        let child: CursorNode;
        if (parent) {
          const segment = currentSegment(parent) ?? (parent.kind === 'map' ? parent.key ?? '' : Math.max(parent.index, 0));
          child = newNode(kind, true, -1, parent, segment);
          parent.children.set(segment, child);
          parent.valued = true;
        } else child = newNode(kind, true, -1); // a document in flow style (JSON)
        if (kind === 'seq') child.index = 0;
        this.stack.push(child);
        p++;
        continue;
      }
      if (c === '}' || c === ']') {
        if (top?.flow) this.stack.pop();
        p++;
        if (!this.top()?.flow) {
          if (this.cursorOnLine() && this.cursor >= p) this.nowhere = true; // after the collection
          return;
        }
        continue;
      }
      if (!top?.flow) return;
      if (c === ',') {
        if (top.kind === 'map') {
          top.key = undefined;
          top.inValue = false;
        } else top.index++;
        top.valued = false;
        p++;
        continue;
      }
      if (c === ':' && top.kind === 'map') {
        top.inValue = true;
        p++;
        continue;
      }
      const tok = this.token(p, e, true);
      const here = this.cursorOnLine() && this.cursor >= tok.start && this.cursor <= tok.end;
      const q = tok.quote ? { quote: tok.quote } : {};
      if (top.kind === 'map' && !top.inValue) {
        top.key = tok.value;
        top.keys.push({ key: tok.value, offset: tok.start });
        if (here) this.take({ node: top, role: 'key', start: tok.start, end: tok.end, ...q });
        if (tok.colon >= 0) {
          top.inValue = true;
          top.valued = false;
          p = tok.colon + 1;
        } else p = tok.end;
        continue;
      }
      if (top.kind === 'map') {
        if (top.key !== undefined && !top.values.has(top.key)) top.values.set(top.key, tok.value);
        top.valued = true;
        if (here) this.take({ node: top, role: 'value', segment: top.key ?? '', start: tok.start, end: tok.end, ...q });
      } else {
        top.items.push({ value: tok.value, offset: tok.start });
        top.valued = true;
        if (here) this.take({ node: top, role: 'value', segment: top.index, start: tok.start, end: tok.end, ...q });
      }
      p = tok.colon >= 0 ? tok.colon + 1 : tok.end;
    }
    const top = this.top();
    if (this.cursorOnLine() && this.cursor >= p && top?.flow) this.between(top);
  }

  /** The cursor between tokens of a flow collection. */
  private between(top: CursorNode): void {
    if (top.kind === 'map') {
      if (top.inValue) this.take({ node: top, role: 'value', segment: top.key ?? '', start: this.cursor, end: this.cursor });
      else this.take({ node: top, role: 'key', start: this.cursor, end: this.cursor });
    } else this.take({ node: top, role: 'value', segment: top.index, start: this.cursor, end: this.cursor });
  }

  /** Reads a quoted or plain scalar from `p`, and the `:` after it that makes it a key. */
  private token(p: number, e: number, flow: boolean): Token {
    const text = this.text;
    const c = text[p];
    let end: number;
    let value: string;
    let quote: '"' | "'" | undefined;
    if (c === '"' || c === "'") {
      quote = c;
      let i = p + 1;
      let v = '';
      while (i < e) {
        const ch = text[i]!;
        if (quote === '"' && ch === '\\' && i + 1 < e) {
          v += text[i + 1];
          i += 2;
          continue;
        }
        if (ch === quote) {
          if (quote === "'" && text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += ch;
        i++;
      }
      end = i;
      value = v;
    } else {
      let i = p;
      while (i < e) {
        const ch = text[i]!;
        if (ch === ':' && (i + 1 === e || isSpace(text[i + 1]) || (flow && ',[]{}'.includes(text[i + 1]!)))) break;
        if (ch === '#' && i > p && isSpace(text[i - 1])) break;
        if (flow && ',[]{}'.includes(ch)) break;
        i++;
      }
      end = i;
      while (end > p && isSpace(text[end - 1])) end--;
      value = text.slice(p, end);
    }
    let q = end;
    while (q < e && isSpace(text[q])) q++;
    // After a quoted key, JSON writes the colon right away (`"a":1`).
    const colon =
      text[q] === ':' && (quote !== undefined || q + 1 >= e || isSpace(text[q + 1]) || (flow && ',[]{}'.includes(text[q + 1]!))) ? q : -1;
    return { value, start: p, end, colon, ...(quote ? { quote } : {}) };
  }
}

function isTokenStart(c: string): boolean {
  return !' \t{}[],:#'.includes(c);
}
