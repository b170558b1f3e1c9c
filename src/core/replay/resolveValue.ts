import type { FieldDef, FieldShape, Model, ValueNode } from '../model/model.js';
import { META_FIELDS } from '../validate/rules.js';
import type { JsonRecord, JsonValue } from './types.js';
import { isRecord, ownValue, recordFields } from './values.js';

/**
 * Values of update rules, `initial` states and policy payloads, read the way generated code reads
 * them: a literal is itself; `$event.<path>` reads the event's data, `$state.<path>` the target as
 * it was before the event, `$meta.<x>` the event's metadata. `undefined` means absent. Absence past
 * an optional field, or of metadata, is ordinary; absence of a required field is reported.
 */

/** The event metadata `$meta` reads; each is absent when unknown. */
export interface ReplayMeta {
  timestamp?: string;
  position?: number;
  stream?: string;
}

export interface ValueScope {
  model: Model;
  eventFields?: Map<string, FieldDef>;
  eventData?: JsonValue;
  stateFields?: Map<string, FieldDef>;
  state?: JsonValue;
  meta?: ReplayMeta;
  /** Called with the reference text of a required value that is missing. */
  missing: (refText: string) => void;
}

/** The value of a node for a place of shape `dst`, or undefined when absent. */
export function resolveValue(v: ValueNode, dst: FieldShape, s: ValueScope): JsonValue | undefined {
  switch (v.kind) {
    case 'scalar':
      return v.value === null ? undefined : v.value;
    case 'ref':
      return resolveRef(v, s);
    case 'list': {
      const element: FieldShape = dst.type.kind === 'array' ? { type: dst.type.element, optional: false } : dst;
      const items: JsonValue[] = [];
      for (const item of v.items) {
        const value = resolveValue(item, element, s);
        // An absent element makes the whole list unusable, as a guard does in generated code.
        if (value === undefined) return undefined;
        items.push(value);
      }
      return items;
    }
    case 'map':
      return resolveRecord(v, recordFields(dst, s.model) ?? new Map(), s);
  }
}

/** A record of declared fields; absent optional fields are left out, an absent required one makes it absent. */
export function resolveRecord(v: ValueNode, fields: Map<string, FieldDef>, s: ValueScope): JsonRecord | undefined {
  if (v.kind !== 'map') return {};
  const entries: [string, JsonValue][] = [];
  for (const [key, entry] of v.entries) {
    const field = fields.get(key);
    if (!field || (entry.value.kind === 'scalar' && entry.value.value === null)) continue;
    const value = resolveValue(entry.value, field, s);
    if (value !== undefined) entries.push([key, value]);
    else if (!field.optional) return undefined;
  }
  return Object.fromEntries(entries) as JsonRecord;
}

function resolveRef(v: Extract<ValueNode, { kind: 'ref' }>, s: ValueScope): JsonValue | undefined {
  if (v.source === 'meta') {
    const name = v.path[0] ?? '';
    if (v.path.length !== 1 || !Object.prototype.hasOwnProperty.call(META_FIELDS, name)) return undefined;
    return s.meta?.[name as keyof ReplayMeta];
  }
  let fields = v.source === 'event' ? s.eventFields : s.stateFields;
  let current: JsonValue | undefined = v.source === 'event' ? s.eventData : s.state;
  let optional = false;
  for (const seg of v.path) {
    const field: FieldDef | undefined = fields?.get(seg);
    if (field?.optional) optional = true;
    current = isRecord(current) ? ownValue(current, seg) : undefined;
    if (current === undefined) {
      if (!optional) s.missing(v.text);
      return undefined;
    }
    fields = field ? recordFields(field, s.model) : undefined;
  }
  return current;
}
