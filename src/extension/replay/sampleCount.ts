// How many events a sample file holds, and the line of the first, read from its lines without
// parsing it: the Replay CodeLens asks on every edit, and a large file's parse would hold the
// extension host. Pure (no vscode): the lines come through `Lines`.

/** A text's lines by number, as an editor's document gives them (without their line ends). */
export interface Lines {
  count: number;
  at(line: number): string;
}

export interface SampleCount {
  events: number;
  /** The first event's line (0-based); 0 when there is none. */
  line: number;
}

/** The lines of a string, as an editor splits them. */
export function linesOf(text: string): Lines {
  const lines = text.split(/\r\n|\r|\n/);
  return { count: lines.length, at: (i) => lines[i] ?? '' };
}

/** The events of a JSON Lines text: its lines that are not empty, less a first `{"model": ...}` line. */
export function countJsonLines(lines: Lines): SampleCount {
  let events = 0;
  let line = -1;
  for (let i = 0; i < lines.count; i++) {
    const raw = lines.at(i);
    if (raw.trim() === '' || (events === 0 && /^\s*\{\s*"model"\s*:/.test(raw) && !/"type"\s*:/.test(raw))) continue;
    events += 1;
    if (line < 0) line = i;
  }
  return { events, line: Math.max(0, line) };
}

/**
 * The entries of a YAML sample file written as block lists are (`events:` and one `- ` entry
 * per event, or just the list): the entries that are mappings, long form or short. Undefined for
 * any other layout (a flow list, anchors, several documents, tabs): the caller parses those.
 */
export function countYamlEvents(lines: Lines): SampleCount | undefined {
  let i = 0;
  // Top level: find `events:` (a key with nothing after it) or a bare list.
  for (; i < lines.count; i++) {
    const text = lines.at(i);
    if (isBlank(text) || text.charCodeAt(0) === SPACE) continue;
    if (isItem(text, 0)) return countItems(lines, i, 0);
    const key = /^(events|"events"|'events')\s*:(.*)$/.exec(text);
    if (key) {
      if (!isBlank(key[2]!)) return undefined; // `events: [...]`, an anchor or a tag: parsed
      break;
    }
    // Another top-level key (`model:`); anything else (documents, directives, flow, tabs) is parsed.
    if (/^(---|\.\.\.|%|[\t{[&*!?|>'"-])/.test(text) || !/^[^\s#][^#]*:(\s|$)/.test(text)) return undefined;
  }
  if (i >= lines.count) return { events: 0, line: 0 };
  // The list's indentation is its first entry's; a key at the top level first means no list.
  for (let j = i + 1; j < lines.count; j++) {
    const text = lines.at(j);
    if (isBlank(text)) continue;
    if (text.charCodeAt(0) === TAB) return undefined;
    const indent = indentOf(text);
    return isItem(text, indent) ? countItems(lines, j, indent) : indent === 0 ? { events: 0, line: 0 } : undefined;
  }
  return { events: 0, line: 0 };
}

/** The entries of a block list from its first entry's line, at `indent`, to the first line less indented (or a key beside it). */
function countItems(lines: Lines, from: number, indent: number): SampleCount | undefined {
  let events = 0;
  let line = -1;
  for (let i = from; i < lines.count; i++) {
    const text = lines.at(i);
    if (isBlank(text)) continue;
    const at = indentOf(text);
    if (text.charCodeAt(at) === TAB) return undefined;
    if (at > indent) continue; // inside an entry
    if (at < indent || !isItem(text, indent)) {
      // The list ended: anything after it must be another top-level key, not more of the list.
      if (at === 0 && /^(---|\.\.\.|[&*!?{[])/.test(text)) return undefined;
      break;
    }
    const entry = text.slice(indent + 1).trimStart();
    if (/^[&*!|>[]/.test(entry) || entry.startsWith('- ') || entry === '-') return undefined; // anchors, tags, nested lists: parsed
    if (entry === '' || entry.startsWith('#')) {
      // The entry's mapping starts on the next line.
      const next = nextContent(lines, i + 1);
      if (next === undefined || indentOf(lines.at(next)) <= indent) continue;
      if (!isMapping(lines.at(next).trimStart())) continue;
      events += 1;
      if (line < 0) line = next;
      continue;
    }
    if (!isMapping(entry) || !isEventFlow(entry)) continue; // a string or a number is no event
    events += 1;
    if (line < 0) line = i;
  }
  return { events, line: Math.max(0, line) };
}

/** A flow mapping, or a `key:` (plain or quoted) starting a block one. */
function isMapping(entry: string): boolean {
  const first = entry.charCodeAt(0);
  if (first === OPEN_BRACE) return true;
  const colonEnds = (at: number) => entry.charCodeAt(at) === COLON && (at + 1 === entry.length || entry.charCodeAt(at + 1) === SPACE || entry.charCodeAt(at + 1) === TAB);
  if (first === QUOTE || first === APOSTROPHE) {
    let at = entry.indexOf(entry[0]!, 1);
    if (at < 0) return false;
    at += 1;
    while (entry.charCodeAt(at) === SPACE || entry.charCodeAt(at) === TAB) at++;
    return colonEnds(at);
  }
  if (Number.isNaN(first) || first === SPACE || first === TAB || first === HASH || first === OPEN_BRACKET) return false;
  // A plain key: up to the first `: ` (or `:` at the end), before any comment.
  for (let at = 1; at < entry.length; at++) {
    const ch = entry.charCodeAt(at);
    if (ch === HASH) return false;
    if (colonEnds(at)) return true;
  }
  return false;
}

/**
 * Whether an entry written as a flow mapping on one line reads as an event: one key (the short
 * form), or a `type` among its keys. Entries not closed on their line are taken as events.
 */
function isEventFlow(entry: string): boolean {
  if (!entry.startsWith('{')) return true;
  let depth = 0;
  let keys = 1;
  let typed = /^\{\s*("type"|'type'|type)\s*:/.test(entry);
  for (let c = 0; c < entry.length; c++) {
    const ch = entry.charCodeAt(c);
    if (ch === QUOTE || ch === APOSTROPHE) {
      const end = entry.indexOf(String.fromCharCode(ch), c + 1);
      if (end < 0) return true;
      c = end;
    } else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) depth += 1;
    else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return keys === 1 || typed;
    } else if (ch === COMMA && depth === 1) {
      keys += 1;
      if (/^\s*("type"|'type'|type)\s*:/.test(entry.slice(c + 1))) typed = true;
    }
  }
  return true;
}

function nextContent(lines: Lines, from: number): number | undefined {
  for (let i = from; i < lines.count; i++) if (!isBlank(lines.at(i))) return i;
  return undefined;
}

/** A list entry at exactly `indent`: `-` then a space or the line's end. */
function isItem(text: string, indent: number): boolean {
  if (indentOf(text) !== indent || text.charCodeAt(indent) !== DASH) return false;
  const after = text.charCodeAt(indent + 1);
  return Number.isNaN(after) || after === SPACE || after === TAB;
}

/** Empty, spaces only, or a comment. */
function isBlank(text: string): boolean {
  const t = text.trimStart();
  return t === '' || t.charCodeAt(0) === HASH;
}

function indentOf(text: string): number {
  let n = 0;
  while (text.charCodeAt(n) === SPACE) n++;
  return n;
}

const SPACE = 32;
const TAB = 9;
const DASH = 45;
const HASH = 35;

/**
 * The events of a JSON sample file (`{"events": [...]}` or a bare list): the objects directly in
 * that list, found by a scan of brackets and strings. Undefined when the text is not laid out so.
 */
export function countJsonEvents(lines: Lines): SampleCount | undefined {
  /** Depth of the events list's entries: 1 for a bare list, 2 inside `{"events": [...]}`. */
  let listDepth = -1;
  let depth = 0;
  let events = 0;
  let first = -1;
  let lastKey: string | undefined;
  let afterKeyColon = false;
  for (let ln = 0; ln < lines.count; ln++) {
    const text = lines.at(ln);
    for (let c = 0; c < text.length; c++) {
      const ch = text.charCodeAt(c);
      if (ch === QUOTE) {
        // A string: to its closing quote (JSON strings stay on one line).
        let end = c + 1;
        while (end < text.length && text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
        if (end >= text.length) return undefined;
        if (depth === 1 && listDepth < 0) lastKey = text.slice(c + 1, end);
        c = end;
        continue;
      }
      if (ch === COLON) {
        afterKeyColon = depth === 1;
        continue;
      }
      if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
        if (depth === 0 && ch === OPEN_BRACKET) listDepth = 1;
        else if (depth === 1 && ch === OPEN_BRACKET && listDepth < 0 && afterKeyColon && lastKey === 'events') listDepth = 2;
        else if (depth === listDepth && ch === OPEN_BRACE) {
          events += 1;
          if (first < 0) first = ln;
        }
        depth += 1;
        afterKeyColon = false;
        continue;
      }
      if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        depth -= 1;
        if (depth < 0) return undefined;
        continue;
      }
      if (ch === COMMA) afterKeyColon = false;
      else if (depth === 0 && ch !== SPACE && ch !== TAB) return undefined; // not JSON: parsed
    }
  }
  return { events, line: Math.max(0, first) };
}

const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
