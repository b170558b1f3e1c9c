import * as fc from 'fast-check';

/**
 * Random models for property tests of code generation, as YAML text. They are built to be mostly
 * valid (names unique, references resolve, values typed), and lean on what generated code must
 * survive: names that are TypeScript contextual keywords or the generator's own local names,
 * fields named `delete` or `default`, and descriptions, rules and scenario names full of comment
 * ends, template literals, quotes and line separators. The test keeps the ones the core validates
 * without errors.
 */

/** Element names: ordinary, hostile-but-valid, and the generator's own names. */
const ELEMENT_NAMES = [
  'Order', 'Item', 'Account', 'Ship', 'Cart', 'Line', 'Stock', 'Port', 'Note', 'Tag', 'Level', 'Slot', 'Entry',
  '$x', '_', '$', '_a$', 'X1', 'of', 'get', 'set', 'from', 'abstract', 'override', 'accessor', 'require', 'exports',
  'eval', 'arguments', 'NaN', 'Infinity', 'globalThis', 'JSON', 'Event', 'Decider', 'DomainError',
  'IllegalStateError', 'evolve', 'decide', 'decider', 'initialState', 'state', 'event', 'command', 'next', 'item',
  'describe', 'it', 'assert', 'given', 'when', 'then', 'replay', 'emitted', 'rowKey', 'applyAll', 'projection',
  'collectionName', 'documentId', 'metadataOf', 'sameValue', 'timeOf', 'value1', 'removed1', 'rest1', 'current',
  'row', 'rows', 'result', 'key', 'updated', 'value', 'unhandled', 'Con', 'Projections', 'Types', 'Index',
  'OrderEvent', 'OrderCommand', 'OrderState', 'OrderRow', 'ShopEvent', 'mapOrder', 'DeciderSpecification',
  'inMemoryMultiStreamProjection', 'Delete', 'New', 'Default', 'Import', 'Return', 'Class',
];

const FIELD_NAMES = [
  'id', 'name', 'amount', 'count', 'status', 'at', 'tags', 'lines', 'delete', 'default', 'class', 'new', 'type',
  'data', 'metadata', '$x', '_', 'in', 'of', 'then', 'length', 'now', 'prototypeOf', 'toJSON',
  'item', 'current', 'event', 'state', 'command', 'next', 'rest1', 'value1',
];

/** Text that must never escape a comment or a string. */
const HOSTILE_TEXT = [
  'plain words', '*/ export const x = 1; /*', 'a `template` ${injected}', 'line one\nline two', "it's \"quoted\"",
  '</script><script>alert(1)</script>', 'separator\u2028here\u2029too', 'back\\slash \\n', 'tab\there', '// not a comment',
  '@param x */', '😀 emoji', 'carriage\rreturn', "'; process.exit(1); '", 'x ${`nested`}',
];

const PRIMITIVES = ['string', 'number', 'integer', 'boolean', 'datetime', 'date', 'uuid'] as const;

type Rand = {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

interface FieldSpec {
  name: string;
  base: string;
  array: number;
  optional: boolean;
  enumValues?: (string | number)[];
}

interface TypeSpec {
  name: string;
  fields?: FieldSpec[];
  enumValues?: string[];
}

interface Ctx {
  r: Rand;
  types: TypeSpec[];
}

/**
 * Random model texts, mostly valid. fast-check draws a seed and a small generator builds the
 * model from it: much faster than drawing each choice from fast-check, and a failing seed
 * reproduces the model exactly (shrinking a seed would not make a model smaller anyway).
 */
export const modelTextArbitrary: fc.Arbitrary<string> = fc
  .noShrink(fc.integer({ min: 0, max: 0x7fffffff }))
  .map((seed) => buildModelText(seededRandom(seed)));

/** mulberry32: a tiny deterministic generator. */
function seededRandom(seed: number): Rand {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { int, pick: (items) => items[int(0, items.length - 1)]!, chance: (p) => next() < p };
}

function buildModelText(r: Rand): string {
  const pool = shuffle(r, ELEMENT_NAMES);
  let next = 0;
  const name = () => pool[next++ % pool.length]!;
  const ctx: Ctx = { r, types: [] };
  const out: string[] = ['version: 1', `context: ${q(r.pick(['Shop', 'Ship Tracking', '3D', 'x', 'Order', 'Cart']))}`];
  if (r.chance(0.5)) out.push(`description: ${q(r.pick(HOSTILE_TEXT))}`);
  if (r.chance(0.2)) out.push(`codegen: { out: ${q('gen')}, target: ${r.pick(['emmett', 'plain'])} }`);

  for (let i = r.int(0, 2); i > 0; i--) ctx.types.push({ name: name(), enumValues: shuffle(r, ['a', 'b', 'open', 'closed', 'x y', "it's"]).slice(0, r.int(1, 3)) });
  for (let i = r.int(0, 3); i > 0; i--) ctx.types.push({ name: name(), fields: fields(ctx, r.int(0, 3), []) });

  const aggregates: { name: string; id: string; state: FieldSpec[]; events: { name: string; fields: FieldSpec[] }[]; commands: { name: string; fields: FieldSpec[]; emits: string[]; errors: string[] }[] }[] = [];
  const errorNames = ['Rejected', 'NotFound', 'TooLate', '$e', 'already_done', 'Boom'].map((e) => `${e}${r.int(0, 1) ? '' : 'Error'}`);
  for (let a = r.int(1, 2); a > 0; a--) {
    const id = r.pick(['id', 'orderId', 'key', '$id', 'delete']);
    const idField: FieldSpec = { name: id, base: r.pick(['uuid', 'string']), array: 0, optional: false };
    const agg = { name: name(), id, state: fields(ctx, r.int(0, 4), [id]), events: [] as { name: string; fields: FieldSpec[] }[], commands: [] as { name: string; fields: FieldSpec[]; emits: string[]; errors: string[] }[] };
    for (let e = r.int(1, 3); e > 0; e--) agg.events.push({ name: name(), fields: [idField, ...fields(ctx, r.int(0, 4), [id])] });
    for (let c = r.int(1, 3); c > 0; c--) {
      const emits = shuffle(r, agg.events.map((e) => e.name)).slice(0, r.int(0, 2));
      agg.commands.push({ name: name(), fields: [idField, ...fields(ctx, r.int(0, 3), [id])], emits, errors: shuffle(r, errorNames).slice(0, r.int(0, 2)) });
    }
    aggregates.push(agg);
  }
  const allEvents = aggregates.flatMap((a) => a.events);

  if (ctx.types.length > 0) {
    out.push('types:');
    for (const t of ctx.types) {
      out.push(`  ${key(t.name)}:`);
      if (r.chance(0.5)) out.push(`    description: ${q(r.pick(HOSTILE_TEXT))}`);
      if (t.enumValues) out.push(`    enum: [${t.enumValues.map(q).join(', ')}]`);
      else if (t.fields!.length === 0) out.push('    fields: {}');
      else out.push(...fieldBlock(t.fields!, '    ', r));
    }
  }
  out.push('aggregates:');
  for (const a of aggregates) {
    out.push(`  ${key(a.name)}:`, `    id: ${q(a.id)}`);
    if (r.chance(0.5)) out.push(`    description: ${q(r.pick(HOSTILE_TEXT))}`);
    out.push(...fieldBlock(a.state, '    ', r, 'state'));
    const initial = a.state.filter((f) => !f.optional || r.chance(0.3)).map((f) => `${key(f.name)}: ${valueOf(ctx, f)}`);
    if (initial.length > 0) out.push(`    initial: { ${initial.join(', ')} }`);
    const rules = a.events.filter(() => r.chance(0.8)).map((e) => `      ${key(e.name)}: ${rule(ctx, a.state, e.fields, false)}`);
    if (rules.length > 0) out.push('    evolve:', ...rules);
  }
  out.push('commands:');
  for (const a of aggregates) {
    for (const c of a.commands) {
      out.push(`  ${key(c.name)}:`, `    aggregate: ${q(a.name)}`);
      if (r.chance(0.5)) out.push(`    description: ${q(r.pick(HOSTILE_TEXT))}`);
      out.push(...fieldBlock(c.fields, '    ', r));
      out.push(`    emits: [${c.emits.map(q).join(', ')}]`);
      if (c.errors.length > 0) out.push(`    errors: [${c.errors.map(q).join(', ')}]`);
      if (r.chance(0.5)) out.push(`    rules: [${shuffle(r, HOSTILE_TEXT).slice(0, 2).map(q).join(', ')}]`);
    }
  }
  out.push('events:');
  for (const a of aggregates) {
    for (const e of a.events) {
      out.push(`  ${key(e.name)}:`, `    aggregate: ${q(a.name)}`);
      if (r.chance(0.3)) out.push(`    version: ${r.int(1, 3)}`);
      if (r.chance(0.5)) out.push(`    description: ${q(r.pick(HOSTILE_TEXT))}`);
      out.push(...fieldBlock(e.fields, '    ', r));
    }
  }
  const projections: { name: string; fields: FieldSpec[]; on: { name: string; fields: FieldSpec[] }[]; key?: string }[] = [];
  for (let p = r.int(0, 2); p > 0; p--) {
    const agg = r.pick(aggregates);
    const on = agg.events.filter(() => r.chance(0.7));
    const keyed = r.chance(0.6);
    const rowFields = fields(ctx, r.int(0, 4), [agg.id]);
    if (keyed) rowFields.unshift({ name: agg.id, base: 'string', array: 0, optional: r.chance(0.3) });
    projections.push({ name: name(), fields: rowFields, on, ...(keyed ? { key: agg.id } : {}) });
  }
  if (projections.length > 0) {
    out.push('projections:');
    for (const p of projections) {
      out.push(`  ${key(p.name)}:`);
      if (p.key) out.push(`    key: ${q(p.key)}`);
      out.push(...fieldBlock(p.fields, '    ', r));
      if (p.on.length > 0) out.push('    on:', ...p.on.map((e) => `      ${key(e.name)}: ${rule(ctx, p.fields, e.fields, true)}`));
    }
  }
  const policies = allEvents.length > 0 ? Array.from({ length: r.int(0, 2) }, () => ({ name: name(), when: r.pick(allEvents) })) : [];
  if (policies.length > 0) {
    out.push('policies:');
    for (const p of policies) {
      const cmd = r.pick(aggregates.flatMap((a) => a.commands));
      const step = r.chance(0.5) ? q(cmd.name) : `{ ${key(cmd.name)}: { ${cmd.fields.filter((f) => !f.optional || r.chance(0.5)).map((f) => `${key(f.name)}: ${refOrValue(ctx, f, p.when.fields)}`).join(', ')} } }`;
      out.push(`  ${key(p.name)}:`, `    when: ${q(p.when.name)}`, `    then: [${step}]`);
      if (r.chance(0.5)) out.push(`    description: ${q(r.pick(HOSTILE_TEXT))}`);
    }
  }
  const scenarios: string[] = [];
  for (const a of aggregates) {
    for (const c of a.commands) {
      if (!r.chance(0.6)) continue;
      const given = a.events.filter(() => r.chance(0.4)).map((e) => `{ ${key(e.name)}: ${payload(ctx, e.fields)} }`);
      const then = c.errors.length > 0 && r.chance(0.4)
        ? `{ error: ${q(r.pick(c.errors))} }`
        : `{ events: [${c.emits.filter(() => r.chance(0.7)).map((n) => `{ ${key(n)}: ${payload(ctx, a.events.find((e) => e.name === n)!.fields)} }`).join(', ')}] }`;
      scenarios.push(`  - { name: ${q(`${r.pick(HOSTILE_TEXT)} ${scenarios.length}`)}, given: [${given.join(', ')}], when: { ${key(c.name)}: ${payload(ctx, c.fields)} }, then: ${then} }`);
    }
  }
  for (const p of projections) {
    if (!r.chance(0.6)) continue;
    const given = p.on.filter(() => r.chance(0.6)).map((e) => `{ ${key(e.name)}: ${payload(ctx, e.fields)} }`);
    const rows = Array.from({ length: r.int(0, 2) }, () => payload(ctx, p.fields));
    scenarios.push(`  - { name: ${q(`${r.pick(HOSTILE_TEXT)} ${scenarios.length}`)}, projection: ${q(p.name)}, given: [${given.join(', ')}], then: { rows: [${rows.join(', ')}] } }`);
  }
  if (scenarios.length > 0) out.push('scenarios:', ...scenarios);
  return out.join('\n') + '\n';
}

function fields(ctx: Ctx, n: number, avoid: string[]): FieldSpec[] {
  const { r } = ctx;
  const names = shuffle(r, FIELD_NAMES.filter((f) => !avoid.includes(f))).slice(0, n);
  return names.map((name) => {
    const roll = r.int(0, 9);
    const base = roll < 6 || ctx.types.length === 0 ? r.pick(PRIMITIVES) : r.pick(ctx.types).name;
    const f: FieldSpec = { name, base, array: r.chance(0.2) ? r.int(1, 2) : 0, optional: r.chance(0.3) };
    if (base === 'string' && f.array === 0 && r.chance(0.2)) f.enumValues = ['low', 'high'];
    if (base === 'integer' && f.array === 0 && r.chance(0.1)) f.enumValues = [1, 2, 3];
    return f;
  });
}

function fieldBlock(list: FieldSpec[], indent: string, r: Rand, keyName = 'fields'): string[] {
  if (list.length === 0) return r.chance(0.5) ? [`${indent}${keyName}: {}`] : [];
  return [
    `${indent}${keyName}:`,
    ...list.map((f) => {
      const type = `${f.base}${'[]'.repeat(f.array)}`;
      if (f.enumValues || r.chance(0.3)) {
        const parts = [`type: ${q(type)}`];
        if (f.optional) parts.push('optional: true');
        if (f.enumValues) parts.push(`enum: [${f.enumValues.map((v) => (typeof v === 'number' ? String(v) : q(v))).join(', ')}]`);
        if (r.chance(0.5)) parts.push(`description: ${q(r.pick(HOSTILE_TEXT))}`);
        return `${indent}  ${key(f.name)}: { ${parts.join(', ')} }`;
      }
      return `${indent}  ${key(f.name)}: ${q(type + (f.optional ? '?' : ''))}`;
    }),
  ];
}

/** A literal of the field's type, as YAML flow text. */
function valueOf(ctx: Ctx, f: FieldSpec, depth = 0): string {
  const { r } = ctx;
  if (f.array > 0) {
    const inner = { ...f, array: f.array - 1, optional: false };
    return `[${Array.from({ length: depth > 2 ? 0 : r.int(0, 2) }, () => valueOf(ctx, inner, depth + 1)).join(', ')}]`;
  }
  if (f.enumValues) return typeof f.enumValues[0] === 'number' ? String(r.pick(f.enumValues)) : q(String(r.pick(f.enumValues)));
  switch (f.base) {
    case 'string':
      return q(r.pick([...HOSTILE_TEXT, '$$5', '']));
    case 'uuid':
      return q(r.pick(['0504260e-0d96-4f41-aec5-954303e3b1aa', 'C-1', 'x']));
    case 'number':
      return String(r.pick([0, 1.5, -3, 1e21, 12345.678]));
    case 'integer':
      return String(r.pick([0, 1, -7, 42]));
    case 'boolean':
      return r.pick(['true', 'false']);
    case 'datetime':
      return q(r.pick(['2024-09-01T10:00:00Z', '2024-09-02T09:05:00.250Z', '2024-09-03T18:40:00+09:00']));
    case 'date':
      return q('2024-09-01');
  }
  const t = ctx.types.find((x) => x.name === f.base)!;
  if (t.enumValues) return q(r.pick(t.enumValues));
  return payload(ctx, t.fields!, depth + 1);
}

function payload(ctx: Ctx, list: FieldSpec[], depth = 0): string {
  // Record types only use types declared before them, so the nesting ends.
  return `{ ${list.filter((f) => !f.optional || ctx.r.chance(0.5)).map((f) => `${key(f.name)}: ${valueOf(ctx, f, depth)}`).join(', ')} }`;
}

/** A reference to a same-typed field of the event, or a literal. */
function refOrValue(ctx: Ctx, f: FieldSpec, eventFields: FieldSpec[]): string {
  const same = eventFields.filter((e) => e.base === f.base && e.array === f.array && (!e.optional || f.optional) && JSON.stringify(e.enumValues) === JSON.stringify(f.enumValues));
  if (same.length > 0 && ctx.r.chance(0.7)) return q(`$event.${ctx.r.pick(same).name}`);
  // A plain string fits an enum in the model; generated code needs a cast.
  const isEnum = f.enumValues !== undefined || ctx.types.some((t) => t.name === f.base && t.enumValues);
  const strings = eventFields.filter((e) => e.base === 'string' && e.array === f.array && !e.enumValues && (!e.optional || f.optional));
  if (isEnum && typeof f.enumValues?.[0] !== 'number' && strings.length > 0 && ctx.r.chance(0.5)) return q(`$event.${ctx.r.pick(strings).name}`);
  // A record read through a nested path of the event.
  for (const e of eventFields) {
    const t = e.array === 0 ? ctx.types.find((x) => x.name === e.base && x.fields) : undefined;
    const inner = t?.fields!.find((x) => x.base === f.base && x.array === f.array && !x.enumValues && !f.enumValues && (f.optional || (!x.optional && !e.optional)));
    if (inner && ctx.r.chance(0.5)) return q(`$event.${e.name}.${inner.name}`);
  }
  const text = valueOf(ctx, f);
  return text.startsWith('"$') ? q(`$${JSON.parse(text) as string}`) : text;
}

/** An update rule for one event: a few operators on fields of the target. */
function rule(ctx: Ctx, target: FieldSpec[], eventFields: FieldSpec[], projection: boolean): string {
  const { r } = ctx;
  if (target.length === 0 || r.chance(0.1)) return projection && r.chance(0.3) ? '{ delete: true }' : '{}';
  const ops = new Map<string, string[]>();
  for (const f of shuffle(r, target).slice(0, r.int(1, 4))) {
    const numeric = (f.base === 'number' || f.base === 'integer') && f.array === 0;
    const roll = r.int(0, 9);
    if (roll < 2 && numeric) add(ops, 'inc', `${key(f.name)}: ${incAmount(ctx, f, eventFields)}`);
    else if (roll < 4 && f.array > 0) {
      const element = { ...f, array: f.array - 1, optional: false };
      const record = element.array === 0 ? ctx.types.find((t) => t.name === f.base && t.fields) : undefined;
      if (record && r.chance(0.5)) {
        // A partial record: removes the elements whose listed fields match.
        const listed = record.fields!.filter(() => r.chance(0.5)).map((x) => `${key(x.name)}: ${refOrValue(ctx, x, eventFields)}`);
        add(ops, 'remove', `${key(f.name)}: { ${listed.join(', ')} }`);
      } else add(ops, r.chance(0.5) ? 'push' : 'remove', `${key(f.name)}: ${refOrValue(ctx, element, eventFields)}`);
    }
    else if (roll < 5 && f.optional) add(ops, 'unset', q(f.name));
    else if (roll < 6 && !f.array && !f.enumValues) {
      const meta = f.base === 'datetime' ? '$meta.timestamp' : f.base === 'integer' ? '$meta.position' : f.base === 'string' ? '$meta.stream' : undefined;
      add(ops, 'set', `${key(f.name)}: ${meta ? q(meta) : refOrValue(ctx, f, eventFields)}`);
    } else if (roll < 7) add(ops, 'set', `${key(f.name)}: ${q(`$state.${f.name}`)}`);
    else add(ops, 'set', `${key(f.name)}: ${refOrValue(ctx, f, eventFields)}`);
  }
  const nested = target.find((f) => f.array === 0 && ctx.types.find((t) => t.name === f.base)?.fields?.length);
  if (nested && r.chance(0.4)) {
    const inner = ctx.types.find((t) => t.name === nested.base)!.fields![0]!;
    add(ops, 'set', `${key(`${nested.name}.${inner.name}`)}: ${refOrValue(ctx, inner, eventFields)}`);
  }
  const parts = [...ops].map(([op, items]) => (op === 'unset' ? `unset: [${items.join(', ')}]` : `${op}: { ${items.join(', ')} }`));
  return `{ ${parts.join(', ')} }`;
}

function incAmount(ctx: Ctx, f: FieldSpec, eventFields: FieldSpec[]): string {
  const refs = eventFields.filter((e) => !e.optional && e.array === 0 && !e.enumValues && (e.base === 'integer' || (f.base === 'number' && e.base === 'number')));
  if (refs.length > 0 && ctx.r.chance(0.5)) return q(`$event.${ctx.r.pick(refs).name}`);
  return String(ctx.r.pick([1, -1, 0, 5]));
}

function add(ops: Map<string, string[]>, op: string, item: string): void {
  const list = ops.get(op) ?? [];
  // A path appears once per operator: YAML keys are unique.
  const path = item.split(':')[0];
  if (op !== 'unset' && list.some((x) => x.split(':')[0] === path)) return;
  if (op === 'unset' && list.includes(item)) return;
  list.push(item);
  ops.set(op, list);
}

function shuffle<T>(r: Rand, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A YAML double-quoted scalar: JSON strings are YAML strings. */
function q(text: string): string {
  return JSON.stringify(text);
}

function key(name: string): string {
  return q(name);
}
