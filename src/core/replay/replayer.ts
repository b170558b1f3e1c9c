import type { Aggregate, FieldDef, Model, Projection, UpdateRule } from '../model/model.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import { applyRule, type AppliedRule, type RuleScope } from './applyRule.js';
import { issuedCommands } from './fanOut.js';
import { LayeredTable } from './layeredTable.js';
import { provenanceRecord, recordWrite, RuleWrites, type WriteEntry } from './provenance.js';
import { planFor, quickPlan, hasDottedPath, type QuickPlan } from './plans.js';
import { applyQuickRule, GIVE_UP, Writes, type QuickRule } from './quickRule.js';
import { resolveRecord, type ReplayMeta } from './resolveValue.js';
import type { AggregateInstance, JsonRecord, JsonValue, ProjectionRow, ProjectionState, ReplayEvent, ReplayProblem, ReplayStep, ReplayStream, ReplayTarget, Written } from './types.js';
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
  provenance: Map<string, WriteEntry>;
  /** Whether a snapshot holds this record: copy the record, and then its provenance map, before writing. */
  shared: boolean;
}

interface Row {
  key: string;
  row: JsonRecord;
  provenance: Map<string, WriteEntry>;
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

const NOTHING_BEFORE = Object.freeze([]) as unknown as TargetBefore[];
/** The problems of a bulk step that met none (never written: a step that meets one gets a list of its own). */
const NO_PROBLEMS = Object.freeze([]) as unknown as ReplayProblem[];
/** The metadata of a bulk step whose rules read none. */
const NO_META: ReplayMeta = Object.freeze({});

/** What a bulk replay keeps of a step (`Replayer.applyQuick`). */
export interface QuickStep {
  /** The event's stream, when it has one. */
  stream?: string;
  /** How many paths the step wrote (as many as `apply` would list as changes). */
  changes: number;
  problems: ReplayProblem[];
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

export class Replayer {
  private instances = new LayeredTable<Instance>();
  private rows: Map<string, LayeredTable<Row>>;
  private applied = 0;
  private readonly withMeta: boolean;
  /** What the targets of the last step held just before it, in the order the step first touched them. */
  private before: TargetBefore[] = [];
  /** Whether writes are noted for change sets: from the first snapshot or change set on (a bulk replay that takes neither notes nothing). */
  private tracking = false;
  /** The instances written since the last snapshot or change set. */
  private dirtyInstances = new Set<string>();
  /** Per projection, the rows written since then (a created row is moved to the end), and whether each was deleted meanwhile. */
  private dirtyRows = new Map<string, Map<string, boolean>>();
  /** The bulk step being applied. */
  private quick: QuickStep = { changes: 0, problems: [] };
  /** Per event type, how a bulk step applies it (null: the general way). */
  private readonly quickPlans = new Map<string, QuickPlan | null>();
  /** Scratch space of bulk steps: the row keys of the step, the ranges of the operators that wrote. */
  private readonly rowKeys: string[] = [];
  private readonly wrote = new Writes();
  /**
   * Per aggregate, the stream name of each id met in a bulk step: the name kept once, so a step
   * looks its instance up with a string whose hash is made, instead of joining and hashing the
   * name anew (the id's own hash is made by then, for the rows keyed by it).
   */
  private readonly streamNames = new Map<string, Map<string, string>>();
  /** The record the last prepared rule's writes share, when they can. */
  private shared: RuleWrites | undefined;
  /** Whether some rule writes below a field (a dotted path): only then does a write clear provenance below it. */
  private readonly nested: boolean;

  constructor(
    private readonly model: Model,
    options: ReplayOptions = {},
  ) {
    this.withMeta = options.metadata !== false;
    this.nested = [...model.aggregates.values()].some((a) => a.evolve.some(hasDottedPath)) || [...model.projections.values()].some((p) => p.on.some(hasDottedPath));
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
      this.applyOne(event, this.applied, step, step.problems, detail.commands !== false);
    } catch (e) {
      step.problems.push({ kind: 'internal', message: `The replay could not apply this event: ${e instanceof Error ? e.message : String(e)}`, eventRange: event.range });
    }
    return step;
  }

  /**
   * Applies the next event for a bulk replay, which keeps states and nothing of the steps: the
   * same states, provenance and problems as `apply`, without the step's record (no changes with
   * their values, no commands). The event may be `partial` (see `dataRead`). Never throws.
   */
  applyQuick(event: ReplayEvent): QuickStep {
    this.applied += 1;
    this.before = NOTHING_BEFORE;
    // Most steps meet no problem: their list is made when the first one comes.
    const quick: QuickStep = { changes: 0, problems: NO_PROBLEMS };
    this.quick = quick;
    try {
      if (!this.quickOne(event, quick)) {
        quick.problems = [];
        this.applyOne(event, this.applied, undefined, quick.problems, false);
      }
    } catch (e) {
      if (quick.problems === NO_PROBLEMS) quick.problems = [];
      quick.problems.push({ kind: 'internal', message: `The replay could not apply this event: ${e instanceof Error ? e.message : String(e)}`, eventRange: event.range });
    }
    return quick;
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
    this.tracking = true;
    return { position: this.applied, instances, rows };
  }

  /**
   * What changed since the last snapshot or change set; far smaller than a snapshot when few
   * targets changed. Writes are noted from the first snapshot or change set on.
   */
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
    this.tracking = true;
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
    this.tracking = true;
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
      const key = instanceKeyOf(t.name, { id: t.id, name: `${t.name}-${t.id}` });
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
        if (filter.stream.startsWith(`${name}-`)) keys.push(instanceKeyOf(name, { id: filter.stream.slice(name.length + 1), name: filter.stream }));
      }
    } else if (filter.aggregate !== undefined && filter.id !== undefined) {
      keys.push(instanceKeyOf(filter.aggregate, { id: filter.id, name: `${filter.aggregate}-${filter.id}` }));
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
    if (!this.tracking) return;
    let keys = this.dirtyRows.get(projection);
    if (!keys) {
      keys = new Map();
      this.dirtyRows.set(projection, keys);
    }
    const wasDeleted = keys.get(key) ?? false;
    if (created) keys.delete(key);
    keys.set(key, wasDeleted || deleted);
  }

  /**
   * Applies one event. With a step, everything is recorded in it (the changes with their values,
   * what each target held before, the commands); without one (a bulk replay) only the problems
   * and the number of changes are kept, in `quick`.
   */
  private applyOne(event: ReplayEvent, position: number, step: ReplayStep | undefined, problems: ReplayProblem[], commands: boolean): void {
    const model = this.model;
    const def = model.events.get(event.type);
    if (!def) {
      problems.push({ kind: 'unknown-event', message: `'${event.type}' is not an event of the model.`, eventRange: event.range });
      return;
    }
    let data = event.data;
    if (event.version !== undefined) {
      const read = upcastEvent(model, event.type, event.version, event.data);
      for (const p of read.problems) {
        problems.push({ kind: p.kind, message: p.message, eventRange: event.range, ...(p.ruleRange ? { ruleRange: p.ruleRange } : {}), ...(p.opRange ? { opRange: p.opRange } : {}) });
      }
      if (read.upcast && step) step.upcast = read.upcast;
      data = read.data;
    }
    if (step) step.data = data;
    const plan = planFor(model, event.type);
    const aggregate = plan.aggregate;
    let stream: ReplayStream | undefined;
    if (aggregate) {
      const idField = aggregate.id?.name;
      const id = idField !== undefined ? keyText(ownValue(data, idField)) : undefined;
      if (id === undefined) {
        problems.push({ kind: 'missing-stream-id', message: `${event.type} has no '${idField ?? 'id'}', the id of its ${aggregate.name} stream.`, eventRange: event.range });
      } else {
        stream = { aggregate: aggregate.name, id, name: `${aggregate.name}-${id}` };
        if (step) step.stream = stream;
        else this.quick.stream = stream.name;
      }
    }
    const meta: ReplayMeta = {};
    if (this.withMeta) {
      meta.position = position;
      if (event.at !== undefined) meta.timestamp = event.at;
      if (stream) meta.stream = stream.name;
    }
    const written = (rule: UpdateRule, opRange?: Written['opRange']): Written =>
      opRange ? { position, event: event.type, ruleRange: rule.range, opRange } : { position, event: event.type, ruleRange: rule.range };
    const scope = (targetFields: Map<string, FieldDef>): RuleScope => ({ model, eventFields: def.fields, eventData: data, meta, targetFields });
    const nested = this.nested;

    if (aggregate && stream) {
      const instanceKey = instanceKeyOf(aggregate.name, stream);
      let instance = this.instances.get(instanceKey);
      const existed = instance !== undefined;
      if (!instance) {
        instance = startInstance(model, aggregate, stream);
        this.instances.set(instanceKey, instance);
      }
      if (this.tracking) this.dirtyInstances.add(instanceKey);
      const rule = plan.evolve;
      if (rule) {
        // An instance the step starts did not exist before it, though its rule reads `initial`.
        if (step) {
          const target: ReplayTarget = { kind: 'aggregate', name: aggregate.name, id: stream.id };
          this.before.push(existed ? { target, state: instance.state } : { target });
        }
        const applied = applyRule(rule, instance.state, scope(aggregate.state), step !== undefined);
        if (step) record(step, { kind: 'aggregate', name: aggregate.name, id: stream.id }, rule, applied, event);
        else this.noteQuick(rule, applied, event);
        if (applied.changes.length > 0) {
          if (instance.shared) {
            instance = own(instance);
            this.instances.set(instanceKey, instance);
          }
          if (applied.after) instance.state = applied.after;
          for (const c of applied.changes) recordWrite(instance.provenance, c.path, written(rule, c.opRange), nested);
        }
      }
    }

    for (const { projection, rule } of plan.projections) {
      const key = rowKey(projection, data);
      if (key === undefined) {
        problems.push({ kind: 'missing-row-key', message: `${event.type} has no '${projection.key?.name ?? ''}', the key of ${projection.name}.`, eventRange: event.range, ruleRange: rule.range });
        continue;
      }
      const table = this.rows.get(projection.name)!;
      const existing = table.get(key);
      const target: ReplayTarget | undefined = step ? { kind: 'projection', name: projection.name, key } : undefined;
      if (target) this.before.push(existing ? { target, state: existing.row } : { target });
      const applied = applyRule(rule, existing?.row ?? {}, scope(projection.fields), step !== undefined);
      if (applied.after === null) {
        const deleteOp = rule.ops.find((o) => o.op === 'delete');
        const opRange = deleteOp?.op === 'delete' ? deleteOp.range : rule.range;
        if (!existing) {
          problems.push({ kind: 'row-deleted-twice', message: `${event.type} deletes the ${projection.name} row '${key}', which does not exist (deleted already, or never created).`, eventRange: event.range, ruleRange: rule.range, opRange });
          continue;
        }
        table.delete(key);
        this.touchRow(projection.name, key, true);
        if (target) step!.changes.push({ target, path: '', before: existing.row, ruleRange: rule.range, opRange });
        else this.quick.changes++;
        continue;
      }
      let row = existing?.shared ? own(existing) : existing;
      if (row && row !== existing) table.set(key, row);
      if (!row) {
        row = { key, row: {}, provenance: new Map<string, WriteEntry>(), shared: false };
        table.set(key, row);
        this.touchRow(projection.name, key, false, true);
        recordWrite(row.provenance, '', written(rule), nested);
        if (target) step!.changes.push({ target, path: '', after: applied.after, ruleRange: rule.range });
        else this.quick.changes++;
      }
      if (target) record(step!, target, rule, applied, event);
      else this.noteQuick(rule, applied, event);
      row.row = applied.after;
      this.touchRow(projection.name, key, false);
      for (const c of applied.changes) recordWrite(row.provenance, c.path, written(rule, c.opRange), nested);
    }

    if (commands && step) step.commands = issuedCommands(model, event.type, data);
  }

  /**
   * A bulk step the short way, when the event is of the usual kind: a known type at the model's
   * version, its stream id and row keys present, no row deleted. Otherwise false, with nothing
   * changed, and the step is applied the general way. The states, provenance, problems and
   * change counts are the general way's (the tests hold the two side by side).
   */
  private quickOne(event: ReplayEvent, quick: QuickStep): boolean {
    let plan = this.quickPlans.get(event.type);
    if (plan === undefined) {
      plan = quickPlan(this.model, event.type);
      this.quickPlans.set(event.type, plan);
    }
    if (plan === null || (event.version !== undefined && event.version !== plan.version)) return false;
    const data = event.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
    const position = this.applied;
    const target = plan.aggregate;
    let id: string | undefined;
    if (target) {
      id = keyText(ownValue(data, target.idKey));
      if (id === undefined) return false;
    }
    const keys = this.rowKeys;
    for (let i = 0; i < plan.projections.length; i++) {
      const key = rowKey(plan.projections[i]!.projection, data);
      if (key === undefined) return false;
      keys[i] = key;
    }
    let streamName: string | undefined;
    if (target) {
      const name = target.aggregate.name;
      let names = this.streamNames.get(name);
      if (names === undefined) this.streamNames.set(name, (names = new Map()));
      streamName = names.get(id!);
      if (streamName === undefined) {
        streamName = `${name}-${id}`;
        names.set(id!, streamName);
      }
    }
    if (streamName !== undefined) quick.stream = streamName;
    let meta = NO_META;
    if (plan.readsMeta && this.withMeta) {
      meta = { position };
      if (event.at !== undefined) meta.timestamp = event.at;
      if (streamName !== undefined) meta.stream = streamName;
    }
    const nested = this.nested;
    const wrote = this.wrote;

    if (target) {
      const aggregate = target.aggregate;
      const instanceKey = aggregate.name.includes('-') ? `${aggregate.name}\u0000${id}` : streamName!;
      let instance = this.instances.get(instanceKey);
      if (!instance) {
        instance = startInstance(this.model, aggregate, { aggregate: aggregate.name, id: id!, name: streamName! });
        this.instances.set(instanceKey, instance);
      }
      if (this.tracking) this.dirtyInstances.add(instanceKey);
      const rule = target.evolve;
      if (rule) {
        const after = this.applyRuleQuick(rule, target.quick, instance.state, aggregate.state, plan, data, meta, event, quick);
        if (wrote.count > 0) {
          if (instance.shared) {
            instance = own(instance);
            this.instances.set(instanceKey, instance);
          }
          instance.state = after;
          this.recordWrites(instance.provenance, rule, this.shared, position, event.type, nested);
        }
      }
    }

    for (let i = 0; i < plan.projections.length; i++) {
      const { projection, rule, quick: prepared } = plan.projections[i]!;
      const key = keys[i]!;
      const table = this.rows.get(projection.name)!;
      const existing = table.get(key);
      const after = this.applyRuleQuick(rule, prepared, existing?.row ?? {}, projection.fields, plan, data, meta, event, quick);
      let row = existing?.shared ? own(existing) : existing;
      if (row && row !== existing) table.set(key, row);
      const shared = this.shared;
      if (!row) {
        row = { key, row: {}, provenance: new Map<string, WriteEntry>(), shared: false };
        table.set(key, row);
        this.touchRow(projection.name, key, false, true);
        recordWrite(row.provenance, '', shared ?? { position, event: event.type, ruleRange: rule.range }, nested);
        quick.changes++;
      }
      row.row = after;
      this.touchRow(projection.name, key, false);
      this.recordWrites(row.provenance, rule, shared, position, event.type, nested);
    }
    return true;
  }

  /** A rule of a bulk step: prepared when it can be, else the general way; `this.wrote` says which operators wrote. */
  private applyRuleQuick(
    rule: UpdateRule, prepared: QuickRule | undefined, before: JsonRecord, targetFields: Map<string, FieldDef>,
    plan: QuickPlan, data: JsonRecord, meta: ReplayMeta, event: ReplayEvent, quick: QuickStep,
  ): JsonRecord {
    const wrote = this.wrote;
    this.shared = undefined;
    if (prepared) {
      const after = applyQuickRule(prepared, before, data, wrote);
      if (after !== GIVE_UP) {
        quick.changes += wrote.count;
        if (prepared.opRanges) this.shared = new RuleWrites(this.applied, event.type, rule.range, prepared.opRanges);
        return after;
      }
    }
    const applied = applyRule(rule, before, { model: this.model, eventFields: plan.fields, eventData: data, meta, targetFields }, false);
    this.noteQuick(rule, applied, event);
    wrote.count = applied.changes.length;
    for (let i = 0; i < wrote.count; i++) wrote.list[i] = applied.changes[i]!;
    // A rule that does not delete gives a record.
    return applied.after ?? before;
  }

  /** Notes who wrote what the last rule of a bulk step wrote (`this.wrote`): one shared record, or one per path. */
  private recordWrites(provenance: Map<string, WriteEntry>, rule: UpdateRule, shared: RuleWrites | undefined, position: number, event: string, nested: boolean): void {
    const { list, count } = this.wrote;
    for (let i = 0; i < count; i++) {
      const w = list[i]!;
      recordWrite(provenance, w.path, shared ?? { position, event, ruleRange: rule.range, opRange: w.opRange }, nested);
    }
  }

  /** A bulk step's count of changes and its rule problems. */
  private noteQuick(rule: UpdateRule, applied: AppliedRule, event: ReplayEvent): void {
    this.quick.changes += applied.changes.length;
    if (applied.problems.length > 0 && this.quick.problems === NO_PROBLEMS) this.quick.problems = [];
    for (const p of applied.problems) this.quick.problems.push({ kind: p.kind, message: p.message, eventRange: event.range, ruleRange: rule.range, opRange: p.opRange });
  }
}

/**
 * The key of an aggregate instance: its stream's name, which an aggregate name without a `-`
 * (any valid name) makes unambiguous; the one string serves the lookup and the step.
 */
function instanceKeyOf(aggregate: string, stream: { id: string; name: string }): string {
  return aggregate.includes('-') ? `${aggregate}\u0000${stream.id}` : stream.name;
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
function own<T extends { provenance: Map<string, WriteEntry>; shared: boolean }>(r: T): T {
  return r.shared ? { ...r, provenance: new Map(r.provenance), shared: false } : r;
}

/** The instance before its first event: the `initial` state, written by `initial`. */
function startInstance(model: Model, aggregate: Aggregate, stream: ReplayStream): Instance {
  const provenance = new Map<string, WriteEntry>();
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
