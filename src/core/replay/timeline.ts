import type { Model } from '../model/model.js';
import type { QuickReading } from '../samples/jsonLines.js';
import { quickReading } from './dataRead.js';
import { Replayer, type ReplayChangeSet, type ReplayOptions, type ReplaySnapshot, type TargetBefore } from './replayer.js';
import type { AggregateInstance, ProjectionState, ReplayEvent, ReplayProblem, ReplayStep, ReplayTarget } from './types.js';

/**
 * A replay kept for stepping and seeking: one pass over the events records a compact index of
 * every step (its type, stream, line, and how many changes and problems it had) and a checkpoint
 * every so many events. The state at any position is the nearest checkpoint before it plus the
 * events in between (state(n) = state(m) + events(m..n)), so reaching any step of a long file
 * replays at most one interval of events.
 *
 * A checkpoint is a snapshot of the whole state, or, far smaller when the state is large, the
 * instances and rows written since the checkpoint before it: reaching it restores the last
 * snapshot and applies the change sets after it. A new snapshot is taken once the change sets
 * since the last one hold as many records as the state, so restoring never applies more than
 * about twice the state's size.
 *
 * The events themselves are not kept: they are read again from the source when needed, so a
 * source backed by a file keeps memory to the index and the checkpoints.
 */

/** Events by index (from 0), read in ranges `[from, to)`. */
export interface EventSource {
  readonly length: number;
  /** The events `[from, to)`. With `quick` (a bulk replay's), a source may give `partial` events that hold only what the rules read. */
  read(from: number, to: number, quick?: QuickReading): ReplayEvent[];
}

/** A source over events held in memory. */
export function arraySource(events: readonly ReplayEvent[]): EventSource {
  return { length: events.length, read: (from, to) => events.slice(Math.max(0, from), Math.max(0, to)) };
}

/** One line of the event list. */
export interface TimelineEntry {
  position: number;
  type: string;
  stream?: string;
  at?: string;
  /** The event's line in its source (from 0). */
  line: number;
  problems: number;
  changes: number;
}

export interface PositionedProblem extends ReplayProblem {
  position: number;
}

/** The states after the event at `position` (0: before the first), and that event's step. */
export interface StateAt {
  position: number;
  step?: ReplayStep;
  aggregates: AggregateInstance[];
  /** How many instances match, when `aggregates` lists only some (a limited state). */
  totalAggregates?: number;
  projections: ProjectionState[];
  /** What the targets the step applied rules to held just before it, for a diff against the previous step. */
  before: readonly TargetBefore[];
}

/** Which states `stateAt` gives: by aggregate, stream or projection, the `first` targets first, and at most `limit` of each kind. */
export interface StateFilter {
  aggregate?: string;
  stream?: string;
  projection?: string;
  /** At most this many aggregate instances in all, unless more are listed first. */
  limit?: number;
  /** At most this many rows of each projection in all, unless more are listed first (default: `limit`). */
  rowLimit?: number;
  /** Instances and rows listed first, whatever the limit (those that exist). */
  first?: readonly ReplayTarget[];
  /** Whether the targets the step touched (its stream's instance, the rows it changed) are listed first, after `first`. */
  touchedFirst?: boolean;
}

export interface TimelineFilter {
  /** Event types to keep (any when absent or empty). */
  types?: readonly string[];
  /** Stream names to keep (any when absent or empty); `''` keeps events with no stream. */
  streams?: readonly string[];
  problemsOnly?: boolean;
  /** Text to find (case-insensitive) in the type, the stream or the event's data as JSON. */
  text?: string;
}

export interface TimelineOptions extends ReplayOptions {
  /** Events between checkpoints (default 1,000), at least: see `maxCheckpoints`. */
  checkpointEvery?: number;
  /**
   * At most about this many checkpoints (default 1,000): a longer source spaces them further
   * apart, so the memory they take stops growing with the file while a seek stays one interval.
   */
  maxCheckpoints?: number;
  /** How many problems are kept in `problems` (all are counted; default 10,000). */
  maxProblems?: number;
}

export interface SliceOptions {
  /** Events per slice (default 20,000). */
  events?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

const NO_STREAM = 0xffffffff;

/**
 * A checkpoint is a whole snapshot once the change sets since the last one hold this share of
 * a snapshot's records: a seek then applies at most that many records after restoring (applying
 * them is most of a seek's work), for snapshots four times as many as at a share of one.
 */
const SNAPSHOT_SHARE = 4;

/** A point the timeline can restore: a whole snapshot, or the changes since the checkpoint before. */
type Checkpoint = { position: number; snapshot: ReplaySnapshot; changes?: undefined } | { position: number; changes: ReplayChangeSet; snapshot?: undefined };

/** Builds the index one slice at a time; `ReplayTimeline.build` runs it to the end. */
class TimelineBuilder {
  readonly replayer: Replayer;
  readonly types: string[] = [];
  readonly typeIds = new Map<string, number>();
  readonly streams: string[] = [];
  readonly streamIds = new Map<string, number>();
  readonly typeOf: Uint32Array;
  readonly streamOf: Uint32Array;
  readonly lineOf: Uint32Array;
  readonly problemsOf: Uint16Array;
  readonly changesOf: Uint16Array;
  readonly problems: PositionedProblem[] = [];
  readonly checkpoints: Checkpoint[] = [];
  problemCount = 0;
  done = 0;
  private exhausted = false;
  private sinceCheckpoint = 0;
  /** Records held by the change sets since the last snapshot. */
  private sinceSnapshot = 0;
  private readonly every: number;
  private readonly maxProblems: number;
  /** What the bulk replay reads of each event: the source may read just that. */
  readonly quick: QuickReading;

  constructor(
    readonly model: Model,
    readonly source: EventSource,
    readonly options: TimelineOptions,
  ) {
    const n = source.length;
    this.typeOf = new Uint32Array(n);
    this.streamOf = new Uint32Array(n);
    this.lineOf = new Uint32Array(n);
    this.problemsOf = new Uint16Array(n);
    this.changesOf = new Uint16Array(n);
    const most = Math.max(1, Math.floor(options.maxCheckpoints ?? 1000));
    this.every = Math.max(1, Math.floor(options.checkpointEvery ?? 1000), Math.ceil(n / most));
    this.maxProblems = options.maxProblems ?? 10_000;
    this.replayer = new Replayer(model, options);
    this.quick = quickReading(model);
    this.checkpoints.push({ position: 0, snapshot: this.replayer.snapshot() });
  }

  /** Replays up to `count` more events; true when the source is done. */
  advance(count: number): boolean {
    const end = Math.min(this.source.length, this.done + count);
    // Read in modest batches: a file-backed source parses what it reads.
    while (!this.exhausted && this.done < end) {
      const events = this.source.read(this.done, Math.min(end, this.done + 2048), this.quick);
      // A source that gives fewer events than it said (a file cut short) ends the timeline there.
      if (events.length === 0) this.exhausted = true;
      for (const event of events) this.step(event);
    }
    return this.exhausted || this.done >= this.source.length;
  }

  private step(event: ReplayEvent): void {
    const i = this.done;
    const step = this.replayer.applyQuick(event);
    this.done += 1;
    let typeId = this.typeIds.get(event.type);
    if (typeId === undefined) {
      typeId = this.types.length;
      this.types.push(event.type);
      this.typeIds.set(event.type, typeId);
    }
    this.typeOf[i] = typeId;
    let streamId = NO_STREAM;
    if (step.stream !== undefined) {
      streamId = this.streamIds.get(step.stream) ?? this.streams.length;
      if (streamId === this.streams.length) {
        this.streams.push(step.stream);
        this.streamIds.set(step.stream, streamId);
      }
    }
    this.streamOf[i] = streamId;
    this.lineOf[i] = event.range.start.line;
    this.problemsOf[i] = Math.min(step.problems.length, 0xffff);
    this.changesOf[i] = Math.min(step.changes, 0xffff);
    this.problemCount += step.problems.length;
    for (const p of step.problems) if (this.problems.length < this.maxProblems) this.problems.push({ ...p, position: this.done });
    this.sinceCheckpoint += 1;
    if (this.sinceCheckpoint >= this.every) {
      this.sinceCheckpoint = 0;
      const pending = this.replayer.pendingChanges;
      if (this.sinceSnapshot + pending >= this.replayer.size / SNAPSHOT_SHARE) {
        this.checkpoints.push({ position: this.done, snapshot: this.replayer.snapshot() });
        this.sinceSnapshot = 0;
      } else {
        this.checkpoints.push({ position: this.done, changes: this.replayer.changeSet() });
        this.sinceSnapshot += pending;
      }
    }
  }
}

export class ReplayTimeline {
  private readonly source: EventSource;
  private readonly typeOf: Uint32Array;
  private readonly streamOf: Uint32Array;
  private readonly lineOf: Uint32Array;
  private readonly problemsOf: Uint16Array;
  private readonly changesOf: Uint16Array;
  private readonly checkpoints: Checkpoint[];
  private readonly replayer: Replayer;
  private readonly quick: QuickReading;
  readonly length: number;
  readonly problemCount: number;
  readonly problems: PositionedProblem[];
  readonly types: string[];
  readonly streams: string[];

  private constructor(b: TimelineBuilder) {
    this.source = b.source;
    this.typeOf = b.typeOf;
    this.streamOf = b.streamOf;
    this.lineOf = b.lineOf;
    this.problemsOf = b.problemsOf;
    this.changesOf = b.changesOf;
    this.checkpoints = b.checkpoints;
    this.replayer = new Replayer(b.model, b.options);
    this.quick = b.quick;
    this.length = b.done;
    this.problemCount = b.problemCount;
    this.problems = b.problems;
    this.types = b.types;
    this.streams = b.streams;
  }

  /** Replays the whole source once; never throws on what the events hold. */
  static build(model: Model, source: EventSource, options: TimelineOptions = {}): ReplayTimeline {
    const b = new TimelineBuilder(model, source, options);
    b.advance(source.length);
    return new ReplayTimeline(b);
  }

  /** @internal */
  static fromBuilder(b: TimelineBuilder): ReplayTimeline {
    return new ReplayTimeline(b);
  }

  /** How many checkpoints there are (the first is the empty state), and how many of them are whole snapshots. */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  get snapshotCount(): number {
    return this.checkpoints.filter((c) => c.snapshot).length;
  }

  /** The entries at positions `from..to` (both included, clamped to 1..length). */
  entries(from: number, to: number): TimelineEntry[] {
    const first = Math.max(1, Math.floor(from));
    const last = Math.min(this.length, Math.floor(to));
    if (last < first) return [];
    const events = this.source.read(first - 1, last);
    const out: TimelineEntry[] = [];
    for (let p = first; p <= last; p++) out.push(this.entry(p, events[p - first]));
    return out;
  }

  private entry(position: number, event?: ReplayEvent): TimelineEntry {
    const i = position - 1;
    const streamId = this.streamOf[i]!;
    return {
      position,
      type: this.types[this.typeOf[i]!]!,
      ...(streamId !== NO_STREAM ? { stream: this.streams[streamId]! } : {}),
      ...(event?.at !== undefined ? { at: event.at } : {}),
      line: this.lineOf[i]!,
      problems: this.problemsOf[i]!,
      changes: this.changesOf[i]!,
    };
  }

  /** The states after the event at `position` (clamped to 0..length), and that event's step. */
  stateAt(position: number, filter: StateFilter = {}): StateAt {
    const target = Math.max(0, Math.min(this.length, Math.floor(position)));
    const step = this.seek(target);
    const first = [...(filter.first ?? []), ...(filter.touchedFirst && step ? touchedBy(step) : [])];
    const window = { ...(filter.limit !== undefined ? { limit: filter.limit } : {}), first };
    const rowWindow = { ...((filter.rowLimit ?? filter.limit) !== undefined ? { limit: (filter.rowLimit ?? filter.limit)! } : {}), first };
    const onlyProjections = filter.projection !== undefined && filter.aggregate === undefined && filter.stream === undefined;
    const byAggregate = { ...(filter.aggregate !== undefined ? { aggregate: filter.aggregate } : {}), ...(filter.stream !== undefined ? { stream: filter.stream } : {}) };
    const aggregates = onlyProjections ? [] : this.replayer.aggregates({ ...byAggregate, ...window });
    const projections = (filter.aggregate !== undefined || filter.stream !== undefined) && filter.projection === undefined
      ? []
      : this.replayer.projections({ ...(filter.projection !== undefined ? { projection: filter.projection } : {}), ...rowWindow });
    const total = filter.limit !== undefined && !onlyProjections ? this.replayer.aggregateCount(byAggregate) : aggregates.length;
    const limited = total > aggregates.length;
    return { position: target, ...(step ? { step } : {}), aggregates, ...(limited ? { totalAggregates: total } : {}), projections, before: step ? this.replayer.lastBefore() : [] };
  }

  /** Moves the timeline's replayer to `target`, from the nearest checkpoint (or from where it is, when that is nearer). */
  private seek(target: number): ReplayStep | undefined {
    const k = target === 0 ? 0 : this.checkpointBefore(target);
    const current = this.replayer.position;
    if (target === 0 || !(current < target && current >= this.checkpoints[k]!.position)) {
      let s = k;
      while (!this.checkpoints[s]!.snapshot) s--;
      this.replayer.restore(this.checkpoints[s]!.snapshot!);
      for (let c = s + 1; c <= k; c++) this.replayer.applyChangeSet(this.checkpoints[c]!.changes!);
    }
    // The events before the target are replayed the bulk way (states only); the target's in full.
    while (this.replayer.position < target - 1) {
      const from = this.replayer.position;
      const events = this.source.read(from, Math.min(target - 1, from + 2048), this.quick);
      if (events.length === 0) return undefined;
      for (const e of events) this.replayer.applyQuick(e);
    }
    if (this.replayer.position !== target - 1) return undefined;
    const [last] = this.source.read(target - 1, target);
    return last ? this.replayer.apply(last, { commands: true }) : undefined;
  }

  /** The index of the last checkpoint strictly before `position` (so the step at `position` is replayed). */
  private checkpointBefore(position: number): number {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid]!.position < position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The positions that match a filter, ascending. */
  filter(f: TimelineFilter): Uint32Array {
    const types = f.types && f.types.length > 0 ? new Set(f.types.map((t) => this.types.indexOf(t))) : undefined;
    const streams = f.streams && f.streams.length > 0 ? new Set(f.streams.map((s) => (s === '' ? NO_STREAM : this.streams.indexOf(s)))) : undefined;
    const text = f.text?.trim().toLowerCase() ?? '';
    const out: number[] = [];
    const keep = (i: number) =>
      (!types || types.has(this.typeOf[i]!)) && (!streams || streams.has(this.streamOf[i]!)) && (!f.problemsOnly || this.problemsOf[i]! > 0);
    if (text === '') {
      for (let i = 0; i < this.length; i++) if (keep(i)) out.push(i + 1);
      return Uint32Array.from(out);
    }
    for (let from = 0; from < this.length; from += 4096) {
      const events = this.source.read(from, Math.min(this.length, from + 4096));
      events.forEach((e, k) => {
        const i = from + k;
        if (!keep(i)) return;
        const streamId = this.streamOf[i]!;
        const hay = `${e.type} ${streamId !== NO_STREAM ? this.streams[streamId] : ''} ${JSON.stringify(e.data)}`.toLowerCase();
        if (hay.includes(text)) out.push(i + 1);
      });
    }
    return Uint32Array.from(out);
  }

  /** The first position after `after` whose event had a problem. */
  nextProblem(after: number): number | undefined {
    for (let i = Math.max(0, Math.floor(after)); i < this.length; i++) if (this.problemsOf[i]! > 0) return i + 1;
    return undefined;
  }

  /** The last position before `before` whose event had a problem. */
  previousProblem(before: number): number | undefined {
    for (let i = Math.min(this.length, Math.floor(before) - 1) - 1; i >= 0; i--) if (this.problemsOf[i]! > 0) return i + 1;
    return undefined;
  }

  /** The position of the event on a source line (the last event starting at or before it), if any. */
  positionOfLine(line: number): number | undefined {
    let lo = 0;
    let hi = this.length - 1;
    if (hi < 0 || this.lineOf[0]! > line) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineOf[mid]! <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** The targets a step touched, each once: its stream's instance, then each changed instance or row. */
export function touchedBy(step: ReplayStep): ReplayTarget[] {
  const seen = new Set<string>();
  const out: ReplayTarget[] = [];
  const add = (t: ReplayTarget) => {
    const key = t.kind === 'aggregate' ? `a\u0000${t.name}\u0000${t.id}` : `p\u0000${t.name}\u0000${t.key}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  };
  if (step.stream) add({ kind: 'aggregate', name: step.stream.aggregate, id: step.stream.id });
  for (const c of step.changes) add(c.target);
  return out;
}

/**
 * Builds a timeline in slices, yielding to the caller's event loop between them, so a host can
 * show progress and stay responsive; undefined when the signal aborts first.
 */
export async function buildTimelineInSlices(model: Model, source: EventSource, options: TimelineOptions = {}, slice: SliceOptions = {}): Promise<ReplayTimeline | undefined> {
  const b = new TimelineBuilder(model, source, options);
  const size = Math.max(1, slice.events ?? 20_000);
  for (;;) {
    if (slice.signal?.aborted) return undefined;
    const finished = b.advance(size);
    slice.onProgress?.(b.done, source.length);
    if (finished) break;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return ReplayTimeline.fromBuilder(b);
}
