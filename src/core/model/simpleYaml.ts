import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node, type ScalarTag } from 'yaml';

/**
 * A fast reader for the plain subset of YAML that models are written in, used on the pieces of
 * a large model (see chunkedYaml.ts). It builds the same yaml nodes as yaml's own parser would,
 * with the same values and start and end offsets, and gives up (returns undefined) on anything
 * outside the subset, so that yaml parses that piece instead.
 *
 * Why hand-written: yaml's parser reads about 1.5 MB/s on a small machine, most of it spent in
 * its general machinery (a generator per token); a 5,000-element model is 0.5 to 2 MB. The
 * subset is small and strict:
 *   - block mappings whose keys are plain names, and block lists (`- item`, `- key: value`);
 *   - values on one line: plain scalars, quoted strings without escapes, and flow mappings and
 *     lists (`{ a: 1, b: [x, y] }`) that close on the same line;
 *   - comments after values and on their own lines (unless indented deeper than the line
 *     after them), blank lines.
 * Everything else goes to yaml: block scalars (`|`, `>`), multi-line values, escapes, anchors,
 * aliases, tags, explicit keys, empty list items, tabs, `\r`, odd indentation. Plain scalars are typed
 * by yaml's own core-schema tags. The unit tests compare both readers on every fixture and on
 * thousands of random edits.
 */
export function parseSimpleYaml(src: string, nextIndent = 0): Node | undefined {
  try {
    return new SimpleReader(src, nextIndent).document();
  } catch (e) {
    // Nesting is capped, but a stack overflow must still never escape: yaml handles that case.
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Deeper nesting (blocks and flow collections together) is left to yaml: no model nests this deep. */
const MAX_DEPTH = 64;

const GIVE_UP = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

/** The core schema's scalar tags that are tried on plain scalars, in yaml's order. */
let scalarTags: ScalarTag[] | undefined;
function coreTags(): ScalarTag[] {
  scalarTags ??= (new Document(null, { version: '1.2' }).schema.tags as ScalarTag[]).filter((t) => t.default === true && t.test);
  return scalarTags;
}

/** A plain scalar's value, as the core schema reads it. */
function plainValue(text: string): Scalar {
  for (const tag of coreTags()) {
    if (tag.test!.test(text)) {
      const value = tag.resolve(text, giveUp, {}) as unknown;
      return value instanceof Scalar ? value : new Scalar(value);
    }
  }
  return new Scalar(text);
}

interface Line {
  /** Offset of the first character after the indentation. */
  content: number;
  indent: number;
  /** Offset of the line break (or the end of the text). */
  end: number;
  /** Offset of the next line. */
  next: number;
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

class SimpleReader {
  private readonly lines: Line[] = [];
  /** How many collections the reader is inside of. */
  private depth = 0;

  /** `nextIndent`: the indent of the line that follows `src` in its file (0 at the end). */
  constructor(
    private readonly src: string,
    nextIndent: number,
  ) {
    if (src.includes('\t')) giveUp(); // yaml's rules for tabs are subtle: leave them to it
    // `\r\n`, and a lone `\r`, which yaml reads as a character, not a line break: yaml's too.
    if (src.includes('\r')) giveUp();
    let deepestComment = -1;
    for (let start = 0; start < src.length; ) {
      const nl = src.indexOf('\n', start);
      const end = nl < 0 ? src.length : nl;
      const next = nl < 0 ? src.length : nl + 1;
      let i = start;
      while (i < end && src.charCodeAt(i) === SPACE) i++;
      const c = src.charCodeAt(i);
      if (c === 9) giveUp();
      // A comment line indented deeper than the line after it becomes part of the collection
      // before it, by rules of yaml's own: leave those to yaml. Other comment lines and blank
      // lines carry nothing.
      if (c === HASH) deepestComment = Math.max(deepestComment, i - start);
      else if (i < end) {
        if (deepestComment > i - start) giveUp();
        deepestComment = -1;
        this.lines.push({ content: i, indent: i - start, end, next });
      }
      start = next;
    }
    if (deepestComment > nextIndent) giveUp();
  }

  document(): Node | undefined {
    if (this.lines.length === 0) return undefined;
    const first = this.lines[0]!;
    const [node, next] = this.block(0, first.indent, first.content);
    if (next !== this.lines.length) giveUp();
    return node;
  }

  /** A block mapping or list whose first entry starts at `at` on line `i`, at column `indent`. */
  private block(i: number, indent: number, at: number): [Node, number] {
    if (++this.depth > MAX_DEPTH) giveUp();
    const result = this.isDash(at) ? this.list(i, indent) : this.mapping(i, indent, at);
    this.depth--;
    return result;
  }

  private isDash(at: number): boolean {
    return this.src.charCodeAt(at) === DASH && this.isBreakOrSpace(at + 1);
  }

  private isBreakOrSpace(at: number): boolean {
    const c = this.src.charCodeAt(at);
    return c === SPACE || c === 10 || c === 13 || Number.isNaN(c);
  }

  private mapping(i: number, indent: number, at: number): [Node, number] {
    const map = new YAMLMap<unknown, unknown>();
    let end = at;
    let first = true;
    while (i < this.lines.length) {
      const line = this.lines[i]!;
      const start = first ? at : line.content;
      if (!first) {
        if (line.indent < indent) break;
        if (line.indent > indent || this.isDash(start)) giveUp();
      }
      first = false;
      const [key, afterKey] = this.key(start, line.end);
      let p = afterKey + 1; // past the colon
      while (this.src.charCodeAt(p) === SPACE) p++;
      let value: Node;
      // `key:` alone on its line, or followed by spaces and a comment: the value is below.
      const commentOnly = p < line.end && this.src.charCodeAt(p) === HASH && p > afterKey + 1;
      if (p >= line.end || commentOnly) {
        const next = this.lines[i + 1];
        if (next && (next.indent > indent || (next.indent === indent && this.isDash(next.content)))) {
          [value, i] = this.block(i + 1, next.indent, next.content);
        } else {
          // An empty value. yaml places it after any spaces and comments that follow, so only
          // take the plain case: a bare `key:`, and the next line holds the next entry (or the
          // text ends there).
          if (afterKey + 1 !== line.end) giveUp();
          if (next ? next.content - next.indent !== line.next : line.next !== this.src.length || line.end !== line.next) giveUp();
          value = new Scalar(null);
          value.range = [p, p, p];
          i++;
        }
      } else {
        value = this.inlineValue(p, line);
        i++;
      }
      map.items.push(new Pair(key, value));
      end = value.range![2];
    }
    map.range = [at, end, end];
    return [map, i];
  }

  private list(i: number, indent: number): [Node, number] {
    const seq = new YAMLSeq<unknown>();
    const start = this.lines[i]!.content;
    let end = start;
    while (i < this.lines.length) {
      const line = this.lines[i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !this.isDash(line.content)) giveUp();
      let p = line.content + 1;
      while (this.src.charCodeAt(p) === SPACE) p++;
      if (p >= line.end || this.src.charCodeAt(p) === HASH || this.isDash(p)) giveUp(); // empty or nested list item
      let item: Node;
      if (this.startsPair(p, line.end)) {
        // `- key: value`: a mapping whose keys sit at the column of its first key.
        const column = p - (line.content - line.indent);
        [item, i] = this.mapping(i, column, p);
      } else {
        item = this.inlineValue(p, line);
        i++;
      }
      seq.items.push(item);
      end = item.range![2];
    }
    seq.range = [start, end, end];
    return [seq, i];
  }

  /** Whether a plain key and `: ` (or `:` at the end) start at `p`. */
  private startsPair(p: number, end: number): boolean {
    const c = this.src.charCodeAt(p);
    if (c === 123 || c === 91 || c === 34 || c === 39) return false; // { [ " '
    for (let q = p; q < end; q++) {
      const d = this.src.charCodeAt(q);
      if (d === COLON && this.isBreakOrSpace(q + 1)) return true;
      if (d === HASH && this.src.charCodeAt(q - 1) === SPACE) return false;
    }
    return false;
  }

  /** A plain key up to its colon; returns the key and the colon's offset. */
  private key(start: number, end: number): [Scalar, number] {
    let q = start;
    for (; q < end; q++) {
      const c = this.src.charCodeAt(q);
      if (c === COLON && this.isBreakOrSpace(q + 1)) break;
      if (!isNameChar(c)) giveUp();
    }
    // yaml reports implicit keys over 1024 characters: let it.
    if (q === start || q >= end || q - start > 1024 || !isNameStart(this.src.charCodeAt(start))) giveUp();
    const key = plainValue(this.src.slice(start, q));
    key.range = [start, q, q];
    return [key, q];
  }

  /** A value that ends on its line, with only a comment after it. */
  private inlineValue(p: number, line: Line): Node {
    const [node, after] = this.flowOrScalar(p, line.end, false);
    let q = after;
    while (this.src.charCodeAt(q) === SPACE) q++;
    if (q < line.end && !(this.src.charCodeAt(q) === HASH && q > after)) giveUp();
    node.range = [node.range![0], node.range![1], line.next];
    return node;
  }

  /** A scalar or a flow collection at `p`; `inFlow` inside `{ }` or `[ ]`. */
  private flowOrScalar(p: number, end: number, inFlow: boolean): [Node, number] {
    const c = this.src.charCodeAt(p);
    if (c === 123 || c === 91) {
      if (++this.depth > MAX_DEPTH) giveUp();
      const result = c === 123 ? this.flowMap(p, end) : this.flowSeq(p, end);
      this.depth--;
      return result;
    }
    if (c === 34 || c === 39) return this.quoted(p, end);
    return this.plain(p, end, inFlow);
  }

  private quoted(p: number, end: number): [Scalar, number] {
    const quote = this.src.charCodeAt(p);
    let text = '';
    let q = p + 1;
    for (;;) {
      const close = this.src.indexOf(quote === 34 ? '"' : "'", q);
      if (close < 0 || close >= end) giveUp();
      const part = this.src.slice(q, close);
      if (quote === 34 && part.includes('\\')) giveUp();
      text += part;
      if (quote === 39 && this.src.charCodeAt(close + 1) === 39) {
        text += "'";
        q = close + 2;
        continue;
      }
      q = close + 1;
      break;
    }
    const scalar = new Scalar(text);
    scalar.range = [p, q, q];
    return [scalar, q];
  }

  private plain(p: number, end: number, inFlow: boolean): [Scalar, number] {
    const first = this.src.charCodeAt(p);
    // Indicators that start something other than a plain scalar (or one yaml reads specially).
    // `-5` is a plain scalar (in flow, `-` must not be followed by a flow indicator either).
    const plainDash = first === DASH && !this.isBreakOrSpace(p + 1) && !(inFlow && isFlowIndicator(this.src.charCodeAt(p + 1)));
    if ('&*!|>%@`#,[]{}?:-'.includes(this.src[p]!) && !plainDash) giveUp();
    let q = p;
    let last = p; // just past the last non-space character
    for (; q < end; q++) {
      const c = this.src.charCodeAt(q);
      if (c === COLON && (this.isBreakOrSpace(q + 1) || (inFlow && isFlowIndicator(this.src.charCodeAt(q + 1))))) {
        if (!inFlow) giveUp(); // `a: b: c` is an error in block context
        break;
      }
      if (c === HASH && this.src.charCodeAt(q - 1) === SPACE) break;
      if (inFlow && isFlowIndicator(c)) break;
      if (c !== SPACE) last = q + 1;
    }
    const scalar = plainValue(this.src.slice(p, last));
    scalar.range = [p, last, last];
    return [scalar, last];
  }

  private skipSpaces(q: number, end: number): number {
    while (q < end && this.src.charCodeAt(q) === SPACE) q++;
    if (q >= end || this.src.charCodeAt(q) === HASH) giveUp(); // a flow collection goes on past its line
    return q;
  }

  private flowMap(p: number, end: number): [Node, number] {
    const map = new YAMLMap<unknown, unknown>();
    map.flow = true;
    let q = this.skipSpaces(p + 1, end);
    if (this.src.charCodeAt(q) !== 125) {
      for (;;) {
        const [key, afterKey] = this.flowOrScalar(q, end, true);
        if (!(key instanceof Scalar) || typeof key.value !== 'string') giveUp(); // numbers and the like: yaml
        if (this.src.charCodeAt(afterKey) !== COLON) giveUp();
        q = this.skipSpaces(afterKey + 1, end);
        const v = this.src.charCodeAt(q);
        if (q === afterKey + 1 || v === 44 || v === 125 || v === 93) giveUp(); // `a:b` or an empty value
        const [value, afterValue] = this.flowOrScalar(q, end, true);
        this.takeTrailingSpaces(value, afterValue, end);
        map.items.push(new Pair(key, value));
        q = this.skipSpaces(afterValue, end);
        const c = this.src.charCodeAt(q);
        if (c === 125) break;
        if (c !== 44) giveUp();
        q = this.skipSpaces(q + 1, end);
        if (this.src.charCodeAt(q) === 125) giveUp(); // a trailing comma
      }
    }
    return this.closeFlow(map, p, q, end);
  }

  private flowSeq(p: number, end: number): [Node, number] {
    const seq = new YAMLSeq<unknown>();
    seq.flow = true;
    let q = this.skipSpaces(p + 1, end);
    if (this.src.charCodeAt(q) !== 93) {
      for (;;) {
        const [item, after] = this.flowOrScalar(q, end, true);
        this.takeTrailingSpaces(item, after, end);
        seq.items.push(item);
        q = this.skipSpaces(after, end);
        const c = this.src.charCodeAt(q);
        if (c === 93) break;
        if (c !== 44) giveUp(); // `[a: b]` and the like
        q = this.skipSpaces(q + 1, end);
        if (this.src.charCodeAt(q) === 93) giveUp();
      }
    }
    return this.closeFlow(seq, p, q, end);
  }

  /** Inside a flow collection, a value's full range runs on over the spaces after it. */
  private takeTrailingSpaces(node: Node, after: number, end: number): void {
    let q = after;
    while (q < end && this.src.charCodeAt(q) === SPACE) q++;
    node.range = [node.range![0], node.range![1], q];
  }

  /** Ends a flow collection at its closing bracket `q`; trailing spaces belong to its end. */
  private closeFlow(node: YAMLMap<unknown, unknown> | YAMLSeq<unknown>, p: number, q: number, end: number): [Node, number] {
    let after = q + 1;
    while (after < end && this.src.charCodeAt(after) === SPACE) after++;
    node.range = [p, q + 1, after];
    return [node, q + 1];
  }
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125; // , [ ] { }
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36; // letters _ $
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === DASH; // digits . -
}
