import * as fc from 'fast-check';
import { HOSTILE_TEXT, key, payload, q, refOrValue, rule, shuffle, valueOf, type Ctx, type FieldSpec, type Rand } from './randomValues.js';

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

const PRIMITIVES = ['string', 'number', 'integer', 'boolean', 'datetime', 'date', 'uuid'] as const;

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
