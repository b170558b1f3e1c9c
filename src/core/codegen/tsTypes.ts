import type { EnumValue, FieldDef, FieldShape, Model, TypeExpr } from '../model/model.js';
import { propertyKey } from './names.js';
import { jsDoc, stringLiteral } from './text.js';

/**
 * The TypeScript side of field types: how a field type is written, which values TypeScript lets
 * one field type hold of another (the model is more lenient: a `string` fits an enum), and the
 * typed placeholder a stub puts where it cannot know a value.
 */

/** Writes a named type's name in the file at hand (importing it when needed). */
export type TypeRef = (typeName: string) => string;

/** A literal of an enum value. */
export function enumLiteral(v: EnumValue): string {
  return typeof v === 'string' ? stringLiteral(v) : String(v);
}

/** The TypeScript type of a field (its optionality is written on the property). */
export function fieldType(shape: FieldShape, ref: TypeRef): string {
  if (shape.enum) return shape.enum.map(enumLiteral).join(' | ');
  return typeExpr(shape.type, ref);
}

export function typeExpr(type: TypeExpr, ref: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'number' || type.name === 'integer' ? 'number' : type.name === 'boolean' ? 'boolean' : 'string';
    case 'named':
      return ref(type.name);
    case 'array':
      return `${typeExpr(type.element, ref)}[]`;
  }
}

/** An object type of declared fields, as lines (the first without indentation). */
export function objectType(fields: Map<string, FieldDef>, ref: TypeRef, indent: string): string[] {
  if (fields.size === 0) return ['Record<string, never>'];
  const lines = ['{'];
  for (const f of fields.values()) {
    lines.push(...jsDoc(f.description, `${indent}  `));
    lines.push(`${indent}  ${propertyKey(f.name)}${f.optional ? '?' : ''}: ${fieldType(f, ref)};`);
  }
  lines.push(`${indent}}`);
  return lines;
}

/** What TypeScript sees of a field type, to decide assignability. */
type TsShape =
  | { kind: 'string' | 'number' | 'boolean' }
  | { kind: 'literals'; values: EnumValue[] }
  | { kind: 'record'; name: string }
  | { kind: 'array'; element: TsShape };

function tsShape(shape: { type: TypeExpr; enum?: EnumValue[] | undefined }, model: Model): TsShape {
  if (shape.enum) return { kind: 'literals', values: shape.enum };
  return tsShapeOfType(shape.type, model);
}

function tsShapeOfType(type: TypeExpr, model: Model): TsShape {
  switch (type.kind) {
    case 'primitive':
      return { kind: type.name === 'number' || type.name === 'integer' ? 'number' : type.name === 'boolean' ? 'boolean' : 'string' };
    case 'named': {
      const def = model.types.get(type.name);
      return def?.enum ? { kind: 'literals', values: def.enum } : { kind: 'record', name: type.name };
    }
    case 'array':
      return { kind: 'array', element: tsShapeOfType(type.element, model) };
  }
}

function assignable(a: TsShape, b: TsShape): boolean {
  switch (b.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return a.kind === b.kind || (a.kind === 'literals' && a.values.every((v) => typeof v === b.kind));
    case 'literals':
      return a.kind === 'literals' && a.values.every((v) => b.values.includes(v));
    case 'record':
      return a.kind === 'record' && a.name === b.name;
    case 'array':
      return a.kind === 'array' && assignable(a.element, b.element);
  }
}

/**
 * How a value of `src` is written where `dst` is declared: as it is, with `as` (a string into an
 * enum), or through `unknown` when TypeScript sees no overlap at all. Optionality is not compared.
 */
export function conversion(src: FieldShape, dst: FieldShape, model: Model): 'none' | 'as' | 'unknown' {
  const a = tsShape(src, model);
  const b = tsShape(dst, model);
  if (assignable(a, b)) return 'none';
  return assignable(b, a) ? 'as' : 'unknown';
}

/** `expr` converted to the type of `dst`, parenthesised when a cast is needed. */
export function converted(expr: string, src: FieldShape, dst: FieldShape, model: Model, ref: TypeRef): string {
  const how = conversion(src, dst, model);
  if (how === 'none') return expr;
  return `(${expr} as ${how === 'unknown' ? 'unknown as ' : ''}${fieldType(dst, ref)})`;
}

/** Whether TypeScript compares values of this shape with `===` (scalars) rather than structurally. */
export function isScalar(shape: FieldShape, model: Model): boolean {
  const s = tsShape(shape, model);
  return s.kind !== 'record' && s.kind !== 'array';
}

/**
 * A value of the shape that compiles and says nothing: `''`, `0`, `false`, `[]`, the first enum
 * value, a record of placeholders. A record type that contains itself is cut short with a cast.
 */
export function placeholder(shape: FieldShape, model: Model, ref: TypeRef, seen: readonly string[] = []): string {
  if (shape.enum) return enumLiteral(shape.enum[0]!);
  const type = shape.type;
  switch (type.kind) {
    case 'primitive':
      return type.name === 'number' || type.name === 'integer' ? '0' : type.name === 'boolean' ? 'false' : "''";
    case 'array':
      return '[]';
    case 'named': {
      const def = model.types.get(type.name);
      if (def?.enum) return enumLiteral(def.enum[0]!);
      if (seen.includes(type.name)) return `({} as ${ref(type.name)})`;
      const required = [...(def?.fields?.values() ?? [])].filter((f) => !f.optional);
      if (required.length === 0) return '{}';
      const inner = required.map((f) => `${propertyKey(f.name)}: ${placeholder(f, model, ref, [...seen, type.name])}`);
      return `{ ${inner.join(', ')} }`;
    }
  }
}
