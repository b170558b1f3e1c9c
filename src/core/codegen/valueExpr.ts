import type { Event, FieldDef, FieldShape, Model, ValueNode } from '../model/model.js';
import { META_FIELDS } from '../validate/rules.js';
import { propertyAccess, propertyKey } from './names.js';
import { converted, type TypeRef } from './tsTypes.js';
import { stringLiteral } from './text.js';

/**
 * Values of update rules and policy payloads as TypeScript expressions. A literal is written out;
 * `$event.<path>` reads `event.data.<path>`, `$state.<path>` the rule's input, `$meta.<x>` the
 * event's metadata. A reference that can be absent at run time (an optional field on its way, or
 * metadata) is read once into a local, and the caller decides what absence means there.
 */

export interface ValueContext {
  model: Model;
  ref: TypeRef;
  /** The event `$event` reads, and the expression of its `data`. */
  event?: Event;
  eventData: string;
  /** The fields and the expression `$state` reads. */
  stateFields?: Map<string, FieldDef>;
  state?: string;
  /** The expression of the event's metadata (`$meta`); asking for it may add a helper. */
  meta?: () => string;
  /** A fresh local name, `value1` or `<hint>1`. */
  temp: (hint?: string) => string;
  /** Statements to run before the expression (locals of references that may be absent). */
  hoisted: string[];
  /** Conditions under which the expression may be used (those locals are defined). */
  guards: string[];
  /** Set when a reference cannot be read here (`$state` or `$meta` in a policy payload). */
  unresolved?: boolean;
}

/** A rendered value: the expression, and the local that may be undefined, if any. */
export interface Rendered {
  expr: string;
  maybe?: string;
}

/** A reference's TypeScript access path, the shape it reads, and whether it may be absent. */
export function readRef(v: Extract<ValueNode, { kind: 'ref' }>, c: ValueContext): { expr: string; shape: FieldShape; absent: boolean } | undefined {
  if (v.source === 'meta') {
    const shape = META_FIELDS[v.path[0]!];
    if (!shape || !c.meta) return undefined;
    return { expr: `${c.meta()}${propertyAccess(v.path[0]!)}`, shape, absent: true };
  }
  const fields = v.source === 'event' ? c.event?.fields : c.stateFields;
  let expr = v.source === 'event' ? c.eventData : c.state;
  if (!fields || expr === undefined) return undefined;
  let current: Map<string, FieldDef> | undefined = fields;
  let shape: FieldShape | undefined;
  let absent = false;
  for (const seg of v.path) {
    const f: FieldDef | undefined = current?.get(seg);
    if (!f) return undefined;
    // Past an optional field the rest of the path is optional chaining (names are identifiers).
    expr += absent ? `?.${seg}` : propertyAccess(seg);
    if (f.optional) absent = true;
    shape = f;
    current = f.type.kind === 'named' ? c.model.types.get(f.type.name)?.fields : undefined;
  }
  return shape ? { expr, shape, absent } : undefined;
}

/**
 * A value for a place of shape `dst`. A literal `null` is absent; callers check `isAbsentLiteral`.
 * Inside lists and mappings, absent values in required places become guards of the whole
 * expression, and optional record fields are left out when their value is absent.
 */
export function renderValue(v: ValueNode, dst: FieldShape, c: ValueContext): Rendered {
  switch (v.kind) {
    case 'scalar':
      if (v.value === null) return { expr: 'undefined' };
      return { expr: typeof v.value === 'string' ? stringLiteral(v.value) : String(v.value) };
    case 'ref': {
      const r = readRef(v, c);
      if (!r) {
        c.unresolved = true;
        return { expr: 'undefined' };
      }
      if (!r.absent) return { expr: converted(r.expr, r.shape, dst, c.model, c.ref) };
      const local = c.temp();
      c.hoisted.push(`const ${local} = ${r.expr};`);
      return { expr: converted(local, r.shape, dst, c.model, c.ref), maybe: local };
    }
    case 'list': {
      const element: FieldShape = dst.type.kind === 'array' ? { type: dst.type.element, optional: false } : dst;
      return { expr: `[${v.items.map((i) => required(renderValue(i, element, c), c)).join(', ')}]` };
    }
    case 'map': {
      const fields = dst.type.kind === 'named' ? c.model.types.get(dst.type.name)?.fields : undefined;
      return { expr: renderRecord(v, fields ?? new Map(), c) };
    }
  }
}

/** A record literal of declared fields; fields the value does not list, or lists as `null`, are left out. */
export function renderRecord(v: ValueNode, fields: Map<string, FieldDef>, c: ValueContext): string {
  if (v.kind !== 'map') return '{}';
  const parts: string[] = [];
  for (const [key, entry] of v.entries) {
    const field = fields.get(key);
    if (!field || isAbsentLiteral(entry.value)) continue;
    const r = renderValue(entry.value, field, c);
    const prop = `${propertyKey(key)}: ${r.expr}`;
    if (r.maybe && field.optional) parts.push(`...(${r.maybe} !== undefined ? { ${prop} } : {})`);
    else {
      required(r, c);
      parts.push(prop);
    }
  }
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

/** A context for values without references: `initial` states and scenario payloads. */
export function literalContext(model: Model, ref: TypeRef): ValueContext {
  return { model, ref, eventData: '', temp: () => '', hoisted: [], guards: [] };
}

/** The expression of a value that must be present: its local, if it may be absent, guards it. */
export function required(r: Rendered, c: ValueContext): string {
  if (r.maybe) c.guards.push(`${r.maybe} !== undefined`);
  return r.expr;
}

/** A literal `null`: the value is absent (only optional places accept it). */
export function isAbsentLiteral(v: ValueNode): boolean {
  return v.kind === 'scalar' && v.value === null;
}

/** `if (a !== undefined && b !== undefined) { <statements> }`, or the statements alone, as one statement. */
export function guarded(guards: string[], statements: string[]): string {
  if (guards.length === 0) return statements.join('\n');
  return [`if (${guards.join(' && ')}) {`, ...statements.map((s) => indentText(s, '  ')), '}'].join('\n');
}

/** Indents every line of a (possibly multi-line) statement. */
export function indentText(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');
}
