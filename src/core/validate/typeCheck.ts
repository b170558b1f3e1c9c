import type { EnumValue, FieldDef, FieldShape, Model, TypeExpr, ValueNode } from '../model/model.js';
import { formatTypeExpr } from '../model/typeExpr.js';
import { describeValue } from '../model/values.js';
import type { Range } from '../source.js';

/** One mismatch between a value and the type it should have. */
export interface ValueProblem {
  kind: 'unknown-field' | 'missing-field' | 'type';
  message: string;
  range: Range;
}

/** How to read a reference inside a value: its type, 'any' when it cannot be known, undefined when already reported. */
export type RefTyper = (ref: Extract<ValueNode, { kind: 'ref' }>) => FieldShape | 'any' | undefined;

export interface CheckOptions {
  /** Record values may leave out fields (used by `remove` matching). */
  partial?: boolean;
  /** References are allowed and typed by this function; without it they are plain strings. */
  refs?: RefTyper;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Describes a shape for messages: `integer[]?`, `string (one of a, b)`. */
export function describeShape(shape: FieldShape): string {
  const base = formatTypeExpr(shape.type) + (shape.optional ? '?' : '');
  return shape.enum ? `${base} (one of ${shape.enum.map(String).join(', ')})` : base;
}

/** The field at a dotted path, following named record types (`address.city`). */
export function fieldAtPath(fields: Map<string, FieldDef>, path: readonly string[], model: Model): FieldShape | undefined {
  let current: Map<string, FieldDef> | undefined = fields;
  let shape: FieldShape | undefined;
  for (const seg of path) {
    shape = current?.get(seg);
    if (!shape) return undefined;
    current = shape.type.kind === 'named' ? model.types.get(shape.type.name)?.fields : undefined;
  }
  return shape;
}

/** Checks a record value (a payload, a row, an initial state) against declared fields. */
export function checkRecord(
  value: ValueNode,
  fields: Map<string, FieldDef>,
  model: Model,
  anchor: Range,
  opts: CheckOptions = {},
): ValueProblem[] {
  if (value.kind !== 'map') return [{ kind: 'type', message: `Expected a mapping of fields, found ${describeValue(value)}.`, range: value.range }];
  const problems: ValueProblem[] = [];
  for (const [key, entry] of value.entries) {
    const field = fields.get(key);
    if (!field) {
      const known = [...fields.keys()];
      problems.push({
        kind: 'unknown-field',
        message: `'${key}' is not a field here${known.length ? `; the fields are ${known.join(', ')}` : '; no fields are declared'}.`,
        range: entry.keyRange,
      });
      continue;
    }
    problems.push(...checkValue(entry.value, field, model, opts, key));
  }
  if (!opts.partial) {
    const missing = [...fields.values()].filter((f) => !f.optional && !value.entries.has(f.name)).map((f) => f.name);
    if (missing.length > 0) {
      problems.push({
        kind: 'missing-field',
        message: `Missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
        range: anchor,
      });
    }
  }
  return problems;
}

/** Checks one value against the shape it should have. */
export function checkValue(value: ValueNode, shape: FieldShape, model: Model, opts: CheckOptions, label: string): ValueProblem[] {
  const mismatch = (): ValueProblem[] => [
    { kind: 'type', message: `'${label}' should be ${describeShape(shape)}, found ${describeValue(value)}.`, range: value.range },
  ];
  if (value.kind === 'ref') {
    const src = opts.refs?.(value);
    if (src === undefined || src === 'any') return [];
    return isAssignable(src, shape, model)
      ? []
      : [{ kind: 'type', message: `'${label}' should be ${describeShape(shape)}, but ${value.text} is ${describeShape(src)}.`, range: value.range }];
  }
  if (value.kind === 'scalar' && value.value === null) return shape.optional ? [] : mismatch();
  if (shape.enum && !(value.kind === 'scalar' && shape.enum.includes(value.value as EnumValue))) return mismatch();
  const type = shape.type;
  switch (type.kind) {
    case 'array':
      if (value.kind !== 'list') return mismatch();
      return value.items.flatMap((item, i) => checkValue(item, { type: type.element, optional: false }, model, opts, `${label}[${i}]`));
    case 'named': {
      const def = model.types.get(type.name);
      if (!def) return []; // unknown type: reported where it is declared
      if (def.enum) return value.kind === 'scalar' && def.enum.includes(value.value as EnumValue) ? [] : mismatch();
      if (value.kind !== 'map') return mismatch();
      return checkRecord(value, def.fields ?? new Map(), model, value.range, opts).map((p) =>
        p.kind === 'missing-field' ? { ...p, message: `'${label}' (${type.name}): ${p.message}` } : p,
      );
    }
    case 'primitive':
      return value.kind === 'scalar' && primitiveMatches(type.name, value.value) ? [] : mismatch();
  }
}

function primitiveMatches(name: string, v: string | number | boolean | null): boolean {
  switch (name) {
    case 'string':
      return typeof v === 'string';
    case 'uuid':
      return typeof v === 'string' && v.length > 0;
    case 'datetime':
      return typeof v === 'string' && ISO_DATETIME.test(v) && !Number.isNaN(Date.parse(v));
    case 'date':
      return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return false;
  }
}

const STRING_LIKE = new Set(['string', 'uuid', 'date', 'datetime']);

/** Whether a value of type `src` may be stored where `dst` is declared. */
export function isAssignable(src: FieldShape, dst: FieldShape, model: Model): boolean {
  // A value that may be absent cannot fill a field that must be present.
  if (src.optional && !dst.optional) return false;
  if (dst.enum && src.enum && !src.enum.every((v) => dst.enum!.includes(v))) return false;
  return typesCompatible(src.type, dst.type, model);
}

function typesCompatible(a: TypeExpr, b: TypeExpr, model: Model): boolean {
  if (b.kind === 'array') return a.kind === 'array' && typesCompatible(a.element, b.element, model);
  if (b.kind === 'named') {
    if (a.kind === 'named') return a.name === b.name;
    // A string may be stored in an enum type: its values are strings.
    return a.kind === 'primitive' && a.name === 'string' && model.types.get(b.name)?.enum !== undefined;
  }
  if (a.kind === 'named') return b.name === 'string' && model.types.get(a.name)?.enum !== undefined;
  if (a.kind !== 'primitive') return false;
  if (a.name === b.name) return true;
  if (a.name === 'integer' && b.name === 'number') return true;
  return STRING_LIKE.has(a.name) && STRING_LIKE.has(b.name);
}
