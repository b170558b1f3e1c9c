import type { JsonRecord, JsonValue } from '../replay/types.js';

/**
 * A quick reading of one JSON Lines event, `{"type": ..., "data": {...}, "at": ..., "version": ...}`,
 * for a bulk replay: the line is checked to be JSON in one pass that builds nothing, and only the
 * members of `data` that the model's rules read are turned into values (each with JSON.parse of
 * its own text, so a value never shares memory with the chunk it came from).
 *
 * Written by hand: a JSON parser builds every value, and building the values no rule reads is
 * most of the cost of a bulk replay. The scan is only trusted where it is simple to be exactly
 * right, and says "not sure" (undefined) otherwise, for the ordinary reading to decide:
 * - the line has no backslash and no control character (the reader checks this for a whole
 *   chunk at once), so a string ends at the next quote and holds nothing JSON forbids;
 * - the line is one object whose keys are among type, data, at and version, each at most once;
 *   `type` is a string, `at` a string that is a date, `version` a whole number from 1, `data` an
 *   object (or null, or absent: no fields);
 * - it nests at most `maxDepth` levels.
 * Anything else (invalid JSON, unknown keys, duplicate keys at the top, a bad `at`) goes to the
 * ordinary reading, which reports it in the usual words.
 */

/** What the scan found on a line; valid until the next scan. */
export class EventLineScanner {
  /** Where the type's text is in the line: from `typeStart` to `typeEnd`. */
  typeStart = 0;
  typeEnd = 0;
  /** The `at` text, a slice of the line: copy it before keeping it. */
  at: string | undefined;
  version: number | undefined;
  private text = '';
  /** The members of `data`: key start (after its quote), key end (at its closing quote), value start, value end. */
  private spans = new Int32Array(64);
  private members = 0;

  /**
   * Scans a line (no `\n`, no backslash, no control character: the caller checks). True when it
   * is an event the quick reading applies to; false when the ordinary reading must decide.
   * Objects and lists may nest `maxDepth` levels below the line's object.
   */
  scan(text: string, maxDepth: number): boolean {
    const s = text;
    this.text = s;
    this.members = 0;
    this.at = undefined;
    this.version = undefined;
    let seen = 0;
    let i = space(s, 0);
    if (code(s, i) !== 123) return false;
    i = space(s, i + 1);
    for (;;) {
      if (code(s, i) !== 34) return false;
      const keyStart = i + 1;
      const keyEnd = s.indexOf('"', keyStart);
      if (keyEnd < 0) return false;
      i = space(s, keyEnd + 1);
      if (code(s, i) !== 58) return false;
      const valueStart = space(s, i + 1);
      // Which of the four keys; each may come once.
      const length = keyEnd - keyStart;
      const bit =
        length === 4 ? (textAt(s, keyStart, 'type') ? 1 : textAt(s, keyStart, 'data') ? 2 : 0)
        : length === 2 ? (textAt(s, keyStart, 'at') ? 4 : 0)
        : length === 7 ? (textAt(s, keyStart, 'version') ? 8 : 0)
        : 0;
      if (bit === 0 || seen & bit) return false;
      seen |= bit;
      const c = code(s, valueStart);
      if (bit === 2) {
        if (c === 123) i = this.dataMembers(s, valueStart, maxDepth);
        else i = s.startsWith('null', valueStart) ? valueStart + 4 : -1;
      } else {
        i = skipValue(s, valueStart, maxDepth);
        if (i < 0) return false;
        if (bit === 1) {
          if (c !== 34) return false;
          this.typeStart = valueStart + 1;
          this.typeEnd = i - 1;
        } else if (bit === 4) {
          if (c !== 34) return false;
          const at = s.slice(valueStart + 1, i - 1);
          if (!isDate(at)) return false;
          this.at = at;
        } else {
          if (c === 34 || c === 116 || c === 102 || c === 110 || c === 123 || c === 91) return false;
          const v = Number(s.slice(valueStart, i));
          if (!Number.isInteger(v) || v < 1) return false;
          this.version = v;
        }
      }
      if (i < 0) return false;
      i = space(s, i);
      const d = code(s, i);
      if (d === 44) {
        i = space(s, i + 1);
        continue;
      }
      if (d !== 125) return false;
      i = space(s, i + 1);
      break;
    }
    return i === s.length && (seen & 1) !== 0;
  }

  /**
   * The scanned type, as one of `known` (the same string, whose hash a Map has made already), or
   * undefined when it is none of them.
   */
  knownType(known: readonly string[]): string | undefined {
    const length = this.typeEnd - this.typeStart;
    for (const name of known) if (name.length === length && textAt(this.text, this.typeStart, name)) return name;
    return undefined;
  }

  /** The scanned type's text (a copy). */
  typeText(): string {
    return fresh(this.text.slice(this.typeStart, this.typeEnd));
  }

  /**
   * The members of the scanned `data` named in `keys`, as values (the last one wins when a key
   * comes twice, as with JSON.parse); a key the line does not have is left out.
   */
  pick(keys: readonly string[]): JsonRecord {
    const out: JsonRecord = {};
    const s = this.text;
    const spans = this.spans;
    for (const key of keys) {
      for (let m = this.members - 1; m >= 0; m--) {
        const ks = spans[m * 4]!;
        if (spans[m * 4 + 1]! - ks !== key.length || !s.startsWith(key, ks)) continue;
        const value = valueOf(s, spans[m * 4 + 2]!, spans[m * 4 + 3]!);
        // Defined, not assigned: `__proto__` stays a plain key, as JSON.parse leaves it.
        if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
        else out[key] = value;
        break;
      }
    }
    return out;
  }

  /** Steps over `data`'s object (at `i`), noting its members' spans; the index after it, or -1. */
  private dataMembers(s: string, i: number, maxDepth: number): number {
    if (maxDepth === 0) return -1;
    i = space(s, i + 1);
    if (code(s, i) === 125) return i + 1;
    for (;;) {
      if (code(s, i) !== 34) return -1;
      const keyStart = i + 1;
      const keyEnd = s.indexOf('"', keyStart);
      if (keyEnd < 0) return -1;
      i = space(s, keyEnd + 1);
      if (code(s, i) !== 58) return -1;
      const valueStart = space(s, i + 1);
      i = skipValue(s, valueStart, maxDepth - 1);
      if (i < 0) return -1;
      const m = this.members++;
      if (m * 4 + 4 > this.spans.length) {
        const grown = new Int32Array(this.spans.length * 2);
        grown.set(this.spans);
        this.spans = grown;
      }
      this.spans[m * 4] = keyStart;
      this.spans[m * 4 + 1] = keyEnd;
      this.spans[m * 4 + 2] = valueStart;
      this.spans[m * 4 + 3] = i;
      i = space(s, i);
      const d = code(s, i);
      if (d === 44) {
        i = space(s, i + 1);
        continue;
      }
      return d === 125 ? i + 1 : -1;
    }
  }
}

/** Whether `word` is written in `s` at `i` (a loop: `startsWith` with a position costs more on a slice). */
function textAt(s: string, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (code(s, i + k) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The character code at `i`, or -1 past the end. The scan never reads past the end of a line:
 * V8 reads strings far more slowly in a function that often did (a broken line ends early).
 */
function code(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : -1;
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function space(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    i++;
  }
  return i;
}

/**
 * Steps over one JSON value starting at `i` (no whitespace before it), checking it; the index
 * after it, or -1 when it is not JSON (or nests more than `depth` levels).
 */
function skipValue(s: string, i: number, depth: number): number {
  const c = code(s, i);
  if (c === 34) {
    const end = s.indexOf('"', i + 1);
    return end < 0 ? -1 : end + 1;
  }
  if (c === 123 || c === 91) {
    if (depth === 0) return -1;
    const close = c === 123 ? 125 : 93;
    i = space(s, i + 1);
    if (code(s, i) === close) return i + 1;
    for (;;) {
      if (c === 123) {
        if (code(s, i) !== 34) return -1;
        i = s.indexOf('"', i + 1);
        if (i < 0) return -1;
        i = space(s, i + 1);
        if (code(s, i) !== 58) return -1;
        i = space(s, i + 1);
      }
      i = skipValue(s, i, depth - 1);
      if (i < 0) return -1;
      i = space(s, i);
      const d = code(s, i);
      if (d === 44) {
        i = space(s, i + 1);
        continue;
      }
      return d === close ? i + 1 : -1;
    }
  }
  if (c === 116) return s.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return s.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return s.startsWith('null', i) ? i + 4 : -1;
  return skipNumber(s, i);
}

/** A number as JSON writes them: `-`? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; the index after it, or -1. */
function skipNumber(s: string, i: number): number {
  let c = code(s, i);
  if (c === 45) c = code(s, ++i);
  if (c === 48) c = code(s, ++i);
  else if (c >= 49 && c <= 57) {
    do c = code(s, ++i);
    while (c >= 48 && c <= 57);
  } else return -1;
  if (c === 46) {
    c = code(s, ++i);
    if (!(c >= 48 && c <= 57)) return -1;
    do c = code(s, ++i);
    while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    c = code(s, ++i);
    if (c === 43 || c === 45) c = code(s, ++i);
    if (!(c >= 48 && c <= 57)) return -1;
    do c = code(s, ++i);
    while (c >= 48 && c <= 57);
  }
  return i;
}

/** The value of a span the scan checked: a string copied out of the line, a number, a literal, or a record or list parsed. */
function valueOf(s: string, from: number, to: number): JsonValue {
  const c = s.charCodeAt(from);
  if (c === 34) return fresh(s.slice(from + 1, to - 1));
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  if (c === 123 || c === 91) return JSON.parse(s.slice(from, to)) as JsonValue;
  // A whole number of up to 15 digits is read here; any other through Number, as JSON.parse reads it.
  const negative = c === 45;
  let n = 0;
  let k = negative ? from + 1 : from;
  if (to - k <= 15) {
    for (; k < to; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (k === to) return negative ? -n : n;
  }
  return Number(s.slice(from, to));
}

/**
 * Whether `Date.parse` reads a text as a date, checked quickly for the usual form
 * `YYYY-MM-DDTHH:mm:ss(.sss)Z`: its date part is asked of `Date.parse` once (the answers for
 * the last one found valid is kept) and its time is checked digit by digit. Other forms are
 * asked of `Date.parse` itself.
 */
export function isDate(text: string): boolean {
  const n = text.length;
  if ((n === 20 || n === 24) && text.charCodeAt(10) === 84 && text.charCodeAt(n - 1) === 90 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58 &&
      (n === 20 || text.charCodeAt(19) === 46)) {
    const h = twoDigits(text, 11);
    const m = twoDigits(text, 14);
    const sec = twoDigits(text, 17);
    const ms = n === 24 ? twoDigits(text, 20) >= 0 && digit(text, 22) : true;
    const dayShape = twoDigits(text, 0) >= 0 && twoDigits(text, 2) >= 0 && text.charCodeAt(4) === 45 && twoDigits(text, 5) >= 0 && text.charCodeAt(7) === 45 && twoDigits(text, 8) >= 0;
    if (dayShape && h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59 && ms) {
      // Events come in time order, mostly: the last date checked is most often the one.
      if (lastDay !== '' && textAt(text, 0, lastDay)) return true;
      const day = text.slice(0, 10);
      if (!Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
        lastDay = fresh(day);
        return true;
      }
    }
  }
  return !Number.isNaN(Date.parse(text));
}

/** The last date part found valid. */
let lastDay = '';

function digit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function twoDigits(s: string, i: number): number {
  return digit(s, i) && digit(s, i + 1) ? (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48) : -1;
}

/**
 * A copy of a string the scan sliced out of a line: a slice keeps the whole chunk it came from
 * in memory as long as it is kept. (V8 copies short slices anyway.)
 */
export function fresh(slice: string): string {
  // Joined with a character and cut again: the join is a new string of its own.
  return slice.length < 13 ? slice : (slice + ' ').slice(0, -1);
}

/** Whether a text is free of what the scan does not handle: a backslash, or a control character other than `\n`. */
export function plainForScan(text: string): boolean {
  return !UNSCANNABLE.test(text);
}

// eslint-disable-next-line no-control-regex
const UNSCANNABLE = /[\u0000-\u0009\u000b-\u001f\\]/;
