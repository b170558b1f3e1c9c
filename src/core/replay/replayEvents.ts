import type { Aggregate, Model, Projection, UpdateRule } from '../model/model.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import { applyRule, type AppliedRule } from './applyRule.js';
import { issuedCommands } from './fanOut.js';
import { provenanceRecord, recordWrite } from './provenance.js';
import { resolveRecord, type ReplayMeta } from './resolveValue.js';
import type { JsonRecord, JsonValue, Replay, ReplayStep, ReplayStream, ReplayTarget, Written } from './types.js';
import { ownValue, plainValue } from './values.js';

/**
 * The replay engine: events in order through the model's declarative rules, giving each
 * aggregate instance's state, each projection's rows, who wrote what, and the commands policies
 * issue. Nothing from the model or the samples is evaluated; rules are read as data.
 */

export interface ReplayOptions {
  /**
   * Whether `$meta` has values: `position` (from 1), `stream` and `timestamp` (the sample's `at`).
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
}

interface Row {
  key: string;
  row: JsonRecord;
  provenance: Map<string, Written>;
}

/** Replays events through a model's rules; never throws, and goes on after a problem. */
export function replayEvents(model: Model, events: readonly SampleEvent[], options: ReplayOptions = {}): Replay {
  const instances = new Map<string, Instance>();
  const rows = new Map<string, Map<string, Row>>([...model.projections.keys()].map((name) => [name, new Map()]));
  const steps: ReplayStep[] = [];
  events.forEach((event, index) => {
    const step: ReplayStep = { position: index + 1, type: event.type, data: {}, ...(event.at !== undefined ? { at: event.at } : {}), eventRange: event.range, changes: [], commands: [], problems: [] };
    steps.push(step);
    try {
      replayOne(model, event, step, instances, rows, options.metadata !== false);
    } catch (e) {
      step.problems.push({ kind: 'internal', message: `The replay could not apply this event: ${e instanceof Error ? e.message : String(e)}`, eventRange: event.range });
    }
  });
  return {
    steps,
    aggregates: [...instances.values()].map((i) => ({ aggregate: i.aggregate, id: i.id, stream: i.stream, state: i.state, provenance: provenanceRecord(i.provenance) })),
    projections: [...model.projections.values()].map((p) => ({
      projection: p.name,
      keyed: p.key !== undefined,
      rows: [...(rows.get(p.name) ?? new Map<string, Row>()).values()].map((r) => ({ key: r.key, row: r.row, provenance: provenanceRecord(r.provenance) })),
    })),
    problemCount: steps.reduce((n, s) => n + s.problems.length, 0),
  };
}

function replayOne(model: Model, event: SampleEvent, step: ReplayStep, instances: Map<string, Instance>, rows: Map<string, Map<string, Row>>, withMeta: boolean): void {
  const data = plainValue(event.data);
  step.data = data;
  const def = model.events.get(event.type);
  if (!def) {
    step.problems.push({ kind: 'unknown-event', message: `'${event.type}' is not an event of the model.`, eventRange: event.range });
    return;
  }
  const aggregate = def.aggregate ? model.aggregates.get(def.aggregate.name) : undefined;
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
  const meta: ReplayMeta = withMeta
    ? { position: step.position, ...(event.at !== undefined ? { timestamp: event.at } : {}), ...(stream ? { stream: stream.name } : {}) }
    : {};
  const written = (rule: UpdateRule, opRange?: Written['opRange']): Written => ({ position: step.position, event: event.type, ruleRange: rule.range, ...(opRange ? { opRange } : {}) });
  const scope = { model, eventFields: def.fields, eventData: data, meta };

  if (aggregate && stream) {
    const instanceKey = JSON.stringify([aggregate.name, stream.id]);
    let instance = instances.get(instanceKey);
    if (!instance) {
      instance = startInstance(model, aggregate, stream);
      instances.set(instanceKey, instance);
    }
    const rule = aggregate.evolve.find((r) => r.event.name === event.type);
    if (rule) {
      const applied = applyRule(rule, instance.state, { ...scope, targetFields: aggregate.state });
      record(step, { kind: 'aggregate', name: aggregate.name, id: stream.id }, rule, applied, event);
      if (applied.after) instance.state = applied.after;
      for (const c of applied.changes) recordWrite(instance.provenance, c.path, written(rule, c.opRange));
    }
  }

  for (const projection of model.projections.values()) {
    const rule = projection.on.find((r) => r.event.name === event.type);
    if (!rule) continue;
    const key = rowKey(projection, data);
    if (key === undefined) {
      step.problems.push({ kind: 'missing-row-key', message: `${event.type} has no '${projection.key?.name ?? ''}', the key of ${projection.name}.`, eventRange: event.range, ruleRange: rule.range });
      continue;
    }
    const table = rows.get(projection.name)!;
    const existing = table.get(key);
    const target: ReplayTarget = { kind: 'projection', name: projection.name, key };
    const applied = applyRule(rule, existing?.row ?? {}, { ...scope, targetFields: projection.fields });
    if (applied.after === null) {
      const deleteOp = rule.ops.find((o) => o.op === 'delete');
      const opRange = deleteOp?.op === 'delete' ? deleteOp.range : rule.range;
      if (!existing) {
        step.problems.push({ kind: 'row-deleted-twice', message: `${event.type} deletes the ${projection.name} row '${key}', which does not exist (deleted already, or never created).`, eventRange: event.range, ruleRange: rule.range, opRange });
        continue;
      }
      table.delete(key);
      step.changes.push({ target, path: '', before: existing.row, ruleRange: rule.range, opRange });
      continue;
    }
    const row = existing ?? { key, row: {}, provenance: new Map<string, Written>() };
    if (!existing) {
      table.set(key, row);
      recordWrite(row.provenance, '', written(rule));
      step.changes.push({ target, path: '', after: applied.after, ruleRange: rule.range });
    }
    record(step, target, rule, applied, event);
    row.row = applied.after;
    for (const c of applied.changes) recordWrite(row.provenance, c.path, written(rule, c.opRange));
  }

  step.commands = issuedCommands(model, event.type, data);
}

/** The instance before its first event: the `initial` state, written by `initial`. */
function startInstance(model: Model, aggregate: Aggregate, stream: ReplayStream): Instance {
  const provenance = new Map<string, Written>();
  const state = aggregate.initial ? (resolveRecord(aggregate.initial, aggregate.state, { model, missing: () => {} }) ?? {}) : {};
  if (aggregate.initial) for (const key of Object.keys(state)) provenance.set(key, { position: 0, ruleRange: aggregate.initial.range });
  return { aggregate: aggregate.name, id: stream.id, stream: stream.name, state, provenance };
}

function record(step: ReplayStep, target: ReplayTarget, rule: UpdateRule, applied: AppliedRule, event: SampleEvent): void {
  for (const c of applied.changes) step.changes.push({ target, ...c, ruleRange: rule.range });
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
