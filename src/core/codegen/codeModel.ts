import type { Aggregate, Command, Event, Model, Policy, Projection, Scenario } from '../model/model.js';
import type { CodegenTarget } from './plan.js';
import { camelCase, GLOBALS_USED, kebabCase, NameScope, WINDOWS_DEVICE_NAMES } from './names.js';

/**
 * The model as code generation sees it: every element with the TypeScript names and file stems it
 * gets. All names are settled here, once, in model order, so each emitter only looks them up and
 * an element declared later never renames one declared earlier.
 */

export interface AggregateCode {
  aggregate: Aggregate;
  /** The file stem: `account` for `account.decider.ts`, `account.handlers.ts`, `account.spec.ts`. */
  stem: string;
  /** The name of the module namespace in index.ts. */
  namespace: string;
  stateType: string;
  commandUnion: string;
  eventUnion: string;
  commands: Command[];
  /** The events the decider folds: its own, those its evolve reads and those its commands emit. */
  events: Event[];
  /** Command name -> handler function name. */
  handlers: Map<string, string>;
  /** The command scenarios whose command this aggregate decides, in model order. */
  scenarios: Scenario[];
}

export interface ProjectionCode {
  projection: Projection;
  stem: string;
  namespace: string;
  rowType: string;
  eventUnion: string;
  /** The events of `on`, in that order. */
  events: Event[];
  /** The scenarios of this projection, in model order. */
  scenarios: Scenario[];
}

export interface PolicyCode {
  policy: Policy;
  stem: string;
  functionName: string;
}

export interface CodeModel {
  model: Model;
  target: CodegenTarget;
  modelPath: string;
  /** Element name -> its TypeScript type name (types, commands, events). */
  typeNames: Map<string, string>;
  /** Error name -> class name, in the order commands first declare them. */
  errors: Map<string, string>;
  /** Error name -> the commands that declare it. */
  errorOwners: Map<string, string[]>;
  contextEvent: string;
  domainError: string;
  deciderType: string;
  aggregates: AggregateCode[];
  projections: ProjectionCode[];
  policies: PolicyCode[];
}

/** Settles every name of the generated code for one model. */
export function buildCodeModel(model: Model, target: CodegenTarget, modelPath: string): CodeModel {
  // One scope for everything index.ts re-exports, so `export *` never meets two equal names.
  const names = new NameScope(GLOBALS_USED);
  const typeNames = new Map<string, string>();
  for (const el of [...model.types.values(), ...model.commands.values(), ...model.events.values()]) typeNames.set(el.name, names.claim(el.name));
  const errors = new Map<string, string>();
  const errorOwners = new Map<string, string[]>();
  for (const cmd of model.commands.values()) {
    for (const e of cmd.errors) {
      if (!errors.has(e.name)) errors.set(e.name, names.claim(e.name));
      const owners = errorOwners.get(e.name) ?? [];
      if (!owners.includes(cmd.name)) owners.push(cmd.name);
      errorOwners.set(e.name, owners);
    }
  }
  const namespaces = new Map<string, string>();
  for (const el of [...model.aggregates.values(), ...model.projections.values(), ...model.policies.values()]) namespaces.set(el.name, names.claim(el.name));

  const stems = new NameScope(['types', 'errors', 'policies', 'projections', 'index', 'decider-type', ...WINDOWS_DEVICE_NAMES], (s) => s.toLowerCase());
  const stemOf = (name: string, kind: string) => stems.claim(kebabCase(name) || kind, '-');

  // Grouped once: a model of thousands of aggregates must not scan every command per aggregate.
  const byAggregate = groupByAggregate(model);
  const aggregates: AggregateCode[] = [...model.aggregates.values()].map((a) => ({
    aggregate: a,
    stem: stemOf(a.name, 'aggregate'),
    namespace: namespaces.get(a.name)!,
    stateType: names.claim(`${a.name}State`),
    commandUnion: names.claim(`${a.name}Command`),
    eventUnion: names.claim(`${a.name}Event`),
    commands: byAggregate.commands.get(a.name) ?? [],
    events: byAggregate.events.get(a.name) ?? [],
    handlers: new Map(),
    scenarios: byAggregate.scenarios.get(a.name) ?? [],
  }));
  const projections: ProjectionCode[] = [...model.projections.values()].map((p) => ({
    projection: p,
    stem: stemOf(p.name, 'projection'),
    namespace: namespaces.get(p.name)!,
    rowType: names.claim(`${p.name}Row`),
    eventUnion: names.claim(`${p.name}Event`),
    events: unique(p.on.map((r) => model.events.get(r.event.name)).filter((e): e is Event => e !== undefined)),
    scenarios: byAggregate.projectionScenarios.get(p.name) ?? [],
  }));
  // After the aggregates' unions: a context named like its aggregate (Cart) keeps `CartEvent` for the stream.
  const context = contextIdentifier(model.context);
  const contextEvent = names.has(`${context}Event`) ? names.claim(`${context}ContextEvent`) : names.claim(`${context}Event`);
  const domainError = names.claim('DomainError');
  const deciderType = names.claim('Decider');
  for (const a of aggregates) for (const c of a.commands) a.handlers.set(c.name, names.claim(camelCase(c.name)));
  const policies: PolicyCode[] = [...model.policies.values()].map((p) => ({
    policy: p,
    stem: stemOf(p.name, 'policy'),
    functionName: names.claim(camelCase(p.name)),
  }));
  return { model, target, modelPath, typeNames, errors, errorOwners, contextEvent, domainError, deciderType, aggregates, projections, policies };
}

/**
 * Each aggregate's commands, the events of its stream (its own, those its evolve reads and those
 * its commands emit) and its command scenarios; each projection's scenarios. All in model order,
 * in one pass over each section.
 */
function groupByAggregate(model: Model) {
  const push = <T>(m: Map<string, T[]>, key: string, item: T) => {
    const list = m.get(key);
    if (list) list.push(item);
    else m.set(key, [item]);
  };
  const commands = new Map<string, Command[]>();
  const aggregateOfCommand = new Map<string, string>();
  // Event name -> the aggregates whose stream holds it.
  const wantedBy = new Map<string, Set<string>>();
  const want = (event: string, aggregate: string) => {
    const set = wantedBy.get(event) ?? new Set<string>();
    set.add(aggregate);
    wantedBy.set(event, set);
  };
  for (const a of model.aggregates.values()) for (const r of a.evolve) want(r.event.name, a.name);
  for (const c of model.commands.values()) {
    const a = c.aggregate?.name;
    if (a === undefined || !model.aggregates.has(a)) continue;
    push(commands, a, c);
    aggregateOfCommand.set(c.name, a);
    for (const e of c.emits) want(e.name, a);
  }
  const events = new Map<string, Event[]>();
  for (const e of model.events.values()) {
    const owners = new Set(wantedBy.get(e.name));
    if (e.aggregate !== undefined && model.aggregates.has(e.aggregate.name)) owners.add(e.aggregate.name);
    for (const a of owners) push(events, a, e);
  }
  const scenarios = new Map<string, Scenario[]>();
  const projectionScenarios = new Map<string, Scenario[]>();
  for (const s of model.scenarios) {
    if (s.projection) push(projectionScenarios, s.projection.name, s);
    else if (s.when) {
      const a = aggregateOfCommand.get(s.when.name);
      if (a !== undefined) push(scenarios, a, s);
    }
  }
  return { commands, events, scenarios, projectionScenarios };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** `Ship Tracking` -> `ShipTracking`: the context as the start of a type name. */
export function contextIdentifier(context: string | undefined): string {
  const words = (context ?? '').split(/[^A-Za-z0-9_$]+/).filter((w) => w.length > 0);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (joined === '') return 'Context';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}
