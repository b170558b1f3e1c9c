import type { UpdateOp, UpdateRule, ValueNode } from '../model/model.js';
import type { DeliveryFinding } from './delivery.js';
import { describeOrder } from './deliveryOrder.js';
import type { JsonValue, ReplayTarget } from './types.js';
import { someReference } from './values.js';

/** The messages of delivery findings: what happened, where, and what to change. */

/** A rule of the model, with its owner and its operators by the range a change names. */
export interface RuleInfo {
  owner: { kind: 'aggregate' | 'projection'; name: string };
  event: string;
  rule: UpdateRule;
  /** For a projection, whether it has a key (otherwise it is a single document). */
  keyed: boolean;
  ops: Map<string, UpdateOp>;
}

/** What a message says besides the finding's fields: the rule and operator, and for a reordering the other writer. */
export interface MessageContext {
  rule: RuleInfo;
  op: UpdateOp | undefined;
  other: RuleInfo | undefined;
  otherOp: UpdateOp | undefined;
  /** The values agreed right after each event; the positions are the events that wrote the final values. */
  lastWrites: boolean;
}

/** The message of a finding whose other fields are filled in. */
export function deliveryMessage(f: DeliveryFinding, { rule, op, other, otherOp, lastWrites }: MessageContext): string {
  const subject = `${rule.owner.kind === 'projection' ? 'Projection' : 'Aggregate'} ${rule.owner.name}, on ${rule.event}`;
  const what = op && op.op !== 'delete' ? `${op.op} '${f.path}'` : f.path === '' ? `the ${thing(f.target, rule)}` : `'${f.path}'`;
  const fromState = op !== undefined && op.op !== 'delete' && op.op !== 'unset' && readsState(op.value);
  const more = f.paths.slice(1).map((p) => `'${p}'`).join(', ');
  if (f.check === 'redelivery') {
    const change = `${value(f.expected)} becomes ${value(f.actual)} (${targetText(f.target, rule)}, event ${f.position})`;
    let text: string;
    if (op?.op === 'inc') text = `${what} counts the event again when it is delivered twice: ${change}. Make the count idempotent: set it from a value the event carries (a count or total after the event), or skip an event already counted (keep the ids seen, or the last position).`;
    else if (op?.op === 'push') text = `${what} appends again when the event is delivered twice: ${change}. Make the append idempotent: remove the same element before pushing it, so the list holds it once, or set the whole list from the event.`;
    else if (fromState) text = `${what} reads $state, which the first delivery already changed, so a second delivery changes it again: ${change}. Set it from the event (or a literal) rather than from $state.`;
    else text = `${what} changes again when the event is delivered twice: ${change}. Make the rule depend on the event only, so applying it twice changes nothing.`;
    const also = more ? ` It also changes ${more}.` : '';
    const aggregate = rule.owner.kind === 'aggregate' ? ' An aggregate is rebuilt from its own stream, where the stream version keeps each event once; this matters only where its events can be applied twice.' : '';
    return `${subject}: ${text}${also}${aggregate}`;
  }
  const order = f.order ? describeOrder(f.order) : 'in another order';
  const from = f.deliveredPosition !== undefined ? ` and this order's from event ${f.deliveredPosition}` : '';
  const at = lastWrites ? `the straight replay's value comes from event ${f.position}${from}` : `the states first differ right after event ${f.position}`;
  const outcome = `${subject}: ${what} ends as ${value(f.actual)} instead of ${value(f.expected)} when the events are delivered ${order} (${targetText(f.target, rule)}; ${at}).`;
  const also = more ? ` ${more} ${f.paths.length > 2 ? 'differ' : 'differs'} too.` : '';
  if (f.check === 'stream-window') {
    const note = rule.owner.kind === 'aggregate'
      ? ' An aggregate reads its own stream in order, so this only says that the rule depends on that order.'
      : " The event store keeps each stream's order, so this matters only for a handler that may see one stream's events out of order; if it must cope, make the rule depend on the event only (set values the event carries).";
    return outcome + also + note;
  }
  const t = thing(f.target, rule);
  const otherName = other && other !== rule ? `${other.owner.name}'s rule on ${other.event}` : undefined;
  const alsoBy = otherName ? ` (here also by ${otherName})` : '';
  let advice: string;
  if (op?.op === 'set' && otherOp?.op === 'inc') advice = ` It sets a count that ${otherName} adds to, so what an event of another stream added before this one is lost. Let inc start the count (a field with no value counts from 0) instead of setting it here, or keep one row per stream.`;
  else if (op?.op === 'inc' && otherOp?.op === 'set') advice = ` ${otherName} sets the same value, so what this adds before it is lost. Let inc start the count (a field with no value counts from 0) instead of setting it there, or keep one row per stream.`;
  else if (f.path === '' || op?.op === 'delete') advice = ` One stream's event deletes the ${t} and another's writes it${other && other !== rule ? ` (the rules on ${rule.event} and ${other.event})` : ''}, so whether it exists at the end depends on the delivery order. Keep one row per stream, or do not delete a row that other streams write.`;
  else if (fromState) advice = ` It reads $state, which events of other streams also change${alsoBy}. Set it from the event rather than from $state, or keep one row per stream.`;
  else if (op?.op === 'push') advice = ` Events of several streams append to it${alsoBy}, so the list follows the delivery order. Do not rely on its order (compare it as a set), or keep one row per stream.`;
  else if (op?.op === 'remove') advice = ` Events of several streams add and remove its elements${alsoBy}, so what remains depends on which arrives first. Keep one row per stream, so that stream's order decides.`;
  else if (op?.op === 'inc') advice = ` Other events set the same value${alsoBy}, so adding before or after them gives different results. Set it from a value the event carries, or only add to it.`;
  else advice = ` The ${t} is written by events of several streams${alsoBy}, so the one delivered last wins. Write each field from one stream only (the rule that starts a row need not set a default that another stream sets), key the projection by one stream's id, or keep the latest value by a time the event carries rather than by delivery order.`;
  return outcome + also + advice;
}

function thing(target: ReplayTarget, rule: RuleInfo): string {
  return target.kind === 'aggregate' ? 'state' : rule.keyed ? 'row' : 'document';
}

function targetText(target: ReplayTarget, rule: RuleInfo): string {
  if (target.kind === 'aggregate') return `stream ${target.name}-${target.id}`;
  return rule.keyed ? `row '${target.key}'` : 'the document';
}

function value(v: JsonValue | undefined): string {
  if (v === undefined) return 'no value';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function readsState(v: ValueNode): boolean {
  return someReference(v, (ref) => ref.source === 'state');
}
