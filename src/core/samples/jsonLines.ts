import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { LIMITS } from '../model/limits.js';
import type { MapEntry, ValueNode } from '../model/model.js';
import type { JsonValue, ReplayEvent } from '../replay/types.js';
import type { Range } from '../source.js';
import { EventLineScanner, fresh, plainForScan } from './jsonScan.js';
import { readJsonLineWithRanges } from './parseSamples.js';

/**
 * JSON Lines sample files read as a stream: text is pushed in chunks of any size and every
 * line is handed on as soon as it is complete, so a file of any length is read in memory
 * bounded by its longest line. Each line is parsed once, with JSON.parse; a line is read
 * again as YAML (for the range of every key and value) only when something is wrong with it.
 * Checking the events against a model, in the same stream: validateJsonLines.ts.
 */

/** One non-blank line of a JSON Lines text, read. */
export interface JsonLine {
  /** The line (from 0) where it starts, counted as an editor counts lines. */
  line: number;
  /** Which `\n`-separated record of the text it is (from 0): the line as JSON Lines counts them. */
  record: number;
  /** The whole line, without its line break. */
  range: Range;
  /** The line's text, without its line break. */
  text: string;
  /** The model a first `{"model": "..."}` line names. */
  model?: { path: string; range: Range };
  /** The event the line holds; also given when its `at`, `version` or `data` is reported. */
  event?: ReplayEvent;
  /** What is wrong with the line as a line of a sample file (not yet against a model). */
  diagnostics: Diagnostic[];
}

export interface JsonLinesReaderOptions {
  /** The editor line of the first character pushed (default 0). */
  firstLine?: number;
  /** The record number of the first character pushed (default 0). */
  firstRecord?: number;
  /** Whether a `{"model": ...}` line may still come: false when reading on from an event (default true). */
  modelAllowed?: boolean;
  /** Longer lines are reported and not parsed (default: the file size limit, 5 MB). */
  maxLineChars?: number;
  /**
   * For a bulk replay: what of an event its consumer reads. With it, a plain event line is
   * scanned (jsonScan.ts) and its event holds only that, marked `partial`; any other line is
   * read as usual.
   */
  quick?: QuickReading;
}

/** What a bulk replay reads of each event (see `quickReading` in the replay engine). */
export interface QuickReading {
  /** The members of `data` read for an event of this type and version; undefined: all of them (the line is read as usual). */
  data(type: string, version: number | undefined): readonly string[] | undefined;
  /** Whether the event's `at` is read (it is always checked). */
  at: boolean;
}

/** How deep the quick scan follows a line; deeper lines take the ordinary reading (which allows MAX_NESTING). */
const SCAN_DEPTH = 64;

const LONG_FORM_KEYS = new Set(['type', 'data', 'at', 'version']);
const NOT_AN_EVENT = 'Each line is an object `{"type": "EventName", "data": {...}}`.';

/**
 * How deep a line may nest lists and objects. Every later step (the type check, the YAML
 * reading for ranges, the replay) walks values by recursion, and a regular expression that
 * V8 compiles deep in the stack can end the process instead of throwing: deeper lines are
 * refused where they are read.
 */
export const MAX_NESTING = 100;

/**
 * Whether a parsed value nests lists and objects more than `limit` levels deep. It walks the
 * value (far fewer steps than the line has characters) and stops as soon as it knows.
 */
export function nestedDeeperThan(value: unknown, limit: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= limit) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestedDeeperThan(item, limit, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && nestedDeeperThan((value as Record<string, unknown>)[key], limit, depth + 1)) return true;
  }
  return false;
}

/**
 * Splits pushed text into lines (at `\n`; a `\r` before it is dropped; a lone `\r` is a line
 * break to an editor, so it moves the line count on) and reads each line into a `JsonLine`.
 */
export class JsonLinesReader {
  private line: number;
  private record: number;
  private modelAllowed: boolean;
  private readonly maxLineChars: number;
  private readonly quickReading: QuickReading | undefined;
  private readonly scanner = new EventLineScanner();
  /** Event type names as read, kept once each (a bounded number of them). */
  private readonly typeNames: string[] = [];
  /** Whether the chunk being split has no backslash and no control character but line breaks. */
  private chunkPlain = false;
  private atStart: boolean;
  /** The pieces of a line that spans chunks. */
  private pieces: string[] = [];
  private pieceChars = 0;
  /** Set when the line being gathered is over the limit: its text is no longer kept, only counted. */
  private overlong: { chars: number; crs: number; tail: number; beforeLastCr: number; lastIsCr: boolean } | undefined;

  constructor(
    private readonly sink: (line: JsonLine) => void,
    options: JsonLinesReaderOptions = {},
  ) {
    this.line = options.firstLine ?? 0;
    this.record = options.firstRecord ?? 0;
    this.modelAllowed = options.modelAllowed ?? true;
    this.maxLineChars = options.maxLineChars ?? LIMITS.maxFileChars;
    this.quickReading = options.quick;
    this.atStart = this.record === 0;
  }

  /** Reads a piece of text: every line it completes is handed to the sink before this returns. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.atStart) {
      this.atStart = false;
      // A byte order mark is not part of the text an editor shows.
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    // Most files have no `\r` at all: look for one once per chunk rather than once per line.
    const crs = chunk.includes('\r');
    this.chunkPlain = this.quickReading !== undefined && !crs && plainForScan(chunk);
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) {
        this.gather(chunk, start, chunk.length);
        return;
      }
      if (this.pieces.length === 0 && !this.overlong) {
        if (nl - start > this.maxLineChars) {
          this.gather(chunk, start, nl);
          this.finish(true);
        } else {
          this.read(chunk.slice(start, nl), true, crs, this.chunkPlain);
        }
      } else {
        this.gather(chunk, start, nl);
        this.finish(true);
      }
      start = nl + 1;
    }
  }

  /** The text has ended: reads the last line if it has no line break. */
  end(): void {
    if (this.pieces.length > 0 || this.overlong) this.finish(false);
  }

  private gather(chunk: string, from: number, to: number): void {
    if (to <= from) return;
    if (!this.overlong && this.pieceChars + (to - from) > this.maxLineChars) {
      this.overlong = { chars: 0, crs: 0, tail: 0, beforeLastCr: 0, lastIsCr: false };
      for (const p of this.pieces) this.count(p, 0, p.length);
      this.pieces = [];
      this.pieceChars = 0;
    }
    if (this.overlong) this.count(chunk, from, to);
    else {
      this.pieces.push(chunk.slice(from, to));
      this.pieceChars += to - from;
    }
  }

  /** Counts what a line too long to keep needs for its range: its `\r`s and the stretches after them. */
  private count(s: string, from: number, to: number): void {
    const o = this.overlong!;
    o.chars += to - from;
    let seg = from;
    for (let cr = s.indexOf('\r', from); cr >= 0 && cr < to; cr = s.indexOf('\r', cr + 1)) {
      o.crs++;
      o.beforeLastCr = o.tail + (cr - seg);
      o.tail = 0;
      seg = cr + 1;
    }
    o.tail += to - seg;
    o.lastIsCr = s.charCodeAt(to - 1) === 13;
  }

  private finish(terminated: boolean): void {
    const o = this.overlong;
    if (o) {
      this.overlong = undefined;
      const line = this.line;
      // The `\r` of a `\r\n` (or a last `\r`) is not part of the line.
      const crs = o.crs - (o.lastIsCr ? 1 : 0);
      const last = crs === 0 ? o.chars - (o.lastIsCr ? 1 : 0) : o.lastIsCr ? o.beforeLastCr : o.tail;
      const range: Range = { start: { line, character: 0 }, end: { line: line + crs, character: last } };
      this.line += crs + (terminated ? 1 : 0);
      const record = this.record++;
      const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
      this.sink({
        line, record, range, text: '',
        diagnostics: [diagnostic('sample-invalid', `Line ${line + 1} is over ${mb(this.maxLineChars)}; it is not read.`, range)],
      });
      return;
    }
    const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    this.pieces = [];
    this.pieceChars = 0;
    this.read(text, terminated);
  }

  /** Reads one whole line (its `\n` already cut off). */
  private read(raw: string, terminated: boolean, mayHaveCr = true, plain = false): void {
    const line = this.line;
    const record = this.record++;
    const text = mayHaveCr && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    let range: Range;
    let cr = mayHaveCr ? text.lastIndexOf('\r') : -1;
    if (cr < 0) {
      range = { start: { line, character: 0 }, end: { line, character: text.length } };
      this.line += terminated ? 1 : 0;
    } else {
      const tail = text.length - cr - 1;
      let crs = 0;
      for (; cr >= 0; cr = cr === 0 ? -1 : text.lastIndexOf('\r', cr - 1)) crs++;
      range = { start: { line, character: 0 }, end: { line: line + crs, character: tail } };
      this.line += crs + (terminated ? 1 : 0);
    }
    if (text.trim() === '') return;
    if (this.quickReading && this.quick(text, line, record, range, plain)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.sink({ line, record, range, text, diagnostics: [diagnostic('sample-invalid', `Line ${line + 1} is not valid JSON: ${reason}`, range)] });
      return;
    }
    if (nestedDeeperThan(value, MAX_NESTING)) {
      this.sink({ line, record, range, text, diagnostics: [diagnostic('sample-invalid', `Line ${line + 1} is nested more than ${MAX_NESTING} levels deep; it is not read.`, range)] });
      return;
    }
    const out: JsonLine = { line, record, range, text, diagnostics: [] };
    if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, 'type')) {
      const keys = isRecord(value) ? Object.keys(value) : [];
      if (this.modelAllowed && keys.length === 1 && keys[0] === 'model') {
        // The one model line of a file: read with ranges, for the place of its path.
        const path = (value as Record<string, unknown>).model;
        const exact = withRanges(text, line, true) ?? {
          ...(typeof path === 'string' ? { model: { path, range } } : {}),
          diagnostics: typeof path === 'string' ? [] : [diagnostic('sample-invalid', '`model` is the path of the model file, as a string.', range)],
        };
        if (exact.model) {
          out.model = exact.model;
          this.modelAllowed = false;
        }
        out.diagnostics = exact.diagnostics;
      } else {
        out.diagnostics = [diagnostic('sample-invalid', NOT_AN_EVENT, range)];
      }
      this.sink(out);
      return;
    }
    const shape = readEventShape(value, range);
    if (shape.event) {
      out.event = shape.event;
      this.modelAllowed = false;
    }
    if (shape.problems.length > 0) {
      // Something is wrong: read the line again with ranges, to mark the very key or value.
      const exact = withRanges(text, line, false);
      out.diagnostics = exact && exact.diagnostics.length > 0 ? exact.diagnostics : shape.problems.map((m) => diagnostic('sample-invalid', m, range));
    }
    this.sink(out);
  }

  /** Scans a plain event line and hands on its event with only the data read; false: the line takes the ordinary reading. */
  private quick(text: string, line: number, record: number, range: Range, plain: boolean): boolean {
    const scanner = this.scanner;
    if (!(plain || plainForScan(text)) || !scanner.scan(text, SCAN_DEPTH)) return false;
    // The name kept once, found by comparing text: later lookups of it find its hash made.
    let type = scanner.knownType(this.typeNames);
    if (type === undefined) {
      type = scanner.typeText();
      if (this.typeNames.length < 64) this.typeNames.push(type);
    }
    const reading = this.quickReading!;
    const keys = reading.data(type, scanner.version);
    if (!keys) return false;
    const event: ReplayEvent = { type, data: scanner.pick(keys), range, partial: true };
    if (scanner.at !== undefined && reading.at) event.at = fresh(scanner.at);
    if (scanner.version !== undefined) event.version = scanner.version;
    this.modelAllowed = false;
    this.sink({ line, record, range, text, event, diagnostics: [] });
    return true;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The line read as YAML with every range (see parseSamples.ts); undefined if that fails. */
export function withRanges(text: string, line: number, modelAllowed: boolean): ReturnType<typeof readJsonLineWithRanges> | undefined {
  try {
    return readJsonLineWithRanges(text, line, modelAllowed);
  } catch {
    return undefined;
  }
}

/**
 * The event of a parsed JSON line that has a `type` key, and what is wrong with its shape: the
 * same checks, in the same words, as a sample event of a YAML file (readSampleEvent).
 */
function readEventShape(value: Record<string, unknown>, range: Range): { event?: ReplayEvent; problems: string[] } {
  const problems: string[] = [];
  const type = value.type;
  if (typeof type !== 'string') return { problems: ['`type` is the name of an event.'] };
  const event: ReplayEvent = { type, data: {}, range };
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (!LONG_FORM_KEYS.has(key)) {
      problems.push(`Unknown key '${key}' in a sample event; expected type, data, at and version.`);
    } else if (key === 'data') {
      if (v !== null) event.data = v as JsonValue;
      if (v !== null && !isRecord(v)) problems.push("An event's data is a mapping of its fields.");
    } else if (key === 'at') {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) problems.push('`at` is an ISO 8601 date-time such as 2024-09-01T10:00:00Z.');
      else event.at = v;
    } else if (key === 'version') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
        problems.push('`version` is the schema version the event was written with: a whole number from 1.');
      } else {
        event.version = v;
      }
    }
  }
  return { event, problems };
}

/**
 * A JSON value as a value tree whose every range is `range` (the event's line): enough to tell
 * whether the data matches the model, without finding where each value is. (The reader lets
 * no line nest deeper than MAX_NESTING, so the recursion stays shallow.)
 */
export function valueAtRange(value: unknown, range: Range): ValueNode {
  if (Array.isArray(value)) {
    const items: ValueNode[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = valueAtRange(value[i], range);
    return { kind: 'list', items, range };
  }
  if (isRecord(value)) {
    const entries = new Map<string, MapEntry>();
    for (const key of Object.keys(value)) entries.set(key, { keyRange: range, value: valueAtRange(value[key], range) });
    return { kind: 'map', entries, range };
  }
  const v = value;
  return { kind: 'scalar', value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null, range };
}
