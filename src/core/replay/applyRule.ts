import type { FieldDef, FieldShape, Model, UpdateOp, UpdateRule, ValueNode } from '../model/model.js';
import type { Range } from '../source.js';
import type { JsonRecord, JsonValue, ReplayProblemKind } from './types.js';
import { resolveValue, type ReplayMeta, type ValueScope } from './resolveValue.js';
import { isRecord, ownValue, readPath, recordFields, sameValue, withKey, withoutKey } from './values.js';

/**
 * One update rule applied to one target (a state or a row), as generated code applies it: the
 * operators in the order written, each on what the ones before it left, `$state` reading the
 * target as it was before the event. An operator that cannot apply is skipped (and reported when
 * the data, not the model, is at fault); the others still run.
 */

export interface AppliedChange {
  path: string;
  before?: JsonValue;
  after?: JsonValue;
  opRange: Range;
}

export interface RuleProblem {
  kind: ReplayProblemKind;
  message: string;
  opRange: Range;
}

export interface AppliedRule {
  /** The new target, or null when the rule deletes it. */
  after: JsonRecord | null;
  changes: AppliedChange[];
  problems: RuleProblem[];
}

/** The scope of a rule: what `$event`, `$state` and `$meta` read, and the target's fields. */
export interface RuleScope {
  model: Model;
  eventFields: Map<string, FieldDef>;
  eventData: JsonValue;
  meta: ReplayMeta;
  targetFields: Map<string, FieldDef>;
}

interface Segment {
  name: string;
  field: FieldDef;
}

/**
 * Applies a rule to `before`; never changes `before`. With `detail: false` (a bulk replay) each
 * change is only its path and operator, and the values before and after are not looked up.
 */
export function applyRule(rule: UpdateRule, before: JsonRecord, scope: RuleScope, detail = true): AppliedRule {
  const changes: AppliedChange[] = [];
  const problems: RuleProblem[] = [];
  if (rule.ops.some((o) => o.op === 'delete')) return { after: null, changes, problems };
  let target = before;
  /** The copy of the target this application made, once it made one. */
  let fresh: JsonRecord | undefined;
  let current: Exclude<UpdateOp, { op: 'delete' }> | undefined;
  const report = (kind: ReplayProblemKind, message: string) => problems.push({ kind, message, opRange: current!.pathRange });
  // One scope for every operator of the rule; `missing` reports against the operator being applied.
  // Written out rather than spread: this runs per rule per event, and a spread costs more.
  const valueScope: ValueScope = {
    model: scope.model,
    eventFields: scope.eventFields,
    eventData: scope.eventData,
    meta: scope.meta,
    state: before,
    stateFields: scope.targetFields,
    missing: (ref) => report('missing-value', `${ref} has no value in this event, so '${current!.path}' is not updated.`),
  };
  for (const op of rule.ops) {
    if (op.op === 'delete') continue;
    current = op;
    const path = resolvePath(op, scope);
    if (!path) {
      report('unknown-path', `'${op.path}' is not a field of the target.`);
      continue;
    }
    // Only inc, push and remove read what the path holds.
    const previous = detail || op.op === 'inc' || op.op === 'push' || op.op === 'remove' ? readPath(target, path.names) : undefined;
    const next = applyOp(op, path.segments, target, previous, valueScope, report, fresh);
    if (next === undefined) continue;
    // The first write copies the target; later ones write into that copy, which nothing else holds.
    if (next !== target) fresh = next;
    target = next;
    changes.push(detail ? appliedChange(op.path, previous, readPath(target, path.names), op.pathRange) : path.change);
  }
  return { after: target, changes, problems };
}

/** A change with only the values that are present (built without spreads: this runs per operator per event). */
function appliedChange(path: string, before: JsonValue | undefined, after: JsonValue | undefined, opRange: Range): AppliedChange {
  if (before !== undefined) return after !== undefined ? { path, before, after, opRange } : { path, before, opRange };
  return after !== undefined ? { path, after, opRange } : { path, opRange };
}

interface ResolvedPath {
  segments: Segment[];
  names: string[];
  /** The change a bulk replay records for the operator: its path and range, made once. */
  change: AppliedChange;
}

/**
 * An operator's path, resolved once per target's fields: the model is not changed while it is
 * replayed, and replaying a long file applies the same operators again and again.
 */
const resolvedPaths = new WeakMap<UpdateOp, { fields: Map<string, FieldDef>; path: ResolvedPath | undefined }>();

function resolvePath(op: Exclude<UpdateOp, { op: 'delete' }>, scope: RuleScope): ResolvedPath | undefined {
  const cached = resolvedPaths.get(op);
  if (cached && cached.fields === scope.targetFields) return cached.path;
  const segments: Segment[] = [];
  let fields: Map<string, FieldDef> | undefined = scope.targetFields;
  let path: ResolvedPath | undefined = { segments, names: [], change: { path: op.path, opRange: op.pathRange } };
  for (const name of op.path.split('.')) {
    const field = fields?.get(name);
    if (!field) {
      path = undefined;
      break;
    }
    segments.push({ name, field });
    fields = recordFields(field, scope.model);
  }
  if (path) path.names = segments.map((s) => s.name);
  resolvedPaths.set(op, { fields: scope.targetFields, path });
  return path;
}

/** The target after one operator, or undefined when the operator is skipped. */
function applyOp(
  op: Exclude<UpdateOp, { op: 'delete' }>,
  segments: Segment[],
  target: JsonRecord,
  previous: JsonValue | undefined,
  s: ValueScope,
  report: (kind: ReplayProblemKind, message: string) => void,
  fresh: JsonRecord | undefined,
): JsonRecord | undefined {
  const write = (value: JsonValue | undefined) => writePath(target, segments, value, fresh);
  const last = segments[segments.length - 1]!.field;
  if (op.op === 'unset') return last.optional ? write(undefined) : undefined;
  if (op.op === 'set') {
    const value = resolveValue(op.value, last, s);
    // An absent value clears an optional field and leaves a required one as it is.
    if (value === undefined) return last.optional ? write(undefined) : undefined;
    return write(value);
  }
  if (op.op === 'inc') {
    const amount = resolveValue(op.value, { type: last.type, optional: false }, s);
    if (amount === undefined) return undefined;
    if (typeof amount !== 'number') {
      report('not-a-number', `inc adds a number to '${op.path}', but the amount is ${JSON.stringify(amount)}.`);
      return undefined;
    }
    const current = previous ?? 0;
    if (typeof current !== 'number') {
      report('not-a-number', `inc adds to '${op.path}', which holds ${JSON.stringify(current)}, not a number.`);
      return undefined;
    }
    return write(current + amount);
  }
  if (last.type.kind !== 'array') return undefined;
  const element: FieldShape = { type: last.type.element, optional: false };
  const list = previous ?? [];
  if (!Array.isArray(list)) {
    report('not-a-list', `${op.op} changes the list '${op.path}', which holds ${JSON.stringify(list)}.`);
    return undefined;
  }
  if (op.op === 'push') {
    const item = resolveValue(op.value, element, s);
    return item === undefined ? undefined : write([...list, item]);
  }
  const matches = matcher(op.value, element, s);
  return matches ? write(list.filter((x) => !matches(x))) : undefined;
}

/** What a `remove` value matches: a partial record matches every element whose listed fields all match. */
function matcher(v: ValueNode, shape: FieldShape, s: ValueScope): ((x: JsonValue) => boolean) | undefined {
  const fields = recordFields(shape, s.model);
  if (v.kind === 'map' && fields) {
    const checks: ((x: JsonValue) => boolean)[] = [];
    for (const [key, entry] of v.entries) {
      const field = fields.get(key);
      if (!field) continue;
      if (entry.value.kind === 'scalar' && entry.value.value === null) {
        checks.push((x) => ownValue(x, key) === undefined);
        continue;
      }
      const inner = entry.value.kind === 'map' && recordFields(field, s.model) ? matcher(entry.value, field, s) : equalTo(entry.value, field, s);
      if (!inner) return undefined;
      checks.push((x) => {
        const value = ownValue(x, key);
        return value !== undefined && inner(value);
      });
    }
    return (x) => checks.every((c) => c(x));
  }
  return equalTo(v, shape, s);
}

function equalTo(v: ValueNode, shape: FieldShape, s: ValueScope): ((x: JsonValue) => boolean) | undefined {
  const value = resolveValue(v, shape, s);
  return value === undefined ? undefined : (x) => sameValue(x, value);
}

/**
 * The target with a value written at a path (undefined: the key removed). Records on the way
 * are rebuilt; a missing optional record on the way skips the write, a missing required one is
 * created, as the spread in generated code creates it.
 */
function writePath(target: JsonRecord, segments: Segment[], value: JsonValue | undefined, fresh?: JsonRecord, from = 0): JsonRecord | undefined {
  const first = segments[from];
  if (!first) return target;
  if (from === segments.length - 1) {
    if (target === fresh) return writeOwnKey(target, first.name, value);
    return value === undefined ? withoutKey(target, first.name) : withKey(target, first.name, value);
  }
  const child = ownValue(target, first.name);
  if (child === undefined && first.field.optional) return undefined;
  const inner = writePath(isRecord(child) ? child : {}, segments, value, undefined, from + 1);
  if (inner === undefined) return undefined;
  return target === fresh ? writeOwnKey(target, first.name, inner) : withKey(target, first.name, inner);
}

/**
 * Writes a key into a record this application made (absent: removes it), in place: the key
 * keeps its place, a new key goes last, as with a spread. `__proto__` is defined as a plain key.
 */
function writeOwnKey(record: JsonRecord, key: string, value: JsonValue | undefined): JsonRecord {
  if (value === undefined) delete record[key];
  else if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
  return record;
}
