import type { Range } from '../source.js';

/**
 * The records of a replay. They are plain data (no classes, no functions, no Maps), so the CLI
 * can print them as JSON and a panel can show them without recomputing any state.
 */

/** A JSON value: what event data, states and rows are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [key: string]: JsonValue };

export type ReplayProblemKind =
  | 'unknown-event'
  | 'missing-stream-id'
  | 'missing-row-key'
  | 'missing-value'
  | 'not-a-number'
  | 'not-a-list'
  | 'row-deleted-twice'
  | 'unknown-path'
  /** The event's version is newer than the model's: its data is read as the model's version. */
  | 'newer-version'
  /** No upcast step reads one of the versions between the event's and the model's. */
  | 'missing-upcast'
  /** An upcast rename replaced a value, or could not write where a value that is not a record stands. */
  | 'upcast-conflict'
  | 'internal';

/** Something an event met that a rule could not do; the replay goes on after it. */
export interface ReplayProblem {
  kind: ReplayProblemKind;
  message: string;
  /** The event's entry in the sample file. */
  eventRange: Range;
  /** The rule (the `evolve` or `on` entry) in the model, when a rule is involved. */
  ruleRange?: Range;
  /** The operator's path (or the `delete` key) within the rule. */
  opRange?: Range;
}

/** The state an event changed: one aggregate instance or one projection row. */
export type ReplayTarget =
  | { kind: 'aggregate'; name: string; id: string }
  | { kind: 'projection'; name: string; key: string };

/** One touched path (`''` is the whole row): the value before and after; absent values are left out. */
export interface ReplayChange {
  target: ReplayTarget;
  path: string;
  before?: JsonValue;
  after?: JsonValue;
  ruleRange: Range;
  opRange?: Range;
}

/** The stream of an aggregate event: the aggregate, the id value, and the stream name `<Aggregate>-<id>`. */
export interface ReplayStream {
  aggregate: string;
  id: string;
  name: string;
}

/** A command a policy issues for an event, with its payload; `missing` lists required fields it could not fill. */
export interface IssuedCommand {
  policy: string;
  command: string;
  payload: JsonRecord;
  missing: string[];
  policyRange: Range;
}

/**
 * An event as the replay reads it: plain JSON data and where the event is in its source. Sample
 * files give these through `toReplayEvent`; a JSON Lines reader or an event store can give them
 * without building source trees for every field.
 */
export interface ReplayEvent {
  type: string;
  data: JsonValue;
  at?: string;
  /** The schema version the event was written with, when the source says. */
  version?: number;
  /** The event's entry in its source (for a JSON Lines file or an event store: its line). */
  range: Range;
  /** Set when `data` holds only the members the rules read (a bulk replay's quick reading). */
  partial?: true;
}

/** How an older event was read: its version and data as written, and the upcast rules applied. */
export interface StepUpcast {
  from: number;
  to: number;
  original: JsonValue;
  /** The range of each upcast rule applied, in order. */
  ruleRanges: Range[];
}

/** What one event did. `position` counts from 1, in file order. */
export interface ReplayStep {
  position: number;
  type: string;
  data: JsonValue;
  at?: string;
  eventRange: Range;
  /** Present when the event was written with an older version and upcast before the rules read it. */
  upcast?: StepUpcast;
  stream?: ReplayStream;
  changes: ReplayChange[];
  commands: IssuedCommand[];
  problems: ReplayProblem[];
}

/** Who last wrote a value: the event (position 0: the aggregate's `initial`) and the rule. */
export interface Written {
  position: number;
  event?: string;
  ruleRange: Range;
  opRange?: Range;
}

/** Per written path (dots; `''` the whole record), who last wrote it; see `provenanceOf`. */
export type Provenance = { [path: string]: Written };

export interface AggregateInstance {
  aggregate: string;
  id: string;
  stream: string;
  state: JsonRecord;
  provenance: Provenance;
}

export interface ProjectionRow {
  /** The key value; a single document's key is the projection's name. */
  key: string;
  row: JsonRecord;
  provenance: Provenance;
}

export interface ProjectionState {
  projection: string;
  keyed: boolean;
  /** In the order the rows were created. */
  rows: ProjectionRow[];
  /** How many rows the projection has, when `rows` lists only some (a limited state). */
  totalRows?: number;
}

/** A whole replay: every step, and the states at the end. */
export interface Replay {
  steps: ReplayStep[];
  /** In the order the instances first appeared. */
  aggregates: AggregateInstance[];
  projections: ProjectionState[];
  problemCount: number;
}
