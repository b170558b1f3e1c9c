import type { Event, MapEntry, Model, UpcastStep, ValueNode } from '../model/model.js';
import type { Range } from '../source.js';
import type { JsonRecord, JsonValue, ReplayProblemKind, StepUpcast } from './types.js';
import { isRecord, plainValue } from './values.js';

/**
 * Upcasting: an event written with an older `version` is brought up to the version the model
 * declares through the event's declarative `upcast` steps, one step per version. A step from
 * version n gives version n + 1: `drop` first, then `rename` (all renames at once, so two fields
 * may swap names), then `default` (fills a field that is absent or null, inside a record that is
 * there). One engine serves both readers: replay, on plain JSON, and the sample checks, on
 * located values, so a problem in upcast data still points at the sample file.
 */

/** A problem met while upcasting; reported at the event, and at the upcast rule when one is involved. */
export interface UpcastProblem {
  kind: ReplayProblemKind;
  message: string;
  /** The step (or, with no step to point at, the event's `version` or `upcast` key) in the model. */
  ruleRange?: Range;
  /** The operation within the step: the `rename` or `default` entry. */
  opRange?: Range;
}

export interface UpcastResult {
  /** The data the rules read: the event's data brought up to the model's version of the event. */
  data: JsonValue;
  /** Present when at least one upcast rule was applied. */
  upcast?: StepUpcast;
  problems: UpcastProblem[];
}

/**
 * Brings an event written with an older `version` up to the version the model declares, through
 * the model's declarative upcast rules. Never throws; never changes `data`. An event without a
 * version is taken to be at the model's version.
 */
export function upcastEvent(model: Model, type: string, version: number | undefined, data: JsonValue): UpcastResult {
  const def = model.events.get(type);
  if (!def || version === undefined || version === (def.version ?? 1)) return { data, problems: [] };
  const run = runUpcast(def, version, data, JSON_TREE, def.name);
  const result: UpcastResult = { data: run.root, problems: run.problems };
  if (run.applied.length > 0) result.upcast = { from: version, to: run.to, original: data, ruleRanges: run.applied.map((s) => s.range) };
  return result;
}

/** What upcasting a sample event's located data gives: the data, the version reached and the problems. */
export interface UpcastValueResult {
  data: ValueNode;
  to: number;
  problems: UpcastProblem[];
}

/**
 * The same upcast over a sample event's located data. Moved values keep their ranges (a renamed
 * field's key is still the old key in the file); values that come from the model (defaults, and
 * records created to hold a renamed value) are placed at `anchor`, a range of the sample file.
 */
export function upcastValue(def: Event, version: number, data: ValueNode, anchor: Range, subject = def.name): UpcastValueResult {
  const run = runUpcast(def, version, { keyRange: anchor, value: data }, valueTree(anchor), subject);
  return { data: run.root.value, to: run.to, problems: run.problems };
}

/** How the engine reads and rebuilds one kind of data. `E` is a value with what travels with it. */
interface Tree<E> {
  /** The fields of the value when it is a record, in order. */
  fields(e: E): Map<string, E> | undefined;
  /** The record with its fields replaced. */
  withFields(e: E, fields: Map<string, E>): E;
  /** An empty record, to hold a renamed value whose new place is inside a record that is absent. */
  emptyRecord(): E;
  /** A default from the model. */
  literal(v: ValueNode): E;
  /** Whether the value is null (no value). */
  isNull(e: E): boolean;
  /** The value for messages. */
  describe(e: E): string;
}

const JSON_TREE: Tree<JsonValue> = {
  fields: (e) => {
    if (!isRecord(e)) return undefined;
    const fields = new Map<string, JsonValue>();
    for (const key of Object.keys(e)) fields.set(key, e[key]!);
    return fields;
  },
  withFields: (_e, fields) => {
    // Built key by key (four times faster than Object.fromEntries); `__proto__` stays a key.
    const out: JsonRecord = {};
    for (const [key, value] of fields) {
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  },
  emptyRecord: () => ({}),
  literal: (v) => plainValue(v),
  isNull: (e) => e === null,
  describe: (e) => describeJson(e),
};

function valueTree(anchor: Range): Tree<MapEntry> {
  return {
    fields: (e) => (e.value.kind === 'map' ? new Map(e.value.entries) : undefined),
    withFields: (e, fields) => ({ keyRange: e.keyRange, value: { kind: 'map', entries: fields, range: e.value.range } }),
    emptyRecord: () => ({ keyRange: anchor, value: { kind: 'map', entries: new Map(), range: anchor } }),
    literal: (v) => ({ keyRange: anchor, value: placedAt(v, anchor) }),
    isNull: (e) => e.value.kind === 'scalar' && e.value.value === null,
    describe: (e) => describeJson(plainValue(e.value)),
  };
}

/** A value from the model placed at a range of the sample file. */
function placedAt(v: ValueNode, range: Range): ValueNode {
  switch (v.kind) {
    case 'list':
      return { kind: 'list', items: v.items.map((i) => placedAt(i, range)), range };
    case 'map':
      return { kind: 'map', entries: new Map([...v.entries].map(([k, e]) => [k, { keyRange: range, value: placedAt(e.value, range) }])), range };
    default:
      return { ...v, range };
  }
}

function describeJson(v: JsonValue): string {
  if (Array.isArray(v)) return 'a list';
  if (isRecord(v)) return 'a record';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The steps of an event by the version they read; the first written wins over a duplicate. */
const stepsByFrom = new WeakMap<Event, Map<number, UpcastStep>>();

function stepsOf(def: Event): Map<number, UpcastStep> {
  let byFrom = stepsByFrom.get(def);
  if (!byFrom) {
    byFrom = new Map();
    for (const s of def.upcast?.steps ?? []) if (!byFrom.has(s.from)) byFrom.set(s.from, s);
    stepsByFrom.set(def, byFrom);
  }
  return byFrom;
}

interface Run<E> {
  root: E;
  /** The version the data reached. */
  to: number;
  applied: UpcastStep[];
  problems: UpcastProblem[];
}

/** Runs the chain from `version`; messages name the event as `subject`. */
function runUpcast<E>(def: Event, version: number, root: E, tree: Tree<E>, subject: string): Run<E> {
  const current = def.version ?? 1;
  const problems: UpcastProblem[] = [];
  const applied: UpcastStep[] = [];
  const atVersion = def.versionRange ?? def.nameRange;
  if (!Number.isInteger(version) || version < 1) {
    problems.push({ kind: 'missing-upcast', message: `${subject}: ${String(version)} is not a version (a whole number from 1); its data is read as written.`, ruleRange: atVersion });
    return { root, to: version, applied, problems };
  }
  if (version > current) {
    problems.push({
      kind: 'newer-version',
      message: `${subject} was written with version ${version}, but the model declares version ${current}: its data is read as version ${current}.`,
      ruleRange: atVersion,
    });
    return { root, to: version, applied, problems };
  }
  // Data that is not a record has no fields to move; the replay reports what it lacks.
  if (!tree.fields(root)) return { root, to: version, applied, problems };
  const byFrom = stepsOf(def);
  let v = version;
  for (; v < current; v++) {
    const step = byFrom.get(v);
    if (!step) {
      const read = v === version ? `as written, at version ${v}` : `as upcast to version ${v}`;
      problems.push({
        kind: 'missing-upcast',
        message: `${subject} was written with version ${version}, but no upcast step leads from version ${v} to ${v + 1}, so its data is read ${read}; the model's is ${current}.`,
        ruleRange: def.upcast?.range ?? atVersion,
      });
      break;
    }
    const of = `${subject}, upcast from version ${step.from}`;
    root = applyStep(step, root, tree, (message, opRange) => problems.push({ kind: 'upcast-conflict', message: `${of}: ${message}`, ruleRange: step.range, opRange }));
    applied.push(step);
  }
  return { root, to: v, applied, problems };
}

type Report = (message: string, opRange: Range) => void;
type Rename = UpcastStep['rename'][number];

/** A rename within one record: the old and new key, in the record at `parent`. */
interface KeyRename {
  rename: Rename;
  from: string;
  to: string;
}

/** A step with its paths split and its renames sorted, once per step rather than once per event. */
interface Plan {
  drops: string[][];
  inPlace: { parent: string[]; renames: KeyRename[] }[];
  moves: { rename: Rename; from: string[]; to: string[] }[];
  defaults: { path: string[]; value: ValueNode; text: string; range: Range }[];
}

const plans = new WeakMap<UpcastStep, Plan>();

function planOf(step: UpcastStep): Plan {
  let plan = plans.get(step);
  if (plan) return plan;
  const groups = new Map<string, { parent: string[]; renames: KeyRename[] }>();
  const moves: Plan['moves'] = [];
  for (const r of step.rename) {
    const from = segments(r.from.path);
    const to = segments(r.to.path);
    const last = from.length - 1;
    if (from.length !== to.length || from.some((seg, i) => i < last && seg !== to[i])) {
      moves.push({ rename: r, from, to });
      continue;
    }
    const parent = from.slice(0, last);
    const key = parent.join('.');
    const group = groups.get(key) ?? { parent, renames: [] };
    group.renames.push({ rename: r, from: from[last]!, to: to[last]! });
    groups.set(key, group);
  }
  plan = {
    drops: step.drop.map((d) => segments(d.path)),
    inPlace: [...groups.values()],
    moves,
    defaults: step.default.map((d) => ({ path: segments(d.path.path), value: d.value, text: d.path.path, range: d.path.range })),
  };
  plans.set(step, plan);
  return plan;
}

/**
 * One step: drop, then rename, then default. Renames happen at once: every value is read before
 * any is written, so two fields may swap names. A rename within one record keeps the field's
 * place among the others; a rename to another record moves the value there.
 */
function applyStep<E>(step: UpcastStep, root: E, tree: Tree<E>, report: Report): E {
  const plan = planOf(step);
  for (const path of plan.drops) root = take(root, path, tree).root;
  const moving: { entry: E; move: Plan['moves'][number] }[] = [];
  for (const move of plan.moves) {
    const taken = take(root, move.from, tree);
    root = taken.root;
    if (taken.entry !== undefined) moving.push({ entry: taken.entry, move });
  }
  for (const { parent, renames } of plan.inPlace) root = update(root, parent, tree, (record) => renameKeys(record, renames, tree, report));
  for (const { entry, move } of moving) {
    const { rename } = move;
    const put = place(root, move.to, entry, true, tree);
    if (put.blocked) {
      report(`'${rename.from.path}' cannot move to '${rename.to.path}', because '${put.blocked.path}' holds ${tree.describe(put.blocked.entry)}, not a record; it stays where it was.`, rename.to.range);
      root = place(root, move.from, entry, true, tree).root;
      continue;
    }
    root = put.root;
    if (put.replaced !== undefined && !tree.isNull(put.replaced)) replaced(rename, put.replaced, tree, report);
  }
  for (const d of plan.defaults) {
    const existing = lookup(root, d.path, tree);
    if (existing !== undefined && !tree.isNull(existing)) continue;
    const put = place(root, d.path, tree.literal(d.value), false, tree);
    if (put.blocked) {
      report(`the default of '${d.text}' is not set, because '${put.blocked.path}' holds ${tree.describe(put.blocked.entry)}, not a record.`, d.range);
      continue;
    }
    root = put.root;
  }
  return root;
}

function replaced<E>(rename: Rename, before: E, tree: Tree<E>, report: Report): void {
  report(`renaming '${rename.from.path}' to '${rename.to.path}' replaced the value '${rename.to.path}' already had (${tree.describe(before)}).`, rename.to.range);
}

/** A record with renamed keys, each in the place of the key it replaces. */
function renameKeys<E>(record: E, renames: KeyRename[], tree: Tree<E>, report: Report): E {
  const fields = tree.fields(record);
  if (!fields) return record;
  const byKey = new Map<string, KeyRename>();
  for (const r of renames) if (fields.has(r.from) && !byKey.has(r.from)) byKey.set(r.from, r);
  if (byKey.size === 0) return record;
  const targets = new Map<string, KeyRename>();
  for (const r of byKey.values()) targets.set(r.to, r);
  const out = new Map<string, E>();
  for (const [key, entry] of fields) {
    const r = byKey.get(key);
    if (r) {
      const before = out.get(r.to);
      if (before !== undefined && !tree.isNull(before)) replaced(r.rename, before, tree, report);
      out.set(r.to, entry);
      continue;
    }
    // A field that a rename replaces, and that is not renamed itself, gives way.
    const over = targets.get(key);
    if (over) {
      if (!tree.isNull(entry)) replaced(over.rename, entry, tree, report);
      continue;
    }
    out.set(key, entry);
  }
  return tree.withFields(record, out);
}

/** The root with the record at a path changed; unchanged when there is no record there. */
function update<E>(root: E, path: readonly string[], tree: Tree<E>, change: (record: E) => E): E {
  const [name, ...rest] = path;
  if (name === undefined) return change(root);
  const fields = tree.fields(root);
  const child = fields?.get(name);
  if (!fields || child === undefined) return root;
  const next = update(child, rest, tree, change);
  if (next === child) return root;
  fields.set(name, next);
  return tree.withFields(root, fields);
}

function segments(path: string): string[] {
  return path.split('.');
}

/** The value at a path, following records only. */
function lookup<E>(root: E, path: readonly string[], tree: Tree<E>): E | undefined {
  let current: E | undefined = root;
  for (const name of path) {
    const fields: Map<string, E> | undefined = current === undefined ? undefined : tree.fields(current);
    current = fields?.get(name);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The record without the value at a path, and that value; records on the way are rebuilt. */
function take<E>(record: E, path: readonly string[], tree: Tree<E>): { root: E; entry?: E } {
  const fields = tree.fields(record);
  const [name, ...rest] = path;
  if (!fields || name === undefined || !fields.has(name)) return { root: record };
  const child = fields.get(name)!;
  if (rest.length === 0) {
    fields.delete(name);
    return { root: tree.withFields(record, fields), entry: child };
  }
  const inner = take(child, rest, tree);
  if (inner.entry === undefined) return { root: record };
  fields.set(name, inner.root);
  return { root: tree.withFields(record, fields), entry: inner.entry };
}

interface Placed<E> {
  root: E;
  /** Whether the value was written. */
  written: boolean;
  /** The value that stood at the path before. */
  replaced?: E;
  /** A value on the way that is not a record, and its path. */
  blocked?: { path: string; entry: E };
}

/**
 * The record with a value written at a path. An absent record on the way is created when
 * `create` is set (a rename moves a value that must go somewhere) and makes the write a no-op
 * otherwise (a default completes a record that is there, it does not invent one).
 */
function place<E>(record: E, path: readonly string[], entry: E, create: boolean, tree: Tree<E>, done: readonly string[] = []): Placed<E> {
  const fields = tree.fields(record);
  const [name, ...rest] = path;
  if (name === undefined) return { root: record, written: false };
  if (!fields) return { root: record, written: false, blocked: { path: done.join('.'), entry: record } };
  const existing = fields.get(name);
  if (rest.length === 0) {
    fields.set(name, entry);
    return { root: tree.withFields(record, fields), written: true, ...(existing !== undefined ? { replaced: existing } : {}) };
  }
  let child = existing;
  if (child === undefined || tree.isNull(child)) {
    if (!create) return { root: record, written: false };
    child = tree.emptyRecord();
  }
  const inner = place(child, rest, entry, create, tree, [...done, name]);
  if (!inner.written) return { ...inner, root: record };
  fields.set(name, inner.root);
  return { ...inner, root: tree.withFields(record, fields) };
}
