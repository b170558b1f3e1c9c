import type { Event, FieldDef, FieldShape, Model, ValueNode } from '../model/model.js';
import type { Range } from '../source.js';
import { fieldAtPath } from '../validate/typeCheck.js';
import type { Change } from './fixChange.js';
import type { FixContext } from './fixContext.js';
import { FieldNeeds, resolvePaths, sectionsChange, shapeOf, takenNames, typeEntries } from './fixNeeds.js';
import { addMissingFields } from './fixPayload.js';
import { sameRange } from './fixSites.js';
import { TypeInference } from './fixValues.js';

/** The shape expected where the reference at `range` stands in a value written where `shape` is expected. */
function expectedAt(v: ValueNode, shape: FieldShape | undefined, range: Range, model: Model): { shape: FieldShape | undefined } | undefined {
  if (v.kind === 'ref') return sameRange(v.range, range) ? { shape } : undefined;
  const t = shape?.type;
  if (v.kind === 'list') {
    for (const i of v.items) {
      const hit = expectedAt(i, t?.kind === 'array' ? { type: t.element, optional: false } : undefined, range, model);
      if (hit) return hit;
    }
  } else if (v.kind === 'map') {
    const fields = t?.kind === 'named' ? model.types.get(t.name)?.fields : undefined;
    for (const [k, e] of v.entries) {
      const hit = expectedAt(e.value, fields?.get(k), range, model);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The `$event.` reference at a range, in a rule or a policy mapping: its event, path and expected shape. */
function eventReadAt(model: Model, range: Range): { event: Event; path: string[]; shape: FieldShape | undefined } | undefined {
  const find = (v: ValueNode): string[] | undefined => {
    if (v.kind === 'ref') return v.source === 'event' && sameRange(v.range, range) ? v.path : undefined;
    if (v.kind === 'list') for (const i of v.items) { const p = find(i); if (p) return p; }
    if (v.kind === 'map') for (const e of v.entries.values()) { const p = find(e.value); if (p) return p; }
    return undefined;
  };
  const rules = [
    ...[...model.aggregates.values()].flatMap((a) => a.evolve.map((r) => ({ r, target: a.state }))),
    ...[...model.projections.values()].flatMap((p) => p.on.map((r) => ({ r, target: p.fields }))),
  ];
  for (const { r, target } of rules) {
    const event = model.events.get(r.event.name);
    if (!event) continue;
    for (const op of r.ops) {
      if (op.op === 'delete' || op.op === 'unset') continue;
      const path = find(op.value);
      if (!path) continue;
      const field = fieldAtPath(target, op.path.split('.'), model);
      const shape = !field ? undefined : op.op === 'push' || op.op === 'remove' ? (field.type.kind === 'array' ? { type: field.type.element, optional: false } : undefined) : { type: field.type, optional: false };
      return { event, path, shape: expectedAt(op.value, shape, range, model)?.shape };
    }
  }
  for (const pol of model.policies.values()) {
    const event = pol.when ? model.events.get(pol.when.name) : undefined;
    if (!event) continue;
    for (const step of pol.then) {
      if (step.payload?.kind !== 'map') continue;
      const cmd = model.commands.get(step.command.name);
      for (const [k, e] of step.payload.entries) {
        const hit = expectedAt(e.value, cmd?.fields.get(k), range, model);
        if (hit) return { event, path: find(e.value)!, shape: hit.shape };
      }
    }
  }
  return undefined;
}

/**
 * A field that a rule or a policy reads (`$event.amount`) added to its event, typed by where the
 * value goes; for a path into a record (`$event.address.city`), to the record's type, or the
 * record field itself with a type that has the path. Payloads of the owner that lack it get it.
 */
export function addReadField(ctx: FixContext, range: Range): { change: Change; owner: string; field: string; type: string } | undefined {
  const model = ctx.model;
  const read = eventReadAt(model, range);
  if (!read) return undefined;
  let owner: { kind: 'event' | 'type'; name: string; range: Range; fields: Map<string, FieldDef> } = { kind: 'event', name: read.event.name, range: read.event.range, fields: read.event.fields };
  let i = 0;
  for (; i < read.path.length; i++) {
    const f = owner.fields.get(read.path[i]!);
    if (!f) break;
    const t = f.type.kind === 'named' ? model.types.get(f.type.name) : undefined;
    if (!t?.fields || i === read.path.length - 1) return undefined; // there, or not a record: nothing to add
    owner = { kind: 'type', name: t.name, range: t.range, fields: t.fields };
  }
  const name = read.path[i]!;
  const infer = new TypeInference(model, takenNames(model, []));
  const needs = new FieldNeeds();
  needs.requirePath(read.path.slice(i), read.shape);
  resolvePaths(needs, model, infer);
  const inferred = needs.result().get(name)!;
  const change = sectionsChange(ctx, [['types', typeEntries(infer)]]);
  if (change.merges[0]!.merge.entries.length === 0) change.merges = [];
  change.merges.push({ uri: ctx.modelFile.uri, merge: { at: ctx.offset(ctx.modelFile.uri, owner.range.start), entries: [['fields', { map: [[name, { raw: inferred.type }]] }]] } });
  const shape = shapeOf(inferred);
  for (const site of ctx.sites) {
    if (site.owner.kind !== owner.kind || site.owner.name !== owner.name || site.value.entries.has(name)) continue;
    addMissingFields(ctx, change, site, new Map([[name, shape]]));
  }
  return { change, owner: `${owner.kind} '${owner.name}'`, field: name, type: inferred.type };
}
