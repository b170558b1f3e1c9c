import type { Model, UpdateRule, ValueNode } from '../model/model.js';
import type { QuickReading } from '../samples/jsonLines.js';
import { someReference } from './values.js';

/**
 * What a bulk replay (`Replayer.applyQuick`) reads of each event, for the JSON Lines reader's
 * quick reading. Of `data`: its stream's id, the row keys of the projections it updates, and the
 * first field of every `$event` path its rules read; all of it (undefined) when the event is
 * read at an older version (its upcast rules move fields) or a rule reads `$event` itself. The
 * event's `at` only when a rule reads `$meta.timestamp`. The policies' commands are left out,
 * as a bulk replay leaves them out.
 */
export function quickReading(model: Model): QuickReading {
  const byType = new Map<string, readonly string[] | null>();
  let at = false;
  const rules = [...[...model.aggregates.values()].flatMap((a) => a.evolve), ...[...model.projections.values()].flatMap((p) => p.on)];
  for (const rule of rules) {
    for (const op of rule.ops) if (op.op !== 'delete' && op.op !== 'unset' && someReference(op.value, (ref) => ref.source === 'meta' && ref.path[0] === 'timestamp')) at = true;
  }
  return {
    at,
    data(type, version) {
      let keys = byType.get(type);
      if (keys === undefined) {
        keys = model.events.has(type) ? (keysFor(model, type) ?? null) : NOTHING;
        byType.set(type, keys);
      }
      if (keys === null || keys === NOTHING) return keys ?? undefined;
      const def = model.events.get(type)!;
      return version !== undefined && version !== (def.version ?? 1) ? undefined : keys;
    },
  };
}

/** Nothing is read of an event the model does not have. */
const NOTHING: readonly string[] = [];

function keysFor(model: Model, type: string): readonly string[] | undefined {
  const keys = new Set<string>();
  const rules: UpdateRule[] = [];
  const def = model.events.get(type)!;
  const aggregate = def.aggregate ? model.aggregates.get(def.aggregate.name) : undefined;
  if (aggregate) {
    if (aggregate.id) keys.add(aggregate.id.name);
    const rule = aggregate.evolve.find((r) => r.event.name === type);
    if (rule) rules.push(rule);
  }
  for (const projection of model.projections.values()) {
    const rule = projection.on.find((r) => r.event.name === type);
    if (!rule) continue;
    rules.push(rule);
    if (projection.key) keys.add(projection.key.name);
  }
  for (const rule of rules) {
    for (const op of rule.ops) {
      if ((op.op === 'set' || op.op === 'inc' || op.op === 'push' || op.op === 'remove') && !eventFields(op.value, keys)) return undefined;
    }
  }
  return [...keys];
}

/** Adds the first field of each `$event` path in a value; false when the value reads `$event` itself. */
function eventFields(v: ValueNode, keys: Set<string>): boolean {
  // Walks every reference; true when one reads `$event` itself.
  const whole = someReference(v, (ref) => {
    if (ref.source !== 'event') return false;
    if (ref.path.length === 0) return true;
    keys.add(ref.path[0]!);
    return false;
  });
  return !whole;
}
