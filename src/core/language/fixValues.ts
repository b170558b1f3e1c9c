import type { FieldDef, FieldShape, Model, TypeExpr, ValueNode } from '../model/model.js';
import { formatTypeExpr } from '../model/typeExpr.js';
import { checkValue } from '../validate/typeCheck.js';
import type { WriteEntry, WriteValue } from './fixFile.js';

/**
 * Values and types the quick fixes write: a placeholder that fits a field's type, and the type a
 * field needs to hold the values a model's payloads give it.
 */

/** Where a value is written: policy payloads may read `$meta.timestamp`. */
export type ValueContext = 'scenario' | 'policy' | 'sample';

const PLACEHOLDER_UUID = '00000000-0000-0000-0000-000000000000';

/** A value of a field's type, to be replaced by the user: the first enum value, a zero, an empty list. */
export function placeholder(shape: FieldShape, model: Model, context: ValueContext, depth = 0): WriteValue {
  if (shape.enum && shape.enum.length > 0) return { value: shape.enum[0]! };
  return placeholderOfType(shape.type, model, context, depth);
}

function placeholderOfType(type: TypeExpr, model: Model, context: ValueContext, depth: number): WriteValue {
  switch (type.kind) {
    case 'array':
      return { list: [] };
    case 'named': {
      const def = model.types.get(type.name);
      if (def?.enum && def.enum.length > 0) return { value: def.enum[0]! };
      if (!def?.fields || depth > 4) return { map: [], flow: true };
      return { map: [...def.fields.values()].filter((f) => !f.optional).map((f): WriteEntry => [f.name, placeholder(f, model, context, depth + 1)]), flow: true };
    }
    case 'primitive':
      switch (type.name) {
        case 'string':
          return { value: 'TODO' };
        case 'uuid':
          return { value: PLACEHOLDER_UUID };
        case 'integer':
        case 'number':
          return { value: 0 };
        case 'boolean':
          return { value: false };
        case 'date':
          return { value: '2024-01-01' };
        case 'datetime':
          return context === 'policy' ? { raw: '$meta.timestamp' } : { value: '2024-01-01T00:00:00Z' };
      }
  }
}

/** The short form of a field's type: `uuid`, `OrderLine[]`, `string?`. */
export function shapeText(shape: FieldShape): string {
  return formatTypeExpr(shape.type) + (shape.optional ? '?' : '');
}

/** Whether a value fits a field (references are not followed). */
export function fits(value: ValueNode, field: FieldShape, model: Model): boolean {
  return checkValue(value, field, model, {}, 'x').length === 0;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A field type being inferred from examples: its type text (without `?`) and whether it may be absent. */
export interface Inferred {
  type: string;
  optional: boolean;
  /** Whether the type is only a guess that a later example may replace (an empty list, a null). */
  weak?: boolean;
}

/** A type a new element asks for: a record type inferred from a mapping with no matching type. */
export interface NewType {
  name: string;
  fields: Map<string, Inferred>;
}

/**
 * Infers types from example values: primitives from their look (a date-time, a uuid, a whole
 * number), lists from their items, mappings from a named type whose fields they fit, or else from
 * a new record type named after the field.
 */
export class TypeInference {
  /** Record types to create alongside, by name. */
  readonly newTypes = new Map<string, NewType>();

  constructor(private readonly model: Model, private readonly taken: (name: string) => boolean) {}

  /** The type of one example value; `hint` names a new record type if one is needed. */
  typeOf(v: ValueNode, hint: string): Inferred {
    switch (v.kind) {
      case 'scalar': {
        const x = v.value;
        if (x === null) return { type: 'string', optional: true, weak: true };
        if (typeof x === 'boolean') return { type: 'boolean', optional: false };
        if (typeof x === 'number') return { type: Number.isInteger(x) ? 'integer' : 'number', optional: false };
        if (ISO_DATETIME.test(x) && !Number.isNaN(Date.parse(x))) return { type: 'datetime', optional: false };
        if (ISO_DATE.test(x)) return { type: 'date', optional: false };
        if (UUID.test(x)) return { type: 'uuid', optional: false };
        return { type: 'string', optional: false };
      }
      case 'ref':
        return { type: 'string', optional: false, weak: true };
      case 'list': {
        let element: Inferred | undefined;
        for (const item of v.items) element = merge(element, this.typeOf(item, singular(hint)));
        if (!element) return { type: 'string[]', optional: false, weak: true };
        return { type: `${element.type}[]`, optional: false, ...(element.weak ? { weak: true } : {}) };
      }
      case 'map':
        return { type: this.recordType(v, hint), optional: false };
    }
  }

  /** A free name for a new record type, from a field name (`shippingAddress` → `ShippingAddress`). */
  reserve(hint: string): string {
    const base = pascal(hint) || 'Record';
    let name = base;
    for (let i = 2; this.taken(name) || this.newTypes.has(name); i++) name = `${base}${i}`;
    return name;
  }

  /** A named record type the mapping fits, or a new one. */
  private recordType(v: Extract<ValueNode, { kind: 'map' }>, hint: string): string {
    for (const t of this.model.types.values()) {
      if (!t.fields || t.enum) continue;
      if (fits(v, { type: { kind: 'named', name: t.name }, optional: false }, this.model)) return t.name;
    }
    const base = pascal(hint) || 'Record';
    const existing = this.newTypes.get(base);
    if (existing) {
      addExample(existing.fields, v, this);
      return base;
    }
    const name = this.reserve(hint);
    const t: NewType = { name, fields: new Map() };
    this.newTypes.set(name, t);
    addExample(t.fields, v, this);
    return name;
  }
}

/** Adds one example mapping to fields being inferred: new keys are optional unless every example has them. */
export function addExample(fields: Map<string, Inferred>, v: Extract<ValueNode, { kind: 'map' }>, infer: TypeInference, first = fields.size === 0): void {
  for (const [key, entry] of v.entries) {
    const t = infer.typeOf(entry.value, key);
    const had = fields.get(key);
    fields.set(key, had ? merge(had, t) : { ...t, optional: t.optional || !first });
  }
  for (const [key, f] of fields) if (!v.entries.has(key)) f.optional = true;
}

/** Two inferences of one field: a weak guess gives way; integer and number make number. */
export function merge(a: Inferred | undefined, b: Inferred): Inferred {
  if (!a) return { ...b };
  const optional = a.optional || b.optional;
  if (a.weak && !b.weak) return { ...b, optional };
  if (a.type === b.type || b.weak) return { ...a, optional };
  if ((a.type === 'integer' && b.type === 'number') || (a.type === 'number' && b.type === 'integer')) return { type: 'number', optional };
  return { ...a, optional };
}

/** The fields inferred, as entries of a `fields:` mapping. */
export function fieldEntries(fields: Map<string, Inferred>): WriteEntry[] {
  return [...fields].map(([k, f]): WriteEntry => [k, { raw: f.type + (f.optional ? '?' : '') }]);
}

/** A field declaration's type as written. */
export function declared(f: FieldDef): Inferred {
  return { type: formatTypeExpr(f.type), optional: f.optional };
}

function pascal(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9_$]+/g, ' ').trim();
  const out = cleaned
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return /^[A-Za-z_$]/.test(out) ? out : '';
}

function singular(s: string): string {
  if (/ies$/.test(s)) return `${s.slice(0, -3)}y`;
  if (/(ss|us)$/.test(s)) return s;
  if (/s$/.test(s) && s.length > 3) return s.slice(0, -1);
  return s;
}
