/**
 * Messages between the extension host and the Replay panel's webview: one discriminated union per
 * direction, on `type`. Shared by both sides; imports nothing from `vscode` or the DOM.
 *
 * The host owns the replay (a `ReplayTimeline` over the sample events) and sends only what is on
 * screen: a window of the event list, and the state at the selected step. The webview never
 * recomputes state.
 *
 * Positions count events from 1 (position 0 is before the first event; `length` is the last).
 * The event list is addressed by row index, from 0: in the unfiltered list (`ALL_EVENTS`) row `i`
 * is position `i + 1`; in a filtered list row `i` is the `i`-th matching position, in order.
 *
 * The page the host builds needs only the stylesheet `replay-style.css` and the script `replay.js`
 * (with the CSP nonce) in an empty body: the webview builds its own markup, with no inline style.
 */
import type { Range } from '../core/source.js';
import type {
  AggregateInstance, JsonRecord, ProjectionState, ReplayProblem, ReplayStep, ReplayTarget,
} from '../core/replay/types.js';

/** The view type registered for the panel and its serializer. */
export const REPLAY_VIEW_TYPE = 'eventModel.replay';

/** The filter id of the whole event list, unfiltered: row `i` is position `i + 1`. */
export const ALL_EVENTS = 0;

/** One row of the event list (the same fields as the core's `TimelineEntry`, plus the time when known). */
export interface ReplayEntry {
  position: number;
  type: string;
  /** The stream name (`<Aggregate>-<id>`), for aggregate events. */
  stream?: string;
  /** The event's line in the sample file, from 0. */
  line: number;
  /** How many problems the event met (0: none). */
  problems: number;
  /** How many paths the event changed. */
  changes: number;
  /** The event's `at` time, when the source has one. */
  at?: string;
}

/** A replay problem and the position of the event that met it. */
export interface PositionedReplayProblem extends ReplayProblem {
  position: number;
}

/**
 * A delivery-check finding (or any other record about the replay): plain data. The webview shows
 * `message`, links `position` (selects the step) and `ruleRange` (reveals the rule), and lists any
 * other string, number or boolean fields as they are.
 */
export interface ReplayFinding {
  message: string;
  position?: number;
  ruleRange?: Range;
  [field: string]: unknown;
}

/** What the event list shows: no types (or streams) means all of them; `text` matches case-insensitively. */
export interface ReplayFilterState {
  types: string[];
  streams: string[];
  text: string;
  problemsOnly: boolean;
}

/** What the timeline holds, sent when it is built (`init`) and after each rebuild (`replayed`). */
export interface ReplayTimelineInfo {
  /** Shown in the toolbar, e.g. the sample file's workspace-relative path. */
  title: string;
  /** The sample file (workspace-relative, for display) and its URI (kept in the webview's state). */
  sampleFile: string;
  sampleUri: string;
  /** The model file (workspace-relative, for display). */
  modelFile: string;
  /** The number of events: positions are 1..length. */
  length: number;
  /** Distinct event types and stream names, in first-seen order (the filter pickers). */
  types: string[];
  streams: string[];
  /** How many problems in all, and the first of them (at most a few thousand), in position order. */
  problemCount: number;
  problems: PositionedReplayProblem[];
  /** Delivery-check findings, if any (empty when there are none or the check did not run). */
  findings: ReplayFinding[];
  /** A checkpoint is kept every this many events (how far `state` replays at most). */
  checkpointEvery: number;
  /** How long the build took, in milliseconds, when measured. */
  buildMs?: number;
  /** The position to select first when the webview has none saved (e.g. the editor's cursor); default 0. */
  position?: number;
}

/** What one target (aggregate instance or projection row) held; `state` absent: it did not exist. */
export interface ReplayTargetState {
  target: ReplayTarget;
  state?: JsonRecord;
}

/** A projection's rows at a step; `rows` may be a window of them (the touched rows always included). */
export type ReplayProjectionState = ProjectionState & {
  /** The number of rows in all, when `rows` holds only some of them. */
  totalRows?: number;
};

/** The state at one position, and what the step there did. */
export interface ReplayStateMessage {
  type: 'state';
  position: number;
  /** The step at `position` (absent at position 0): its data, upcast, changes, commands and problems. */
  step?: ReplayStep;
  /**
   * The aggregate instances (each with its provenance: who wrote each path, at which position, by
   * which rule). Hosts may send only some: the instance the step touched first, then others.
   */
  aggregates: AggregateInstance[];
  /** The number of instances in all, when `aggregates` holds only some of them. */
  totalAggregates?: number;
  projections: ReplayProjectionState[];
  /**
   * What the targets the step touched held just before it, for the diff view. A host may leave a
   * target out (or send `[]`): the webview then undoes the step's own changes to the target's
   * state after it (each change holds the value it replaced), so no second seek is needed.
   */
  previous: ReplayTargetState[];
}

/** Host -> webview. */
export type HostToReplayMessage =
  /** The host is building the timeline (the panel shows a progress bar). */
  | { type: 'loading'; title: string }
  /** Progress of the build, in events. */
  | { type: 'progress'; done: number; total: number }
  /** The timeline is built: the webview asks for entries and selects a position. */
  | ({ type: 'init' } & ReplayTimelineInfo)
  /**
   * The timeline was rebuilt after an edit of the model or the samples: the webview keeps its
   * position (clamped to the new length) and filter, and asks again for what it shows.
   */
  | ({ type: 'replayed' } & ReplayTimelineInfo)
  /** Answers `setFilter`: how many rows the list has now, and the row of the selection (or the next match). */
  | { type: 'filtered'; filterId: number; count: number; selectedIndex?: number }
  /** Answers `requestEntries`: the rows from index `from` on, of the list `filterId`. */
  | { type: 'entries'; filterId: number; from: number; items: ReplayEntry[] }
  /**
   * Answers `select` (and `jumpToProblem`). A state for a position the webview did not ask for
   * (the host follows the editor's cursor, say) moves the selection there.
   */
  | ReplayStateMessage
  /** A short note shown for a moment, e.g. "No later problem." */
  | { type: 'notice'; message: string }
  /** The replay cannot be built or read; the panel shows the message and a Retry button. */
  | { type: 'error'; message: string };

/** Webview -> host. */
export type ReplayToHostMessage =
  /** The webview is listening: the host sends `loading`/`init` (again after a reload). */
  | { type: 'ready' }
  /** Rows [from, to) of the list `filterId` (`ALL_EVENTS` or an id given to `setFilter`). */
  | { type: 'requestEntries'; filterId: number; from: number; to: number }
  /**
   * Filters the list; the webview picks a new `filterId` each time and ignores answers to older
   * ones. `selected` is the selected position, so `filtered` can say its row.
   */
  | ({ type: 'setFilter'; filterId: number; selected: number } & ReplayFilterState)
  /** Selects a position (0..length): the host answers with its `state`. */
  | { type: 'select'; position: number }
  /** Shows the event at a position in the sample file. */
  | { type: 'revealEvent'; position: number }
  /** Shows a range of the model file (a rule, an operator, a policy). */
  | { type: 'revealRule'; range: Range }
  /** Shows a problem: its operator or rule in the model, or its event when no rule is involved. */
  | { type: 'revealProblem'; problem: PositionedReplayProblem }
  /**
   * Selects the next problem after `from` (or the previous one before it): the host answers with
   * the `state` there, or a `notice` when there is none. The webview asks only when it does not
   * hold every problem itself.
   */
  | { type: 'jumpToProblem'; direction: 'next' | 'previous'; from: number }
  /** Playback started or stopped (the webview drives it by selecting; this is for the host's log). */
  | { type: 'setPlaying'; playing: boolean; eventsPerSecond: number }
  /** Builds the timeline again (the Retry button after an error). */
  | { type: 'rebuild' };

/** What the webview keeps with `setState`, so a reloaded window revives the panel where it was. */
export interface ReplayPanelState {
  /** The sample file replayed (from `init`). */
  sampleUri: string;
  position: number;
  filter: ReplayFilterState;
  /** The diff view is on. */
  diff: boolean;
  /** The playback speed, in events per second. */
  eventsPerSecond: number;
}
