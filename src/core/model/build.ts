import type { Node } from 'yaml';
import { isMap, isScalar } from 'yaml';
import { diagnostic } from '../diagnostics.js';
import type { Range } from '../source.js';
import type {
  Aggregate, Command, ElementBase, EnumValue, Event, FieldDef, Model, NameRef, Policy, PolicyCommand, Projection,
  TypeDef, UpcastStep, UpdateOp, UpdateRule,
} from './model.js';
import { emptyModel } from './model.js';
import { buildScenarios } from './buildScenarios.js';
import { withArticle } from '../wording.js';
import { parseTypeExpr } from './typeExpr.js';
import { readValue } from './values.js';
import { mapPairs, nodeRange, scalarValue, seqItems, stringValue, type KeyedPair, type WalkContext } from './yamlNodes.js';

/**
 * Builds the model from the YAML tree. The builder is lenient: a part with the wrong shape is
 * skipped (the schema check has already reported it), so one mistake never hides the rest.
 */
export function buildModel(root: Node, ctx: WalkContext): Model {
  const model = emptyModel();
  const seen = new Map<string, { kind: string; range: Range }>();
  for (const top of mapPairs(root, ctx)) {
    if (!model.sections.has(top.key)) model.sections.set(top.key, top.keyRange);
    switch (top.key) {
      case 'version':
        model.version = typeof scalarValue(top.value) === 'number' ? (scalarValue(top.value) as number) : undefined;
        break;
      case 'context':
        model.context = stringValue(top.value);
        break;
      case 'description':
        model.description = stringValue(top.value);
        break;
      case 'codegen':
        model.codegen = buildCodegen(top, ctx);
        break;
      case 'types':
        collect(top, ctx, seen, 'type', model.types, buildType);
        break;
      case 'aggregates':
        collect(top, ctx, seen, 'aggregate', model.aggregates, buildAggregate);
        break;
      case 'commands':
        collect(top, ctx, seen, 'command', model.commands, buildCommand);
        break;
      case 'events':
        collect(top, ctx, seen, 'event', model.events, buildEvent);
        break;
      case 'projections':
        collect(top, ctx, seen, 'projection', model.projections, buildProjection);
        break;
      case 'policies':
        collect(top, ctx, seen, 'policy', model.policies, buildPolicy);
        break;
      case 'scenarios':
        model.scenarios = buildScenarios(top.value, ctx);
        break;
    }
  }
  return model;
}

/** Reads `codegen: { out, target }`; a wrong shape is left out (the schema check reports it). */
function buildCodegen(top: KeyedPair, ctx: WalkContext): Model['codegen'] {
  const e = entries(top.value, ctx);
  const key: NonNullable<Model['codegen']> = { range: top.keyRange };
  const out = e.get('out');
  const outText = stringValue(out?.value);
  if (out && outText !== undefined && outText !== '') {
    key.out = outText;
    key.outRange = out.valueRange;
  }
  const target = stringValue(e.get('target')?.value);
  if (target === 'emmett' || target === 'plain') key.target = target;
  return key;
}

/**
 * Reads one section of named elements. A name already used, in this kind or another, is reported
 * as `duplicate-name` pointing at the first; only the first is kept.
 */
function collect<T extends ElementBase>(
  section: KeyedPair,
  ctx: WalkContext,
  seen: Map<string, { kind: string; range: Range }>,
  kind: string,
  into: Map<string, T>,
  build: (base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext) => T,
): void {
  for (const p of mapPairs(section.value, ctx)) {
    const first = seen.get(p.key);
    if (first) {
      const where = first.kind === kind ? `another ${kind}` : withArticle(first.kind);
      ctx.diagnostics.push(
        diagnostic('duplicate-name', `The name '${p.key}' is already used by ${where}; names must be unique across the model.`, p.keyRange, [
          { message: `'${p.key}' is first declared here`, range: first.range },
        ]),
      );
      // Within a kind the first one wins; across kinds both are kept so references still resolve.
      if (into.has(p.key)) continue;
    } else {
      seen.set(p.key, { kind, range: p.keyRange });
    }
    // Each element's mapping is read once; its entries serve the base and the kind's builder.
    const e = entries(p.value, ctx);
    into.set(p.key, build(baseOf(p, e), e, ctx));
  }
}

function baseOf(p: KeyedPair, e: Map<string, KeyedPair>): ElementBase {
  const description = stringValue(e.get('description')?.value);
  const base: ElementBase = { name: p.key, nameRange: p.keyRange, range: p.valueRange };
  if (description !== undefined) base.description = description;
  return base;
}

/** The entries of an element's mapping, by key. */
function entries(value: Node | undefined, ctx: WalkContext): Map<string, KeyedPair> {
  const out = new Map<string, KeyedPair>();
  for (const p of mapPairs(value, ctx)) if (!out.has(p.key)) out.set(p.key, p);
  return out;
}

function nameRef(p: KeyedPair | undefined): NameRef | undefined {
  const name = stringValue(p?.value);
  return p && name !== undefined ? { name, range: p.valueRange } : undefined;
}

function nameList(p: KeyedPair | undefined, ctx: WalkContext): NameRef[] {
  return seqItems(p?.value, ctx).flatMap((item) => {
    const name = stringValue(item);
    return name === undefined ? [] : [{ name, range: nodeRange(item, ctx) }];
  });
}

function enumValues(node: Node | undefined, ctx: WalkContext): EnumValue[] | undefined {
  if (!node) return undefined;
  const values = seqItems(node, ctx)
    .map((i) => scalarValue(i))
    .filter((v): v is EnumValue => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  return values.length > 0 ? values : undefined;
}

/** Reads `fields:` (or `state:`): each field's short or long form type. */
export function buildFields(node: Node | undefined, ctx: WalkContext): Map<string, FieldDef> {
  const fields = new Map<string, FieldDef>();
  for (const p of mapPairs(node, ctx)) {
    if (fields.has(p.key)) continue;
    const def = buildField(p, ctx);
    if (def) fields.set(p.key, def);
  }
  return fields;
}

function buildField(p: KeyedPair, ctx: WalkContext): FieldDef | undefined {
  let typeText: string | undefined;
  let typeRange = p.valueRange;
  let optional = false;
  let description: string | undefined;
  let values: EnumValue[] | undefined;
  if (isScalar(p.value)) {
    typeText = stringValue(p.value);
  } else if (isMap(p.value)) {
    const e = entries(p.value, ctx);
    const t = e.get('type');
    typeText = stringValue(t?.value);
    if (t) typeRange = t.valueRange;
    optional = scalarValue(e.get('optional')?.value) === true;
    description = stringValue(e.get('description')?.value);
    values = enumValues(e.get('enum')?.value, ctx);
    if (typeText === undefined && values) {
      typeText = values.every((v) => typeof v === 'number') ? 'number' : 'string';
      typeRange = p.keyRange;
    }
  }
  if (typeText === undefined) return undefined; // wrong shape: reported by the schema check
  const parsed = parseTypeExpr(typeText);
  if (!parsed.ok) {
    ctx.diagnostics.push(diagnostic('invalid-field-type', parsed.message, typeRange));
    return undefined;
  }
  const def: FieldDef = {
    name: p.key,
    nameRange: p.keyRange,
    typeRange,
    range: p.valueRange,
    type: parsed.type,
    optional: optional || parsed.optional,
  };
  if (values) def.enum = values;
  if (description !== undefined) def.description = description;
  return def;
}

function buildType(base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext): TypeDef {
  const t: TypeDef = { ...base, kind: 'type' };
  if (e.has('fields')) t.fields = buildFields(e.get('fields')!.value, ctx);
  const values = enumValues(e.get('enum')?.value, ctx);
  if (values) t.enum = values;
  return t;
}

/** Reads `evolve:` or `on:`: one update rule per event. */
function buildRules(node: Node | undefined, ctx: WalkContext): UpdateRule[] {
  return mapPairs(node, ctx).map((p) => ({
    event: { name: p.key, range: p.keyRange },
    range: p.valueRange,
    ops: buildOps(p.value, ctx),
  }));
}

function buildOps(node: Node | undefined, ctx: WalkContext): UpdateOp[] {
  const ops: UpdateOp[] = [];
  for (const p of mapPairs(node, ctx)) {
    switch (p.key) {
      case 'set':
      case 'inc':
      case 'push':
      case 'remove':
        for (const t of mapPairs(p.value, ctx)) {
          ops.push({ op: p.key, operatorRange: p.keyRange, path: t.key, pathRange: t.keyRange, value: readValue(t.value, ctx, true, t.keyRange) });
        }
        break;
      case 'unset':
        for (const item of seqItems(p.value, ctx)) {
          const path = stringValue(item);
          if (path !== undefined) ops.push({ op: 'unset', operatorRange: p.keyRange, path, pathRange: nodeRange(item, ctx) });
        }
        break;
      case 'delete':
        if (scalarValue(p.value) === true) ops.push({ op: 'delete', operatorRange: p.keyRange, range: p.range });
        break;
    }
  }
  return ops;
}

function buildAggregate(base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext): Aggregate {
  const a: Aggregate = {
    ...base,
    kind: 'aggregate',
    state: buildFields(e.get('state')?.value, ctx),
    evolve: buildRules(e.get('evolve')?.value, ctx),
  };
  const id = nameRef(e.get('id'));
  if (id) a.id = id;
  const initial = e.get('initial');
  if (initial && isMap(initial.value)) a.initial = readValue(initial.value, ctx, false, initial.keyRange);
  return a;
}

function buildCommand(base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext): Command {
  const c: Command = {
    ...base,
    kind: 'command',
    fields: buildFields(e.get('fields')?.value, ctx),
    emits: nameList(e.get('emits'), ctx),
    errors: nameList(e.get('errors'), ctx),
    rules: seqItems(e.get('rules')?.value, ctx).flatMap((i) => stringValue(i) ?? []),
  };
  const aggregate = nameRef(e.get('aggregate'));
  if (aggregate) c.aggregate = aggregate;
  return c;
}

function buildEvent(base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext): Event {
  const ev: Event = { ...base, kind: 'event', fields: buildFields(e.get('fields')?.value, ctx) };
  const aggregate = nameRef(e.get('aggregate'));
  if (aggregate) ev.aggregate = aggregate;
  const versionPair = e.get('version');
  const version = scalarValue(versionPair?.value);
  if (typeof version === 'number') {
    ev.version = version;
    ev.versionRange = versionPair!.valueRange;
  }
  const upcast = e.get('upcast');
  if (upcast) ev.upcast = { range: upcast.keyRange, steps: buildUpcastSteps(upcast.value, ctx) };
  return ev;
}

/** Reads `upcast:`, a list of steps; a step without a `from` of 1 or more is left out (the schema check reports it). */
function buildUpcastSteps(node: Node | undefined, ctx: WalkContext): UpcastStep[] {
  const steps: UpcastStep[] = [];
  for (const item of seqItems(node, ctx)) {
    const e = entries(item, ctx);
    const from = e.get('from');
    const n = scalarValue(from?.value);
    if (!from || typeof n !== 'number' || !Number.isInteger(n) || n < 1) continue;
    const step: UpcastStep = { from: n, fromRange: from.valueRange, range: nodeRange(item, ctx), drop: [], rename: [], default: [], operatorRanges: [] };
    const description = stringValue(e.get('description')?.value);
    if (description !== undefined) step.description = description;
    for (const key of ['drop', 'rename', 'default'] as const) {
      const p = e.get(key);
      if (p) step.operatorRanges.push(p.keyRange);
    }
    for (const d of seqItems(e.get('drop')?.value, ctx)) {
      const path = stringValue(d);
      if (path !== undefined) step.drop.push({ path, range: nodeRange(d, ctx) });
    }
    for (const p of mapPairs(e.get('rename')?.value, ctx)) {
      const to = stringValue(p.value);
      if (to !== undefined) step.rename.push({ from: { path: p.key, range: p.keyRange }, to: { path: to, range: p.valueRange } });
    }
    for (const p of mapPairs(e.get('default')?.value, ctx)) {
      step.default.push({ path: { path: p.key, range: p.keyRange }, value: readValue(p.value, ctx, false, p.keyRange) });
    }
    steps.push(step);
  }
  return steps;
}

function buildProjection(base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext): Projection {
  const p: Projection = {
    ...base,
    kind: 'projection',
    fields: buildFields(e.get('fields')?.value, ctx),
    on: buildRules(e.get('on')?.value, ctx),
  };
  const key = nameRef(e.get('key'));
  if (key) p.key = key;
  return p;
}

function buildPolicy(base: ElementBase, e: Map<string, KeyedPair>, ctx: WalkContext): Policy {
  const then: PolicyCommand[] = [];
  for (const item of seqItems(e.get('then')?.value, ctx)) {
    const name = stringValue(item);
    if (name !== undefined) {
      then.push({ command: { name, range: nodeRange(item, ctx) } });
      continue;
    }
    const pairs = mapPairs(item, ctx);
    if (pairs.length !== 1) {
      ctx.diagnostics.push(
        diagnostic('invalid-value', 'A policy step is a command name, or one `Command: { field: value }` pair.', nodeRange(item, ctx)),
      );
      continue;
    }
    const p = pairs[0]!;
    const step: PolicyCommand = { command: { name: p.key, range: p.keyRange } };
    if (p.value && isMap(p.value)) step.payload = readValue(p.value, ctx, true, p.keyRange);
    then.push(step);
  }
  const policy: Policy = { ...base, kind: 'policy', then };
  const when = nameRef(e.get('when'));
  if (when) policy.when = when;
  return policy;
}
