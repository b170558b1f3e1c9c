import type { Command, Event, Model, Policy, Projection } from '../model/model.js';

/** The element kinds a diagram draws as nodes. */
export type GraphKind = 'command' | 'aggregate' | 'event' | 'projection' | 'policy';

/** `kind:name`, the key of an element in selections and visited sets. */
export type ElementKey = string;

export function keyOf(kind: GraphKind, name: string): ElementKey {
  return `${kind}:${name}`;
}

/**
 * The model's causal links, indexed both ways: command -> event (emits), event -> projection (on),
 * event -> policy (when), policy -> command (then). Links to names the model does not define are
 * left out, so a model with errors still draws. Every list keeps the model's source order.
 */
export class ModelGraph {
  readonly emitters = new Map<string, Command[]>();
  readonly readers = new Map<string, Projection[]>();
  readonly triggered = new Map<string, Policy[]>();
  readonly issuers = new Map<string, Policy[]>();
  readonly commandsOf = new Map<string, Command[]>();
  readonly eventsOf = new Map<string, Event[]>();

  constructor(readonly model: Model) {
    for (const c of model.commands.values()) {
      if (c.aggregate && model.aggregates.has(c.aggregate.name)) push(this.commandsOf, c.aggregate.name, c);
      for (const e of uniqueNames(c.emits.map((r) => r.name))) if (model.events.has(e)) push(this.emitters, e, c);
    }
    for (const e of model.events.values()) {
      if (e.aggregate && model.aggregates.has(e.aggregate.name)) push(this.eventsOf, e.aggregate.name, e);
    }
    for (const p of model.projections.values()) {
      for (const e of this.eventsReadBy(p)) push(this.readers, e.name, p);
    }
    for (const p of model.policies.values()) {
      const when = this.triggerOf(p);
      if (when) push(this.triggered, when.name, p);
      for (const c of this.commandsIssuedBy(p)) push(this.issuers, c.name, p);
    }
  }

  /** The events a command may emit that the model defines, each once. */
  eventsEmittedBy(c: Command): Event[] {
    return defined(this.model.events, uniqueNames(c.emits.map((r) => r.name)));
  }

  /** The events a projection listens to, each once. */
  eventsReadBy(p: Projection): Event[] {
    return defined(this.model.events, uniqueNames(p.on.map((r) => r.event.name)));
  }

  /** The event that triggers a policy, if the model defines it. */
  triggerOf(p: Policy): Event | undefined {
    return p.when ? this.model.events.get(p.when.name) : undefined;
  }

  /** The commands a policy issues, each once. */
  commandsIssuedBy(p: Policy): Command[] {
    return defined(this.model.commands, uniqueNames(p.then.map((t) => t.command.name)));
  }

  /** The aggregate an element belongs to, if it names one the model defines. */
  aggregateOf(e: Command | Event): string | undefined {
    return e.aggregate && this.model.aggregates.has(e.aggregate.name) ? e.aggregate.name : undefined;
  }

  /** Every element of the given kinds with this name (names are unique across kinds in a valid model). */
  find(name: string, kinds: readonly GraphKind[] = GRAPH_KINDS): Array<{ kind: GraphKind; name: string }> {
    return kinds.filter((k) => mapOf(this.model, k).has(name)).map((kind) => ({ kind, name }));
  }

  /** The names of all elements of the given kinds, in source order. */
  names(kinds: readonly GraphKind[] = GRAPH_KINDS): string[] {
    return kinds.flatMap((k) => [...mapOf(this.model, k).keys()]);
  }
}

export const GRAPH_KINDS: readonly GraphKind[] = ['aggregate', 'command', 'event', 'projection', 'policy'];

/** The model's table of elements of one kind. */
export function mapOf(model: Model, kind: GraphKind): Map<string, { name: string }> {
  switch (kind) {
    case 'command': return model.commands;
    case 'aggregate': return model.aggregates;
    case 'event': return model.events;
    case 'projection': return model.projections;
    case 'policy': return model.policies;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function uniqueNames(names: string[]): string[] {
  return [...new Set(names)];
}

function defined<T>(table: Map<string, T>, names: string[]): T[] {
  return names.flatMap((n) => {
    const found = table.get(n);
    return found ? [found] : [];
  });
}
