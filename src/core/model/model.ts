import type { Range } from '../source.js';

/**
 * The parsed model: every element, field, reference and rule keeps the range of its key and of its
 * value, so validation, navigation, code generation and diagrams can all point back at the source.
 * Name tables are `Map`s, so names such as `__proto__` can never reach an object prototype.
 */

/** A name written somewhere in the file, with where it stands. */
export interface NameRef {
  name: string;
  range: Range;
}

export const PRIMITIVE_TYPES = ['string', 'number', 'integer', 'boolean', 'datetime', 'date', 'uuid'] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];

/** A field type expression, read from `OrderLine[]` or `string`. */
export type TypeExpr =
  | { kind: 'primitive'; name: PrimitiveType }
  | { kind: 'named'; name: string }
  | { kind: 'array'; element: TypeExpr };

export type EnumValue = string | number | boolean;

/** The type of a field, of a referenced value or of an expected value. */
export interface FieldShape {
  type: TypeExpr;
  optional: boolean;
  enum?: EnumValue[];
}

/** One declared field. */
export interface FieldDef extends FieldShape {
  name: string;
  /** The field name's key. */
  nameRange: Range;
  /** The type expression (the short form string, or the long form's `type` value). */
  typeRange: Range;
  /** The whole value (the short form string or the long form mapping). */
  range: Range;
  description?: string;
}

/** A located value from a payload, an `initial` state or an update rule. */
export type ValueNode =
  | { kind: 'scalar'; value: string | number | boolean | null; range: Range }
  | { kind: 'ref'; source: 'event' | 'state' | 'meta'; path: string[]; text: string; range: Range }
  | { kind: 'list'; items: ValueNode[]; range: Range }
  | { kind: 'map'; entries: Map<string, MapEntry>; range: Range };

export interface MapEntry {
  keyRange: Range;
  value: ValueNode;
}

/** Common to every named element. */
export interface ElementBase {
  name: string;
  /** The element's key. */
  nameRange: Range;
  /** The element's whole value. */
  range: Range;
  description?: string;
}

export interface TypeDef extends ElementBase {
  kind: 'type';
  fields?: Map<string, FieldDef>;
  enum?: EnumValue[];
}

/** One change of an update rule; `operatorRange` is the key (`set`, `inc`...) it was written under. */
export type UpdateOp = { operatorRange: Range } & (
  | { op: 'set' | 'inc' | 'push' | 'remove'; path: string; pathRange: Range; value: ValueNode }
  | { op: 'unset'; path: string; pathRange: Range }
  | { op: 'delete'; range: Range }
);

/** The update applied when one event happens (an `evolve` or `on` entry). */
export interface UpdateRule {
  event: NameRef;
  range: Range;
  ops: UpdateOp[];
}

export interface Aggregate extends ElementBase {
  kind: 'aggregate';
  id?: NameRef;
  state: Map<string, FieldDef>;
  initial?: ValueNode;
  evolve: UpdateRule[];
}

export interface Command extends ElementBase {
  kind: 'command';
  aggregate?: NameRef;
  fields: Map<string, FieldDef>;
  emits: NameRef[];
  errors: NameRef[];
  rules: string[];
}

export interface Event extends ElementBase {
  kind: 'event';
  aggregate?: NameRef;
  version?: number;
  /** The `version` value, when written. */
  versionRange?: Range;
  /** The `upcast` steps, when the key is written. */
  upcast?: Upcast;
  fields: Map<string, FieldDef>;
}

/** A dot path written in an upcast step, with where it stands. */
export interface UpcastPath {
  path: string;
  range: Range;
}

/** One entry of a step's `rename`: the path at version `from`, and the path at `from + 1`. */
export interface UpcastRename {
  from: UpcastPath;
  to: UpcastPath;
}

/** One entry of a step's `default`: a field of version `from + 1` and its literal value. */
export interface UpcastDefault {
  path: UpcastPath;
  value: ValueNode;
}

/**
 * How an event written with version `from` is read as version `from + 1`: `drop`, then `rename`
 * (all at once), then `default`. `operatorRanges` are the `drop`, `rename` and `default` keys.
 */
export interface UpcastStep {
  from: number;
  fromRange: Range;
  /** The step's whole mapping. */
  range: Range;
  description?: string;
  drop: UpcastPath[];
  rename: UpcastRename[];
  default: UpcastDefault[];
  operatorRanges: Range[];
}

/** An event's `upcast` key: its steps, in the order written. */
export interface Upcast {
  /** The `upcast` key. */
  range: Range;
  steps: UpcastStep[];
}

export interface Projection extends ElementBase {
  kind: 'projection';
  key?: NameRef;
  fields: Map<string, FieldDef>;
  on: UpdateRule[];
}

/** A command a policy issues, optionally with a payload built from the triggering event. */
export interface PolicyCommand {
  command: NameRef;
  payload?: ValueNode;
}

export interface Policy extends ElementBase {
  kind: 'policy';
  when?: NameRef;
  then: PolicyCommand[];
}

/** `{ Name: payload }`: one event or command in a scenario. */
export interface Message {
  name: string;
  nameRange: Range;
  range: Range;
  payload?: ValueNode;
}

export type ScenarioOutcome =
  /** `shortForm`: written as a list under `then`, short for `then.events`. */
  | { kind: 'events'; events: Message[]; range: Range; shortForm?: true }
  | { kind: 'error'; error: NameRef; range: Range }
  | { kind: 'rows'; rows: ValueNode[]; range: Range };

export interface Scenario {
  name: string;
  nameRange: Range;
  range: Range;
  description?: string;
  projection?: NameRef;
  given: Message[];
  when?: Message;
  then?: ScenarioOutcome;
}

export type Element = TypeDef | Aggregate | Command | Event | Projection | Policy;
export type ElementKind = Element['kind'];

/** The `codegen` key: where generated code goes and what it targets, as written. */
export interface CodegenKey {
  out?: string;
  target?: 'emmett' | 'plain';
  /** The `codegen` key. */
  range: Range;
  /** The `out` value, when written. */
  outRange?: Range;
}

/** A whole `.events.yaml` file. */
export interface Model {
  /** The top-level keys as written (`events`, `commands`...), for highlighting and navigation. */
  sections: Map<string, Range>;
  version?: number;
  context?: string;
  description?: string;
  codegen?: CodegenKey;
  types: Map<string, TypeDef>;
  aggregates: Map<string, Aggregate>;
  commands: Map<string, Command>;
  events: Map<string, Event>;
  projections: Map<string, Projection>;
  policies: Map<string, Policy>;
  scenarios: Scenario[];
}

/** A model with nothing in it, the starting point of the parser. */
export function emptyModel(): Model {
  return {
    sections: new Map(),
    types: new Map(),
    aggregates: new Map(),
    commands: new Map(),
    events: new Map(),
    projections: new Map(),
    policies: new Map(),
    scenarios: [],
  };
}

/** Every named element in source order within each kind. */
export function* allElements(model: Model): Iterable<Element> {
  yield* model.types.values();
  yield* model.aggregates.values();
  yield* model.commands.values();
  yield* model.events.values();
  yield* model.projections.values();
  yield* model.policies.values();
}
