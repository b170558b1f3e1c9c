// The host's answers to the Replay webview, over a built timeline: windows of the event list,
// filtered lists, and the state at a position. Plain data in and out (no `vscode`), so the panel
// only wires them to its webview.
import type { AggregateInstance, ProjectionState, ReplayStep, ReplayTarget } from '../../core/replay/types.js';
import type { ReplayTimeline } from '../../core/replay/timeline.js';
import {
  ALL_EVENTS, type HostToReplayMessage, type ReplayEntry, type ReplayFilterState, type ReplayProjectionState, type ReplayStateMessage,
  type ReplayTargetState,
} from '../../protocol/replay.js';

/** The most rows one `entries` answer holds, whatever the webview asks for. */
export const MAX_ENTRIES = 1000;
/** The most aggregate instances a `state` message carries (the touched one first). */
export const MAX_AGGREGATES = 100;
/** The most rows of one projection a `state` message carries (the touched ones always). */
export const MAX_ROWS = 200;
/** How many filtered lists are kept: the webview reads only its newest, answers to older ones may be in flight. */
const FILTERS_KEPT = 4;

type Filtered = Extract<HostToReplayMessage, { type: 'filtered' }>;
type Entries = Extract<HostToReplayMessage, { type: 'entries' }>;

/** The list views of one timeline, and the state at any of its positions. */
export class TimelineAnswers {
  private readonly filters = new Map<number, Uint32Array>();

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
   * touched ones first, at most a window of the others), and what the touched targets held
   * just before the step.
   */
  state(position: number): ReplayStateMessage {
    const at = this.timeline.stateAt(position);
    const touched = touchedTargets(at.step);
    const previous = at.position > 0 && touched.length > 0 ? this.previousStates(at.position - 1, touched) : [];
    const aggregates = windowOfAggregates(at.aggregates, at.step);
    return {
      type: 'state',
      position: at.position,
      ...(at.step ? { step: at.step } : {}),
      aggregates,
      ...(aggregates.length < at.aggregates.length ? { totalAggregates: at.aggregates.length } : {}),
      projections: at.projections.map((p) => windowOfRows(p, touched)),
      previous,
    };
  }

  /** What each touched target held at `position`, read with the narrowest filter the timeline offers. */
  private previousStates(position: number, touched: ReplayTarget[]): ReplayTargetState[] {
    const streams = [...new Set(touched.flatMap((t) => (t.kind === 'aggregate' ? [`${t.name}-${t.id}`] : [])))];
    const projections = [...new Set(touched.flatMap((t) => (t.kind === 'projection' ? [t.name] : [])))];
    const filter: { stream?: string; projection?: string } = {};
    if (streams.length === 1 && projections.length <= 1) filter.stream = streams[0]!;
    if (projections.length === 1 && streams.length <= 1) filter.projection = projections[0]!;
    const before = this.timeline.stateAt(position, filter);
    return touched.map((target) => {
      if (target.kind === 'aggregate') {
        const instance = before.aggregates.find((a) => a.aggregate === target.name && a.id === target.id);
        return instance ? { target, state: instance.state } : { target };
      }
      const row = before.projections.find((p) => p.projection === target.name)?.rows.find((r) => r.key === target.key);
      return row ? { target, state: row.row } : { target };
    });
  }
}

/** The first index whose position is at least `position`. */
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

function windowOfAggregates(all: AggregateInstance[], step: ReplayStep | undefined): AggregateInstance[] {
  if (all.length <= MAX_AGGREGATES) return all;
  const stream = step?.stream?.name;
  const own = stream !== undefined ? all.filter((a) => a.stream === stream) : [];
  const others = all.filter((a) => a.stream !== stream).slice(0, MAX_AGGREGATES - own.length);
  return [...own, ...others];
}

function windowOfRows(p: ProjectionState, touched: ReplayTarget[]): ReplayProjectionState {
  if (p.rows.length <= MAX_ROWS) return p;
  const keys = new Set(touched.flatMap((t) => (t.kind === 'projection' && t.name === p.projection ? [t.key] : [])));
  const own = p.rows.filter((r) => keys.has(r.key));
  const others = p.rows.filter((r) => !keys.has(r.key)).slice(0, Math.max(0, MAX_ROWS - own.length));
  return { ...p, rows: [...own, ...others], totalRows: p.rows.length };
}
