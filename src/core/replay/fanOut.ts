import type { FieldDef, Model, Policy, ValueNode } from '../model/model.js';
import type { IssuedCommand, JsonRecord, JsonValue } from './types.js';
import { resolveRecord } from './resolveValue.js';
import { ownValue } from './values.js';

/**
 * The commands the policies issue for one event. A mapping payload is built from its literals and
 * `$event` references; a step by command name copies the same-named fields of the event. Required
 * command fields left without a value are listed, as the user's mapping function fills them.
 */
export function issuedCommands(model: Model, eventType: string, data: JsonValue): IssuedCommand[] {
  const out: IssuedCommand[] = [];
  const policies = policiesOf(model, eventType);
  if (policies.length === 0) return out;
  const event = model.events.get(eventType);
  for (const policy of policies) {
    for (const step of policy.then) {
      const command = model.commands.get(step.command.name);
      if (!command) continue;
      let payload: JsonRecord = {};
      if (step.payload) {
        // A payload that cannot be built whole (a required reference absent) falls back to its present fields.
        payload = resolveRecord(step.payload, command.fields, { model, ...(event ? { eventFields: event.fields } : {}), eventData: data, missing: () => {} }) ??
          partialPayload(model, step.payload, command.fields, event?.fields, data);
      } else {
        const entries: [string, JsonValue][] = [];
        for (const name of command.fields.keys()) {
          const value = event?.fields.has(name) ? ownValue(data, name) : undefined;
          if (value !== undefined) entries.push([name, value]);
        }
        payload = Object.fromEntries(entries) as JsonRecord;
      }
      const missing = [...command.fields.values()].filter((f) => !f.optional && ownValue(payload, f.name) === undefined).map((f) => f.name);
      out.push({ policy: policy.name, command: command.name, payload, missing, policyRange: policy.range });
    }
  }
  return out;
}

function partialPayload(
  model: Model,
  payload: ValueNode,
  fields: Map<string, FieldDef>,
  eventFields: Map<string, FieldDef> | undefined,
  data: JsonValue,
): JsonRecord {
  const loose = new Map([...fields].map(([k, f]) => [k, { ...f, optional: true }]));
  return resolveRecord(payload, loose, { model, ...(eventFields ? { eventFields } : {}), eventData: data, missing: () => {} }) ?? {};
}

const byEvent = new WeakMap<Model, Map<string, Policy[]>>();

/** The policies an event type triggers, found once per model. */
function policiesOf(model: Model, eventType: string): Policy[] {
  let map = byEvent.get(model);
  if (!map) {
    map = new Map();
    for (const policy of model.policies.values()) {
      const when = policy.when?.name;
      if (when === undefined) continue;
      map.set(when, [...(map.get(when) ?? []), policy]);
    }
    byEvent.set(model, map);
  }
  return map.get(eventType) ?? [];
}
