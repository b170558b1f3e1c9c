import type { Model, UpdateOp, UpdateRule } from '../model/model.js';
import type { Range } from '../source.js';
import { deliveryMessage, type RuleInfo } from './deliveryMessages.js';
import { deliveryOrder, type DeliveryOrder } from './deliveryOrder.js';
import { compare, deliver, netChanges, rangeKey, run, type Candidate } from './deliveryRun.js';
import { Replayer, type ReplayOptions } from './replayer.js';
import type { JsonValue, ReplayEvent, ReplayTarget } from './types.js';
import { sameValue, someReference } from './values.js';

/**
 * Delivery checks: the events replayed as a consumer may receive them, compared with the
 * straight replay. With at-least-once delivery a handler sees an event more than once, and
 * events of different streams arrive interleaved in any order; a rule that gives a different
 * state then is reported, once per rule and check, with where the states first differ.
 *
 * A delivered event keeps what the log says about it: a redelivered or reordered event has the
 * same `$meta.position`, `$meta.stream` and `$meta.timestamp` as in the straight replay.
 */

/**
 * - `redelivery`: every event delivered twice in a row. A rule whose second application changes
 *   the state (a value before it differs from the value after it) is not idempotent.
 * - `interleaving`: the streams interleaved differently (each stream's order kept; an event with
 *   no stream may arrive anywhere). A rule that wrote a value that ends differently is order-dependent.
 * - `stream-window`: the events of each stream reordered within blocks of `window` events.
 */
export type DeliveryCheck = 'redelivery' | 'interleaving' | 'stream-window';

export interface DeliveryOptions extends ReplayOptions {
  /** Deliver every event twice (default true). */
  redelivery?: boolean;
  /** Interleave the streams otherwise: round-robin, stream by stream, stream by stream from the last, and `shuffles` seeded shuffles (default true). */
  interleaving?: boolean;
  /** Reorder each stream's events within blocks of this many events (2 or more; off when absent). */
  window?: number;
  /** How many seeded shuffles each reordering check adds to its fixed orders (default 0, at most 100). */
  shuffles?: number;
  /** The seed of the first shuffle; the next ones use the following integers (default 1). */
  seed?: number;
}

/** One rule that gives a different state when events are delivered another way. Plain data. */
export interface DeliveryFinding {
  check: DeliveryCheck;
  /** `warning` for a projection (its handler must cope); `info` for an aggregate (the event store reads it a stream at a time, once, in order). */
  severity: 'warning' | 'info';
  /** The rule's owner: an aggregate (its `evolve`) or a projection (its `on`). */
  owner: { kind: 'aggregate' | 'projection'; name: string };
  /** The event the rule is for. */
  event: string;
  /** The rule (the `evolve` or `on` entry) in the model. */
  ruleRange: Range;
  /** The operator that wrote the path, its key (`inc:`), and the path within it; absent when a row's creation or deletion is what differs. */
  operator?: UpdateOp['op'];
  operatorRange?: Range;
  opRange?: Range;
  /** The first aggregate instance or projection row where it showed. */
  target: ReplayTarget;
  /** The path that differs (`''`: the whole row, present in one delivery and not the other). */
  path: string;
  /** Every path this rule made differ, `path` first. */
  paths: string[];
  /**
   * The event (log position from 1) where the states first differ, and its entry in the source.
   * For `redelivery` the event delivered twice. For a reordering, the first event after which
   * the straight and the reordered values at the path differ (each right after that event), or,
   * when they agree after each event (the last `set` delivered wins), the event that wrote the
   * straight replay's final value.
   */
  position: number;
  eventRange: Range;
  /** For `redelivery`: the value after the first delivery and after the second. Otherwise the final value of the straight replay and of the reordered one. Absent: no value. */
  expected?: JsonValue;
  actual?: JsonValue;
  /** For the reordering checks: the order that showed it, and the event that wrote that order's final value. */
  order?: DeliveryOrder;
  deliveredPosition?: number;
  /** For the reordering checks: the rule that wrote the path in the other replay, when it is another rule. */
  otherRule?: { owner: { kind: 'aggregate' | 'projection'; name: string }; event: string; ruleRange: Range };
  /** How many events (`redelivery`) or target paths (in `order`) showed it. */
  occurrences: number;
  message: string;
}

export interface DeliveryReport {
  /** Ordered by check, then position, then the rule's place in the model. */
  findings: DeliveryFinding[];
  /** The reorderings replayed and compared (an order that changes nothing is skipped). */
  orders: DeliveryOrder[];
  events: number;
  streams: number;
  /** Problems of the straight replay; the checks compare with it, so fix these first. */
  problems: number;
}

/** Replays the events delivered twice and reordered, and reports the rules that change the outcome. Never throws. */
export function checkDelivery(model: Model, events: readonly ReplayEvent[], options: DeliveryOptions = {}): DeliveryReport {
  const replay: ReplayOptions = options.metadata === false ? { metadata: false } : {};
  const positional = options.metadata !== false && readsPosition(model);
  const rules = ruleIndex(model);
  const straight = run(model, events, events.map((_, i) => i), replay, positional);
  const streams = straight.streams;
  const found = new Findings(rules);
  const orders: DeliveryOrder[] = [];

  if (options.redelivery !== false) redeliver(model, events, replay, positional, found);

  const shuffles = Math.max(0, Math.min(100, Math.floor(finite(options.shuffles, 0))));
  const seed = Math.floor(finite(options.seed, 1));
  const reorderings: [DeliveryCheck, DeliveryOrder][] = [];
  if (options.interleaving !== false) {
    for (const kind of ['round-robin', 'stream-by-stream', 'streams-reversed'] as const) reorderings.push(['interleaving', { kind }]);
    for (let i = 0; i < shuffles; i++) reorderings.push(['interleaving', { kind: 'shuffle', seed: seed + i }]);
  }
  const window = Math.floor(finite(options.window, 0));
  if (window >= 2) {
    reorderings.push(['stream-window', { kind: 'window-reversed', size: window }]);
    for (let i = 0; i < shuffles; i++) reorderings.push(['stream-window', { kind: 'window-shuffle', size: window, seed: seed + i }]);
  }
  for (const [check, order] of reorderings) {
    const permutation = deliveryOrder(streams, order);
    if (permutation.every((index, i) => index === i)) continue;
    orders.push(order);
    const other = run(model, events, permutation, replay, positional);
    found.addOrder(check, order, compare(straight, other, events));
  }

  return { findings: found.list(), orders, events: events.length, streams: new Set(streams.filter((s) => s !== undefined)).size, problems: straight.problems };
}

/** One finding as a line of text: severity, what it is, and the message (the caller puts the place in front). */
export function formatDeliveryFinding(f: DeliveryFinding): string {
  return `${f.severity} ${CODES[f.check]} ${f.message}`;
}

const CODES: Record<DeliveryCheck, string> = { redelivery: 'not-idempotent', interleaving: 'order-dependent', 'stream-window': 'stream-order-dependent' };
const CHECK_ORDER: DeliveryCheck[] = ['redelivery', 'interleaving', 'stream-window'];

/** Every event delivered twice in a row: what the second delivery changes is not idempotent. */
function redeliver(model: Model, events: readonly ReplayEvent[], options: ReplayOptions, positional: boolean, found: Findings): void {
  const replayer = new Replayer(model, options);
  events.forEach((event, index) => {
    deliver(replayer, event, index + 1, positional);
    const again = deliver(replayer, event, index + 1, positional);
    for (const c of netChanges(again.changes)) {
      if (sameValue(c.before, c.after)) continue;
      found.add('redelivery', {
        target: c.target,
        path: c.path,
        ruleRange: c.ruleRange,
        ...(c.opRange ? { opRange: c.opRange } : {}),
        position: index + 1,
        eventRange: event.range,
        ...('before' in c ? { expected: c.before } : {}),
        ...('after' in c ? { actual: c.after } : {}),
      });
    }
  });
}

/** The model's rules by their range, with their operators by the range a change names. */
function ruleIndex(model: Model): Map<string, RuleInfo> {
  const index = new Map<string, RuleInfo>();
  const add = (owner: RuleInfo['owner'], rule: UpdateRule, keyed: boolean) => {
    const ops = new Map(rule.ops.map((op) => [rangeKey(op.op === 'delete' ? op.range : op.pathRange), op]));
    index.set(rangeKey(rule.range), { owner, event: rule.event.name, rule, keyed, ops });
  };
  for (const a of model.aggregates.values()) for (const r of a.evolve) add({ kind: 'aggregate', name: a.name }, r, true);
  for (const p of model.projections.values()) for (const r of p.on) add({ kind: 'projection', name: p.name }, r, p.key !== undefined);
  return index;
}

class Findings {
  private readonly byRule = new Map<string, DeliveryFinding & { lastPosition: number }>();

  constructor(private readonly rules: Map<string, RuleInfo>) {}

  /** A redelivery candidate; they come in log order, so the first one of a rule is its earliest. */
  add(check: DeliveryCheck, c: Candidate): void {
    const key = JSON.stringify([check, rangeKey(c.ruleRange)]);
    const seen = this.byRule.get(key);
    if (seen) {
      if (seen.lastPosition !== c.position) seen.occurrences++;
      seen.lastPosition = c.position;
      if (!seen.paths.includes(c.path)) seen.paths.push(c.path);
      return;
    }
    const finding = this.build(check, c, undefined, 1, [c.path]);
    if (finding) this.byRule.set(key, { ...finding, lastPosition: c.position });
  }

  /** The candidates of one reordering: a rule not yet found for the check is found at its earliest divergence. */
  addOrder(check: DeliveryCheck, order: DeliveryOrder, candidates: readonly Candidate[]): void {
    const byRule = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const key = JSON.stringify([check, rangeKey(c.ruleRange)]);
      if (this.byRule.has(key)) continue;
      const list = byRule.get(key);
      if (list) list.push(c);
      else byRule.set(key, [c]);
    }
    for (const [key, list] of byRule) {
      const first = list.reduce((best, c) => (c.position < best.position ? c : best));
      const paths = [...new Set([first.path, ...list.map((c) => c.path)])];
      const finding = this.build(check, first, order, list.length, paths);
      if (finding) this.byRule.set(key, { ...finding, lastPosition: first.position });
    }
  }

  list(): DeliveryFinding[] {
    return [...this.byRule.values()]
      .map(({ lastPosition: _, ...f }) => f)
      .sort(
        (a, b) =>
          CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check) ||
          a.position - b.position ||
          a.ruleRange.start.line - b.ruleRange.start.line ||
          a.ruleRange.start.character - b.ruleRange.start.character,
      );
  }

  private build(check: DeliveryCheck, c: Candidate, order: DeliveryOrder | undefined, occurrences: number, paths: string[]): DeliveryFinding | undefined {
    const rule = this.rules.get(rangeKey(c.ruleRange));
    if (!rule) return undefined;
    const op = c.opRange ? rule.ops.get(rangeKey(c.opRange)) : undefined;
    const other = c.otherRuleRange ? this.rules.get(rangeKey(c.otherRuleRange)) : undefined;
    const finding: DeliveryFinding = {
      check,
      severity: rule.owner.kind === 'projection' ? 'warning' : 'info',
      owner: rule.owner,
      event: rule.event,
      ruleRange: rule.rule.range,
      ...(op ? { operator: op.op, operatorRange: op.operatorRange, opRange: c.opRange } : {}),
      target: c.target,
      path: c.path,
      paths,
      position: c.position,
      eventRange: c.eventRange,
      ...(c.expected !== undefined ? { expected: c.expected } : {}),
      ...(c.actual !== undefined ? { actual: c.actual } : {}),
      ...(order ? { order } : {}),
      ...(c.deliveredPosition !== undefined ? { deliveredPosition: c.deliveredPosition } : {}),
      ...(other ? { otherRule: { owner: other.owner, event: other.event, ruleRange: other.rule.range } } : {}),
      occurrences,
      message: '',
    };
    const otherOp = other && c.otherOpRange ? other.ops.get(rangeKey(c.otherOpRange)) : undefined;
    finding.message = deliveryMessage(finding, { rule, op, other, otherOp, lastWrites: c.lastWrites === true });
    return finding;
  }
}

function finite(n: number | undefined, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/** Whether a rule reads `$meta.position`: only then does the position a delivery gets matter. */
function readsPosition(model: Model): boolean {
  const rules = [...[...model.aggregates.values()].flatMap((a) => a.evolve), ...[...model.projections.values()].flatMap((p) => p.on)];
  return rules.some((r) => r.ops.some((op) => op.op !== 'delete' && op.op !== 'unset' && someReference(op.value, (ref) => ref.source === 'meta' && ref.path[0] === 'position')));
}
