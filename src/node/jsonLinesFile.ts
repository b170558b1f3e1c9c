import { createReadStream, closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EventSource } from '../core/replay/timeline.js';
import type { ReplayEvent } from '../core/replay/types.js';
import { JsonLinesReader, type JsonLine, type QuickReading } from '../core/samples/jsonLines.js';
import { JsonLinesValidator, type JsonLinesModel, type JsonLinesValidation } from '../core/samples/validateJsonLines.js';
import type { Range } from '../core/source.js';

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 256 * 1024;

export interface JsonLinesFileOptions {
  /** How many diagnostics are kept to be listed (default 100); all are counted. */
  maxListed?: number;
  signal?: AbortSignal;
}

/**
 * Validates a JSON Lines sample file as it streams from disk: each event is checked when its
 * line has been read, and none is kept, so memory does not grow with the file. `model` may be
 * a function, called once the file's model line (if any) is known.
 */
export async function validateJsonLinesFile(file: string, model: JsonLinesModel, options: JsonLinesFileOptions = {}): Promise<JsonLinesValidation> {
  const validator = new JsonLinesValidator(model, options.maxListed !== undefined ? { maxListed: options.maxListed } : {});
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES, ...(options.signal ? { signal: options.signal } : {}) });
  for await (const chunk of stream) validator.push(chunk as string);
  return validator.end();
}

export interface OpenJsonLinesOptions {
  /** Called after each chunk read: the bytes read so far and the file's size. */
  onProgress?(bytesRead: number, totalBytes: number): void;
  /** Aborting rejects the promise with an AbortError. */
  signal?: AbortSignal;
  /** How many of the file's line problems are kept (default 100); all are counted. */
  maxProblems?: number;
}

/**
 * The events of a JSON Lines file, read from disk when asked for. Opening it reads the file
 * once and keeps, per event, where its line is (byte offset, byte length, line number): 16
 * bytes an event. `read` reads only the bytes of the lines asked for and parses those.
 */
export class JsonLinesSource implements EventSource {
  /** The model the file's first line names. */
  readonly model?: { path: string; range: Range };
  /** The first problems with the file's lines (bad JSON, no type...), in file order. */
  readonly problems: Diagnostic[];
  /** How many problems the file's lines have in all. */
  readonly problemCount: number;

  private constructor(
    readonly file: string,
    private readonly starts: Float64Array,
    private readonly lengths: Uint32Array,
    private readonly lines: Uint32Array,
    info: { model?: { path: string; range: Range }; problems: Diagnostic[]; problemCount: number },
  ) {
    if (info.model) this.model = info.model;
    this.problems = info.problems;
    this.problemCount = info.problemCount;
  }

  get length(): number {
    return this.starts.length;
  }

  /** The line (from 0) of the event at `index` (from 0). */
  lineOf(index: number): number | undefined {
    return index >= 0 && index < this.lines.length ? this.lines[index] : undefined;
  }

  /**
   * The events `[from, to)`; fewer if the file was cut short since it was opened. With `quick`
   * (a bulk replay's), plain lines are read the quick way: their events are `partial`.
   */
  read(from: number, to: number, quick?: QuickReading): ReplayEvent[] {
    const first = Math.max(0, Math.floor(from));
    const last = Math.min(this.length, Math.floor(to));
    if (last <= first) return [];
    const start = this.starts[first]!;
    const end = this.starts[last - 1]! + this.lengths[last - 1]!;
    const buffer = Buffer.allocUnsafe(end - start);
    let got = 0;
    const fd = openSync(this.file, 'r');
    try {
      while (got < buffer.length) {
        const n = readSync(fd, buffer, got, buffer.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      closeSync(fd);
    }
    const events: ReplayEvent[] = [];
    const reader = new JsonLinesReader((l) => {
      if (l.event) events.push(l.event);
      // Not the file's start (unless it is): no byte order mark to skip, and no model line.
    }, { firstLine: this.lines[first]!, modelAllowed: false, ...(start === 0 ? {} : { firstRecord: 1 }), ...(quick ? { quick } : {}) });
    reader.push(buffer.toString('utf8', 0, got));
    reader.end();
    return events.length > last - first ? events.slice(0, last - first) : events;
  }

  /** Reads the file once and indexes its event lines; see `openJsonLinesSource`. */
  static async open(file: string, options: OpenJsonLinesOptions = {}): Promise<JsonLinesSource> {
    const total = statSync(file).size;
    const maxProblems = options.maxProblems ?? 100;
    let starts = new Float64Array(1024);
    let lengths = new Uint32Array(1024);
    let lines = new Uint32Array(1024);
    let count = 0;
    let model: { path: string; range: Range } | undefined;
    const problems: Diagnostic[] = [];
    let problemCount = 0;

    // The byte offsets come from the bytes themselves: `\n` never occurs inside a UTF-8
    // sequence, and the decoder turns no byte of a broken sequence into one, so the k-th line
    // of the decoded text is the k-th line of the bytes (whatever the text's characters).
    let chunkBase = 0;
    let chunkFirstRecord = 0;
    let newlines: number[] = [];
    let newlineBefore = -1; // the last `\n` before the current chunk
    const newlineAt = (record: number): number => (record < chunkFirstRecord ? newlineBefore : newlines[record - chunkFirstRecord]!);
    let atEnd = false;

    const reader = new JsonLinesReader((l: JsonLine) => {
      if (l.model) model = l.model;
      for (const d of l.diagnostics) {
        problemCount++;
        if (problems.length < maxProblems) problems.push(d);
      }
      if (!l.event) return;
      const start = l.record === 0 ? 0 : newlineAt(l.record - 1) + 1;
      // The last line may have no `\n`: it ends with the file.
      const end = atEnd && l.record >= chunkFirstRecord + newlines.length ? chunkBase : newlineAt(l.record);
      if (count === starts.length) {
        starts = grow(starts, new Float64Array(count * 2));
        lengths = grow(lengths, new Uint32Array(count * 2));
        lines = grow(lines, new Uint32Array(count * 2));
      }
      starts[count] = start;
      lengths[count] = end - start;
      lines[count] = l.line;
      count++;
      // Only where each event is is kept: every line is checked, none of its data is built.
    }, { quick: INDEX_READING });

    const decoder = new StringDecoder('utf8');
    const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES, ...(options.signal ? { signal: options.signal } : {}) });
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      chunkFirstRecord += newlines.length;
      if (newlines.length > 0) newlineBefore = newlines[newlines.length - 1]!;
      newlines = [];
      for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) newlines.push(chunkBase + i);
      reader.push(decoder.write(bytes));
      chunkBase += bytes.length;
      options.onProgress?.(chunkBase, total);
    }
    atEnd = true;
    reader.push(decoder.end());
    reader.end();
    const info = { ...(model ? { model } : {}), problems, problemCount };
    return new JsonLinesSource(file, starts.slice(0, count), lengths.slice(0, count), lines.slice(0, count), info);
  }
}

/** The quick reading of the indexing pass: a line's event is checked, and nothing of its data is read. */
const INDEX_READING: QuickReading = { data: () => [], at: false };

function grow<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Opens a JSON Lines file as an event source for the replay timeline (one streaming pass to index it). */
export function openJsonLinesSource(file: string, options: OpenJsonLinesOptions = {}): Promise<JsonLinesSource> {
  return JsonLinesSource.open(file, options);
}
