import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { loadYaml, reportRootNotMapping } from '../model/loadYaml.js';
import { LIMITS } from '../model/limits.js';
import type { ValueNode } from '../model/model.js';
import { readValue } from '../model/values.js';
import { mapPairs, nodeRange, seqItems, stringValue, type WalkContext } from '../model/yamlNodes.js';
import { FILE_START, LineIndex, type Range } from '../source.js';
import { isJsonLines } from './files.js';

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

/** JSON Lines: one `{"type", "data", "at"}` object per line; a first `{"model": ...}` line may name the model. */
function parseJsonLines(text: string): ParsedSamples {
  const out: ParsedSamples = { events: [], diagnostics: [] };
  if (text.length > LIMITS.maxFileChars) {
    out.diagnostics.push(diagnostic('file-too-large', `This file is over ${LIMITS.maxFileChars / (1024 * 1024)} MB; it is not read.`, FILE_START));
    return out;
  }
  const lines = new LineIndex(text);
  let offset = 0;
  text.split('\n').forEach((raw) => {
    // Lines of JSON Lines end at `\n`; the editor's line of the text's offset places each one
    // (a lone `\r` inside is JSON whitespace, but a line break to an editor).
    const lineNo = lines.position(offset).line;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const lineRange = lines.lineRange(lineNo);
    try {
      JSON.parse(line);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      out.diagnostics.push(diagnostic('sample-invalid', `Line ${lineNo + 1} is not valid JSON: ${reason}`, lineRange));
      return;
    }
    // Parse the line again as YAML (JSON is a subset) to keep the range of every field.
    const doc = parseDocument(line, { version: '1.2' });
    const ctx: WalkContext = { doc, lines: new LineIndex(line), diagnostics: [] };
    const root = doc.contents ?? undefined;
    const pairs = mapPairs(root, ctx);
    const only = pairs.length === 1 ? pairs[0] : undefined;
    if (only?.key === 'model' && out.events.length === 0 && !out.model) {
      const path = stringValue(only.value);
      if (path !== undefined) out.model = { path, range: shift(only.valueRange, lineNo) };
      return;
    }
    const ev = isMap(root) && pairs.some((p) => p.key === 'type') ? readSampleEvent(root, ctx) : undefined;
    if (!ev && ctx.diagnostics.length === 0) {
      ctx.diagnostics.push(diagnostic('sample-invalid', 'Each line is an object `{"type": "EventName", "data": {...}}`.', ctx.lines.lineRange(0)));
    }
    for (const d of ctx.diagnostics) out.diagnostics.push({ ...d, range: shift(d.range, lineNo) });
    if (ev) out.events.push(shiftEvent(ev, lineNo));
  });
  return out;
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
