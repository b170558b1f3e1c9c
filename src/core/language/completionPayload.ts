import type { Event, FieldDef, FieldShape, Model } from '../model/model.js';
import { PRIMITIVE_TYPES } from '../model/model.js';
import { META_FIELDS } from '../validate/rules.js';
import { describeShape, isAssignable } from '../validate/typeCheck.js';
import type { Range } from '../source.js';
import type { CompletionItem } from './types.js';
import type { PathSegment } from './cursorContext.js';

/**
 * Completion candidates from declared fields: the fields of a payload (or a row, a state) not
 * written yet, the values a field may take (enum values, booleans), `$event.`/`$state.`/`$meta.`
 * references, and field types.
 */

/** A completion item before it is fitted to the place it goes: how it is inserted, and how it ranks. */
export interface Candidate extends CompletionItem {
  /** `key`: written as `label: `; `value`: as the label (quoted where needed); `text`: `insertText` as is. */
  as: 'key' | 'value' | 'text';
  /** Lower ranks sort first (0 for the likeliest). */
  rank?: number;
  /** A key whose value goes on the lines below (block style). */
  container?: boolean;
}

/** Where a value in a payload stands: the field it fills, or the record whose fields it lists. */
export interface PayloadSpot {
  /** The field at the path (undefined at the payload's top). */
  shape?: FieldShape;
  /** The fields of the record at the path, when it is a record. */
  fields?: Map<string, FieldDef>;
}

/** The record fields of a shape, when it is a named record type. */
export function recordFields(shape: FieldShape | undefined, model: Model): Map<string, FieldDef> | undefined {
  return shape?.type.kind === 'named' ? model.types.get(shape.type.name)?.fields : undefined;
}

/** Follows a path into a payload: keys (dot paths too) through record fields, indexes through lists. */
export function descend(fields: Map<string, FieldDef> | undefined, path: readonly PathSegment[], model: Model): PayloadSpot | undefined {
  let spot: PayloadSpot = fields ? { fields } : {};
  for (const seg of path) {
    if (typeof seg === 'number') {
      const shape: FieldShape | undefined = spot.shape;
      if (shape?.type.kind !== 'array') return undefined;
      const element: FieldShape = { type: shape.type.element, optional: false };
      spot = withFields({ shape: element }, model);
      continue;
    }
    for (const part of seg.split('.')) {
      const field = spot.fields?.get(part);
      if (!field) return undefined;
      spot = withFields({ shape: field }, model);
    }
  }
  return spot;
}

function withFields(spot: PayloadSpot, model: Model): PayloadSpot {
  const fields = recordFields(spot.shape, model);
  return fields ? { ...spot, fields } : spot;
}

/** The fields of a record not written yet, required ones first. */
export function fieldCandidates(fields: Map<string, FieldDef> | undefined, written: Set<string>, model: Model, filter?: (f: FieldDef) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const f of fields?.values() ?? []) {
    if (written.has(f.name) || (filter && !filter(f))) continue;
    out.push(fieldCandidate(f, model, f.optional ? 1 : 0));
  }
  return out;
}

export function fieldCandidate(f: FieldDef, model: Model, rank = 0): Candidate {
  const c: Candidate = { label: f.name, kind: 'field', detail: describeShape(f), as: 'key', rank, container: isContainerShape(f, model) };
  if (f.description) c.documentation = f.description;
  return c;
}

function isContainerShape(shape: FieldShape, model: Model): boolean {
  return shape.type.kind === 'array' || recordFields(shape, model) !== undefined;
}

/** The values a field may take that can be listed: its enum's (or its enum type's), or true and false. */
export function valueCandidates(shape: FieldShape | undefined, model: Model): Candidate[] {
  if (!shape) return [];
  const named = shape.type.kind === 'named' ? model.types.get(shape.type.name) : undefined;
  const values = shape.enum ?? named?.enum;
  if (values) return values.map((v) => ({ label: String(v), kind: 'value', detail: describeShape(shape), as: 'value', rank: 0 }) satisfies Candidate);
  if (shape.type.kind === 'primitive' && shape.type.name === 'boolean') {
    return [true, false].map((v) => ({ label: String(v), kind: 'value', detail: 'boolean', as: 'value', rank: 0 }) satisfies Candidate);
  }
  return [];
}

/** The field types: the primitives, then the model's named types. */
export function typeCandidates(model: Model): Candidate[] {
  const out: Candidate[] = PRIMITIVE_TYPES.map((t) => ({ label: t, kind: 'type', detail: 'primitive type', as: 'value', rank: 0 }) satisfies Candidate);
  for (const t of model.types.values()) {
    const c: Candidate = { label: t.name, kind: 'type', detail: t.enum ? 'enum type' : 'record type', as: 'value', rank: 1 };
    if (t.description) c.documentation = t.description;
    out.push(c);
  }
  return out;
}

/** What a reference in an update rule or a policy may read. */
export interface RefSources {
  /** The event the rule applies, or the event that triggers the policy. */
  event?: Event;
  /** The state or row that `$state.` reads; none in a policy. */
  target?: Map<string, FieldDef>;
  targetLabel?: string;
  /** The type the value should have, to rank the references that fit first. */
  expected?: FieldShape;
}

const REF = /^\$(event|state|meta)((?:\.[A-Za-z0-9_$]*)*)$/;

/**
 * References: after `$event.` (or `$state.`, `$meta.`) and a path, the fields one level down,
 * replacing the segment being typed; otherwise the whole `$event.<field>` of each top-level field.
 */
export function refCandidates(prefix: string, range: Range, sources: RefSources, model: Model): Candidate[] {
  const m = REF.exec(prefix);
  const rankOf = (shape: FieldShape) => (sources.expected && !isAssignable(shape, sources.expected, model) ? 1 : 0);
  if (m && m[2]) {
    const parts = m[2].slice(1).split('.');
    const partial = parts.pop()!;
    const segmentRange: Range = { start: { line: range.start.line, character: range.start.character + prefix.length - partial.length }, end: range.end };
    let fields: Map<string, FieldShape & { description?: string }> | undefined;
    if (m[1] === 'meta') fields = parts.length === 0 ? new Map(Object.entries(META_FIELDS)) : undefined;
    else fields = descend(m[1] === 'event' ? sources.event?.fields : sources.target, parts, model)?.fields;
    if (m[1] === 'state' && !sources.target) fields = undefined;
    return [...(fields?.entries() ?? [])].map(([name, shape]) => {
      const c: Candidate = { label: name, kind: 'path', detail: describeShape(shape), as: 'text', insertText: name, range: segmentRange, rank: rankOf(shape) };
      if (shape.description) c.documentation = shape.description;
      return c;
    });
  }
  if (prefix !== '' && !prefix.startsWith('$')) return [];
  const out: Candidate[] = [];
  const whole = (source: string, name: string, shape: FieldShape & { description?: string }, owner: string) => {
    const label = `$${source}.${name}`;
    const c: Candidate = { label, kind: 'path', detail: describeShape(shape), documentation: `${shape.description ? `${shape.description}\n\n` : ''}${owner}`, as: 'text', insertText: label, rank: rankOf(shape) + 1 };
    out.push(c);
  };
  for (const f of sources.event?.fields.values() ?? []) whole('event', f.name, f, `Field \`${f.name}\` of event \`${sources.event!.name}\`.`);
  for (const f of sources.target?.values() ?? []) whole('state', f.name, f, `Field \`${f.name}\` of ${sources.targetLabel ?? 'the state'}.`);
  for (const [name, shape] of Object.entries(META_FIELDS)) whole('meta', name, shape, `Event metadata: the event's ${name}.`);
  return out;
}
