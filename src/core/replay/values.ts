import type { FieldDef, FieldShape, Model, ValueNode } from '../model/model.js';
import type { JsonRecord, JsonValue } from './types.js';

/**
 * JSON values as the replay reads and writes them. Keys are read as own properties only and
 * written with `Object.fromEntries`/spreads, so names such as `__proto__` stay plain data.
 */

/** Whether a value is a record (not a list, not null). */
export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The own value of a key, or undefined. */
export function ownValue(v: unknown, key: string): JsonValue | undefined {
  return isRecord(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

/** A copy of a record with one key set. */
export function withKey(record: JsonRecord, key: string, value: JsonValue): JsonRecord {
  // A spread copies own keys as data (an existing key keeps its place, as in generated code's
  // spread); `__proto__` is defined, not assigned, so it stays a plain key. (Cheaper than a
  // computed key in the spread's literal, which V8 builds slowly.)
  const copy = { ...record };
  if (key === '__proto__') Object.defineProperty(copy, key, { value, writable: true, enumerable: true, configurable: true });
  else copy[key] = value;
  return copy;
}

/** A copy of a record without one key. */
export function withoutKey(record: JsonRecord, key: string): JsonRecord {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** The value at a dot path (as names), or undefined. */
export function readPath(root: JsonValue | undefined, names: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const n of names) current = ownValue(current, n);
  return current;
}

/** Structural equality of JSON values: what `remove` compares list elements with. */
export function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]));
}

/** A sample payload as JSON; a reference-looking node keeps its text (samples hold no references). */
export function plainValue(v: ValueNode): JsonValue {
  switch (v.kind) {
    case 'scalar':
      return v.value;
    case 'ref':
      return v.text;
    case 'list':
      return v.items.map(plainValue);
    case 'map':
      return Object.fromEntries([...v.entries].map(([k, e]) => [k, plainValue(e.value)])) as JsonRecord;
  }
}

/** The fields of a named record type, when the shape is one. */
export function recordFields(shape: FieldShape, model: Model): Map<string, FieldDef> | undefined {
  return shape.type.kind === 'named' && !shape.enum ? model.types.get(shape.type.name)?.fields : undefined;
}

/** Whether a value reads a reference that passes a test, anywhere inside it. */
export function someReference(v: ValueNode, test: (ref: Extract<ValueNode, { kind: 'ref' }>) => boolean): boolean {
  switch (v.kind) {
    case 'scalar':
      return false;
    case 'ref':
      return test(v);
    case 'list':
      return v.items.some((item) => someReference(item, test));
    case 'map':
      return [...v.entries.values()].some((e) => someReference(e.value, test));
  }
}
