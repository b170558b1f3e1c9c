import type { Aggregate, FieldShape, Model, ValueNode } from '../model/model.js';
import { formatTypeExpr, parseTypeExpr } from '../model/typeExpr.js';
import { fieldAtPath } from '../validate/typeCheck.js';
import type { Change } from './fixChange.js';
import type { FixContext } from './fixContext.js';
import type { WriteEntry } from './fixFile.js';
import { fieldEntries, merge, TypeInference, type Inferred } from './fixValues.js';

/**
 * What a new element or field needs, gathered from the model: the fields its uses require and
 * the ones its payloads give, with their types; record types for nested paths read below a field.
 */

/**
 * Fields being gathered, in the order first met: the ones the model requires (an id, a key, a
 * field a rule reads: typed by where the value goes, when that is known) and the ones payloads
 * give (typed from their values; optional unless every payload has them).
 */
export class FieldNeeds {
  private readonly order: string[] = [];
  private readonly firm = new Map<string, Inferred>();
  private readonly required = new Set<string>();
  private readonly seen = new Map<string, Inferred>();
  private readonly counts = new Map<string, number>();
  private examples = 0;
  /** Nested paths read below a field (`$event.address.city`): the record type must have them. */
  readonly paths = new Map<string, Map<string, FieldShape | undefined>>();

  private note(name: string): void {
    if (!this.order.includes(name)) this.order.push(name);
  }

  /** A field the model requires, of the shape given (unknown when undefined). */
  require(name: string, shape: FieldShape | undefined): void {
    this.note(name);
    this.required.add(name);
    if (shape && !this.firm.has(name)) this.firm.set(name, { type: formatTypeExpr(shape.type), optional: false });
  }

  requirePath(path: readonly string[], shape: FieldShape | undefined): void {
    if (path.length === 1) return this.require(path[0]!, shape);
    this.note(path[0]!);
    this.required.add(path[0]!);
    const inner = this.paths.get(path[0]!) ?? this.paths.set(path[0]!, new Map()).get(path[0]!)!;
    inner.set(path.slice(1).join('.'), shape);
  }

  /** A required field given a literal value (in a policy mapping). */
  literal(name: string, t: Inferred): void {
    this.note(name);
    this.required.add(name);
    this.seen.set(name, merge(this.seen.get(name), t));
  }

  /** One payload. */
  example(map: Extract<ValueNode, { kind: 'map' }>, infer: TypeInference): void {
    this.examples++;
    for (const [k, e] of map.entries) {
      this.note(k);
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
      this.seen.set(k, merge(this.seen.get(k), infer.typeOf(e.value, k)));
    }
  }

  /** Whether a field's type is known from the model or from a value. */
  known(name: string): boolean {
    return this.firm.has(name) || (this.seen.has(name) && !this.seen.get(name)!.weak);
  }

  settle(name: string, t: Inferred): void {
    this.firm.set(name, t);
  }

  /** The fields, with their types. */
  result(): Map<string, Inferred> {
    const out = new Map<string, Inferred>();
    for (const name of this.order) {
      const firm = this.firm.get(name);
      const seen = this.seen.get(name);
      const required = this.required.has(name);
      if (firm) out.set(name, firm);
      else if (seen && !(seen.weak && required)) {
        const partial = (this.counts.get(name) ?? 0) < this.examples && !required;
        out.set(name, { type: seen.type, optional: !required && (seen.optional || partial) });
      } else out.set(name, { type: guessType(name), optional: false });
    }
    return out;
  }
}

/** A type from a field's name alone, when nothing else tells it: `placedAt` is a date-time. */
export function guessType(name: string): string {
  if (/[a-z0-9]At$/.test(name)) return 'datetime';
  if (/^(is|has)[A-Z]/.test(name)) return 'boolean';
  return 'string';
}

/** Types `$event.` references inside a value written where `shape` is expected. */
export function readsOfEvent(v: ValueNode, shape: FieldShape | undefined, model: Model, needs: FieldNeeds): void {
  if (v.kind === 'ref') {
    if (v.source === 'event') needs.requirePath(v.path, shape);
    return;
  }
  if (!shape) {
    if (v.kind === 'map') for (const e of v.entries.values()) readsOfEvent(e.value, undefined, model, needs);
    if (v.kind === 'list') for (const i of v.items) readsOfEvent(i, undefined, model, needs);
    return;
  }
  const t = shape.type;
  if (v.kind === 'list') {
    for (const i of v.items) readsOfEvent(i, t.kind === 'array' ? { type: t.element, optional: false } : undefined, model, needs);
  } else if (v.kind === 'map') {
    const fields = t.kind === 'named' ? model.types.get(t.name)?.fields : undefined;
    for (const [k, e] of v.entries) readsOfEvent(e.value, fields?.get(k), model, needs);
  }
}

/** The type of an aggregate's id field, as its commands and events declare it (uuid if none does). */
export function idShape(model: Model, agg: Aggregate): FieldShape {
  const id = agg.id!.name;
  for (const el of [...model.commands.values(), ...model.events.values()]) {
    if (el.aggregate?.name === agg.name) {
      const f = el.fields.get(id);
      if (f) return { type: f.type, optional: false };
    }
  }
  return { type: { kind: 'primitive', name: 'uuid' }, optional: false };
}

/** Names in use, so that a new record type takes a free one. */
export function takenNames(model: Model, also: string[]): (name: string) => boolean {
  return (name) =>
    also.includes(name) || model.types.has(name) || model.aggregates.has(name) || model.commands.has(name) || model.events.has(name) ||
    model.projections.has(name) || model.policies.has(name);
}

/** The nested paths read below a field, as a record type: one of the model's, or a new one. */
export function resolvePaths(needs: FieldNeeds, model: Model, infer: TypeInference): void {
  for (const [field, paths] of needs.paths) {
    if (needs.known(field)) continue;
    const match = [...model.types.values()].find((t) => t.fields && [...paths].every(([p, shape]) => {
      const f = fieldAtPath(t.fields!, p.split('.'), model);
      return f && (!shape || formatTypeExpr(f.type) === formatTypeExpr(shape.type));
    }));
    if (match) {
      needs.settle(field, { type: match.name, optional: false });
      continue;
    }
    const name = infer.reserve(field);
    const fields = new Map<string, Inferred>();
    for (const [p, shape] of paths) {
      if (p.includes('.')) continue;
      fields.set(p, shape ? { type: formatTypeExpr(shape.type), optional: false } : { type: guessType(p), optional: false });
    }
    infer.newTypes.set(name, { name, fields });
    needs.settle(field, { type: name, optional: false });
  }
}

/** The entries of the new record types, for the `types` section. */
export function typeEntries(infer: TypeInference): WriteEntry[] {
  return [...infer.newTypes.values()].map((t): WriteEntry => [t.name, { map: [['fields', { map: fieldEntries(t.fields) }]] }]);
}

/** A shape from a type text, for placeholders (a new type reads as a record with no fields). */
export function shapeOf(f: Inferred): FieldShape {
  const parsed = parseTypeExpr(f.type);
  return parsed.ok ? { type: parsed.type, optional: f.optional || parsed.optional } : { type: { kind: 'primitive', name: 'string' }, optional: true };
}

/** New elements merged into their sections (each created where it is missing). */
export function sectionsChange(ctx: FixContext, sections: [string, WriteEntry[]][]): Change {
  const entries: WriteEntry[] = sections.filter(([, e]) => e.length > 0).map(([section, e]): WriteEntry => [section, { map: e }]);
  return {
    merges: [{ uri: ctx.modelFile.uri, merge: { at: ctx.rootOffset(), entries } }],
    removals: [],
    replaces: [],
  };
}
