import type { FieldDef, FieldShape, Model, UpdateRule, ValueNode } from '../model/model.js';
import type { Range } from '../source.js';
import type { JsonRecord, JsonValue } from './types.js';
import { ownValue, recordFields, sameValue } from './values.js';

/**
 * The rules most models are made of, prepared once for a bulk replay: `set`, `unset`, `inc`,
 * `push` and `remove` on a field of the target (no dots), with values that are literals,
 * `$event.<field>`, or (for a list of records) records of those. Applying one is
 * a copy of the record and a write per operator, exactly what `applyRule` does for such a rule
 * (same result, same key order, same changes), without its general machinery. Whenever the
 * general rule would report a problem (a required value missing, an `inc` that is not on
 * numbers), the prepared rule gives up before changing anything, and the caller applies the
 * rule the general way, which reports it.
 */

/** What a write is noted as: the path (a field) and the operator's range. */
export interface Wrote {
  path: string;
  opRange: Range;
}

/** The writes of one rule application: the first `count` of `list` (reused from step to step). */
export class Writes {
  readonly list: Wrote[] = [];
  count = 0;
}

/** A value read from the event, or written in the rule. */
type Source = { literal: JsonValue; from?: undefined } | { literal?: undefined; from: string; fromOptional: boolean };

/** One field of a record a rule builds (`push`) or matches (`remove`); `absent`: matches a record without the field. */
interface RecordEntry {
  key: string;
  source: Source | 'absent';
  /** Whether the record's field is optional (an absent value leaves it out instead of making the record absent). */
  optional: boolean;
}

type QuickOp = { key: string; wrote: Wrote } & (
  | { kind: 'value'; value: JsonValue }
  /** A field the rule clears: an absent value on an optional field. */
  | { kind: 'clear' }
  | { kind: 'event'; from: string; fromOptional: boolean; targetOptional: boolean }
  | { kind: 'inc'; amount: number | undefined; from: string | undefined; fromOptional: boolean }
  /** `push` of one value, or of a record made of entries. */
  | { kind: 'push'; item: Source | RecordEntry[] }
  /** `remove` of the elements equal to a value, or matching every entry of a partial record. */
  | { kind: 'remove'; match: Source | RecordEntry[] }
);

export interface QuickRule {
  readonly ops: readonly QuickOp[];
  /** The operator of each path, when no path is written by two operators (then one record serves a step's writes). */
  readonly opRanges?: ReadonlyMap<string, Range>;
}

/** Given up: the rule must be applied the general way. */
export const GIVE_UP = Symbol('give up');

/** The rule prepared for a target with these fields and an event with these, or undefined when it is not one of the simple kind. */
export function quickRule(rule: UpdateRule, targetFields: Map<string, FieldDef>, eventFields: Map<string, FieldDef>, model: Model): QuickRule | undefined {
  const ops: QuickOp[] = [];
  const source = (v: ValueNode): Source | undefined =>
    v.kind === 'scalar' ? { literal: v.value }
    : v.kind === 'ref' && v.source === 'event' && v.path.length === 1 ? { from: v.path[0]!, fromOptional: eventFields.get(v.path[0]!)?.optional === true }
    : undefined;
  /** The entries of a record value for a list's elements; undefined when one is not simple. */
  const entries = (v: Extract<ValueNode, { kind: 'map' }>, element: FieldShape, matching: boolean): RecordEntry[] | undefined => {
    const fields = recordFields(element, model);
    if (!fields) return matching ? undefined : [];
    const out: RecordEntry[] = [];
    for (const [key, entry] of v.entries) {
      const field = fields.get(key);
      if (!field) continue;
      const value = entry.value;
      if (value.kind === 'scalar' && value.value === null) {
        // Left out of a record a rule builds; in a match, the element must not have the field.
        if (matching) out.push({ key, source: 'absent', optional: field.optional });
        continue;
      }
      const from = source(value);
      if (!from) return undefined;
      out.push({ key, source: from, optional: field.optional });
    }
    return out;
  };
  for (const op of rule.ops) {
    if (op.op === 'delete' || op.path.includes('.')) return undefined;
    const target = targetFields.get(op.path);
    if (!target) return undefined;
    const key = op.path;
    const wrote: Wrote = { path: op.path, opRange: op.pathRange };
    if (op.op === 'push' || op.op === 'remove') {
      if (target.type.kind !== 'array') return undefined;
      const element: FieldShape = { type: target.type.element, optional: false };
      const v = op.value;
      const value = v.kind === 'map' ? entries(v, element, op.op === 'remove') : source(v);
      if (!value) return undefined;
      ops.push(op.op === 'push' ? { kind: 'push', key, wrote, item: value } : { kind: 'remove', key, wrote, match: value });
      continue;
    }
    if (op.op === 'unset') {
      // An unset of a required field changes nothing.
      if (target.optional) ops.push({ kind: 'clear', key, wrote });
      continue;
    }
    const v = op.value;
    let from: string | undefined;
    let literal: JsonValue | undefined;
    if (v.kind === 'scalar') literal = v.value === null ? undefined : v.value;
    else if (v.kind === 'ref' && v.source === 'event' && v.path.length === 1) from = v.path[0]!;
    else return undefined;
    const fromOptional = from !== undefined && eventFields.get(from)?.optional === true;
    if (op.op === 'inc') {
      if (from === undefined && typeof literal !== 'number') return undefined;
      ops.push({ kind: 'inc', key, wrote, amount: from === undefined ? (literal as number) : undefined, from, fromOptional });
    } else if (from !== undefined) {
      ops.push({ kind: 'event', key, wrote, from, fromOptional, targetOptional: target.optional });
    } else if (literal !== undefined) {
      ops.push({ kind: 'value', key, wrote, value: literal });
    } else if (target.optional) {
      ops.push({ kind: 'clear', key, wrote });
    }
  }
  const opRanges = new Map<string, Range>();
  for (const op of rule.ops) if (op.op !== 'delete') opRanges.set(op.path, op.pathRange);
  const once = opRanges.size === rule.ops.length;
  return once ? { ops, opRanges } : { ops };
}

/**
 * Applies a prepared rule to `before` (never changed). The writes are noted in `writes`, in
 * order, and the new record is returned (`before` itself when nothing was written); GIVE_UP
 * when the general rule would report a problem.
 */
export function applyQuickRule(rule: QuickRule, before: JsonRecord, data: JsonValue, writes: Writes): JsonRecord | typeof GIVE_UP {
  const wrote = writes.list;
  let next: JsonRecord | undefined;
  let n = 0;
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : undefined;
  for (const op of rule.ops) {
    let value: JsonValue | undefined;
    if (op.kind === 'value') value = op.value;
    else if (op.kind === 'event') {
      value = record && Object.prototype.hasOwnProperty.call(record, op.from) ? record[op.from] : undefined;
      if (value === undefined) {
        if (!op.fromOptional) return GIVE_UP;
        // An absent optional value clears an optional field and leaves a required one.
        if (!op.targetOptional) continue;
      }
    } else if (op.kind === 'push' || op.kind === 'remove') {
      const holder = next ?? before;
      const list = (Object.prototype.hasOwnProperty.call(holder, op.key) ? holder[op.key] : undefined) ?? [];
      if (!Array.isArray(list)) return GIVE_UP;
      if (op.kind === 'push') {
        const item = Array.isArray(op.item) ? buildRecord(op.item, record) : read(op.item, record);
        if (item === GIVE_UP) return GIVE_UP;
        if (item === undefined) continue;
        value = [...list, item];
      } else {
        const match = op.match;
        if (Array.isArray(match)) {
          const wanted = matchValues(match, record);
          if (wanted === GIVE_UP) return GIVE_UP;
          if (wanted === undefined) continue;
          value = list.filter((x) => !matchesAll(x, match, wanted));
        } else {
          const wanted = read(match, record);
          if (wanted === GIVE_UP) return GIVE_UP;
          if (wanted === undefined) continue;
          value = list.filter((x) => !sameValue(x, wanted));
        }
      }
    } else if (op.kind === 'inc') {
      let amount = op.amount;
      if (op.from !== undefined) {
        const v = record && Object.prototype.hasOwnProperty.call(record, op.from) ? record[op.from] : undefined;
        if (v === undefined) {
          if (!op.fromOptional) return GIVE_UP;
          continue;
        }
        if (typeof v !== 'number') return GIVE_UP;
        amount = v;
      }
      const holder = next ?? before;
      const current = Object.prototype.hasOwnProperty.call(holder, op.key) ? holder[op.key] : undefined;
      const base = current ?? 0;
      if (typeof base !== 'number') return GIVE_UP;
      value = base + amount!;
    }
    if (!next) next = { ...before };
    if (value === undefined) delete next[op.key];
    else if (op.key === '__proto__') Object.defineProperty(next, op.key, { value, writable: true, enumerable: true, configurable: true });
    else next[op.key] = value;
    wrote[n++] = op.wrote;
  }
  writes.count = n;
  return next ?? before;
}

/** A value from the rule or the event: undefined when absent, GIVE_UP when a required one is (the general rule reports it). */
function read(source: Source, data: JsonRecord | undefined): JsonValue | undefined | typeof GIVE_UP {
  if (source.from === undefined) return source.literal === null ? undefined : source.literal;
  const v = data && Object.prototype.hasOwnProperty.call(data, source.from) ? data[source.from] : undefined;
  return v === undefined && !source.fromOptional ? GIVE_UP : v;
}

/** The record a `push` adds: entries in order; an absent value leaves out an optional field and makes the record absent for a required one. */
function buildRecord(entries: readonly RecordEntry[], data: JsonRecord | undefined): JsonRecord | undefined | typeof GIVE_UP {
  const out: JsonRecord = {};
  for (const entry of entries) {
    const value = read(entry.source as Source, data);
    if (value === GIVE_UP) return GIVE_UP;
    if (value === undefined) {
      if (entry.optional) continue;
      return undefined;
    }
    if (entry.key === '__proto__') Object.defineProperty(out, entry.key, { value, writable: true, enumerable: true, configurable: true });
    else out[entry.key] = value;
  }
  return out;
}

/** The values a `remove` compares, by entry (undefined for `absent`); undefined when one is absent (nothing is removed). */
function matchValues(entries: readonly RecordEntry[], data: JsonRecord | undefined): (JsonValue | undefined)[] | undefined | typeof GIVE_UP {
  const values: (JsonValue | undefined)[] = [];
  for (const entry of entries) {
    if (entry.source === 'absent') {
      values.push(undefined);
      continue;
    }
    const value = read(entry.source, data);
    if (value === GIVE_UP) return GIVE_UP;
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function matchesAll(x: JsonValue, entries: readonly RecordEntry[], values: readonly (JsonValue | undefined)[]): boolean {
  for (let i = 0; i < entries.length; i++) {
    const own = ownValue(x, entries[i]!.key);
    if (entries[i]!.source === 'absent' ? own !== undefined : own === undefined || !sameValue(own, values[i])) return false;
  }
  return true;
}
