import { isMap, isSeq, type Node } from 'yaml';
import { diagnostic } from '../diagnostics.js';
import type { Message, Scenario, ScenarioOutcome } from './model.js';
import { readValue } from './values.js';
import { mapPairs, nodeRange, seqItems, stringValue, type KeyedPair, type WalkContext } from './yamlNodes.js';

/** Reads `scenarios:`: a list of given/when/then specifications. */
export function buildScenarios(node: Node | undefined, ctx: WalkContext): Scenario[] {
  const out: Scenario[] = [];
  for (const item of seqItems(node, ctx)) {
    if (!isMap(item)) continue; // reported by the schema check
    const e = new Map<string, KeyedPair>(mapPairs(item, ctx).map((p) => [p.key, p]));
    const nameEntry = e.get('name');
    const range = nodeRange(item, ctx);
    const scenario: Scenario = {
      name: stringValue(nameEntry?.value) ?? '',
      nameRange: nameEntry?.valueRange ?? range,
      range,
      given: seqItems(e.get('given')?.value, ctx).flatMap((g) => readMessage(g, ctx, 'event') ?? []),
    };
    const description = stringValue(e.get('description')?.value);
    if (description !== undefined) scenario.description = description;
    const projection = e.get('projection');
    const projectionName = stringValue(projection?.value);
    if (projection && projectionName !== undefined) scenario.projection = { name: projectionName, range: projection.valueRange };
    const when = e.get('when');
    if (when?.value) {
      const msg = readMessage(when.value, ctx, 'command');
      if (msg) scenario.when = msg;
    }
    const then = e.get('then');
    if (then) {
      const outcome = readOutcome(then, ctx);
      if (outcome) scenario.then = outcome;
    }
    out.push(scenario);
  }
  return out;
}

/** Reads `{ Name: payload }`; anything else is reported. */
export function readMessage(node: Node, ctx: WalkContext, what: 'event' | 'command'): Message | undefined {
  const pairs = mapPairs(node, ctx);
  if (!isMap(node) || pairs.length !== 1) {
    ctx.diagnostics.push(
      diagnostic('invalid-value', `Write one ${what} as \`${what === 'event' ? 'EventName' : 'CommandName'}: { field: value }\`.`, nodeRange(node, ctx)),
    );
    return undefined;
  }
  const p = pairs[0]!;
  const msg: Message = { name: p.key, nameRange: p.keyRange, range: p.range };
  if (p.value && isMap(p.value)) msg.payload = readValue(p.value, ctx, false, p.keyRange);
  else if (p.value === undefined || (p.value as { value?: unknown }).value === null)
    msg.payload = { kind: 'map', entries: new Map(), range: p.valueRange };
  return msg;
}

/** Reads `then:`: a mapping with one outcome, or a list of events (short for `then.events`). */
function readOutcome(then: KeyedPair, ctx: WalkContext): ScenarioOutcome | undefined {
  if (isSeq(then.value)) {
    return { kind: 'events', events: seqItems(then.value, ctx).flatMap((i) => readMessage(i, ctx, 'event') ?? []), range: then.range, shortForm: true };
  }
  const e = new Map(mapPairs(then.value, ctx).map((p) => [p.key, p]));
  const present = ['events', 'error', 'rows'].filter((k) => e.has(k));
  if (present.length > 1) {
    ctx.diagnostics.push(
      diagnostic('invalid-scenario', `\`then\` holds one outcome: events, error or rows; found ${present.join(' and ')}.`, then.keyRange),
    );
  }
  const events = e.get('events');
  if (events) {
    return {
      kind: 'events',
      events: seqItems(events.value, ctx).flatMap((i) => readMessage(i, ctx, 'event') ?? []),
      range: events.range,
    };
  }
  const error = e.get('error');
  const errorName = stringValue(error?.value);
  if (error && errorName !== undefined) return { kind: 'error', error: { name: errorName, range: error.valueRange }, range: error.range };
  const rows = e.get('rows');
  if (rows) {
    return { kind: 'rows', rows: seqItems(rows.value, ctx).map((r) => readValue(r, ctx, false, rows.keyRange)), range: rows.range };
  }
  return undefined;
}
