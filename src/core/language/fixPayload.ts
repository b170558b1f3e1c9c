import type { Command, Event, FieldShape, Message, Policy, PolicyCommand, ValueNode } from '../model/model.js';
import type { Range } from '../source.js';
import { isAssignable } from '../validate/typeCheck.js';
import { emptyChange, type Change } from './fixChange.js';
import { Writer, type WriteEntry, type WriteValue } from './fixFile.js';
import type { FixContext } from './fixContext.js';
import { idShape } from './fixNeeds.js';
import { sameRange, type PayloadSite } from './fixSites.js';
import { fits, placeholder, type ValueContext } from './fixValues.js';

/**
 * Fixes of payloads: the fields a payload lacks added (with the value another message of the
 * same scenario or sample file gives that field, else a placeholder of its type), the fields it
 * should not have removed, a by-name policy step written out as a mapping, and an aggregate's id
 * field added to a command or event (and to its payloads).
 */

function contextOf(site: PayloadSite): ValueContext {
  return site.context.in;
}

/** The messages of a scenario, in order. */
function messages(site: Extract<PayloadSite['context'], { in: 'scenario' }>): Message[] {
  const s = site.scenario;
  return [...s.given, ...(s.when ? [s.when] : []), ...(s.then?.kind === 'events' ? s.then.events : [])];
}

/** The text of a value as written, when it stands on one line. */
function writtenOneLine(ctx: FixContext, uri: string, v: ValueNode): string | undefined {
  const file = ctx.files.get(uri);
  if (!file) return undefined;
  const text = file.text.slice(file.offset(v.range.start), file.offset(v.range.end));
  return text.length > 0 && !/[\r\n]/.test(text) ? text : undefined;
}

/** A value for a field a payload lacks: what a neighbour gives the same field, or a placeholder. */
export function valueFor(ctx: FixContext, site: PayloadSite, key: string, shape: FieldShape): WriteValue {
  const model = ctx.model;
  const c = site.context;
  if (c.in === 'policy') {
    const event = c.policy.when ? model.events.get(c.policy.when.name) : undefined;
    const source = event?.fields.get(key);
    if (source && isAssignable(source, shape, model)) return { raw: `$event.${key}` };
    return placeholder(shape, model, 'policy');
  }
  const candidates: ValueNode[] = [];
  if (c.in === 'scenario' && site.owner.kind !== 'type' && site.owner.kind !== 'row') {
    for (const m of messages(c)) {
      if (m.payload?.kind === 'map' && m.payload !== site.value) {
        const e = m.payload.entries.get(key);
        if (e) candidates.push(e.value);
      }
    }
  } else if (c.in === 'sample' && site.owner.kind === 'event') {
    // The nearest event before it that has the field, then the nearest after.
    const events = c.file.parsed.events;
    const i = events.indexOf(c.sample);
    const order = [...events.slice(0, Math.max(0, i)).reverse(), ...events.slice(i + 1)];
    for (const ev of order) {
      if (ev.data.kind === 'map') {
        const e = ev.data.entries.get(key);
        if (e) candidates.push(e.value);
      }
    }
  }
  for (const v of candidates) {
    if (v.kind === 'ref' || !fits(v, shape, model)) continue;
    const text = writtenOneLine(ctx, site.uri, v);
    if (text !== undefined) return { raw: text };
  }
  return placeholder(shape, model, contextOf(site));
}

/** Adds the fields (with their shapes) that a payload lacks to a change. */
export function addMissingFields(ctx: FixContext, change: Change, site: PayloadSite, shapes: Map<string, FieldShape>): void {
  const entries: WriteEntry[] = [];
  for (const [k, shape] of shapes) if (!site.value.entries.has(k)) entries.push([k, valueFor(ctx, site, k, shape)]);
  if (entries.length === 0) return;
  if (site.noDataKey && site.context.in === 'sample') {
    const at = ctx.offset(site.uri, site.context.sample.range.start);
    change.merges.push({ uri: site.uri, merge: { at, entries: [['data', { map: entries, flow: true }]] } });
    return;
  }
  change.merges.push({ uri: site.uri, merge: { at: ctx.offset(site.uri, site.value.range.start), entries, flow: true } });
}

/** The required fields a payload lacks. */
export function missingOf(site: PayloadSite): Map<string, FieldShape> {
  return new Map([...site.fields.values()].filter((f) => !f.optional && !site.value.entries.has(f.name)).map((f) => [f.name, f]));
}

/** The payload whose missing fields a diagnostic reports, by its place. */
export function siteAtAnchor(ctx: FixContext, range: Range): PayloadSite | undefined {
  return ctx.sites.find((s) => s.uri === ctx.uri && sameRange(s.anchor, range) && missingOf(s).size > 0);
}

/** The payload entry a diagnostic reports as unknown, by the range of its key. */
export function entryAtKey(ctx: FixContext, range: Range): { site: PayloadSite; key: string } | undefined {
  for (const s of ctx.sites) {
    if (s.uri !== ctx.uri) continue;
    for (const [key, e] of s.value.entries) if (sameRange(e.keyRange, range) && !s.fields.has(key)) return { site: s, key };
  }
  return undefined;
}

export function missingFieldsChange(ctx: FixContext, site: PayloadSite): Change {
  const change = emptyChange();
  addMissingFields(ctx, change, site, missingOf(site));
  return change;
}

export function removeFieldChange(ctx: FixContext, site: PayloadSite, key: string): Change {
  return { merges: [], removals: [{ uri: site.uri, removal: { at: ctx.offset(site.uri, site.value.range.start), key } }], replaces: [] };
}

/**
 * A by-name policy step written as a mapping: every field of the command the event has (as
 * `$event.<field>`), and a placeholder for each required one it lacks or cannot fill.
 */
export function writeOutStep(ctx: FixContext, policy: Policy, step: PolicyCommand): Change | undefined {
  const model = ctx.model;
  const cmd = model.commands.get(step.command.name);
  const event = policy.when ? model.events.get(policy.when.name) : undefined;
  if (!cmd || step.payload) return undefined;
  const file = ctx.files.get(ctx.modelFile.uri);
  if (!file) return undefined;
  const entries: WriteEntry[] = [];
  for (const f of cmd.fields.values()) {
    const source = event?.fields.get(f.name);
    if (source && isAssignable(source, f, model)) entries.push([f.name, { raw: `$event.${f.name}` }]);
    else if (!f.optional) entries.push([f.name, placeholder(f, model, 'policy')]);
  }
  const start = file.offset(step.command.range.start);
  const end = file.offset(step.command.range.end);
  const written = file.text.slice(start, end);
  let before = start - 1;
  while (before >= 0 && (file.text[before] === ' ' || file.text[before] === '\t')) before--;
  const inFlowList = before >= 0 && (file.text[before] === '[' || file.text[before] === ',');
  const payload = new Writer(file).flow({ map: entries });
  const newText = inFlowList ? `{ ${written}: ${payload} }` : `${written}: ${payload}`;
  return { merges: [], removals: [], replaces: [{ uri: ctx.modelFile.uri, edit: { range: step.command.range, newText } }] };
}

/**
 * The aggregate's id field added to a command or an event, and to each of its payloads that
 * lacks it (scenarios, policy mappings, sample files).
 */
export function addIdField(ctx: FixContext, el: Command | Event): { change: Change; id: string; type: string } | undefined {
  const agg = el.aggregate && ctx.model.aggregates.get(el.aggregate.name);
  if (!agg?.id || el.fields.has(agg.id.name)) return undefined;
  const id = agg.id.name;
  const shape = idShape(ctx.model, agg);
  const type = shape.type.kind === 'primitive' || shape.type.kind === 'named' ? shape.type.name : 'uuid';
  const change = emptyChange();
  change.merges.push({ uri: ctx.modelFile.uri, merge: { at: ctx.offset(ctx.modelFile.uri, el.range.start), entries: [['fields', { map: [[id, { raw: type }]] }]] } });
  for (const site of ctx.sites) {
    if (site.owner.kind !== el.kind || site.owner.name !== el.name || site.value.entries.has(id)) continue;
    addMissingFields(ctx, change, site, new Map([[id, shape]]));
  }
  return { change, id, type };
}
