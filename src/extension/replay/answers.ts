// The host's answers to the Replay webview, over a built timeline: windows of the event list,
// filtered lists, and the state at a position. Plain data in and out (no `vscode`), so the panel
// only wires them to its webview.
import type { DeliveryFinding } from '../../core/replay/delivery.js';
import type { ReplayStep, ReplayTarget } from '../../core/replay/types.js';
import type { ReplayTimeline, StateAt } from '../../core/replay/timeline.js';
import {
  ALL_EVENTS, type HostToReplayMessage, type ReplayEntry, type ReplayFilterState, type ReplayFinding, type ReplayStateMessage,
  type ReplayTargetState,
} from '../../protocol/replay.js';

/** The most rows one `entries` answer holds, whatever the webview asks for. */
export const MAX_ENTRIES = 1000;
/** The most aggregate instances a `state` message carries (the touched one first). */
export const MAX_AGGREGATES = 50;
/** The most rows of one projection a `state` message carries (the touched ones always). */
export const MAX_ROWS = 100;
/** How many filtered lists are kept: the webview reads only its newest, answers to older ones may be in flight. */
const FILTERS_KEPT = 4;

type Filtered = Extract<HostToReplayMessage, { type: 'filtered' }>;
type Entries = Extract<HostToReplayMessage, { type: 'entries' }>;

/** The list views of one timeline, and the state at any of its positions. */
export class TimelineAnswers {
  private readonly filters = new Map<number, Uint32Array>();
  /** The last state read, and the message made of it. */
  private last: { at: StateAt; message: ReplayStateMessage } | undefined;

  constructor(readonly timeline: ReplayTimeline) {}

  /** Filters the list; remembers the matching positions under the webview's `filterId`. */
  setFilter(filterId: number, filter: ReplayFilterState, selected: number): Filtered {
    const everything = filter.types.length === 0 && filter.streams.length === 0 && !filter.problemsOnly && filter.text.trim() === '';
    if (everything) {
      this.filters.delete(filterId);
      const count = this.timeline.length;
      return { type: 'filtered', filterId, count, ...(count > 0 ? { selectedIndex: Math.min(count - 1, Math.max(0, selected - 1)) } : {}) };
    }
    const positions = this.timeline.filter({ types: filter.types, streams: filter.streams, problemsOnly: filter.problemsOnly, text: filter.text });
    this.filters.set(filterId, positions);
    while (this.filters.size > FILTERS_KEPT) this.filters.delete(this.filters.keys().next().value!);
    const at = lowerBound(positions, selected);
    return { type: 'filtered', filterId, count: positions.length, ...(at < positions.length ? { selectedIndex: at } : {}) };
  }

  /** Rows [from, to) of a list; undefined for a filter this host no longer knows. */
  entries(filterId: number, from: number, to: number): Entries | undefined {
    const first = Math.max(0, Math.floor(from));
    const end = Math.min(Math.floor(to), first + MAX_ENTRIES);
    if (filterId === ALL_EVENTS || !this.filters.has(filterId)) {
      if (filterId !== ALL_EVENTS) return undefined;
      return { type: 'entries', filterId, from: first, items: this.timeline.entries(first + 1, end) };
    }
    const positions = this.filters.get(filterId)!.subarray(first, Math.max(first, end));
    const items: ReplayEntry[] = [];
    // Read runs of consecutive positions together: a file-backed source reads one span per run.
    for (let i = 0; i < positions.length; ) {
      let j = i;
      while (j + 1 < positions.length && positions[j + 1] === positions[j]! + 1) j++;
      items.push(...this.timeline.entries(positions[i]!, positions[j]!));
      i = j + 1;
    }
    return { type: 'entries', filterId, from: first, items };
  }

  /**
   * The state at a position: the step there, the aggregate instances and projection rows (the
   * touched ones first, at most a window of the others), and what the touched targets held just
   * before the step. One seek gives all of it: the timeline keeps what the step's targets held
   * before it, and only the records sent are built.
   */
  state(position: number): ReplayStateMessage {
    const target = Math.max(0, Math.min(this.timeline.length, Math.floor(position)));
    if (this.last?.message.position === target) return this.last.message;
    const at = this.timeline.stateAt(target, { limit: MAX_AGGREGATES, rowLimit: MAX_ROWS, touchedFirst: true });
    const touched = touchedTargets(at.step);
    const message: ReplayStateMessage = {
      type: 'state',
      position: at.position,
      ...(at.step ? { step: at.step } : {}),
      aggregates: at.aggregates,
      ...(at.totalAggregates !== undefined ? { totalAggregates: at.totalAggregates } : {}),
      projections: at.projections,
      previous: at.step ? touched.map((t) => heldBefore(at, t)) : [],
    };
    this.last = { at, message };
    return message;
  }
}

/** What one target held just before the step: what the step's rules found, or, for a target no rule changed, what it holds now. */
function heldBefore(at: StateAt, target: ReplayTarget): ReplayTargetState {
  const same = (t: ReplayTarget) => t.kind === target.kind && t.name === target.name && (t.kind === 'aggregate' ? target.kind === 'aggregate' && t.id === target.id : target.kind === 'projection' && t.key === target.key);
  const found = at.before.find((b) => same(b.target));
  if (found) return found.state ? { target, state: found.state } : { target };
  if (target.kind === 'aggregate') {
    const instance = at.aggregates.find((a) => a.aggregate === target.name && a.id === target.id);
    return instance ? { target, state: instance.state } : { target };
  }
  const row = at.projections.find((p) => p.projection === target.name)?.rows.find((r) => r.key === target.key);
  return row ? { target, state: row.row } : { target };
}

function lowerBound(positions: Uint32Array, position: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The targets a step changed, each once, in the order of its changes. */
export function touchedTargets(step: ReplayStep | undefined): ReplayTarget[] {
  if (!step) return [];
  const seen = new Set<string>();
  const out: ReplayTarget[] = [];
  const add = (t: ReplayTarget) => {
    const key = JSON.stringify(t.kind === 'aggregate' ? [t.kind, t.name, t.id] : [t.kind, t.name, t.key]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(t);
  };
  if (step.stream) add({ kind: 'aggregate', name: step.stream.aggregate, id: step.stream.id });
  for (const c of step.changes) add(c.target);
  return out;
}

/** The names of the delivery checks' findings, as the CLI prints them. */
const DELIVERY_CODES: Record<DeliveryFinding['check'], string> = { redelivery: 'not-idempotent', interleaving: 'order-dependent', 'stream-window': 'stream-order-dependent' };

/**
 * A delivery-check finding as the panel lists it: the message, the step where it shows, the rule
 * (and the operator) to reveal, and a few facts. Ranges in the sample file are left out: every
 * other range of a finding is a link into the model.
 */
export function toReplayFinding(f: DeliveryFinding): ReplayFinding {
  return {
    message: f.message,
    position: f.position,
    ruleRange: f.ruleRange,
    ...(f.opRange ? { operator: f.opRange } : {}),
    code: DELIVERY_CODES[f.check],
    severity: f.severity,
    ...(f.path !== '' ? { path: f.path } : {}),
    ...(f.occurrences > 1 ? { occurrences: f.occurrences } : {}),
  };
}
