/**
 * Random edits of a model held as plain data (parsed YAML), for the edit/regenerate loop. Each edit
 * changes the model the way a person would (a command with its event, a projection, a policy, a
 * field) and cleans up what the change leaves dangling; the loop validates the result and drops
 * an edit that still leaves the model invalid.
 */

/** The model as untyped YAML data, on purpose: the edits reach into every section. */
export type ModelData = Record<string, any>;

/** A small seeded generator (mulberry32): the same seed gives the same loop. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)];
  }
}

const ID = '0504260e-0d96-4f41-aec5-954303e3b1aa';
const AT = '2024-09-02T09:00:00Z';
const names = (m: ModelData, section: string): string[] => Object.keys(m[section] ?? {});
const section = (m: ModelData, key: string): ModelData => (m[key] ??= {});

/** An edit: changes the model in place and says what it did, or returns undefined when it does not apply. */
export type ModelEdit = (m: ModelData, n: number, rng: SeededRandom) => string | undefined;

/** A command of an aggregate with its own event, the state field the event sets and sometimes a scenario. */
const addCommand: ModelEdit = (m, n, rng) => {
  const aggregate = rng.pick(names(m, 'aggregates'));
  if (!aggregate) return undefined;
  const id: string = m.aggregates[aggregate].id;
  const [command, event, field] = [`RecordNote${n}`, `Note${n}Recorded`, `note${n}`];
  section(m, 'commands')[command] = {
    description: `Record note ${n}.`,
    aggregate,
    fields: { [id]: 'uuid', [field]: 'string' },
    emits: [event],
    ...(rng.chance(0.5) ? { errors: [`Note${n}Rejected`], rules: [`Note ${n} is never empty.`] } : {}),
  };
  section(m, 'events')[event] = { description: `Note ${n} was recorded.`, aggregate, fields: { [id]: 'uuid', [field]: 'string', recordedAt: 'datetime' } };
  section(m.aggregates[aggregate], 'state')[field] = 'string?';
  section(m.aggregates[aggregate], 'evolve')[event] = { set: { [field]: `$event.${field}` } };
  if (rng.chance(0.5)) {
    (m.scenarios ??= []).push({
      name: `note ${n} is recorded`,
      when: { [command]: { [id]: ID, [field]: 'hello' } },
      then: { events: [{ [event]: { [id]: ID, [field]: 'hello', recordedAt: AT } }] },
    });
  }
  return `add command ${command} to ${aggregate}`;
};

/** An aggregate with one command and its event: a decider, a handler file and a spec of its own. */
const addAggregate: ModelEdit = (m, n, rng) => {
  const [aggregate, id, command, event] = [`Ledger${n}`, `ledger${n}Id`, `OpenLedger${n}`, `Ledger${n}Opened`];
  section(m, 'aggregates')[aggregate] = { description: `Ledger ${n}.`, id, state: { opened: 'boolean', entries: 'integer' }, initial: { opened: false, entries: 0 }, evolve: { [event]: { set: { opened: true }, inc: { entries: 1 } } } };
  section(m, 'commands')[command] = { aggregate, fields: { [id]: 'uuid', title: 'string' }, emits: [event], errors: [`Ledger${n}AlreadyOpened`] };
  section(m, 'events')[event] = { aggregate, fields: { [id]: 'uuid', title: 'string', openedAt: 'datetime' } };
  if (rng.chance(0.5)) {
    (m.scenarios ??= []).push({ name: `ledger ${n} opens`, when: { [command]: { [id]: ID, title: 'Main' } }, then: [{ [event]: { [id]: ID, title: 'Main', openedAt: AT } }] });
  }
  return `add aggregate ${aggregate}`;
};

/** Removes an aggregate with its commands and their events. */
const removeAggregate: ModelEdit = (m, _n, rng) => {
  const aggregate = rng.pick(names(m, 'aggregates'));
  if (!aggregate) return undefined;
  for (const [name, c] of Object.entries<ModelData>(m.commands ?? {})) if (c.aggregate === aggregate && m.commands[name]) forgetCommand(m, name);
  for (const [name, e] of Object.entries<ModelData>(m.events ?? {})) if (e.aggregate === aggregate && m.events[name]) forgetEvent(m, name);
  delete m.aggregates[aggregate];
  return `remove aggregate ${aggregate}`;
};

/** A new event in an existing command's `emits`, applied to a new optional state field. */
const addEvent: ModelEdit = (m, n, rng) => {
  const command = rng.pick(names(m, 'commands').filter((c) => m.aggregates?.[m.commands[c].aggregate]));
  if (!command) return undefined;
  const aggregate: string = m.commands[command].aggregate;
  const id: string = m.aggregates[aggregate].id;
  const [event, field] = [`Detail${n}Noted`, `detail${n}`];
  section(m, 'events')[event] = { aggregate, fields: { [id]: 'uuid', [field]: 'string?' } };
  (m.commands[command].emits ??= []).push(event);
  section(m.aggregates[aggregate], 'state')[field] = 'string?';
  section(m.aggregates[aggregate], 'evolve')[event] = { set: { [field]: `$event.${field}` } };
  return `add event ${event} to ${command}`;
};

/** A projection counting one event, keyed by the event's aggregate id or a single document. */
const addProjection: ModelEdit = (m, n, rng) => {
  const event = rng.pick(names(m, 'events').filter((e) => m.aggregates?.[m.events[e].aggregate]));
  if (!event) return undefined;
  const id: string = m.aggregates[m.events[event].aggregate].id;
  const name = `Tally${n}`;
  section(m, 'projections')[name] = rng.chance(0.7)
    ? { description: `How often ${event} happened, per ${id}.`, key: id, fields: { [id]: 'uuid', count: 'integer' }, on: { [event]: { set: { [id]: `$event.${id}` }, inc: { count: 1 } } } }
    : { description: `How often ${event} happened.`, fields: { count: 'integer?' }, on: { [event]: { inc: { count: 1 } } } };
  return `add projection ${name} on ${event}`;
};

/** A policy issuing a command when an event happens, by name or with a payload built from the event. */
const addPolicy: ModelEdit = (m, n, rng) => {
  const [event, command] = [rng.pick(names(m, 'events')), rng.pick(names(m, 'commands'))];
  if (!event || !command) return undefined;
  const name = `Relay${n}`;
  const eventFields = m.events[event].fields ?? {};
  let step: unknown = command;
  if (rng.chance(0.5)) {
    const payload: ModelData = {};
    for (const [field, type] of Object.entries<unknown>(m.commands[command].fields ?? {})) {
      if (field in eventFields) payload[field] = `$event.${field}`;
      else if (type === 'string' || type === 'uuid') payload[field] = `constant ${n}`;
      else if (type === 'number' || type === 'integer') payload[field] = n;
    }
    step = { [command]: payload };
  }
  section(m, 'policies')[name] = { description: `When ${event}, ${command}.`, when: event, then: [step] };
  return `add policy ${name}: ${event} -> ${command}`;
};

/** An optional field on an event, command or projection (optional, so scenarios stay valid). */
const addField: ModelEdit = (m, n, rng) => {
  const kind = rng.pick(['events', 'commands', 'projections'] as const)!;
  const element = rng.pick(names(m, kind));
  if (!element) return undefined;
  section(m[kind][element], 'fields')[`extra${n}`] = rng.pick(['string?', 'integer?', 'boolean?', 'datetime?', 'string[]?'])!;
  return `add field extra${n} to ${element}`;
};

const removeCommand: ModelEdit = (m, _n, rng) => {
  const command = rng.pick(names(m, 'commands'));
  if (!command) return undefined;
  forgetCommand(m, command);
  return `remove command ${command}`;
};

const removeEvent: ModelEdit = (m, _n, rng) => {
  const event = rng.pick(names(m, 'events'));
  if (!event) return undefined;
  forgetEvent(m, event);
  return `remove event ${event}`;
};

const removeProjection: ModelEdit = (m, _n, rng) => {
  const projection = rng.pick(names(m, 'projections'));
  if (!projection) return undefined;
  delete m.projections[projection];
  m.scenarios = (m.scenarios ?? []).filter((s: ModelData) => s.projection !== projection);
  return `remove projection ${projection}`;
};

const removePolicy: ModelEdit = (m, _n, rng) => {
  const policy = rng.pick(names(m, 'policies'));
  if (!policy) return undefined;
  delete m.policies[policy];
  return `remove policy ${policy}`;
};

/** Removes a field; any field may go, and the loop drops the edit when the model no longer holds. */
const removeField: ModelEdit = (m, _n, rng) => {
  const kind = rng.pick(['events', 'commands', 'projections'] as const)!;
  const element = rng.pick(names(m, kind));
  const fields = element ? m[kind][element].fields : undefined;
  const field = rng.pick(Object.keys(fields ?? {}));
  if (!field) return undefined;
  delete fields[field];
  return `remove field ${field} of ${element}`;
};

/** The model edits, weighted by how often the loop picks each. */
export const MODEL_EDITS: Array<[string, ModelEdit, number]> = [
  ['add aggregate', addAggregate, 1],
  ['remove aggregate', removeAggregate, 1],
  ['add command', addCommand, 4],
  ['add event', addEvent, 2],
  ['add projection', addProjection, 2],
  ['add policy', addPolicy, 2],
  ['add field', addField, 3],
  ['remove command', removeCommand, 2],
  ['remove event', removeEvent, 1],
  ['remove projection', removeProjection, 2],
  ['remove policy', removePolicy, 2],
  ['remove field', removeField, 2],
];

/** Picks an entry by its weight. */
export function pickWeighted<T>(rng: SeededRandom, entries: ReadonlyArray<readonly [string, T, number]>): readonly [string, T, number] {
  let roll = rng.next() * entries.reduce((sum, e) => sum + e[2], 0);
  for (const e of entries) if ((roll -= e[2]) < 0) return e;
  return entries[entries.length - 1]!;
}

function forgetCommand(m: ModelData, command: string): void {
  const emits: string[] = m.commands[command].emits ?? [];
  delete m.commands[command];
  m.scenarios = (m.scenarios ?? []).filter((s: ModelData) => !mentions(s, command));
  for (const [name, policy] of Object.entries<ModelData>(m.policies ?? {})) {
    const then = (policy.then ?? []).filter((step: unknown) => stepCommand(step) !== command);
    if (then.length === 0) delete m.policies[name];
    else policy.then = then;
  }
  for (const event of emits) {
    const stillEmitted = Object.values<ModelData>(m.commands ?? {}).some((c) => (c.emits ?? []).includes(event));
    if (!stillEmitted && m.events?.[event]) forgetEvent(m, event);
  }
}

function forgetEvent(m: ModelData, event: string): void {
  delete m.events[event];
  for (const c of Object.values<ModelData>(m.commands ?? {})) if (c.emits) c.emits = c.emits.filter((e: string) => e !== event);
  for (const a of Object.values<ModelData>(m.aggregates ?? {})) if (a.evolve) delete a.evolve[event];
  for (const [name, p] of Object.entries<ModelData>(m.projections ?? {})) {
    if (p.on) delete p.on[event];
    if (Object.keys(p.on ?? {}).length === 0) {
      delete m.projections[name];
      m.scenarios = (m.scenarios ?? []).filter((s: ModelData) => s.projection !== name);
    }
  }
  for (const [name, p] of Object.entries<ModelData>(m.policies ?? {})) if (p.when === event) delete m.policies[name];
  m.scenarios = (m.scenarios ?? []).filter((s: ModelData) => !mentions(s, event));
}

function stepCommand(step: unknown): string | undefined {
  return typeof step === 'string' ? step : step && typeof step === 'object' ? Object.keys(step)[0] : undefined;
}

/** Whether a scenario names an event or command in its given, when or then. */
function mentions(s: ModelData, name: string): boolean {
  const keysOf = (list: unknown): string[] => (Array.isArray(list) ? list.flatMap((x) => (x && typeof x === 'object' ? Object.keys(x) : [])) : []);
  const then = Array.isArray(s.then) ? s.then : s.then?.events;
  return [...keysOf(s.given), ...Object.keys(s.when ?? {}), ...keysOf(then)].includes(name);
}
