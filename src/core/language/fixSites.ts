import type {
  Aggregate, Command, FieldDef, Message, Model, NameRef, Policy, PolicyCommand, Projection, Scenario, UpdateRule, ValueNode,
} from '../model/model.js';
import { namedTypeOf } from '../model/typeExpr.js';
import type { SampleEvent } from '../samples/parseSamples.js';
import { compareRanges, type Range } from '../source.js';
import type { ModelFile, SampleFile } from './types.js';

/**
 * Where a model names its elements, and where it (and its sample files) give payloads, with what
 * surrounds each: what the quick fixes read to find what a diagnostic is about and to infer what
 * a missing element needs.
 */

/** One place that names an element, with its surroundings. */
export type Use =
  | { kind: 'event'; ref: NameRef; at: 'emits'; command: Command }
  | { kind: 'event'; ref: NameRef; at: 'evolve'; aggregate: Aggregate; rule: UpdateRule }
  | { kind: 'event'; ref: NameRef; at: 'on'; projection: Projection; rule: UpdateRule }
  | { kind: 'event'; ref: NameRef; at: 'when'; policy: Policy }
  | { kind: 'event'; ref: NameRef; at: 'given' | 'then'; scenario: Scenario; message: Message }
  | { kind: 'event'; ref: NameRef; at: 'sample'; uri: string; sample: SampleEvent }
  | { kind: 'command'; ref: NameRef; at: 'policy'; policy: Policy; step: PolicyCommand }
  | { kind: 'command'; ref: NameRef; at: 'scenario'; scenario: Scenario; message: Message }
  | { kind: 'aggregate'; ref: NameRef; at: 'element'; element: { name: string; kind: 'command' | 'event' } }
  | { kind: 'projection'; ref: NameRef; at: 'scenario'; scenario: Scenario }
  | { kind: 'type'; ref: NameRef; at: 'field'; field: FieldDef }
  | { kind: 'error'; ref: NameRef; at: 'scenario'; scenario: Scenario };

const msgRef = (m: Message): NameRef => ({ name: m.name, range: m.nameRange });

function fieldMaps(model: Model): Map<string, FieldDef>[] {
  const out: Map<string, FieldDef>[] = [];
  for (const t of model.types.values()) if (t.fields) out.push(t.fields);
  for (const a of model.aggregates.values()) out.push(a.state);
  for (const c of model.commands.values()) out.push(c.fields);
  for (const e of model.events.values()) out.push(e.fields);
  for (const p of model.projections.values()) out.push(p.fields);
  return out;
}

/** Every place a model (and its sample files) names an element or an error. */
export function usesOf(model: Model, samples: SampleFile[] = []): Use[] {
  const out: Use[] = [];
  for (const a of model.aggregates.values()) for (const rule of a.evolve) out.push({ kind: 'event', ref: rule.event, at: 'evolve', aggregate: a, rule });
  for (const c of model.commands.values()) {
    if (c.aggregate) out.push({ kind: 'aggregate', ref: c.aggregate, at: 'element', element: c });
    for (const e of c.emits) out.push({ kind: 'event', ref: e, at: 'emits', command: c });
  }
  for (const e of model.events.values()) if (e.aggregate) out.push({ kind: 'aggregate', ref: e.aggregate, at: 'element', element: e });
  for (const p of model.projections.values()) for (const rule of p.on) out.push({ kind: 'event', ref: rule.event, at: 'on', projection: p, rule });
  for (const pol of model.policies.values()) {
    if (pol.when) out.push({ kind: 'event', ref: pol.when, at: 'when', policy: pol });
    for (const step of pol.then) out.push({ kind: 'command', ref: step.command, at: 'policy', policy: pol, step });
  }
  for (const s of model.scenarios) {
    for (const g of s.given) out.push({ kind: 'event', ref: msgRef(g), at: 'given', scenario: s, message: g });
    if (s.when) out.push({ kind: 'command', ref: msgRef(s.when), at: 'scenario', scenario: s, message: s.when });
    if (s.projection) out.push({ kind: 'projection', ref: s.projection, at: 'scenario', scenario: s });
    if (s.then?.kind === 'events') for (const e of s.then.events) out.push({ kind: 'event', ref: msgRef(e), at: 'then', scenario: s, message: e });
    if (s.then?.kind === 'error') out.push({ kind: 'error', ref: s.then.error, at: 'scenario', scenario: s });
  }
  for (const fields of fieldMaps(model)) {
    for (const f of fields.values()) {
      const named = namedTypeOf(f.type);
      if (named !== undefined) out.push({ kind: 'type', ref: { name: named, range: f.typeRange }, at: 'field', field: f });
    }
  }
  for (const file of samples) {
    if (file.eventsUnread) continue;
    for (const ev of file.parsed.events) out.push({ kind: 'event', ref: { name: ev.type, range: ev.typeRange }, at: 'sample', uri: file.uri, sample: ev });
  }
  return out;
}

/** A payload: a mapping of values for the fields of an event, a command, a row or a named type. */
export interface PayloadSite {
  uri: string;
  value: Extract<ValueNode, { kind: 'map' }>;
  fields: Map<string, FieldDef>;
  /** Where a missing field is reported. */
  anchor: Range;
  /** Whose fields these are. */
  owner: { kind: 'event' | 'command' | 'row' | 'type'; name: string };
  /** What the payload is part of: policy payloads may read `$event` and `$meta`. */
  context: { in: 'scenario'; scenario: Scenario } | { in: 'policy'; policy: Policy; step: PolicyCommand } | { in: 'sample'; sample: SampleEvent; file: SampleFile };
  /** A sample event without `data:` (its data is empty, at the whole event). */
  noDataKey?: boolean;
}

/** Every payload of a model and of its sample files, nested records of named types included. */
export function payloadSites(modelFile: ModelFile, samples: SampleFile[]): PayloadSite[] {
  const model = modelFile.parsed.model;
  const out: PayloadSite[] = [];
  const add = (site: PayloadSite) => {
    out.push(site);
    nested(site, model, out, 0);
  };
  for (const s of model.scenarios) {
    const ctx = { in: 'scenario' as const, scenario: s };
    const message = (m: Message, kind: 'event' | 'command') => {
      const def = kind === 'event' ? model.events.get(m.name) : model.commands.get(m.name);
      if (def && m.payload?.kind === 'map') add({ uri: modelFile.uri, value: m.payload, fields: def.fields, anchor: m.nameRange, owner: { kind, name: m.name }, context: ctx });
    };
    for (const g of s.given) message(g, 'event');
    if (s.projection) {
      const p = model.projections.get(s.projection.name);
      if (p && s.then?.kind === 'rows') {
        for (const row of s.then.rows) if (row.kind === 'map') add({ uri: modelFile.uri, value: row, fields: p.fields, anchor: row.range, owner: { kind: 'row', name: p.name }, context: ctx });
      }
    } else {
      if (s.when) message(s.when, 'command');
      if (s.then?.kind === 'events') for (const e of s.then.events) message(e, 'event');
    }
  }
  for (const pol of model.policies.values()) {
    for (const step of pol.then) {
      const cmd = model.commands.get(step.command.name);
      if (cmd && step.payload?.kind === 'map') {
        add({ uri: modelFile.uri, value: step.payload, fields: cmd.fields, anchor: step.command.range, owner: { kind: 'command', name: cmd.name }, context: { in: 'policy', policy: pol, step } });
      }
    }
  }
  for (const file of samples) {
    if (file.eventsUnread) continue;
    for (const ev of file.parsed.events) {
      const def = model.events.get(ev.type);
      // An event read only as a whole line (JSON Lines that YAML could not place) has no exact ranges.
      if (!def || ev.data.kind !== 'map' || sameRange(ev.typeRange, ev.range)) continue;
      // Older versions are checked after upcasting: their keys are not the current fields.
      if (ev.version !== undefined && ev.version !== (def.version ?? 1)) continue;
      const site: PayloadSite = { uri: file.uri, value: ev.data, fields: def.fields, anchor: ev.typeRange, owner: { kind: 'event', name: ev.type }, context: { in: 'sample', sample: ev, file } };
      if (sameRange(ev.data.range, ev.range)) site.noDataKey = true;
      add(site);
    }
  }
  return out;
}

/** The records inside a payload: values of fields of a named record type, in lists too. */
function nested(site: PayloadSite, model: Model, out: PayloadSite[], depth: number): void {
  if (depth > 8) return;
  for (const [key, entry] of site.value.entries) {
    const field = site.fields.get(key);
    if (!field) continue;
    const visit = (v: ValueNode, type: FieldDef['type']): void => {
      if (type.kind === 'array') {
        if (v.kind === 'list') for (const item of v.items) visit(item, type.element);
        return;
      }
      if (type.kind !== 'named' || v.kind !== 'map') return;
      const def = model.types.get(type.name);
      if (!def || def.enum || !def.fields) return;
      const inner: PayloadSite = { ...site, value: v, fields: def.fields, anchor: v.range, owner: { kind: 'type', name: def.name } };
      delete inner.noDataKey;
      out.push(inner);
      nested(inner, model, out, depth + 1);
    };
    visit(entry.value, field.type);
  }
}

export function sameRange(a: Range, b: Range): boolean {
  return compareRanges(a, b) === 0;
}
