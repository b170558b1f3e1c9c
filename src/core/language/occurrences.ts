import type { ParsedModel } from '../model/parse.js';
import { emptyModel, type Command, type Event, type FieldDef, type Model, type NameRef, type TypeExpr, type UpcastStep, type UpdateRule, type ValueNode } from '../model/model.js';
import type { ParsedSamples, SampleEvent } from '../samples/parseSamples.js';
import { compareRanges, rangeContains, type Position, type Range } from '../source.js';
import type { FileIndex, ModelFile, SampleFile } from './types.js';

/**
 * Every definition and use of every name in a model and its sample files: the elements (events,
 * commands, aggregates, projections, policies, types, errors, scenarios) wherever they are named,
 * and the fields wherever they are declared, read (`$event.a.b`, `$state.a`), written (rule
 * paths) or given a value (payload keys, sample data, `initial`, a projection's `key`, an
 * aggregate's `id`). Definition, references, rename, CodeLens counts, hovers and quick fixes
 * all read this one index.
 *
 * A range is recorded only where the text shows the name as written (bare, or inside plain
 * quotes), so an edit of that range always replaces exactly the name. A name written with
 * escapes is left out.
 */

export type OccurrenceKind = 'event' | 'command' | 'aggregate' | 'projection' | 'policy' | 'type' | 'error' | 'scenario' | 'field';

/** The element a field belongs to: an event, command or type by name, an aggregate's state or a projection's row. */
export interface FieldOwner {
  kind: OccurrenceKind | 'state' | 'row';
  name: string;
}

export interface Occurrence {
  kind: OccurrenceKind;
  name: string;
  /** For a field: the element whose field it is, e.g. { kind: 'event', name: 'OrderPlaced' } (or a type, state, row). */
  owner?: FieldOwner;
  uri: string;
  range: Range;
  role: 'definition' | 'reference';
}

/** The occurrences of one model and its sample files, with their lookups. */
export interface ModelOccurrences {
  modelUri: string;
  all: Occurrence[];
  /** By symbol (see `symbolKey`), definitions first. */
  bySymbol: Map<string, Occurrence[]>;
  /** By file, in the order of the walk (by element, not by place). */
  byUri: Map<string, Occurrence[]>;
  /**
   * Fields tied together by name, so that renaming one without the others breaks the model: an
   * aggregate's `id` field in each command and event of that aggregate, a projection's `key` in
   * each event of its `on`, and the fields a by-name policy step copies from the event into the
   * command. By symbol key, each to the keys it is tied to directly.
   */
  links: Map<string, Set<string>>;
}

/** Identifies a symbol: its kind and name, and for a field its owner. */
export function symbolKey(o: Pick<Occurrence, 'kind' | 'name' | 'owner'>): string {
  return o.kind === 'field' ? `field\u0000${o.owner?.kind ?? ''}\u0000${o.owner?.name ?? ''}\u0000${o.name}` : `${o.kind}\u0000${o.name}`;
}

/** Whether two occurrences are of the same symbol. */
export function sameSymbol(a: Occurrence, b: Occurrence): boolean {
  return symbolKey(a) === symbolKey(b);
}

/** Every definition and use of every name in a model and its sample files (cached per parse). */
export function modelOccurrences(index: FileIndex, modelUri: string): Occurrence[] {
  return indexedOccurrences(index, modelUri)?.all ?? [];
}

/** The occurrences of the model a file belongs to (a model, or a paired sample file), with their lookups. */
export function indexedOccurrences(index: FileIndex, uri: string): ModelOccurrences | undefined {
  const model = index.modelOf(uri);
  if (model) return forModel(model, index.samplesOf(model.uri));
  const file = index.get(uri);
  if (file?.kind === 'samples') return forLoneSamples(file);
  return undefined;
}

/** The occurrence under the cursor, if any (the innermost, when ranges nest). */
export function occurrenceAt(index: FileIndex, uri: string, position: Position): Occurrence | undefined {
  return occurrencesAt(index, uri, position)[0];
}

/**
 * Every occurrence at the cursor: usually one, but a projection's `key` and an aggregate's `id`
 * name the field of several events (and commands) at once. Only the innermost range counts.
 */
export function occurrencesAt(index: FileIndex, uri: string, position: Position): Occurrence[] {
  const list = indexedOccurrences(index, uri)?.byUri.get(uri) ?? [];
  let best: Occurrence[] = [];
  for (const o of list) {
    if (!rangeContains(o.range, position)) continue;
    const cmp = best.length === 0 ? -1 : compareSpan(o.range, best[0]!.range);
    if (cmp < 0) best = [o];
    else if (cmp === 0 && compareRanges(o.range, best[0]!.range) === 0) best.push(o);
  }
  return best;
}

/** Every occurrence of the same symbol (definition first). */
export function occurrencesOfSymbol(index: FileIndex, of: Occurrence): Occurrence[] {
  return indexedOccurrences(index, of.uri)?.bySymbol.get(symbolKey(of)) ?? [];
}

/**
 * The symbols a field is tied to by name (see `ModelOccurrences.links`), itself included: one
 * occurrence of each (its definition when it has one).
 */
export function linkedFields(index: FileIndex, of: Occurrence): Occurrence[] {
  const occ = indexedOccurrences(index, of.uri);
  if (!occ || of.kind !== 'field') return [of];
  const start = symbolKey(of);
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of occ.links.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen].map((k) => (k === start ? (occ.bySymbol.get(k)?.[0] ?? of) : occ.bySymbol.get(k)?.[0])).filter((o): o is Occurrence => o !== undefined);
}

/** Orders ranges by size: fewer lines, then fewer characters. */
function compareSpan(a: Range, b: Range): number {
  const lines = a.end.line - a.start.line - (b.end.line - b.start.line);
  if (lines !== 0) return lines;
  return a.end.character - a.start.character - (b.end.character - b.start.character);
}

// ---------------------------------------------------------------------------------------------
// The cache: one walk per parsed model, one per parsed sample file (and the model it was read against).

interface ModelPart {
  uri: string;
  occurrences: Occurrence[];
  links: Map<string, Set<string>>;
}

interface SamplePart {
  uri: string;
  model: ParsedModel | undefined;
  occurrences: Occurrence[];
}

const modelParts = new WeakMap<ParsedModel, ModelPart>();
const sampleParts = new WeakMap<ParsedSamples, SamplePart>();
const combined = new WeakMap<ParsedModel, { samples: SamplePart[]; result: ModelOccurrences }>();

function forModel(file: ModelFile, samples: SampleFile[]): ModelOccurrences {
  let part = modelParts.get(file.parsed);
  if (!part || part.uri !== file.uri) {
    part = walkModel(file);
    modelParts.set(file.parsed, part);
  }
  const parts = samples.map((s) => samplePart(s, file.parsed));
  const cached = combined.get(file.parsed);
  if (cached && cached.result.modelUri === file.uri && cached.samples.length === parts.length && cached.samples.every((p, i) => p === parts[i])) {
    return cached.result;
  }
  const result = assemble(file.uri, [...part.occurrences, ...parts.flatMap((p) => p.occurrences)], part.links);
  combined.set(file.parsed, { samples: parts, result });
  return result;
}

function forLoneSamples(file: SampleFile): ModelOccurrences {
  const part = samplePart(file, undefined);
  return assemble(file.uri, part.occurrences, new Map());
}

function samplePart(file: SampleFile, model: ParsedModel | undefined): SamplePart {
  const cached = sampleParts.get(file.parsed);
  if (cached && cached.uri === file.uri && cached.model === model) return cached;
  const part: SamplePart = { uri: file.uri, model, occurrences: walkSamples(file, model?.model) };
  sampleParts.set(file.parsed, part);
  return part;
}

function assemble(modelUri: string, all: Occurrence[], links: Map<string, Set<string>>): ModelOccurrences {
  const bySymbol = new Map<string, Occurrence[]>();
  const byUri = new Map<string, Occurrence[]>();
  for (const o of all) {
    const key = symbolKey(o);
    let list = bySymbol.get(key);
    if (!list) bySymbol.set(key, (list = []));
    list.push(o);
    let inFile = byUri.get(o.uri);
    if (!inFile) byUri.set(o.uri, (inFile = []));
    inFile.push(o);
  }
  for (const [key, list] of bySymbol) {
    // Definitions first, each part in walk order.
    if (list.some((o, i) => o.role === 'definition' && i > 0 && list[i - 1]!.role === 'reference')) {
      bySymbol.set(key, [...list.filter((o) => o.role === 'definition'), ...list.filter((o) => o.role === 'reference')]);
    }
  }
  return { modelUri, all, bySymbol, byUri, links };
}

// ---------------------------------------------------------------------------------------------
// Text: where a name stands exactly.

/** Offsets and positions of one text, for finding a name inside the range of its YAML node. */
class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  offset(p: Position): number {
    const start = this.lineStarts[Math.min(Math.max(p.line, 0), this.lineStarts.length - 1)]!;
    return Math.min(start + p.character, this.text.length);
  }

  /** The line of the last lookup: the walk asks mostly in text order, for places close together. */
  private lastLine = 0;

  position(offset: number): Position {
    const starts = this.lineStarts;
    const near = this.lastLine;
    if (starts[near]! <= offset && (near + 1 >= starts.length || offset < starts[near + 1]!)) return { line: near, character: offset - starts[near]! };
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return { line: lo, character: offset - this.lineStarts[lo]! };
  }

  /**
   * The offset where `written` stands in `range`: the whole range, or inside a pair of plain
   * quotes around it, on one line; undefined when the text there is anything else (escapes, a
   * folded line).
   */
  find(range: Range, written: string): number | undefined {
    if (written.includes('\n') || written.includes('\r')) return undefined;
    const start = this.offset(range.start);
    const end = this.offset(range.end);
    const len = end - start;
    if (len === written.length && this.text.startsWith(written, start)) return start;
    if (len === written.length + 2) {
      const q = this.text[start];
      if ((q === '"' || q === "'") && this.text[end - 1] === q && this.text.startsWith(written, start + 1)) return start + 1;
    }
    return undefined;
  }

  range(start: number, length: number): Range {
    return { start: this.position(start), end: this.position(start + length) };
  }
}

// ---------------------------------------------------------------------------------------------
// The walk.

interface Scope {
  owner: FieldOwner;
  fields: Map<string, FieldDef>;
}

/** Collects occurrences of one file. */
class Collector {
  readonly out: Occurrence[] = [];
  readonly src: SourceText;

  constructor(
    readonly uri: string,
    text: string,
    readonly model: Model,
  ) {
    this.src = new SourceText(text);
  }

  /** A name written at `range` (alone, or quoted). */
  name(kind: OccurrenceKind, name: string, range: Range | undefined, role: Occurrence['role'], owner?: FieldOwner): void {
    if (!range || name === '') return;
    const at = this.src.find(range, name);
    if (at === undefined) return;
    this.push(kind, name, this.src.range(at, name.length), role, owner);
  }

  ref(kind: OccurrenceKind, r: NameRef | undefined): void {
    if (r) this.name(kind, r.name, r.range, 'reference');
  }

  push(kind: OccurrenceKind, name: string, range: Range, role: Occurrence['role'], owner?: FieldOwner): void {
    const o: Occurrence = { kind, name, uri: this.uri, range, role };
    if (owner) o.owner = owner;
    this.out.push(o);
  }

  /** The record fields of a type, when it names a record type. */
  scopeOfType(type: TypeExpr | undefined): Scope | undefined {
    if (type?.kind !== 'named') return undefined;
    const t = this.model.types.get(type.name);
    return t?.fields ? { owner: { kind: 'type', name: t.name }, fields: t.fields } : undefined;
  }

  /** Each segment of a dotted path that starts at `offset`, as far as the fields resolve. */
  pathAt(offset: number, segments: readonly string[], scope: Scope | undefined): void {
    let cur = scope;
    let at = offset;
    for (const seg of segments) {
      const field = cur?.fields.get(seg);
      if (!cur || !field) return;
      this.push('field', seg, this.src.range(at, seg.length), 'reference', cur.owner);
      at += seg.length + 1;
      cur = this.scopeOfType(field.type);
    }
  }

  /** A dotted path written at `range` (a rule's path key, an `unset` item, an upcast path). */
  path(path: string, range: Range, scope: Scope | undefined): void {
    const at = this.src.find(range, path);
    if (at !== undefined) this.pathAt(at, path.split('.'), scope);
  }

  /** A value with the type it is read as: record keys are fields, `$event`/`$state` references are paths. */
  value(v: ValueNode, type: TypeExpr | undefined, refs: Refs | undefined, keep?: Keep, prefix = ''): void {
    switch (v.kind) {
      case 'ref':
        if (refs) this.reference(v, refs);
        return;
      case 'list':
        for (const item of v.items) this.value(item, type?.kind === 'array' ? type.element : undefined, refs);
        return;
      case 'map':
        this.record(v, type?.kind === 'array' ? undefined : this.scopeOfType(type), refs, keep, prefix);
        return;
      case 'scalar':
        return;
    }
  }

  /** A mapping whose keys are the fields of `scope` (a payload, a row, an initial state). */
  record(v: ValueNode, scope: Scope | undefined, refs: Refs | undefined, keep?: Keep, prefix = ''): void {
    if (v.kind !== 'map') {
      this.value(v, undefined, refs);
      return;
    }
    for (const [key, entry] of v.entries) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (keep && !keep(path)) continue;
      const field = scope?.fields.get(key);
      if (scope && field) this.name('field', key, entry.keyRange, 'reference', scope.owner);
      this.value(entry.value, field?.type, refs, keep, path);
    }
  }

  reference(ref: Extract<ValueNode, { kind: 'ref' }>, refs: Refs): void {
    const scope = ref.source === 'event' ? refs.event : ref.source === 'state' ? refs.state : undefined;
    if (!scope) return;
    const at = this.src.find(ref.range, ref.text);
    if (at === undefined) return;
    this.pathAt(at + ref.source.length + 2, ref.path, scope);
  }
}

/** What `$event.` and `$state.` read where a value is written. */
interface Refs {
  event?: Scope;
  state?: Scope;
}

/** Which paths of a record are current fields (an older sample event keeps its old names). */
type Keep = (path: string) => boolean;

function eventScope(m: Model, name: string | undefined): Scope | undefined {
  const ev = name !== undefined ? m.events.get(name) : undefined;
  return ev ? { owner: { kind: 'event', name: ev.name }, fields: ev.fields } : undefined;
}

function fieldDefinitions(c: Collector, fields: Map<string, FieldDef> | undefined, owner: FieldOwner): void {
  for (const f of fields?.values() ?? []) {
    c.name('field', f.name, f.nameRange, 'definition', owner);
    typeReference(c, f);
  }
}

/** The named type of a field's type expression: the name's own range inside `OrderLine[]?`. */
function typeReference(c: Collector, f: FieldDef): void {
  const named = baseName(f.type);
  if (named === undefined) return;
  const start = c.src.offset(f.typeRange.start);
  const end = c.src.offset(f.typeRange.end);
  let text = c.src.text.slice(start, end);
  let at = start;
  const q = text[0];
  if ((q === '"' || q === "'") && text.length >= 2 && text.endsWith(q)) {
    text = text.slice(1, -1);
    at++;
  }
  if (/^[A-Za-z_$][A-Za-z0-9_$]*(?:\[\])*\??$/.test(text) && text.startsWith(named) && !/[A-Za-z0-9_$]/.test(text[named.length] ?? '')) {
    c.push('type', named, c.src.range(at, named.length), 'reference');
  }
}

function baseName(t: TypeExpr): string | undefined {
  return t.kind === 'named' ? t.name : t.kind === 'array' ? baseName(t.element) : undefined;
}

function rules(c: Collector, list: UpdateRule[], target: Scope): void {
  for (const rule of list) {
    c.ref('event', rule.event);
    const refs: Refs = { state: target };
    const ev = eventScope(c.model, rule.event.name);
    if (ev) refs.event = ev;
    for (const op of rule.ops) {
      if (op.op === 'delete') continue;
      c.path(op.path, op.pathRange, target);
      if (op.op === 'unset') continue;
      const field = fieldAt(target, op.path.split('.'), c);
      const type = op.op === 'push' || op.op === 'remove' ? (field?.type.kind === 'array' ? field.type.element : undefined) : op.op === 'set' ? field?.type : undefined;
      c.value(op.value, type, refs);
    }
  }
}

function fieldAt(scope: Scope, path: readonly string[], c: Collector): FieldDef | undefined {
  let cur: Scope | undefined = scope;
  let field: FieldDef | undefined;
  for (const seg of path) {
    field = cur?.fields.get(seg);
    if (!field) return undefined;
    cur = c.scopeOfType(field.type);
  }
  return field;
}

/** A path after the later upcast steps: renamed on the way, or undefined when a step drops it. */
function followUpcast(path: string, later: readonly UpcastStep[]): string | undefined {
  for (const s of later) {
    if (s.drop.some((d) => path === d.path || path.startsWith(d.path + '.'))) return undefined;
    const r = s.rename.find((x) => path === x.from.path || path.startsWith(x.from.path + '.'));
    if (r) path = r.to.path + path.slice(r.from.path.length);
  }
  return path;
}

function upcastReferences(c: Collector, ev: Event): void {
  const steps = [...(ev.upcast?.steps ?? [])].sort((a, b) => a.from - b.from);
  const scope: Scope = { owner: { kind: 'event', name: ev.name }, fields: ev.fields };
  steps.forEach((step, i) => {
    const later = steps.slice(i + 1);
    // What a step writes is a field of the next version; it is a current field when no later step moves it.
    const written = [...step.rename.map((r) => r.to), ...step.default.map((d) => d.path)];
    for (const p of written) if (followUpcast(p.path, later) === p.path) c.path(p.path, p.range, scope);
  });
}

function walkModel(file: ModelFile): ModelPart {
  const m = file.parsed.model;
  const c = new Collector(file.uri, file.text, m);
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let set = links.get(x);
      if (!set) links.set(x, (set = new Set()));
      set.add(y);
    }
  };
  const fieldKey = (owner: FieldOwner, name: string) => symbolKey({ kind: 'field', name, owner });

  for (const t of m.types.values()) {
    c.name('type', t.name, t.nameRange, 'definition');
    fieldDefinitions(c, t.fields, { kind: 'type', name: t.name });
  }
  // The commands and events of each aggregate, for its id.
  const ofAggregate = new Map<string, (Command | Event)[]>();
  for (const el of [...m.commands.values(), ...m.events.values()]) {
    if (!el.aggregate) continue;
    let list = ofAggregate.get(el.aggregate.name);
    if (!list) ofAggregate.set(el.aggregate.name, (list = []));
    list.push(el);
  }
  for (const a of m.aggregates.values()) {
    c.name('aggregate', a.name, a.nameRange, 'definition');
    const state: Scope = { owner: { kind: 'state', name: a.name }, fields: a.state };
    fieldDefinitions(c, a.state, state.owner);
    if (a.id) {
      // The id names a field of every command and event of the aggregate.
      const members = (ofAggregate.get(a.name) ?? []).filter((el) => el.fields.has(a.id!.name));
      for (const el of members) c.name('field', a.id.name, a.id.range, 'reference', { kind: el.kind, name: el.name });
      for (const el of members.slice(1)) link(fieldKey({ kind: members[0]!.kind, name: members[0]!.name }, a.id.name), fieldKey({ kind: el.kind, name: el.name }, a.id.name));
    }
    if (a.initial) c.record(a.initial, state, undefined);
    rules(c, a.evolve, state);
  }
  for (const cmd of m.commands.values()) {
    c.name('command', cmd.name, cmd.nameRange, 'definition');
    c.ref('aggregate', cmd.aggregate);
    fieldDefinitions(c, cmd.fields, { kind: 'command', name: cmd.name });
    for (const e of cmd.emits) c.ref('event', e);
    for (const e of cmd.errors) c.name('error', e.name, e.range, 'definition');
  }
  for (const ev of m.events.values()) {
    c.name('event', ev.name, ev.nameRange, 'definition');
    c.ref('aggregate', ev.aggregate);
    fieldDefinitions(c, ev.fields, { kind: 'event', name: ev.name });
    upcastReferences(c, ev);
  }
  for (const p of m.projections.values()) {
    c.name('projection', p.name, p.nameRange, 'definition');
    const row: Scope = { owner: { kind: 'row', name: p.name }, fields: p.fields };
    fieldDefinitions(c, p.fields, row.owner);
    if (p.key) {
      // The key names a field of every event of `on`: each one's value picks the row.
      const key = p.key.name;
      const members = p.on.map((r) => m.events.get(r.event.name)).filter((e): e is Event => e !== undefined && e.fields.has(key));
      const unique = [...new Set(members)];
      for (const ev of unique) c.name('field', key, p.key.range, 'reference', { kind: 'event', name: ev.name });
      for (const ev of unique.slice(1)) link(fieldKey({ kind: 'event', name: unique[0]!.name }, key), fieldKey({ kind: 'event', name: ev.name }, key));
    }
    rules(c, p.on, row);
  }
  for (const pol of m.policies.values()) {
    c.name('policy', pol.name, pol.nameRange, 'definition');
    c.ref('event', pol.when);
    const ev = pol.when ? m.events.get(pol.when.name) : undefined;
    const refs: Refs = {};
    if (ev) refs.event = { owner: { kind: 'event', name: ev.name }, fields: ev.fields };
    for (const step of pol.then) {
      c.ref('command', step.command);
      const cmd = m.commands.get(step.command.name);
      if (step.payload) c.record(step.payload, cmd ? { owner: { kind: 'command', name: cmd.name }, fields: cmd.fields } : undefined, refs);
      else if (ev && cmd) {
        // A step by command name copies each field of the event into the command's field of that name.
        for (const f of cmd.fields.values()) {
          if (ev.fields.has(f.name)) link(fieldKey({ kind: 'event', name: ev.name }, f.name), fieldKey({ kind: 'command', name: cmd.name }, f.name));
        }
      }
    }
  }
  for (const s of m.scenarios) {
    c.name('scenario', s.name, s.nameRange, 'definition');
    c.ref('projection', s.projection);
    for (const g of s.given) eventMessage(c, g);
    if (s.when) {
      c.name('command', s.when.name, s.when.nameRange, 'reference');
      const cmd = m.commands.get(s.when.name);
      if (s.when.payload) c.record(s.when.payload, cmd ? { owner: { kind: 'command', name: cmd.name }, fields: cmd.fields } : undefined, undefined);
    }
    const then = s.then;
    if (then?.kind === 'events') for (const e of then.events) eventMessage(c, e);
    else if (then?.kind === 'error') c.ref('error', then.error);
    else if (then?.kind === 'rows') {
      const p = s.projection ? m.projections.get(s.projection.name) : undefined;
      for (const row of then.rows) c.record(row, p ? { owner: { kind: 'row', name: p.name }, fields: p.fields } : undefined, undefined);
    }
  }
  return { uri: file.uri, occurrences: c.out, links };
}

function eventMessage(c: Collector, msg: { name: string; nameRange: Range; payload?: ValueNode }): void {
  c.name('event', msg.name, msg.nameRange, 'reference');
  if (msg.payload) c.record(msg.payload, eventScope(c.model, msg.name), undefined);
}

function walkSamples(file: SampleFile, model: Model | undefined): Occurrence[] {
  const c = new Collector(file.uri, file.text, model ?? emptyModel());
  for (const ev of file.parsed.events) {
    c.name('event', ev.type, ev.typeRange, 'reference');
    const def = c.model.events.get(ev.type);
    if (!def) continue;
    c.record(ev.data, { owner: { kind: 'event', name: def.name }, fields: def.fields }, undefined, keepOfVersion(def, ev));
  }
  return c.out;
}

/**
 * An event written with an older version keeps the names of that version: a path is a current
 * field only when no upcast step from that version on drops or renames it.
 */
function keepOfVersion(def: Event, ev: SampleEvent): Keep | undefined {
  const current = def.version ?? 1;
  if (ev.version === undefined || ev.version >= current) return undefined;
  const later = [...(def.upcast?.steps ?? [])].filter((s) => s.from >= ev.version!).sort((a, b) => a.from - b.from);
  return (path) => followUpcast(path, later) === path;
}
