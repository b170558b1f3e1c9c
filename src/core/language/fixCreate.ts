import type { Aggregate, FieldShape, ValueNode } from '../model/model.js';
import { namedTypeOf } from '../model/typeExpr.js';
import { fieldAtPath } from '../validate/typeCheck.js';
import type { Change } from './fixChange.js';
import type { FixContext } from './fixContext.js';
import type { WriteEntry, WriteValue } from './fixFile.js';
import { FieldNeeds, idShape, readsOfEvent, resolvePaths, sectionsChange, shapeOf, takenNames, typeEntries } from './fixNeeds.js';
import { addMissingFields } from './fixPayload.js';
import { payloadSites, sameRange, type Use } from './fixSites.js';
import { addExample, fieldEntries, TypeInference, type Inferred } from './fixValues.js';

/**
 * Creating what a model names but does not declare: an event, a command or a named type, with
 * the fields its uses need where they can be inferred, or an error in a command's `errors`.
 *
 * An event gets the aggregate of the command that emits it (or whose `evolve` applies it) and
 * that aggregate's id field; the key field of each projection that handles it; a field for every
 * `$event.` path its rules and policies read, typed by where the value goes; the fields of the
 * commands a by-name policy step fills from it; and the fields of its payloads in scenarios and
 * sample files, typed from their values (optional when not every payload has them). A command
 * gets the fields of its scenario and policy payloads, its aggregate (from the events its scenarios
 * expect) and that aggregate's id field, and the events and errors its scenarios expect. A type
 * gets the fields (or, for plain values, the enum) of the values the model gives it. Payloads of
 * the new element that lack one of its required fields get it, so the model stays valid.
 */

/** What creating a missing element changes, and a short account of it for the title. */
export interface Creation {
  change: Change;
  /** For the title: ` (aggregate Order; fields orderId, carrier)`. */
  detail: string;
}

function detailOf(fields: Map<string, Inferred>, extra: string[] = []): string {
  const names = [...fields.keys()];
  const shown = names.length > 4 ? [...names.slice(0, 4), '…'] : names;
  const parts = [...extra, ...(shown.length > 0 ? [`fields ${shown.join(', ')}`] : [])];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** Creates the event `name` in the model, with what its uses tell of it. */
export function createEvent(ctx: FixContext, name: string): Creation {
  const model = ctx.model;
  const uses = ctx.uses.filter((u): u is Extract<Use, { kind: 'event' }> => u.kind === 'event' && u.ref.name === name);
  const infer = new TypeInference(model, takenNames(model, [name]));
  const needs = new FieldNeeds();
  let aggregate: Aggregate | undefined;
  const agg = (n: string | undefined) => {
    const a = n !== undefined ? model.aggregates.get(n) : undefined;
    if (a && !aggregate) aggregate = a;
  };
  for (const u of uses) if (u.at === 'emits') agg(u.command.aggregate?.name);
  for (const u of uses) if (u.at === 'evolve') agg(u.aggregate.name);
  for (const u of uses) if ((u.at === 'given' || u.at === 'then') && u.scenario.when && !u.scenario.projection) agg(model.commands.get(u.scenario.when.name)?.aggregate?.name);
  // The given events of a command scenario are replayed through one aggregate: the others' tell.
  for (const u of uses) {
    if (u.at !== 'given' || u.scenario.projection) continue;
    for (const g of u.scenario.given) agg(model.events.get(g.name)?.aggregate?.name);
  }
  if (aggregate?.id) needs.require(aggregate.id.name, idShape(model, aggregate));
  for (const u of uses) {
    if (u.at === 'on' && u.projection.key) needs.require(u.projection.key.name, u.projection.fields.get(u.projection.key.name));
  }
  for (const u of uses) {
    if (u.at !== 'evolve' && u.at !== 'on') continue;
    const target = u.at === 'evolve' ? u.aggregate.state : u.projection.fields;
    for (const op of u.rule.ops) {
      if (op.op === 'delete' || op.op === 'unset') continue;
      const field = fieldAtPath(target, op.path.split('.'), model);
      const shape = !field ? undefined : op.op === 'push' || op.op === 'remove' ? (field.type.kind === 'array' ? { type: field.type.element, optional: false } : undefined) : { type: field.type, optional: false };
      readsOfEvent(op.value, shape, model, needs);
    }
  }
  for (const u of uses) {
    if (u.at !== 'when') continue;
    for (const step of u.policy.then) {
      const cmd = model.commands.get(step.command.name);
      if (step.payload?.kind === 'map') {
        for (const [k, e] of step.payload.entries) readsOfEvent(e.value, cmd?.fields.get(k), model, needs);
      } else if (cmd) {
        for (const f of cmd.fields.values()) if (!f.optional) needs.require(f.name, f);
      }
    }
  }
  const examples = uses.flatMap((u) => (u.at === 'given' || u.at === 'then' ? (u.message.payload?.kind === 'map' ? [u.message.payload] : []) : u.at === 'sample' && u.sample.data.kind === 'map' ? [u.sample.data] : []));
  for (const m of examples) needs.example(m, infer);
  resolvePaths(needs, model, infer);
  const fields = needs.result();

  const body: WriteEntry[] = [];
  if (aggregate) body.push(['aggregate', { raw: aggregate.name }]);
  body.push(['fields', { map: fieldEntries(fields) }]);
  const change = sectionsChange(ctx, [['types', typeEntries(infer)], ['events', [[name, { map: body }]]]]);
  // A command scenario that expects the event: its command emits it.
  for (const u of uses) {
    if (u.at !== 'then' || !u.scenario.when) continue;
    const cmd = model.commands.get(u.scenario.when.name);
    if (cmd && !cmd.emits.some((e) => e.name === name)) {
      change.merges.push({ uri: ctx.modelFile.uri, merge: { at: ctx.offset(ctx.modelFile.uri, cmd.range.start), entries: [['emits', { list: [{ raw: name }] }]] } });
    }
  }
  // Payloads of the new event that lack one of its required fields get it.
  for (const u of uses) {
    const payload = u.at === 'given' || u.at === 'then' ? u.message.payload : u.at === 'sample' ? u.sample.data : undefined;
    if (payload?.kind !== 'map') continue;
    const missing = [...fields].filter(([k, f]) => !f.optional && !payload.entries.has(k));
    if (missing.length === 0) continue;
    const shapes = new Map(missing.map(([k, f]) => [k, shapeOf(f)]));
    if (u.at === 'sample') {
      const file = ctx.samples.find((s) => s.uri === u.uri);
      const noDataKey = sameRange(payload.range, u.sample.range);
      if (file) addMissingFields(ctx, change, { uri: u.uri, value: payload, fields: new Map(), anchor: u.sample.typeRange, owner: { kind: 'event', name }, context: { in: 'sample', sample: u.sample, file }, ...(noDataKey ? { noDataKey } : {}) }, shapes);
    } else if (u.at === 'given' || u.at === 'then') {
      addMissingFields(ctx, change, { uri: ctx.modelFile.uri, value: payload, fields: new Map(), anchor: u.message.nameRange, owner: { kind: 'event', name }, context: { in: 'scenario', scenario: u.scenario } }, shapes);
    }
  }
  return { change, detail: detailOf(fields, aggregate ? [`aggregate ${aggregate.name}`] : []) };
}

/** Creates the command `name` in the model, with what its scenarios and policies tell of it. */
export function createCommand(ctx: FixContext, name: string): Creation {
  const model = ctx.model;
  const uses = ctx.uses.filter((u): u is Extract<Use, { kind: 'command' }> => u.kind === 'command' && u.ref.name === name);
  const infer = new TypeInference(model, takenNames(model, [name]));
  const needs = new FieldNeeds();
  const emits: string[] = [];
  const errors: string[] = [];
  let aggregate: Aggregate | undefined;
  for (const u of uses) {
    if (u.at !== 'scenario') continue;
    const then = u.scenario.then;
    if (then?.kind === 'events') for (const e of then.events) if (model.events.has(e.name) && !emits.includes(e.name)) emits.push(e.name);
    if (then?.kind === 'error' && !errors.includes(then.error.name)) errors.push(then.error.name);
  }
  for (const e of emits) aggregate ??= model.aggregates.get(model.events.get(e)?.aggregate?.name ?? '');
  for (const u of uses) if (u.at === 'scenario') for (const g of u.scenario.given) aggregate ??= model.aggregates.get(model.events.get(g.name)?.aggregate?.name ?? '');
  // Without a clue, the model's only aggregate, or its first: a command is decided by one.
  aggregate ??= model.aggregates.values().next().value;
  if (aggregate?.id) needs.require(aggregate.id.name, idShape(model, aggregate));
  for (const u of uses) {
    if (u.at !== 'policy' || u.step.payload?.kind !== 'map') continue;
    const event = u.policy.when ? model.events.get(u.policy.when.name) : undefined;
    for (const [k, e] of u.step.payload.entries) {
      const v = e.value;
      if (v.kind === 'ref') {
        const src = v.source === 'event' && event ? fieldAtPath(event.fields, v.path, model) : v.source === 'meta' && v.path[0] === 'timestamp' ? { type: { kind: 'primitive' as const, name: 'datetime' as const }, optional: false } : undefined;
        needs.require(k, src);
      } else {
        needs.literal(k, infer.typeOf(v, k));
      }
    }
  }
  const examples = uses.flatMap((u) => (u.at === 'scenario' && u.message.payload?.kind === 'map' ? [u.message.payload] : []));
  for (const m of examples) needs.example(m, infer);
  const fields = needs.result();

  const body: WriteEntry[] = [];
  if (aggregate) body.push(['aggregate', { raw: aggregate.name }]);
  body.push(['fields', { map: fieldEntries(fields) }]);
  if (emits.length > 0) body.push(['emits', { list: emits.map((e) => ({ raw: e })) }]);
  if (errors.length > 0) body.push(['errors', { list: errors.map((e) => ({ raw: e })) }]);
  const change = sectionsChange(ctx, [['types', typeEntries(infer)], ['commands', [[name, { map: body }]]]]);
  for (const u of uses) {
    const payload = u.at === 'scenario' ? u.message.payload : u.step.payload;
    if (payload?.kind !== 'map') continue;
    const missing = [...fields].filter(([k, f]) => !f.optional && !payload.entries.has(k));
    if (missing.length === 0) continue;
    const shapes = new Map(missing.map(([k, f]) => [k, shapeOf(f)]));
    const context = u.at === 'scenario' ? { in: 'scenario' as const, scenario: u.scenario } : { in: 'policy' as const, policy: u.policy, step: u.step };
    addMissingFields(ctx, change, { uri: ctx.modelFile.uri, value: payload, fields: new Map(), anchor: u.ref.range, owner: { kind: 'command', name }, context }, shapes);
  }
  return { change, detail: detailOf(fields, aggregate ? [`aggregate ${aggregate.name}`] : []) };
}

/** Creates the named type `name`, from the values the model gives the fields of that type. */
export function createType(ctx: FixContext, name: string): Creation {
  const model = ctx.model;
  const infer = new TypeInference(model, takenNames(model, [name]));
  const fields = new Map<string, Inferred>();
  const scalars: (string | number)[] = [];
  let maps = 0;
  const visit = (v: ValueNode, type: FieldShape['type']): void => {
    if (type.kind === 'array') {
      if (v.kind === 'list') for (const i of v.items) visit(i, type.element);
      return;
    }
    if (type.kind !== 'named' || type.name !== name) return;
    if (v.kind === 'map') addExample(fields, v, infer, maps++ === 0);
    else if (v.kind === 'scalar' && (typeof v.value === 'string' || typeof v.value === 'number') && !scalars.includes(v.value)) scalars.push(v.value);
  };
  for (const site of payloadSites(ctx.modelFile, ctx.samples)) {
    for (const [k, e] of site.value.entries) {
      const f = site.fields.get(k);
      if (f && namedTypeOf(f.type) === name) visit(e.value, f.type);
    }
  }
  let body: WriteValue;
  let detail: string;
  if (maps === 0 && scalars.length > 0) {
    body = { map: [['enum', { list: scalars.map((s) => ({ value: s })) }]] };
    detail = ` (enum ${scalars.slice(0, 4).join(', ')}${scalars.length > 4 ? ', …' : ''})`;
  } else {
    body = { map: [['fields', { map: fieldEntries(fields) }]] };
    detail = detailOf(fields);
  }
  infer.newTypes.delete(name);
  const change = sectionsChange(ctx, [['types', [[name, body], ...typeEntries(infer)]]]);
  return { change, detail };
}

/** Adds an error to the `errors` of a command. */
export function addError(ctx: FixContext, command: string, error: string): Change {
  const cmd = ctx.model.commands.get(command)!;
  return {
    merges: [{ uri: ctx.modelFile.uri, merge: { at: ctx.offset(ctx.modelFile.uri, cmd.range.start), entries: [['errors', { list: [{ raw: error }] }]] } }],
    removals: [],
    replaces: [],
  };
}
