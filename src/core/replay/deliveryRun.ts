import type { Model } from '../model/model.js';
import type { Range } from '../source.js';
import { Replayer, type ReplayOptions } from './replayer.js';
import type { JsonRecord, JsonValue, Provenance, ReplayChange, ReplayEvent, ReplayStep, ReplayTarget } from './types.js';
import { isRecord, ownValue, readPath, sameValue, withKey, withoutKey } from './values.js';

/**
 * The replays of the delivery checks: events applied in a delivery order, each keeping its log
 * position, with what is needed to compare two of them: the final states, who wrote each value,
 * and each target's state after every event that changed it.
 */

/** A target's state, as the changes of the steps left it, after one event that changed it. */
interface Touch {
  /** The event's log index (from 0). */
  index: number;
  state: JsonRecord | undefined;
  /** The paths the event changed. */
  paths: string[];
}

interface Final {
  target: ReplayTarget;
  state: JsonRecord;
  provenance: Provenance;
}

export interface Run {
  /** The stream of each event, by log index. */
  streams: (string | undefined)[];
  problems: number;
  /** The states at the end, in the order they appeared. */
  finals: Map<string, Final>;
  /** Per target, its state after each event that changed it, in delivery order. */
  history: Map<string, Touch[]>;
  /** Per target, the last change made to it (what deleted a row that is gone), and the event's log index. */
  last: Map<string, { change: ReplayChange; index: number }>;
  /** The delivery slot of each event, by log index. */
  slot: number[];
  /** The log index of each step, by the step's position (the replayer numbers steps as they arrive). */
  indexOfStep: Map<number, number>;
}

/** Replays the events in the given order (log indexes). */
export function run(model: Model, events: readonly ReplayEvent[], order: readonly number[], options: ReplayOptions, positional: boolean): Run {
  const replayer = new Replayer(model, options);
  const out: Run = { streams: new Array<string | undefined>(events.length), problems: 0, finals: new Map(), history: new Map(), last: new Map(), slot: new Array<number>(events.length), indexOfStep: new Map() };
  // Each target's state rebuilt from the steps' changes: the replayer gives states only at the end.
  const shadow = new Map<string, JsonRecord | undefined>();
  order.forEach((index, slot) => {
    const step = deliver(replayer, events[index]!, index + 1, positional);
    out.slot[index] = slot;
    out.indexOfStep.set(step.position, index);
    out.streams[index] = step.stream?.name;
    out.problems += step.problems.length;
    const touched = new Map<string, string[]>();
    for (const change of step.changes) {
      const key = targetKey(change.target);
      out.last.set(key, { change, index });
      shadow.set(key, applyChange(shadow.get(key), change));
      // A row's creation writes the fields it starts with, not every path.
      const written = change.path === '' && isRecord(change.after) ? Object.keys(change.after) : [change.path];
      const paths = touched.get(key);
      if (paths) paths.push(...written);
      else touched.set(key, written);
    }
    for (const [key, paths] of touched) {
      let history = out.history.get(key);
      if (!history) out.history.set(key, (history = []));
      history.push({ index, state: shadow.get(key), paths });
    }
  });
  for (const a of replayer.aggregates()) {
    const target: ReplayTarget = { kind: 'aggregate', name: a.aggregate, id: a.id };
    out.finals.set(targetKey(target), { target, state: a.state, provenance: a.provenance });
  }
  for (const p of replayer.projections()) {
    for (const r of p.rows) {
      const target: ReplayTarget = { kind: 'projection', name: p.projection, key: r.key };
      out.finals.set(targetKey(target), { target, state: r.row, provenance: r.provenance });
    }
  }
  return out;
}

/**
 * Applies an event as delivered at its place in the log, so `$meta.position` reads the event's
 * log position however it arrives. The replayer numbers events as they arrive, so when a rule
 * reads the position, the replayer is first set to the position before the event's: its own
 * change set (the few records written since the last one, as they are now) applied again with
 * that position, which leaves the state as it is.
 */
export function deliver(replayer: Replayer, event: ReplayEvent, position: number, positional: boolean): ReplayStep {
  if (positional && replayer.position !== position - 1) replayer.applyChangeSet({ ...replayer.changeSet(), position: position - 1 });
  return replayer.apply(event, { commands: false });
}

/**
 * What a step did to each path of each target: the value before its first change and after its
 * last, so operators that undo each other (a `remove`, then a `push` of the same element) count
 * as the one change they make together.
 */
export function netChanges(changes: readonly ReplayChange[]): ReplayChange[] {
  const net = new Map<string, ReplayChange>();
  for (const c of changes) {
    const key = `${targetKey(c.target)}\u0000${c.path}`;
    const seen = net.get(key);
    if (!seen) {
      net.set(key, { ...c });
      continue;
    }
    if ('after' in c) seen.after = c.after;
    else delete seen.after;
    if (c.opRange) seen.opRange = c.opRange;
  }
  return [...net.values()];
}

/** A path that ends differently in a reordered replay, and a rule that wrote it there or in the straight one. */
export interface Candidate {
  target: ReplayTarget;
  path: string;
  ruleRange: Range;
  opRange?: Range;
  /** Log position (from 1) and source range of the event where the states first differ. */
  position: number;
  eventRange: Range;
  expected?: JsonValue;
  actual?: JsonValue;
  /** The event that wrote the other replay's final value. */
  deliveredPosition?: number;
  /** Whether the values agree right after each event, so `position` is the event that wrote the straight replay's final value. */
  lastWrites?: boolean;
  /** The rule (and operator) that wrote the path in the other replay, when it is another rule. */
  otherRuleRange?: Range;
  otherOpRange?: Range;
}

/** Who wrote a value in one replay: the rule, the operator, and the event's log index. */
interface Writer {
  ruleRange: Range;
  opRange?: Range;
  index: number;
}

/** The paths whose final values differ between two replays, each with the rules that wrote it in either. */
export function compare(straight: Run, other: Run, events: readonly ReplayEvent[]): Candidate[] {
  const out: Candidate[] = [];
  const keys = [...straight.finals.keys(), ...[...other.finals.keys()].filter((k) => !straight.finals.has(k))];
  for (const key of keys) {
    const a = straight.finals.get(key);
    const b = other.finals.get(key);
    const target = (a ?? b)!.target;
    for (const path of differingPaths(a?.state, b?.state, '', 0)) {
      const mine = writer(straight, key, path);
      const theirs = writer(other, key, path);
      if (!mine && !theirs) continue;
      // Right after each event the values may agree (as when the last `set` delivered wins): the
      // event to look at is then the one that wrote the straight replay's final value.
      const first = divergence(straight, other, key, path);
      const at = { position: first ?? (mine ?? theirs)!.index + 1, ...(theirs ? { delivered: theirs.index + 1 } : {}), lastWrites: first === undefined };
      const expected = valueAt(a?.state, path);
      const actual = valueAt(b?.state, path);
      const writers = (mine && theirs && rangeKey(mine.ruleRange) === rangeKey(theirs.ruleRange) ? [mine] : [mine, theirs]).filter((w) => w !== undefined);
      for (const w of writers) {
        const otherWriter = writers.find((x) => x !== w);
        out.push({
          target,
          path,
          ruleRange: w.ruleRange,
          ...(w.opRange ? { opRange: w.opRange } : {}),
          position: at.position,
          eventRange: events[at.position - 1]!.range,
          ...(expected !== undefined ? { expected } : {}),
          ...(actual !== undefined ? { actual } : {}),
          ...(at.delivered !== undefined ? { deliveredPosition: at.delivered } : {}),
          ...(at.lastWrites ? { lastWrites: true } : {}),
          ...(otherWriter ? { otherRuleRange: otherWriter.ruleRange, ...(otherWriter.opRange ? { otherOpRange: otherWriter.opRange } : {}) } : {}),
        });
      }
    }
  }
  return out;
}

/** Paths where two states differ: into records on both sides, otherwise the whole value. */
function differingPaths(a: JsonValue | undefined, b: JsonValue | undefined, prefix: string, depth: number): string[] {
  if (isRecord(a) && isRecord(b) && depth < 32) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.prototype.hasOwnProperty.call(a, k))];
    return keys.flatMap((k) => differingPaths(ownValue(a, k), ownValue(b, k), prefix === '' ? k : `${prefix}.${k}`, depth + 1));
  }
  return sameValue(a, b) ? [] : [prefix];
}

/**
 * The log position of the first event of the straight replay that wrote a path (or a path above
 * or below it) right after which the value there differs from the other replay's right after the
 * same event. Undefined when they agree after each.
 */
function divergence(straight: Run, other: Run, key: string, path: string): number | undefined {
  const mine = straight.history.get(key) ?? [];
  const theirs = other.history.get(key) ?? [];
  const slots = theirs.map((t) => other.slot[t.index]!);
  for (const s of mine) {
    if (!s.paths.some((p) => overlaps(p, path))) continue;
    // The other replay's last change of the target at or before this event's delivery.
    const slot = other.slot[s.index]!;
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (slots[mid]! <= slot) lo = mid + 1;
      else hi = mid;
    }
    const o = lo > 0 ? theirs[lo - 1] : undefined;
    if (!sameValue(valueAt(s.state, path), valueAt(o?.state, path))) return s.index + 1;
  }
  return undefined;
}

/** Who wrote the value at a path in a replay: its provenance, or what deleted a row that is gone. */
function writer(r: Run, key: string, path: string): Writer | undefined {
  const final = r.finals.get(key);
  if (!final) {
    const last = r.last.get(key);
    return last ? { ruleRange: last.change.ruleRange, ...(last.change.opRange ? { opRange: last.change.opRange } : {}), index: last.index } : undefined;
  }
  // The longest written prefix. The row's creation (`''`) answers only for the whole row: when
  // nothing wrote the path itself, the other replay's writer is the one to look at.
  const own = (p: string) => (Object.prototype.hasOwnProperty.call(final.provenance, p) ? final.provenance[p] : undefined);
  const names = path === '' ? [] : path.split('.');
  let w = path === '' ? own('') : undefined;
  for (let n = names.length; n >= 1 && !w; n--) w = own(names.slice(0, n).join('.'));
  // Position 0 is the aggregate's `initial`, which no delivery order changes.
  if (!w || w.position === 0) return undefined;
  const index = r.indexOfStep.get(w.position);
  return index === undefined ? undefined : { ruleRange: w.ruleRange, ...(w.opRange ? { opRange: w.opRange } : {}), index };
}

/** Whether a write at one path changes the value at the other. */
function overlaps(a: string, b: string): boolean {
  return a === '' || b === '' || a === b || a.startsWith(b + '.') || b.startsWith(a + '.');
}

export function targetKey(t: ReplayTarget): string {
  // Names are identifiers, so a NUL never occurs in them; after the name, the rest is the id or key.
  return t.kind === 'aggregate' ? `a\u0000${t.name}\u0000${t.id}` : `p\u0000${t.name}\u0000${t.key}`;
}

export function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}

function valueAt(state: JsonValue | undefined, path: string): JsonValue | undefined {
  return path === '' ? state : readPath(state, path.split('.'));
}

/** A state after one change: its path set to the value after it (absent: removed). */
function applyChange(state: JsonRecord | undefined, c: ReplayChange): JsonRecord | undefined {
  if (c.path === '') return isRecord(c.after) ? c.after : undefined;
  return writeDotted(state ?? {}, c.path.split('.'), c.after);
}

function writeDotted(record: JsonRecord, names: readonly string[], v: JsonValue | undefined): JsonRecord {
  const [first, ...rest] = names;
  if (first === undefined) return record;
  if (rest.length === 0) return v === undefined ? withoutKey(record, first) : withKey(record, first, v);
  const child = ownValue(record, first);
  return withKey(record, first, writeDotted(isRecord(child) ? child : {}, rest, v));
}
