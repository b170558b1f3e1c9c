import type { Aggregate, FieldDef, Model, Projection, UpdateRule } from '../model/model.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import { applyRule, type AppliedRule, type RuleScope } from './applyRule.js';
import { issuedCommands } from './fanOut.js';
import { LayeredTable } from './layeredTable.js';
import { provenanceRecord, recordWrite } from './provenance.js';
import { resolveRecord, type ReplayMeta } from './resolveValue.js';
import type { AggregateInstance, JsonRecord, JsonValue, ProjectionRow, ProjectionState, ReplayEvent, ReplayStep, ReplayStream, ReplayTarget, Written } from './types.js';
import { upcastEvent } from './upcast.js';
import { ownValue, plainValue } from './values.js';

/**
 * The replay engine, one event at a time: each aggregate instance's state, each projection's
 * rows, who wrote what, and the commands policies issue. Nothing from the model or the events is
 * evaluated; rules are read as data.
 *
 * States and rows are never changed in place (a rule gives a new record), so a snapshot only
 * copies the maps that hold them; the provenance maps, which are changed in place, are copied
 * the first time they are written after a snapshot.
 */

export interface ReplayOptions {
  /**
   * Whether `$meta` has values: `position` (from 1), `stream` and `timestamp` (the event's `at`).
   * Without it every `$meta` reference is absent, as in the generated scenario tests.
   */
  metadata?: boolean;
}

interface Instance {
  aggregate: string;
  id: string;
  stream: string;
  state: JsonRecord;
  provenance: Map<string, Written>;
  /** Whether a snapshot holds this record: copy the record, and then its provenance map, before writing. */
  shared: boolean;
}

interface Row {
  key: string;
  row: JsonRecord;
  provenance: Map<string, Written>;
  shared: boolean;
}

/** The engine's whole state after some events; `Replayer.restore` goes back to it. Opaque to callers. */
export interface ReplaySnapshot {
  readonly position: number;
  /** @internal */
  readonly instances: ReadonlyMap<string, Instance>;
  /** @internal */
  readonly rows: ReadonlyMap<string, ReadonlyMap<string, Row>>;
}

/**
 * What changed between two points of a replay: the instances and rows written since the last
 * snapshot or change set, as they are now (a row that is gone: null). Applied in order after
 * the snapshot it follows, it brings a restored replayer to its position. Opaque to callers.
 */
export interface ReplayChangeSet {
  readonly position: number;
  /** How many instances and rows it holds. */
  readonly size: number;
  /** @internal */
  readonly instances: readonly (readonly [string, Instance])[];
  /** @internal In order of their last creation, for rows created since: so the rows keep their order. */
  readonly rows: readonly (readonly [string, string, Row | null, boolean])[];
}

/** A target of a step and what it held just before the step; `state` is absent when it did not exist. */
export interface TargetBefore {
  target: ReplayTarget;
  state?: JsonRecord;
}

/** A sample file's event as the replay reads it: its data as plain JSON. */
export function toReplayEvent(e: SampleEvent): ReplayEvent {
  return {
    type: e.type,
    data: plainValue(e.data),
    range: e.range,
    ...(e.at !== undefined ? { at: e.at } : {}),
    ...(e.version !== undefined ? { version: e.version } : {}),
  };
}

/** What the rules do with one event type, found once per model instead of once per event. */
interface EventPlan {
  aggregate?: Aggregate;
  evolve?: UpdateRule;
  projections: { projection: Projection; rule: UpdateRule }[];
}

const plans = new WeakMap<Model, Map<string, EventPlan>>();

function planFor(model: Model, type: string): EventPlan {
  let byType = plans.get(model);
  if (!byType) {
    byType = new Map();
    plans.set(model, byType);
  }
  let plan = byType.get(type);
  if (!plan) {
    const def = model.events.get(type);
    const aggregate = def?.aggregate ? model.aggregates.get(def.aggregate.name) : undefined;
    const evolve = aggregate?.evolve.find((r) => r.event.name === type);
    const projections: EventPlan['projections'] = [];
    for (const projection of model.projections.values()) {
      const rule = projection.on.find((r) => r.event.name === type);
      if (rule) projections.push({ projection, rule });
    }
    plan = { ...(aggregate ? { aggregate } : {}), ...(evolve ? { evolve } : {}), projections };
    byType.set(type, plan);
  }
  return plan;
}

export class Replayer {
  private instances = new LayeredTable<Instance>();
  private rows: Map<string, LayeredTable<Row>>;
  private applied = 0;
  private readonly withMeta: boolean;
  /** What the targets of the last step held just before it, in the order the step first touched them. */
  private before: TargetBefore[] = [];
  /** The instances written since the last snapshot or change set. */
  private dirtyInstances = new Set<string>();
  /** Per projection, the rows written since then (a created row is moved to the end), and whether each was deleted meanwhile. */
  private dirtyRows = new Map<string, Map<string, boolean>>();

  constructor(
    private readonly model: Model,
    options: ReplayOptions = {},
  ) {
    this.withMeta = options.metadata !== false;
    this.rows = new Map([...model.projections.keys()].map((name) => [name, new LayeredTable<Row>()]));
  }

  /** How many events have been applied. */
  get position(): number {
    return this.applied;
  }

  /**
   * Applies the next event; never throws, and a problem does not stop the replay. With
   * `commands: false` the step leaves out the policies' commands (a bulk replay that only keeps
   * states has no use for them, and building their payloads is a good part of the work).
   */
  apply(event: ReplayEvent, detail: { commands?: boolean } = {}): ReplayStep {
    this.applied += 1;
    this.before = [];
    // Built without spreads, in the same key order either way: this runs once per event.
    const step: ReplayStep =
      event.at !== undefined
        ? { position: this.applied, type: event.type, data: event.data, at: event.at, eventRange: event.range, changes: [], commands: [], problems: [] }
        : { position: this.applied, type: event.type, data: event.data, eventRange: event.range, changes: [], commands: [], problems: [] };
    try {
      this.applyOne(event, step, detail.commands !== false);
    } catch (e) {
      step.problems.push({ kind: 'internal', message: `The replay could not apply this event: ${e instanceof Error ? e.message : String(e)}`, eventRange: event.range });
    }
    return step;
  }

  /** The state now, to come back to with `restore`; no state or row is copied, only the maps that hold them. */
  snapshot(): ReplaySnapshot {
    const instances = new Map<string, Instance>();
    for (const [k, i] of this.instances) instances.set(k, share(i));
    const rows = new Map<string, Map<string, Row>>();
    for (const [name, table] of this.rows) {
      const copy = new Map<string, Row>();
      for (const [k, r] of table) copy.set(k, share(r));
      rows.set(name, copy);
    }
    this.dirtyInstances.clear();
    this.dirtyRows.clear();
    return { position: this.applied, instances, rows };
  }

  /** What changed since the last snapshot or change set; far smaller than a snapshot when few targets changed. */
  changeSet(): ReplayChangeSet {
    const instances: [string, Instance][] = [];
    for (const k of this.dirtyInstances) instances.push([k, share(this.instances.get(k)!)]);
    const rows: [string, string, Row | null, boolean][] = [];
    for (const [name, keys] of this.dirtyRows) {
      const table = this.rows.get(name)!;
      for (const [k, deleted] of keys) {
        const row = table.get(k);
        rows.push([name, k, row ? share(row) : null, deleted]);
      }
    }
    this.dirtyInstances.clear();
    this.dirtyRows.clear();
    return { position: this.applied, size: instances.length + rows.length, instances, rows };
  }

  /**
   * Goes back (or forward) to a snapshot; the snapshot stays usable. Nothing is copied: the
   * snapshot's maps become the base of the replayer's, and what is written after goes on top.
   */
  restore(snapshot: ReplaySnapshot): void {
    this.applied = snapshot.position;
    this.instances = new LayeredTable(snapshot.instances);
    this.rows = new Map();
    for (const [name, table] of snapshot.rows) this.rows.set(name, new LayeredTable(table));
    this.dirtyInstances.clear();
    this.dirtyRows.clear();
  }

  /** Applies a change set taken right after the position this replayer is at; the change set stays usable. */
  applyChangeSet(changes: ReplayChangeSet): void {
    this.applied = changes.position;
    for (const [k, i] of changes.instances) this.instances.set(k, i);
    for (const [name, k, row, deleted] of changes.rows) {
      const table = this.rows.get(name)!;
      // A row deleted (and perhaps created again) since goes to the end, where its creation put it.
      if (deleted) table.delete(k);
      if (row) table.set(k, row);
      else table.delete(k);
    }
  }

  /**
   * The aggregate instances, in the order they first appeared. With `limit`, the instances named
   * in `first` come first (all of them), then others up to `limit` in all: only those are turned
   * into records.
   */
  aggregates(filter: { aggregate?: string; id?: string; stream?: string; limit?: number; first?: readonly ReplayTarget[] } = {}): AggregateInstance[] {
    const keep = (i: Instance) =>
      (filter.aggregate === undefined || i.aggregate === filter.aggregate) && (filter.id === undefined || i.id === filter.id) && (filter.stream === undefined || i.stream === filter.stream);
    const out: AggregateInstance[] = [];
    const firstKeys = new Set<string>();
    for (const t of filter.first ?? []) {
      if (t.kind !== 'aggregate') continue;
      const key = `${t.name}\u0000${t.id}`;
      const i = this.instances.get(key);
      if (i && keep(i) && !firstKeys.has(key)) {
        firstKeys.add(key);
        out.push(instanceRecord(i));
      }
    }
    const limit = filter.limit ?? Infinity;
    for (const [key, i] of this.matching(filter)) {
      if (out.length >= limit) break;
      if (firstKeys.has(key) || !keep(i)) continue;
      out.push(instanceRecord(i));
    }
    return out;
  }

  /** How many aggregate instances match a filter. */
  aggregateCount(filter: { aggregate?: string; stream?: string } = {}): number {
    if (filter.aggregate === undefined && filter.stream === undefined) return this.instances.size;
    let n = 0;
    for (const [, i] of this.matching(filter)) if ((filter.aggregate === undefined || i.aggregate === filter.aggregate) && (filter.stream === undefined || i.stream === filter.stream)) n++;
    return n;
  }

  /**
   * The instances a filter may match, in order: for one stream or one id, only the few keys it
   * can have (one per aggregate whose name the stream starts with), not every instance.
   */
  private matching(filter: { aggregate?: string; id?: string; stream?: string }): Iterable<[string, Instance]> {
    const keys: string[] = [];
    if (filter.stream !== undefined) {
      for (const name of this.model.aggregates.keys()) {
        if (filter.aggregate !== undefined && name !== filter.aggregate) continue;
        if (filter.stream.startsWith(`${name}-`)) keys.push(`${name}\u0000${filter.stream.slice(name.length + 1)}`);
      }
    } else if (filter.aggregate !== undefined && filter.id !== undefined) {
      keys.push(`${filter.aggregate}\u0000${filter.id}`);
    } else {
      return this.instances;
    }
    const found: [string, Instance][] = [];
    for (const key of keys) {
      const i = this.instances.get(key);
      if (i) found.push([key, i]);
    }
    // Two aggregates whose names make the same stream name (rare): the whole table, in its order.
    return found.length > 1 ? this.instances : found;
  }

  /**
   * Each projection's rows (in the order they were created), or one projection's. With `limit`,
   * the rows named in `first` come first (all of them), then others up to `limit` in all, and
   * `totalRows` says how many the projection has.
   */
  projections(filter: { projection?: string; limit?: number; first?: readonly ReplayTarget[] } = {}): ProjectionState[] {
    const out: ProjectionState[] = [];
    for (const p of this.model.projections.values()) {
      if (filter.projection !== undefined && p.name !== filter.projection) continue;
      const table = this.rows.get(p.name) ?? new LayeredTable<Row>();
      if (filter.limit === undefined) {
        out.push({ projection: p.name, keyed: p.key !== undefined, rows: [...table.values()].map(rowRecord) });
        continue;
      }
      const rows: ProjectionRow[] = [];
      const firstKeys = new Set<string>();
      for (const t of filter.first ?? []) {
        if (t.kind !== 'projection' || t.name !== p.name || firstKeys.has(t.key)) continue;
        const r = table.get(t.key);
        if (!r) continue;
        firstKeys.add(t.key);
        rows.push(rowRecord(r));
      }
      for (const [key, r] of table) {
        if (rows.length >= filter.limit) break;
        if (firstKeys.has(key)) continue;
        rows.push(rowRecord(r));
      }
      out.push({ projection: p.name, keyed: p.key !== undefined, rows, ...(rows.length < table.size ? { totalRows: table.size } : {}) });
    }
    return out;
  }

  /** What the targets the last step applied rules to held just before it (absent: did not exist), in the order it touched them. */
  lastBefore(): readonly TargetBefore[] {
    return this.before;
  }

  /** How many instances and rows a change set taken now would hold. */
  get pendingChanges(): number {
    let n = this.dirtyInstances.size;
    for (const keys of this.dirtyRows.values()) n += keys.size;
    return n;
  }

  /** How many aggregate instances and projection rows there are now. */
  get size(): number {
    let n = this.instances.size;
    for (const t of this.rows.values()) n += t.size;
    return n;
  }

  /** Notes a row written since the last change set; a created row moves to the end, as in its table. */
  private touchRow(projection: string, key: string, deleted: boolean, created = false): void {
    let keys = this.dirtyRows.get(projection);
    if (!keys) {
      keys = new Map();
      this.dirtyRows.set(projection, keys);
    }
    const wasDeleted = keys.get(key) ?? false;
    if (created) keys.delete(key);
    keys.set(key, wasDeleted || deleted);
  }

  private applyOne(event: ReplayEvent, step: ReplayStep, commands: boolean): void {
    const model = this.model;
    const def = model.events.get(event.type);
    if (!def) {
      step.problems.push({ kind: 'unknown-event', message: `'${event.type}' is not an event of the model.`, eventRange: event.range });
      return;
    }
    const read = upcastEvent(model, event.type, event.version, event.data);
    for (const p of read.problems) {
      step.problems.push({ kind: p.kind, message: p.message, eventRange: event.range, ...(p.ruleRange ? { ruleRange: p.ruleRange } : {}), ...(p.opRange ? { opRange: p.opRange } : {}) });
    }
    if (read.upcast) step.upcast = read.upcast;
    const data = read.data;
    step.data = data;
    const plan = planFor(model, event.type);
    const aggregate = plan.aggregate;
    let stream: ReplayStream | undefined;
    if (aggregate) {
      const idField = aggregate.id?.name;
      const id = idField !== undefined ? keyText(ownValue(data, idField)) : undefined;
      if (id === undefined) {
        step.problems.push({ kind: 'missing-stream-id', message: `${event.type} has no '${idField ?? 'id'}', the id of its ${aggregate.name} stream.`, eventRange: event.range });
      } else {
        stream = { aggregate: aggregate.name, id, name: `${aggregate.name}-${id}` };
        step.stream = stream;
      }
    }
    const meta: ReplayMeta = {};
    if (this.withMeta) {
      meta.position = step.position;
      if (event.at !== undefined) meta.timestamp = event.at;
      if (stream) meta.stream = stream.name;
    }
    const written = (rule: UpdateRule, opRange?: Written['opRange']): Written =>
      opRange ? { position: step.position, event: event.type, ruleRange: rule.range, opRange } : { position: step.position, event: event.type, ruleRange: rule.range };
    const scope = (targetFields: Map<string, FieldDef>): RuleScope => ({ model, eventFields: def.fields, eventData: data, meta, targetFields });

    if (aggregate && stream) {
      const instanceKey = `${aggregate.name}\u0000${stream.id}`;
      let instance = this.instances.get(instanceKey);
      const existed = instance !== undefined;
      if (!instance) {
        instance = startInstance(model, aggregate, stream);
        this.instances.set(instanceKey, instance);
      }
      this.dirtyInstances.add(instanceKey);
      const rule = plan.evolve;
      if (rule) {
        const target: ReplayTarget = { kind: 'aggregate', name: aggregate.name, id: stream.id };
        // An instance the step starts did not exist before it, though its rule reads `initial`.
        this.before.push(existed ? { target, state: instance.state } : { target });
        const applied = applyRule(rule, instance.state, scope(aggregate.state));
        record(step, { kind: 'aggregate', name: aggregate.name, id: stream.id }, rule, applied, event);
        if (applied.changes.length > 0) {
          if (instance.shared) {
            instance = own(instance);
            this.instances.set(instanceKey, instance);
          }
          if (applied.after) instance.state = applied.after;
          for (const c of applied.changes) recordWrite(instance.provenance, c.path, written(rule, c.opRange));
        }
      }
    }

    for (const { projection, rule } of plan.projections) {
      const key = rowKey(projection, data);
      if (key === undefined) {
        step.problems.push({ kind: 'missing-row-key', message: `${event.type} has no '${projection.key?.name ?? ''}', the key of ${projection.name}.`, eventRange: event.range, ruleRange: rule.range });
        continue;
      }
      const table = this.rows.get(projection.name)!;
      const existing = table.get(key);
      const target: ReplayTarget = { kind: 'projection', name: projection.name, key };
      this.before.push(existing ? { target, state: existing.row } : { target });
      const applied = applyRule(rule, existing?.row ?? {}, scope(projection.fields));
      if (applied.after === null) {
        const deleteOp = rule.ops.find((o) => o.op === 'delete');
        const opRange = deleteOp?.op === 'delete' ? deleteOp.range : rule.range;
        if (!existing) {
          step.problems.push({ kind: 'row-deleted-twice', message: `${event.type} deletes the ${projection.name} row '${key}', which does not exist (deleted already, or never created).`, eventRange: event.range, ruleRange: rule.range, opRange });
          continue;
        }
        table.delete(key);
        this.touchRow(projection.name, key, true);
        step.changes.push({ target, path: '', before: existing.row, ruleRange: rule.range, opRange });
        continue;
      }
      let row = existing?.shared ? own(existing) : existing;
      if (row && row !== existing) table.set(key, row);
      if (!row) {
        row = { key, row: {}, provenance: new Map<string, Written>(), shared: false };
        table.set(key, row);
        this.touchRow(projection.name, key, false, true);
        recordWrite(row.provenance, '', written(rule));
        step.changes.push({ target, path: '', after: applied.after, ruleRange: rule.range });
      }
      record(step, target, rule, applied, event);
      row.row = applied.after;
      this.touchRow(projection.name, key, false);
      for (const c of applied.changes) recordWrite(row.provenance, c.path, written(rule, c.opRange));
    }

    if (commands) step.commands = issuedCommands(model, event.type, data);
  }
}

function instanceRecord(i: Instance): AggregateInstance {
  return { aggregate: i.aggregate, id: i.id, stream: i.stream, state: i.state, provenance: provenanceRecord(i.provenance) };
}

function rowRecord(r: Row): ProjectionRow {
  return { key: r.key, row: r.row, provenance: provenanceRecord(r.provenance) };
}

/** A record as a snapshot or change set holds it: from now on it is copied before it is written. */
function share<T extends { shared: boolean }>(r: T): T {
  r.shared = true;
  return r;
}

/** A record this replayer may write: itself, or, when a snapshot holds it, a copy with its own provenance map. */
function own<T extends { provenance: Map<string, Written>; shared: boolean }>(r: T): T {
  return r.shared ? { ...r, provenance: new Map(r.provenance), shared: false } : r;
}

/** The instance before its first event: the `initial` state, written by `initial`. */
function startInstance(model: Model, aggregate: Aggregate, stream: ReplayStream): Instance {
  const provenance = new Map<string, Written>();
  const state = aggregate.initial ? (resolveRecord(aggregate.initial, aggregate.state, { model, missing: () => {} }) ?? {}) : {};
  if (aggregate.initial) for (const key of Object.keys(state)) provenance.set(key, { position: 0, ruleRange: aggregate.initial.range });
  return { aggregate: aggregate.name, id: stream.id, stream: stream.name, state, provenance, shared: false };
}

function record(step: ReplayStep, target: ReplayTarget, rule: UpdateRule, applied: AppliedRule, event: ReplayEvent): void {
  const ruleRange = rule.range;
  for (const c of applied.changes) {
    const { path, before, after, opRange } = c;
    step.changes.push(
      before !== undefined
        ? after !== undefined ? { target, path, before, after, opRange, ruleRange } : { target, path, before, opRange, ruleRange }
        : after !== undefined ? { target, path, after, opRange, ruleRange } : { target, path, opRange, ruleRange },
    );
  }
  for (const p of applied.problems) step.problems.push({ kind: p.kind, message: p.message, eventRange: event.range, ruleRange: rule.range, opRange: p.opRange });
}

/** The row an event updates: its key field's value (a string as is, anything else as JSON), or the projection's one document. */
function rowKey(projection: Projection, data: JsonValue): string | undefined {
  if (!projection.key) return projection.name;
  return keyText(ownValue(data, projection.key.name));
}

function keyText(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
