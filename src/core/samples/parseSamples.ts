import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { loadYaml, reportRootNotMapping } from '../model/loadYaml.js';
import type { ValueNode } from '../model/model.js';
import { readValue } from '../model/values.js';
import { mapPairs, nodeRange, seqItems, stringValue, type WalkContext } from '../model/yamlNodes.js';
import { LineIndex, type Range } from '../source.js';
import { isJsonLines } from './files.js';
import { JsonLinesReader, valueAtRange, type JsonLine } from './jsonLines.js';

/** One event of a sample file. */
export interface SampleEvent {
  type: string;
  typeRange: Range;
  /** The whole entry. */
  range: Range;
  /** The event's data; an empty mapping when the entry gives none. */
  data: ValueNode;
  /** The `at` timestamp, when given. */
  at?: string;
  atRange?: Range;
  /** The schema version the event was written with, when given (an older one is upcast in replay). */
  version?: number;
  versionRange?: Range;
}

/** A parsed sample file: the model it names, its events in order, and what was wrong. */
export interface ParsedSamples {
  model?: { path: string; range: Range };
  events: SampleEvent[];
  diagnostics: Diagnostic[];
}

const LONG_FORM_KEYS = new Set(['type', 'data', 'at', 'version']);

/** Parses a sample event file: YAML or JSON (`events:` list or a bare list), or JSON Lines. */
export function parseSamples(text: string, fileName: string): ParsedSamples {
  return isJsonLines(fileName) ? parseJsonLines(text) : parseYamlSamples(text);
}

function parseYamlSamples(text: string): ParsedSamples {
  const loaded = loadYaml(text, 'sample');
  const out: ParsedSamples = { events: [], diagnostics: [] };
  if ('refused' in loaded) return { ...out, diagnostics: loaded.refused };
  const { ctx } = loaded;
  const root = ctx.doc.contents ?? undefined;
  let list: Node | undefined;
  if (isSeq(root)) list = root;
  else if (isMap(root)) {
    for (const p of mapPairs(root, ctx)) {
      if (p.key === 'model') {
        const path = stringValue(p.value);
        if (path !== undefined) out.model = { path, range: p.valueRange };
        else ctx.diagnostics.push(diagnostic('sample-invalid', '`model` is the path of the model file, as a string.', p.valueRange));
      } else if (p.key === 'events') {
        list = p.value;
        if (!isSeq(p.value)) ctx.diagnostics.push(diagnostic('sample-invalid', '`events` is a list of events.', p.valueRange));
      } else {
        ctx.diagnostics.push(diagnostic('sample-invalid', `Unknown key '${p.key}' in a sample file; expected \`model\` and \`events\`.`, p.keyRange));
      }
    }
    if (!list && ctx.diagnostics.length === 0) {
      ctx.diagnostics.push(diagnostic('sample-invalid', 'A sample file has an `events:` list.', nodeRange(root, ctx)));
    }
  } else {
    reportRootNotMapping(loaded, 'A sample file holds `events:` (a list of events), or just the list');
  }
  if (loaded.data !== undefined) {
    for (const item of seqItems(list, ctx)) {
      const ev = readSampleEvent(item, ctx);
      if (ev) out.events.push(ev);
    }
  }
  out.diagnostics = ctx.diagnostics;
  return out;
}

/** Reads one entry: `{ type, data, at }` or the short form `{ Type: data }`. */
function readSampleEvent(item: Node, ctx: WalkContext): SampleEvent | undefined {
  const range = nodeRange(item, ctx);
  const pairs = mapPairs(item, ctx);
  if (!isMap(item) || pairs.length === 0) {
    ctx.diagnostics.push(diagnostic('sample-invalid', 'A sample event is `{ type: EventName, data: {...} }` or `EventName: {...}`.', range));
    return undefined;
  }
  const typePair = pairs.find((p) => p.key === 'type');
  if (!typePair) {
    if (pairs.length !== 1) {
      ctx.diagnostics.push(diagnostic('sample-invalid', 'The short form names one event: `EventName: { field: value }`; use `type:` and `data:` otherwise.', range));
      return undefined;
    }
    const p = pairs[0]!;
    return { type: p.key, typeRange: p.keyRange, range, data: dataOf(p.value, p.keyRange, ctx) };
  }
  const type = stringValue(typePair.value);
  if (type === undefined) {
    ctx.diagnostics.push(diagnostic('sample-invalid', '`type` is the name of an event.', typePair.valueRange));
    return undefined;
  }
  const ev: SampleEvent = { type, typeRange: typePair.valueRange, range, data: { kind: 'map', entries: new Map(), range } };
  for (const p of pairs) {
    if (!LONG_FORM_KEYS.has(p.key)) {
      ctx.diagnostics.push(diagnostic('sample-invalid', `Unknown key '${p.key}' in a sample event; expected type, data, at and version.`, p.keyRange));
    } else if (p.key === 'data') {
      ev.data = dataOf(p.value, p.keyRange, ctx);
    } else if (p.key === 'at') {
      const at = stringValue(p.value);
      if (at === undefined || Number.isNaN(Date.parse(at))) {
        ctx.diagnostics.push(diagnostic('sample-invalid', '`at` is an ISO 8601 date-time such as 2024-09-01T10:00:00Z.', p.valueRange));
      } else {
        ev.at = at;
        ev.atRange = p.valueRange;
      }
    } else if (p.key === 'version') {
      const version = (p.value as { value?: unknown } | undefined)?.value;
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
        ctx.diagnostics.push(diagnostic('sample-invalid', '`version` is the schema version the event was written with: a whole number from 1.', p.valueRange));
      } else {
        ev.version = version;
        ev.versionRange = p.valueRange;
      }
    }
  }
  return ev;
}

function dataOf(node: Node | undefined, fallback: Range, ctx: WalkContext): ValueNode {
  if (node === undefined || (!isMap(node) && (node as { value?: unknown }).value === null)) {
    return { kind: 'map', entries: new Map(), range: fallback };
  }
  if (!isMap(node)) {
    ctx.diagnostics.push(diagnostic('sample-invalid', "An event's data is a mapping of its fields.", nodeRange(node, ctx)));
  }
  return readValue(node, ctx, false, fallback);
}

/**
 * JSON Lines: one `{"type", "data", "at"}` object per line; a first `{"model": ...}` line may
 * name the model. Lines are read by the JSON Lines reader (any length of text); each event is
 * read again as YAML (JSON is a subset) for the range of every field, which the editor marks.
 */
function parseJsonLines(text: string): ParsedSamples {
  const out: ParsedSamples = { events: [], diagnostics: [] };
  const reader = new JsonLinesReader((l) => {
    if (l.model) out.model = l.model;
    for (const d of l.diagnostics) out.diagnostics.push(d);
    if (l.event) out.events.push(sampleEventOf(l));
  });
  reader.push(text);
  reader.end();
  return out;
}

/** The event of a line with the range of every field; at the line's range if the line cannot be read so. */
function sampleEventOf(l: JsonLine): SampleEvent {
  const ev = l.event!;
  try {
    const exact = readJsonLineWithRanges(l.text, l.line, false).event;
    if (exact && exact.type === ev.type) return exact;
  } catch {
    // Not read as YAML after all: the line's range for everything.
  }
  const out: SampleEvent = { type: ev.type, typeRange: ev.range, range: ev.range, data: valueAtRange(ev.data, ev.range) };
  if (ev.at !== undefined) out.at = ev.at;
  if (ev.version !== undefined) {
    out.version = ev.version;
    out.versionRange = ev.range;
  }
  return out;
}

/** What one line of JSON Lines holds, with the range of every key and value. */
export interface JsonLineWithRanges {
  model?: { path: string; range: Range };
  event?: SampleEvent;
  diagnostics: Diagnostic[];
}

/**
 * Reads one line of JSON Lines (valid JSON, at line `lineNo` of its file) as YAML, keeping the
 * range of every key and value. `modelAllowed`: whether a `{"model": ...}` line names the model.
 */
export function readJsonLineWithRanges(line: string, lineNo: number, modelAllowed: boolean): JsonLineWithRanges {
  // In valid JSON a `\r` can only be whitespace between tokens, which YAML does not read as such
  // in a flow mapping: give YAML a space in its place (same offsets), and place ranges as the
  // editor does, where a lone `\r` ends a line.
  const doc = parseDocument(line.includes('\r') ? line.replace(/\r/g, ' ') : line, { version: '1.2' });
  const ctx: WalkContext = { doc, lines: new LineIndex(line), diagnostics: [] };
  const root = doc.contents ?? undefined;
  const pairs = mapPairs(root, ctx);
  const only = pairs.length === 1 ? pairs[0] : undefined;
  if (only?.key === 'model' && modelAllowed) {
    const path = stringValue(only.value);
    const range = shift(only.valueRange, lineNo);
    if (path !== undefined) return { model: { path, range }, diagnostics: [] };
    return { diagnostics: [diagnostic('sample-invalid', '`model` is the path of the model file, as a string.', range)] };
  }
  const ev = isMap(root) && pairs.some((p) => p.key === 'type') ? readSampleEvent(root, ctx) : undefined;
  if (!ev && ctx.diagnostics.length === 0) {
    ctx.diagnostics.push(diagnostic('sample-invalid', 'Each line is an object `{"type": "EventName", "data": {...}}`.', ctx.lines.lineRange(0)));
  }
  const diagnostics = ctx.diagnostics.map((d) => ({ ...d, range: shift(d.range, lineNo) }));
  return ev ? { event: shiftEvent(ev, lineNo), diagnostics } : { diagnostics };
}

function shift(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

function shiftValue(v: ValueNode, n: number): ValueNode {
  switch (v.kind) {
    case 'list':
      return { ...v, range: shift(v.range, n), items: v.items.map((i) => shiftValue(i, n)) };
    case 'map':
      return {
        ...v,
        range: shift(v.range, n),
        entries: new Map([...v.entries].map(([k, e]) => [k, { keyRange: shift(e.keyRange, n), value: shiftValue(e.value, n) }])),
      };
    default:
      return { ...v, range: shift(v.range, n) };
  }
}

function shiftEvent(ev: SampleEvent, n: number): SampleEvent {
  const out: SampleEvent = { ...ev, typeRange: shift(ev.typeRange, n), range: shift(ev.range, n), data: shiftValue(ev.data, n) };
  if (ev.atRange) out.atRange = shift(ev.atRange, n);
  if (ev.versionRange) out.versionRange = shift(ev.versionRange, n);
  return out;
}
