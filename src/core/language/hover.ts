import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../diagnostics.js';
import type { Element, Event, FieldDef, Model, NameRef, Scenario, UpdateRule, ValueNode } from '../model/model.js';
import { namedTypeOf } from '../model/typeExpr.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import { isJsonLines } from '../samples/files.js';
import { rangeContains, type Position, type Range } from '../source.js';
import { META_FIELDS } from '../validate/rules.js';
import { describeShape } from '../validate/typeCheck.js';
import { descend } from './completionPayload.js';
import { schemaDescription } from './completionSchema.js';
import { SAMPLE_EVENT_KEYS, SAMPLE_FILE_KEYS, sampleEntry } from './completionSamples.js';
import { cursorContext, type PathSegment } from './cursorContext.js';
import {
  code, describeElement, describeError, describeField, describeTypeName, describeUndeclared, fieldList, paragraphs,
} from './hoverElement.js';
import type { FileIndex, Hover, ModelFile, SampleFile } from './types.js';

/**
 * Hover at a position of a model or sample file: an element (declared or referenced) with its
 * fields and connections, a field with its type, a `$event.`/`$state.`/`$meta.` reference one
 * segment at a time, a field type, an error name, a sample event's type, and the meaning of a
 * key of the format. Markdown.
 */
export function hover(index: FileIndex, uri: string, position: Position): Hover | undefined {
  const file = index.get(uri);
  if (!file) return undefined;
  return file.kind === 'model' ? hoverModel(index, file, position) : hoverSamples(index, file, position);
}

/**
 * The explanation of a diagnostic code: its severity and summary (as docs/diagnostics.md lists
 * them) and a link to its section of that page, at `docs` (a relative path by default).
 */
export function explainCode(diagnosticCode: string, docs = 'docs/diagnostics.md'): string {
  if (!Object.hasOwn(DIAGNOSTIC_CODES, diagnosticCode)) return `${code(diagnosticCode)} is not a diagnostic code of Event Model Studio.`;
  const [severity, summary] = DIAGNOSTIC_CODES[diagnosticCode as DiagnosticCode];
  return `**${diagnosticCode}** (${severity}): ${summary}\n\n[What it means and how to fix it](${docs}#${diagnosticCode})`;
}

type Found = { contents: string; range: Range } | undefined;

function at(range: Range | undefined, position: Position): boolean {
  return range !== undefined && rangeContains(range, position);
}

const KIND_TABLE = { event: 'events', command: 'commands', aggregate: 'aggregates', projection: 'projections', policy: 'policies', type: 'types' } as const;

function elementOrUndeclared(model: Model, kind: keyof typeof KIND_TABLE, name: string, samples?: () => Map<string, number>): string {
  const el = (model[KIND_TABLE[kind]] as Map<string, Element>).get(name);
  return el ? describeElement(el, model, el.kind === 'event' ? samples?.() : undefined) : describeUndeclared(kind, name);
}

function hoverModel(index: FileIndex, file: ModelFile, position: Position): Hover | undefined {
  const model = file.parsed.model;
  const samples = () => sampleCounts(index, file.uri);
  return findInModel(model, file.text, position, samples) ?? keyHover(file.text, position, false);
}

/** How many sample events of each type the model's sample files hold. */
function sampleCounts(index: FileIndex, modelUri: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of index.samplesOf(modelUri)) for (const e of s.parsed.events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return counts;
}

function findInModel(model: Model, text: string, pos: Position, samples: () => Map<string, number>): Found {
  const ref = (r: NameRef | undefined, kind: keyof typeof KIND_TABLE): Found =>
    r && at(r.range, pos) ? { contents: elementOrUndeclared(model, kind, r.name, samples), range: r.range } : undefined;
  const error = (r: NameRef | undefined): Found => (r && at(r.range, pos) ? { contents: describeError(r.name, model), range: r.range } : undefined);
  const fields = (table: Map<string, FieldDef> | undefined, owner: string): Found => {
    for (const f of table?.values() ?? []) {
      if (at(f.nameRange, pos)) return { contents: describeField(f.name, f, owner, model), range: f.nameRange };
      if (at(f.typeRange, pos)) {
        const name = namedTypeOf(f.type) ?? baseName(f);
        const contents = describeTypeName(name, model);
        if (contents) return { contents, range: f.typeRange };
      }
    }
    return undefined;
  };
  // Only the element whose text holds the cursor is looked into.
  const el = elementAt(model, pos);
  if (el) {
    if (at(el.nameRange, pos)) return { contents: describeElement(el, model, el.kind === 'event' ? samples() : undefined), range: el.nameRange };
    switch (el.kind) {
      case 'type':
        return fields(el.fields, `of type ${code(el.name)}`);
      case 'command':
        return (
          ref(el.aggregate, 'aggregate') ??
          first(el.emits, (e) => ref(e, 'event')) ??
          first(el.errors, error) ??
          fields(el.fields, `of command ${code(el.name)}`)
        );
      case 'event':
        return ref(el.aggregate, 'aggregate') ?? fields(el.fields, `of event ${code(el.name)}`);
      case 'aggregate': {
        const a = el;
        if (a.id && at(a.id.range, pos)) return { contents: idHover(model, a.name, a.id.name, `the id of aggregate ${code(a.name)}`), range: a.id.range };
        return (
          fields(a.state, `of the state of aggregate ${code(a.name)}`) ??
          keysIn(a.initial, a.state, `of the state of aggregate ${code(a.name)}`, model, pos) ??
          rules(a.evolve, a.state, `the state of aggregate ${code(a.name)}`, model, text, pos, samples)
        );
      }
      case 'projection': {
        const p = el;
        if (p.key && at(p.key.range, pos)) {
          const f = p.fields.get(p.key.name);
          const contents = f ? describeField(f.name, f, `the key of projection ${code(p.name)}: one row per value`, model) : `**key** ${code(p.key.name)} — not a field of the row`;
          return { contents, range: p.key.range };
        }
        return fields(p.fields, `of the row of projection ${code(p.name)}`) ?? rules(p.on, p.fields, `the row of projection ${code(p.name)}`, model, text, pos, samples);
      }
      case 'policy': {
        const pol = el;
        const hit = ref(pol.when, 'event') ?? first(pol.then, (step) => ref(step.command, 'command'));
        if (hit) return hit;
        const event = pol.when ? model.events.get(pol.when.name) : undefined;
        for (const step of pol.then) {
          const cmd = model.commands.get(step.command.name);
          const found =
            keysIn(step.payload, cmd?.fields, `of command ${code(step.command.name)}`, model, pos) ??
            refsIn(step.payload, { ...(event ? { event } : {}) }, model, text, pos);
          if (found) return found;
        }
        return undefined;
      }
    }
  }
  const s = scenarioAt(model, pos);
  if (s) {
    const hit = ref(s.projection, 'projection');
    if (hit) return hit;
    for (const g of s.given) {
      const found = message(g, 'event');
      if (found) return found;
    }
    if (s.when) {
      const found = message(s.when, 'command');
      if (found) return found;
    }
    if (s.then?.kind === 'events') {
      for (const e of s.then.events) {
        const found = message(e, 'event');
        if (found) return found;
      }
    } else if (s.then?.kind === 'error') {
      const found = error(s.then.error);
      if (found) return found;
    } else if (s.then?.kind === 'rows' && s.projection) {
      const projection = model.projections.get(s.projection.name);
      for (const row of s.then.rows) {
        const found = keysIn(row, projection?.fields, `of the row of projection ${code(s.projection.name)}`, model, pos);
        if (found) return found;
      }
    }
  }
  return undefined;

  function message(m: { name: string; nameRange: Range; payload?: ValueNode }, kind: 'event' | 'command'): Found {
    if (at(m.nameRange, pos)) return { contents: elementOrUndeclared(model, kind, m.name, samples), range: m.nameRange };
    const el = kind === 'event' ? model.events.get(m.name) : model.commands.get(m.name);
    return keysIn(m.payload, el?.fields, `of ${kind} ${code(m.name)}`, model, pos);
  }
}

/** Elements and scenarios in the order of the text, for finding the one at a position; built once per parsed model. */
const ORDERED = new WeakMap<Model, { elements: Element[]; scenarios: Scenario[] }>();

function ordered(model: Model): { elements: Element[]; scenarios: Scenario[] } {
  let found = ORDERED.get(model);
  if (!found) {
    const byStart = (a: Position, b: Position) => a.line - b.line || a.character - b.character;
    found = {
      elements: [...elements(model)].sort((a, b) => byStart(a.nameRange.start, b.nameRange.start)),
      scenarios: [...model.scenarios].sort((a, b) => byStart(a.range.start, b.range.start)),
    };
    ORDERED.set(model, found);
  }
  return found;
}

/** The last of a list sorted by start that starts at or before a position. */
function lastStartingBefore<T>(list: readonly T[], start: (x: T) => Position, pos: Position): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let best: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = start(list[mid]!);
    if (s.line < pos.line || (s.line === pos.line && s.character <= pos.character)) {
      best = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The element whose text (from its name to the end of its value) holds the cursor. */
function elementAt(model: Model, pos: Position): Element | undefined {
  const el = lastStartingBefore(ordered(model).elements, (e) => e.nameRange.start, pos);
  return el && rangeContains({ start: el.nameRange.start, end: el.range.end }, pos) ? el : undefined;
}

function scenarioAt(model: Model, pos: Position): Scenario | undefined {
  const s = lastStartingBefore(ordered(model).scenarios, (x) => x.range.start, pos);
  return s && rangeContains(s.range, pos) ? s : undefined;
}

function baseName(f: FieldDef): string {
  let t = f.type;
  while (t.kind === 'array') t = t.element;
  return t.name;
}

function* elements(model: Model): Iterable<Element> {
  yield* model.types.values();
  yield* model.aggregates.values();
  yield* model.commands.values();
  yield* model.events.values();
  yield* model.projections.values();
  yield* model.policies.values();
}

function first<T>(list: readonly T[], f: (x: T) => Found): Found {
  for (const x of list) {
    const hit = f(x);
    if (hit) return hit;
  }
  return undefined;
}

/** An aggregate's id: the field its commands and events carry. */
function idHover(model: Model, aggregate: string, id: string, owner: string): string {
  const carriers = [...model.commands.values(), ...model.events.values()].filter((x) => x.aggregate?.name === aggregate);
  const field = carriers.find((x) => x.fields.has(id))?.fields.get(id);
  const missing = carriers.filter((x) => !x.fields.has(id)).map((x) => x.name);
  return paragraphs(
    field ? describeField(id, field, owner, model) : `**field** ${code(id)} — ${owner}`,
    missing.length > 0 ? `Missing from: ${missing.map(code).join(', ')}` : carriers.length > 0 ? `Carried by all ${carriers.length} of its commands and events.` : undefined,
  );
}

/** The keys of a payload, a row or an initial state: the field each one fills. */
function keysIn(value: ValueNode | undefined, fields: Map<string, FieldDef> | undefined, owner: string, model: Model, pos: Position): Found {
  if (!value || !at(value.range, pos)) return undefined;
  const walk = (v: ValueNode, path: PathSegment[]): Found => {
    if (v.kind === 'map') {
      for (const [key, entry] of v.entries) {
        const here = [...path, key];
        if (at(entry.keyRange, pos)) {
          const shape = descend(fields, here, model)?.shape;
          const where = path.length === 0 ? owner : `in ${code(path.filter((p) => typeof p === 'string').join('.'))}, ${owner}`;
          const contents = shape ? describeField(key, shape, where, model) : `**${code(key)}** — not a field here`;
          return { contents, range: entry.keyRange };
        }
        if (at(entry.value.range, pos)) {
          const hit = walk(entry.value, here);
          if (hit) return hit;
        }
      }
    } else if (v.kind === 'list') {
      for (let i = 0; i < v.items.length; i++) {
        const item = v.items[i]!;
        if (at(item.range, pos)) return walk(item, [...path, i]);
      }
    }
    return undefined;
  };
  return walk(value, []);
}

interface RefContext {
  event?: Event;
  target?: Map<string, FieldDef>;
  targetLabel?: string;
}

/** The update rules of an aggregate or a projection: the event, the written paths and the references read. */
function rules(
  list: readonly UpdateRule[],
  target: Map<string, FieldDef>,
  targetLabel: string,
  model: Model,
  text: string,
  pos: Position,
  samples: () => Map<string, number>,
): Found {
  for (const rule of list) {
    if (at(rule.event.range, pos)) return { contents: elementOrUndeclared(model, 'event', rule.event.name, samples), range: rule.event.range };
    if (!at(rule.range, pos)) continue;
    const event = model.events.get(rule.event.name);
    for (const op of rule.ops) {
      if (op.op === 'delete') continue;
      if (at(op.pathRange, pos)) {
        const shape = descend(target, [op.path], model)?.shape;
        const contents = shape ? describeField(op.path, shape, `of ${targetLabel}, written by \`${op.op}\``, model) : `**${code(op.path)}** — not a field of ${targetLabel}`;
        return { contents, range: op.pathRange };
      }
      if (op.op === 'unset') continue;
      const found = refsIn(op.value, { ...(event ? { event } : {}), target, targetLabel }, model, text, pos);
      if (found) return found;
    }
  }
  return undefined;
}

/** A `$event.`, `$state.` or `$meta.` reference at the cursor: the segment under it and its type. */
function refsIn(value: ValueNode | undefined, refs: RefContext, model: Model, text: string, pos: Position): Found {
  if (!value || !at(value.range, pos)) return undefined;
  if (value.kind === 'ref') return refHover(value, refs, model, text, pos);
  if (value.kind === 'map') {
    for (const entry of value.entries.values()) {
      const hit = refsIn(entry.value, refs, model, text, pos);
      if (hit) return hit;
    }
  }
  if (value.kind === 'list') for (const item of value.items) {
    const hit = refsIn(item, refs, model, text, pos);
    if (hit) return hit;
  }
  return undefined;
}

function refHover(ref: Extract<ValueNode, { kind: 'ref' }>, refs: RefContext, model: Model, text: string, pos: Position): Found {
  const line = lineText(text, ref.range.start.line);
  let col = ref.range.start.character;
  if (!line.startsWith(ref.text, col) && line.startsWith(ref.text, col + 1)) col++; // quoted
  const segments = [`$${ref.source}`, ...ref.path];
  let start = col;
  let k = 0;
  for (; k < segments.length; k++) {
    const end = start + segments[k]!.length;
    if (pos.character <= end || k === segments.length - 1) break;
    start = end + 1;
  }
  const range: Range = { start: { line: ref.range.start.line, character: start }, end: { line: ref.range.start.line, character: start + segments[k]!.length } };
  const written = segments.slice(0, k + 1).join('.');
  if (k === 0) {
    if (ref.source === 'event') {
      return { contents: paragraphs(`**${code(written)}** — the event ${refs.event ? code(refs.event.name) : 'being applied'}`, fieldList(refs.event?.fields)), range };
    }
    if (ref.source === 'state') {
      return { contents: paragraphs(`**${code(written)}** — ${refs.targetLabel ?? 'no state here'}, as it is before the event`, fieldList(refs.target)), range };
    }
    const meta = new Map(Object.entries(META_FIELDS).map(([name, shape]) => [name, { ...shape, name } as FieldDef]));
    return { contents: paragraphs(`**${code(written)}** — the event's metadata`, fieldList(meta)), range };
  }
  const path = ref.path.slice(0, k);
  if (ref.source === 'meta') {
    const shape = k === 1 ? META_FIELDS[path[0]!] : undefined;
    return { contents: shape ? `**${code(written)}**: ${code(describeShape(shape))} — the event's ${path[0]}` : `**${code(written)}** — not event metadata: use timestamp, position or stream`, range };
  }
  const root = ref.source === 'event' ? refs.event?.fields : refs.target;
  const ownerName = ref.source === 'event' ? (refs.event ? `event ${code(refs.event.name)}` : 'the event') : (refs.targetLabel ?? 'the state');
  const shape = descend(root, path, model)?.shape;
  if (!shape) return { contents: `**${code(written)}** — ${ownerName} has no field ${code(path.join('.'))}`, range };
  const parent = k > 1 ? descend(root, path.slice(0, -1), model)?.shape : undefined;
  const parentType = parent ? namedTypeOf(parent.type) : undefined;
  const owner = parentType ? `of type ${code(parentType)}, in ${ownerName}` : `of ${ownerName}`;
  return { contents: paragraphs(`**${code(written)}**: ${code(describeShape(shape))}`, describeField(path[path.length - 1]!, shape, owner, model)), range };
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/** A key of the format under the cursor: what the schema (or the sample file format) says of it. */
function keyHover(text: string, pos: Position, samples: boolean, jsonLines = false): Hover | undefined {
  const c = cursorContext(text, pos, { jsonLines });
  if (!c || c.role !== 'key' || !c.colonFollows) return undefined;
  const word = lineText(text, c.range.start.line).slice(c.range.start.character, c.range.end.character);
  if (word === '') return undefined;
  let description: string | undefined;
  if (samples) {
    const entry = sampleEntry(c.path, jsonLines);
    if (!jsonLines && c.path.length === 0) description = Object.hasOwn(SAMPLE_FILE_KEYS, word) ? SAMPLE_FILE_KEYS[word] : undefined;
    else if (entry && entry.rest.length === 0) description = Object.hasOwn(SAMPLE_EVENT_KEYS, word) ? SAMPLE_EVENT_KEYS[word] : undefined;
  } else description = schemaDescription([...c.path, word]);
  return description ? { contents: `**${code(word)}** — ${description}`, range: c.range } : undefined;
}

function hoverSamples(index: FileIndex, file: SampleFile, position: Position): Hover | undefined {
  const model = index.modelOf(file.uri)?.parsed.model;
  const event = file.parsed.events.find((e) => at(e.range, position) || at(e.typeRange, position));
  if (event && model) {
    const found = sampleEventHover(event, model, position);
    if (found) return found;
  }
  return keyHover(file.text, position, true, isJsonLines(file.uri));
}

function sampleEventHover(sample: SampleEvent, model: Model, position: Position): Found {
  const event = model.events.get(sample.type);
  if (at(sample.typeRange, position)) {
    const written = sample.version !== undefined && event?.version !== undefined && sample.version < event.version
      ? `This sample was written with version ${sample.version}; it is upcast to version ${event.version} when read.`
      : undefined;
    return { contents: paragraphs(event ? describeElement(event, model) : describeUndeclared('event', sample.type), written), range: sample.typeRange };
  }
  return keysIn(sample.data, event?.fields, `of event ${code(sample.type)}`, model, position);
}
