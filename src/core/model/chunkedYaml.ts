import { parseSimpleYaml } from './simpleYaml.js';
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from 'yaml';

/**
 * Parses a YAML file whose root is a block mapping in pieces, and joins the pieces into one
 * tree that is the same as a whole-file parse would give: same nodes, same values, and the same
 * start and end offsets. (yaml's third offset, the end including trailing comments, is not kept
 * exactly: nothing reads it.)
 *
 * Why: pieces in the plain subset of YAML that models are written in are read by a fast reader
 * (simpleYaml.ts) instead of yaml's general parser, several times faster; yaml itself also parses
 * small documents faster than one large one; and pieces are what an editor can reuse between
 * edits: with a `YamlPieceCache`, an edit parses only the pieces whose text changed.
 *
 * The split is line-based and conservative. A piece starts at a top-level key, or at an element
 * of a section (a top-level `key:` with nothing after it, followed by an indented mapping or
 * list). Anything else the split cannot vouch for, and any piece that does not parse cleanly,
 * sends the whole text to yaml's own whole-document parse: errors, directives, several
 * documents, tabs, a lone `\r`, odd indentation, indented comments at the very end. So error messages are
 * always those of a whole-document parse. Anchors and aliases may sit in any piece: a piece's
 * parse only reads them, and they are resolved later over the joined tree (see aliases.ts).
 */
export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Parsed pieces kept between parses of the same file, keyed by their exact text. */
export class YamlPieceCache {
  private entries = new Map<string, CachedPiece>();
  private used = new Map<string, CachedPiece>();

  /** A piece parsed earlier, moved to start at `offset`; undefined when not cached. */
  take(text: string, offset: number): Node | undefined {
    const hit = this.entries.get(text) ?? this.used.get(text);
    if (!hit || this.used.has(text)) return undefined; // one tree can't appear twice in a document
    this.stats.cached++;
    if (hit.offset !== offset) shiftRanges(hit.node, offset - hit.offset);
    hit.offset = offset;
    this.used.set(text, hit);
    return hit.node;
  }

  put(text: string, offset: number, node: Node): void {
    this.used.set(text, { node, offset });
  }

  /** Ends one parse: pieces not used by it are dropped, so the cache holds one file's pieces. */
  finish(): void {
    this.entries = this.used;
    this.used = new Map();
  }

  /** How the pieces of the last parse were read: by the subset reader, by yaml, or from the cache. */
  readonly stats = { subset: 0, yaml: 0, cached: 0 };

  /** How many pieces the last parse left in the cache. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything (for example when a parse fell back to the whole document). */
  clear(): void {
    this.entries.clear();
    this.used.clear();
  }
}

interface CachedPiece {
  node: Node;
  offset: number;
}

/** A run of lines to parse on its own. */
interface Piece {
  start: number;
  end: number;
}

/** One top-level entry: either parsed whole, or a section whose elements are parsed in runs. */
type TopEntry =
  | { kind: 'whole'; piece: Piece }
  | { kind: 'section'; key: string; keyStart: number; keyEnd: number; list: boolean; runs: Piece[] };

/** Elements per piece: small pieces parse fastest, and an edit re-parses few elements. */
const ELEMENTS_PER_PIECE = 8;

/** Parses `text` like `parseDocument(text, options)`, in pieces when that is safe. */
export function parseYamlInPieces(text: string, options: YamlOptions, cache?: YamlPieceCache): Document.Parsed {
  if (cache) Object.assign(cache.stats, { subset: 0, yaml: 0, cached: 0 });
  const entries = splitTopLevel(text);
  const doc = entries && parsePieces(text, entries, options, cache);
  if (doc) {
    cache?.finish();
    return doc;
  }
  cache?.clear();
  return parseDocument(text, options);
}

function parsePieces(text: string, entries: TopEntry[], options: YamlOptions, cache: YamlPieceCache | undefined): Document.Parsed | undefined {
  const root = new YAMLMap<unknown, unknown>();
  let last: Node | undefined;
  const piece = (p: Piece): Node | undefined => {
    const source = text.slice(p.start, p.end);
    let node = cache?.take(source, p.start);
    if (!node) {
      // The plain subset most models are written in is read directly; yaml reads the rest.
      let contents = parseSimpleYaml(source, indentAt(text, p.end)) ?? null;
      if (cache) cache.stats[contents ? 'subset' : 'yaml']++;
      if (!contents) {
        const doc = parseDocument(source, options);
        if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
        contents = doc.contents as Node | null;
      }
      if (!contents || !shiftRanges(contents, p.start)) return undefined;
      cache?.put(source, p.start, contents);
      node = contents;
    }
    last = node;
    return node;
  };
  for (const entry of entries) {
    if (entry.kind === 'whole') {
      const node = piece(entry.piece);
      if (!isMap(node)) return undefined;
      if (root.items.length === 0) root.range = [node.range![0], 0, 0];
      root.items.push(...(node.items as Pair<unknown, unknown>[]));
      continue;
    }
    const key = new Scalar(entry.key);
    key.range = [entry.keyStart, entry.keyEnd, entry.keyEnd];
    if (root.items.length === 0) root.range = [entry.keyStart, 0, 0];
    // The joined collection spans its pieces, as the whole parse's block collection would.
    const value = entry.list ? new YAMLSeq<unknown>() : new YAMLMap<unknown, unknown>();
    let start: number | undefined;
    for (const run of entry.runs) {
      const node = piece(run);
      if (entry.list ? !isSeq(node) : !isMap(node)) return undefined;
      start ??= node!.range![0];
      (value.items as unknown[]).push(...(node as YAMLSeq<unknown>).items);
    }
    value.range = [start!, last!.range![1], last!.range![2]];
    root.items.push(new Pair(key, value));
  }
  if (root.items.length === 0 || !last?.range) return undefined;
  root.range = [root.range![0], last.range[1], last.range[2]];
  const doc = new Document(undefined, options) as Document.Parsed;
  doc.contents = root as Document.Parsed['contents'];
  doc.range = [0, text.length, text.length];
  return doc;
}

/** The indent of the first line at or after `offset` that holds more than a comment (0 at the end). */
function indentAt(text: string, offset: number): number {
  let at = offset;
  while (at < text.length) {
    let col = 0;
    while (text.charCodeAt(at + col) === 32) col++;
    const c = text.charCodeAt(at + col);
    if (c !== 10 && c !== 13 && c !== 35 && !Number.isNaN(c)) return col;
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return 0;
}

/**
 * Moves every node of a tree by `delta` characters. Returns false when the tree holds a node
 * of another kind than scalars, collections and aliases. Aliases stay as they are: they are
 * resolved against the joined document, in its order, as a whole-document parse would
 * resolve them (a piece's own parse only reads them; it never resolves them).
 */
function shiftRanges(node: unknown, delta: number): boolean {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || n === undefined) continue;
    if (isPair(n)) {
      stack.push(n.key, n.value);
      continue;
    }
    const r = (n as Node).range;
    if (r && delta !== 0) (n as Node).range = [r[0] + delta, r[1] + delta, r[2] + delta];
    if (isMap(n) || isSeq(n)) for (const item of n.items) stack.push(item);
    else if (!isScalar(n) && !isAlias(n)) return false;
  }
  return true;
}

/**
 * `key:` with nothing but an optional comment after it: a section whose body is indented. A
 * comment needs a space before it (`key:#` starts a plain scalar that goes on below).
 */
const SECTION_HEADER = /^([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?:[ ]+(?:#.*)?)?\r?$/;
/** Keys that YAML reads as something other than a string (the joined tree writes keys as strings). */
const NON_STRING_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/**
 * Splits the text at its top-level keys, and sections at their elements. Returns undefined when
 * the text has anything the line-based split cannot vouch for.
 */
function splitTopLevel(text: string): TopEntry[] | undefined {
  // A lone `\r` is a character to yaml, not a line break (an editor shows one): read it whole.
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return undefined;
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push({ start, end });
    start = end;
  }
  // Top-level keys: a line starting at column 0 with anything but a space, a comment or a list dash.
  const tops: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const c = text.charCodeAt(lines[i]!.start);
    if (c === 9) return undefined; // a tab at the start of a line: let yaml say what it thinks
    if (c === 32 || c === 35 || c === 10 || c === 13 || Number.isNaN(c)) continue;
    if (c === 45) {
      // `-` at column 0: a list (a root list, or a section's list at no indent), or `---`.
      return undefined;
    }
    if (!isPlainKeyStart(c)) return undefined;
    tops.push(i);
  }
  if (tops.length === 0) return undefined;
  // Indented comment lines at the very end belong to the root mapping's last value in a whole
  // parse, which moves the root's end: read such a file whole.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = text.slice(lines[i]!.start, lines[i]!.end);
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed === '\n' || trimmed === '\r\n') continue;
    if (!trimmed.startsWith('#')) break;
    if (trimmed.length !== line.length) return undefined;
  }
  const entries: TopEntry[] = [];
  for (let t = 0; t < tops.length; t++) {
    const first = tops[t]!;
    const next = tops[t + 1] ?? lines.length;
    // The first entry also carries what comes before it (comments, blank lines).
    const start = t === 0 ? 0 : lines[first]!.start;
    const end = next < lines.length ? lines[next]!.start : text.length;
    const header = lines[first]!;
    const match = SECTION_HEADER.exec(text.slice(header.start, header.end).replace(/\n$/, ''));
    // yaml reports an implicit key whose `:` is more than 1024 characters on: let it.
    const keyFits = match !== null && text.indexOf(':', header.start) - header.start <= 1024;
    const section = match && keyFits && !NON_STRING_KEYS.has(match[1]!) ? splitSection(text, lines, first + 1, next) : undefined;
    if (!match || !section || t === 0 && start !== header.start) {
      entries.push({ kind: 'whole', piece: { start, end } });
      continue;
    }
    if (section === 'bad') return undefined;
    const keyStart = header.start;
    entries.push({ kind: 'section', key: match[1]!, keyStart, keyEnd: keyStart + match[1]!.length, list: section.list, runs: section.runs });
  }
  return entries;
}

/** Letters, digits, `_`, `$`: what an unquoted key in this format starts with. */
function isPlainKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/**
 * The runs of a section's body (lines `from` to `to`): its elements, a few to a run. Undefined
 * when the section is better parsed whole (empty, or not an indented block); 'bad' when a line
 * is indented less than the elements, which only a whole-document parse can judge.
 */
function splitSection(text: string, lines: { start: number; end: number }[], from: number, to: number): { list: boolean; runs: Piece[] } | 'bad' | undefined {
  let indent = -1;
  let list = false;
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    let col = 0;
    while (text.charCodeAt(line.start + col) === 32) col++;
    const c = text.charCodeAt(line.start + col);
    if (c === 10 || c === 13 || c === 35 || line.start + col >= line.end) continue; // blank or comment
    if (c === 9) return 'bad';
    if (indent < 0) {
      indent = col;
      list = c === 45 && isDashItem(text, line.start + col);
    }
    if (col < indent) return 'bad';
    if (col > indent) continue;
    const dash = c === 45 && isDashItem(text, line.start + col);
    if (list ? !dash : c === 45 || c === 63 || !isPlainKeyStart(c)) {
      // A list inside a mapping section at the elements' indent (valid YAML, but a value of the
      // element above), or a key form the split does not handle: parse the section whole.
      if (!list && dash) continue;
      return undefined;
    }
    starts.push(i);
  }
  if (indent <= 0 || starts.length === 0) return undefined;
  const runs: Piece[] = [];
  for (let k = 0; k < starts.length; k += ELEMENTS_PER_PIECE) {
    const first = starts[k]!;
    const next = starts[k + ELEMENTS_PER_PIECE];
    runs.push({ start: lines[first]!.start, end: next === undefined ? lines[to - 1]!.end : lines[next]!.start });
  }
  return { list, runs };
}

/** `-` followed by a space or the end of the line: a list item, not a value starting with `-`. */
function isDashItem(text: string, at: number): boolean {
  const n = text.charCodeAt(at + 1);
  return n === 32 || n === 10 || n === 13 || Number.isNaN(n);
}
