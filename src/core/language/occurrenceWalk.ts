import { emptyModel, type Command, type Event, type FieldDef, type Model, type NameRef, type TypeExpr, type UpcastStep, type UpdateRule, type ValueNode } from '../model/model.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import type { Position, Range } from '../source.js';
import type { FieldOwner, Occurrence, OccurrenceKind } from './occurrences.js';
import type { ModelFile, SampleFile } from './types.js';

/**
 * The walk behind the occurrences index: one pass over a parsed model, or over a sample file
 * read against its model, that records each name where the text shows it. Fields resolve
 * through their owner's fields and on through named record types, as the validator reads them.
 */

/** A field by its owner and name. */
export interface FieldSymbol {
  owner: FieldOwner;
  name: string;
}

/**
 * What a walk records. Without fields, only the elements are recorded wherever they are named
 * (what reference counts read): the same occurrences as the whole walk's of those kinds, in the
 * same order, for a fraction of the work, as payloads, rules and paths are not read at all.
 */
export interface WalkOptions {
  /** Whether fields are recorded too (default true). */
  fields?: boolean;
}

/** What the walk of a model finds: its occurrences, and the fields tied to each other by name. */
export interface ModelWalk {
  occurrences: Occurrence[];
  /** Pairs of fields that must keep the same name (see `ModelOccurrences.links`). */
  links: [FieldSymbol, FieldSymbol][];
}

// ---------------------------------------------------------------------------------------------
// Text: where a name stands exactly.

/** Offsets and positions of one text, for finding a name inside the range of its YAML node. */
class SourceText {
  private readonly lineStarts: readonly number[];

  constructor(readonly text: string) {
    this.lineStarts = lineStartsOf(text);
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

/** The line starts of the last few texts walked: a model and its sample files are walked again and again as they are. */
const recentLineStarts: { text: string; starts: readonly number[] }[] = [];

function lineStartsOf(text: string): readonly number[] {
  const hit = recentLineStarts.find((r) => r.text === text);
  if (hit) return hit.starts;
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  recentLineStarts.unshift({ text, starts });
  if (recentLineStarts.length > 4) recentLineStarts.pop();
  return starts;
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
    /** Whether fields are recorded (see `WalkOptions`); without them every field method does nothing. */
    readonly fields = true,
  ) {
    this.src = new SourceText(text);
  }

  /** A name written at `range` (alone, or quoted). */
  name(kind: OccurrenceKind, name: string, range: Range | undefined, role: Occurrence['role'], owner?: FieldOwner): void {
    if (!range || name === '' || (kind === 'field' && !this.fields)) return;
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
    if (!this.fields) return;
    const at = this.src.find(range, path);
    if (at !== undefined) this.pathAt(at, path.split('.'), scope);
  }

  /** A value with the type it is read as: record keys are fields, `$event`/`$state` references are paths. */
  value(v: ValueNode, type: TypeExpr | undefined, refs: Refs | undefined, keep?: Keep, prefix = ''): void {
    if (!this.fields) return;
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
    if (!this.fields) return;
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
    if (!this.fields) return;
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
    if (c.fields) c.name('field', f.name, f.nameRange, 'definition', owner);
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
    if (!c.fields) continue;
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
  if (!c.fields) return;
  const steps = [...(ev.upcast?.steps ?? [])].sort((a, b) => a.from - b.from);
  const scope: Scope = { owner: { kind: 'event', name: ev.name }, fields: ev.fields };
  steps.forEach((step, i) => {
    const later = steps.slice(i + 1);
    // What a step writes is a field of the next version; it is a current field when no later step moves it.
    const written = [...step.rename.map((r) => r.to), ...step.default.map((d) => d.path)];
    for (const p of written) if (followUpcast(p.path, later) === p.path) c.path(p.path, p.range, scope);
  });
}

/** Every occurrence in a model file, and the fields tied by name. */
export function walkModel(file: ModelFile, options: WalkOptions = {}): ModelWalk {
  const m = file.parsed.model;
  const c = new Collector(file.uri, file.text, m, options.fields ?? true);
  const links: [FieldSymbol, FieldSymbol][] = [];
  const link = (a: FieldSymbol, b: FieldSymbol) => links.push([a, b]);
  const fieldKey = (owner: FieldOwner, name: string): FieldSymbol => ({ owner, name });

  for (const t of m.types.values()) {
    c.name('type', t.name, t.nameRange, 'definition');
    fieldDefinitions(c, t.fields, { kind: 'type', name: t.name });
  }
  // The commands and events of each aggregate, for its id.
  const ofAggregate = new Map<string, (Command | Event)[]>();
  for (const el of c.fields ? [...m.commands.values(), ...m.events.values()] : []) {
    if (!el.aggregate) continue;
    let list = ofAggregate.get(el.aggregate.name);
    if (!list) ofAggregate.set(el.aggregate.name, (list = []));
    list.push(el);
  }
  for (const a of m.aggregates.values()) {
    c.name('aggregate', a.name, a.nameRange, 'definition');
    const state: Scope = { owner: { kind: 'state', name: a.name }, fields: a.state };
    fieldDefinitions(c, a.state, state.owner);
    if (a.id && c.fields) {
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
    if (p.key && c.fields) {
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
    if (!c.fields) {
      for (const step of pol.then) c.ref('command', step.command);
      continue;
    }
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
      const cmd = c.fields ? m.commands.get(s.when.name) : undefined;
      if (s.when.payload) c.record(s.when.payload, cmd ? { owner: { kind: 'command', name: cmd.name }, fields: cmd.fields } : undefined, undefined);
    }
    const then = s.then;
    if (then?.kind === 'events') for (const e of then.events) eventMessage(c, e);
    else if (then?.kind === 'error') c.ref('error', then.error);
    else if (then?.kind === 'rows' && c.fields) {
      const p = s.projection ? m.projections.get(s.projection.name) : undefined;
      for (const row of then.rows) c.record(row, p ? { owner: { kind: 'row', name: p.name }, fields: p.fields } : undefined, undefined);
    }
  }
  return { occurrences: c.out, links };
}

function eventMessage(c: Collector, msg: { name: string; nameRange: Range; payload?: ValueNode }): void {
  c.name('event', msg.name, msg.nameRange, 'reference');
  if (msg.payload && c.fields) c.record(msg.payload, eventScope(c.model, msg.name), undefined);
}

/**
 * Every occurrence in a sample file, read against its model (none: event types only). Without
 * fields, the event types alone, whatever the model.
 */
export function walkSamples(file: SampleFile, model: Model | undefined, options: WalkOptions = {}): Occurrence[] {
  const c = new Collector(file.uri, file.text, model ?? emptyModel(), options.fields ?? true);
  for (const ev of file.parsed.events) {
    c.name('event', ev.type, ev.typeRange, 'reference');
    if (!c.fields) continue;
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
