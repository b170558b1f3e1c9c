/**
 * The values, references and update rules of random models (see modelArbitrary.ts): literals of a
 * field's type, references to fields of a fitting type, and rules the validator accepts.
 */

/** Text that must never escape a comment or a string. */
export const HOSTILE_TEXT = [
  'plain words', '*/ export const x = 1; /*', 'a `template` ${injected}', 'line one\nline two', "it's \"quoted\"",
  '</script><script>alert(1)</script>', 'separator\u2028here\u2029too', 'back\\slash \\n', 'tab\there', '// not a comment',
  '@param x */', '😀 emoji', 'carriage\rreturn', "'; process.exit(1); '", 'x ${`nested`}',
];

export type Rand = {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

export interface FieldSpec {
  name: string;
  base: string;
  array: number;
  optional: boolean;
  enumValues?: (string | number)[];
}

export interface TypeSpec {
  name: string;
  fields?: FieldSpec[];
  enumValues?: string[];
}

export interface Ctx {
  r: Rand;
  types: TypeSpec[];
}

/** A literal of the field's type, as YAML flow text. */
export function valueOf(ctx: Ctx, f: FieldSpec, depth = 0): string {
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

export function payload(ctx: Ctx, list: FieldSpec[], depth = 0): string {
  // Record types only use types declared before them, so the nesting ends.
  return `{ ${list.filter((f) => !f.optional || ctx.r.chance(0.5)).map((f) => `${key(f.name)}: ${valueOf(ctx, f, depth)}`).join(', ')} }`;
}

/** A reference to a same-typed field of the event, or a literal. */
export function refOrValue(ctx: Ctx, f: FieldSpec, eventFields: FieldSpec[]): string {
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
export function rule(ctx: Ctx, target: FieldSpec[], eventFields: FieldSpec[], projection: boolean): string {
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

export function shuffle<T>(r: Rand, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A YAML double-quoted scalar: JSON strings are YAML strings. */
export function q(text: string): string {
  return JSON.stringify(text);
}

export function key(name: string): string {
  return q(name);
}
