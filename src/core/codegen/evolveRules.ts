import type { FieldDef, FieldShape, UpdateOp, ValueNode } from '../model/model.js';
import { propertyAccess, propertyKey } from './names.js';
import { fieldType, isScalar } from './tsTypes.js';
import { guarded, isAbsentLiteral, renderValue, required, type ValueContext } from './valueExpr.js';

/**
 * Update rules as TypeScript statements that build a new state (or row) and never change the old
 * one. The operators run in the order written; `$state` reads the target as it was before the
 * event, and each operator reads and writes the value the operators before it left.
 * A value that is absent at run time (an optional event field, missing metadata) unsets an
 * optional field it is assigned to, and skips an operator that needs it anywhere else.
 */

export interface RuleContext extends ValueContext {
  /** The fields of the target (the state or the row). */
  target: Map<string, FieldDef>;
  /** The expression the rule starts from. */
  base: string;
  /** The name of the variable the rule rebuilds when it needs more than one step. */
  next: string;
  /** The local name of the list element in `remove` filters. */
  item: string;
  /** The name of the structural equality helper (the file then defines it). */
  sameValue: () => string;
}

interface Segment {
  name: string;
  field: FieldDef;
}

/** One operator, rendered: its locals, its conditions, and either a key of a merged spread or statements. */
interface Step {
  hoisted: string[];
  guards: string[];
  /** A top-level write that can join a `{ ...base, a, b }` spread: the key and its value given the base. */
  key?: string;
  leaf?: (base: string) => string;
  statements?: () => string[];
}

/** Past this width a spread is written one entry per line. */
const WIDTH = 100;

/** The statements of one rule, ending in a `return`; a statement may span lines (indented relative to its start). */
export function renderRuleBody(ops: UpdateOp[], c: RuleContext): string[] {
  if (ops.some((o) => o.op === 'delete')) return ['return null;'];
  const steps = ops.flatMap((op) => step(op, c) ?? []);
  if (steps.length === 0) return [`return ${c.base};`];
  const groups: Step[][] = [];
  for (const s of steps) {
    const last = groups[groups.length - 1];
    if (isSpread(s) && last && isSpread(last[0]!) && last.every((x) => x.key !== s.key)) last.push(s);
    else groups.push([s]);
  }
  if (groups.length === 1 && isSpread(groups[0]![0]!)) return [`return ${spread(c.base, groups[0]!)};`];
  const statements = [`let ${c.next} = ${c.base};`];
  for (const g of groups) {
    const s = g[0]!;
    if (isSpread(s)) {
      statements.push(`${c.next} = ${spread(c.next, g)};`);
      continue;
    }
    statements.push(...s.hoisted);
    const body = s.statements ? s.statements().join('\n') : `${c.next} = ${spread(c.next, [s])};`;
    statements.push(guarded(s.guards, [body]));
  }
  statements.push(`return ${c.next};`);
  return statements;
}

/** A top-level write with nothing to check first: it can join a `{ ...base, a, b }` spread. */
function isSpread(s: Step): boolean {
  return s.key !== undefined && s.hoisted.length === 0 && s.guards.length === 0;
}

/** `{ ...base, a: 1, b: 2 }`, one entry per line when long. */
function spread(base: string, group: Step[]): string {
  const parts = [`...${base}`, ...group.map((s) => `${propertyKey(s.key!)}: ${s.leaf!(base)}`)];
  const one = `{ ${parts.join(', ')} }`;
  return one.length <= WIDTH ? one : `{\n${parts.map((p) => `  ${p},`).join('\n')}\n}`;
}

function resolve(path: string, c: RuleContext): Segment[] | undefined {
  const segments: Segment[] = [];
  let fields: Map<string, FieldDef> | undefined = c.target;
  for (const name of path.split('.')) {
    const field: FieldDef | undefined = fields?.get(name);
    if (!field) return undefined;
    segments.push({ name, field });
    fields = field.type.kind === 'named' ? c.model.types.get(field.type.name)?.fields : undefined;
  }
  return segments;
}

function step(op: UpdateOp, c: RuleContext): Step | undefined {
  if (op.op === 'delete') return undefined;
  const segments = resolve(op.path, c);
  if (!segments) return undefined;
  c.hoisted = [];
  c.guards = [];
  const last = segments[segments.length - 1]!;
  if (op.op === 'unset' || (op.op === 'set' && isAbsentLiteral(op.value))) {
    if (!last.field.optional) return undefined;
    return nested(segments, c, (parent) => removeKey(parent, last.name, c));
  }
  const leaf = leafOf(op, last.field, c);
  if (!leaf) return undefined;
  if (op.op === 'set' && leaf.maybe !== undefined && last.field.optional) {
    // An absent value clears the optional field it is assigned to.
    const maybe = leaf.maybe;
    return nested(segments, c, (parent) => ({ lines: [], value: parent, maybe, write: () => leaf.value(parent) }));
  }
  if (leaf.maybe !== undefined) c.guards.push(`${leaf.maybe} !== undefined`);
  if (segments.length === 1) {
    return { hoisted: c.hoisted, guards: c.guards, key: last.name, leaf: leaf.value };
  }
  return nested(segments, c, (parent) => ({ lines: [], value: `{ ...${parent}, ${propertyKey(last.name)}: ${leaf.value(parent)} }` }));
}

/** The new value of the last segment, given the expression of the record that holds it. */
function leafOf(op: Extract<UpdateOp, { value: ValueNode }>, field: FieldDef, c: RuleContext): { value: (parent: string) => string; maybe?: string } | undefined {
  const read = (parent: string) => `${parent}${propertyAccess(field.name)}`;
  switch (op.op) {
    case 'set': {
      const r = renderValue(op.value, field, c);
      return r.maybe ? { value: () => r.expr, maybe: r.maybe } : { value: () => r.expr };
    }
    case 'inc': {
      const amount = required(renderValue(op.value, { type: field.type, optional: false }, c), c);
      const sum = (parent: string) =>
        amount.startsWith('-') ? `(${read(parent)} ?? 0) - ${amount.slice(1)}` : `(${read(parent)} ?? 0) + ${amount}`;
      return { value: field.enum ? (p) => `((${sum(p)}) as ${fieldType(field, c.ref)})` : sum };
    }
    case 'push': {
      if (field.type.kind !== 'array') return undefined;
      const item = required(renderValue(op.value, { type: field.type.element, optional: false }, c), c);
      return { value: (p) => `[...(${read(p)} ?? []), ${item}]` };
    }
    case 'remove': {
      if (field.type.kind !== 'array') return undefined;
      const keep = keepCondition(op.value, { type: field.type.element, optional: false }, c);
      // An empty partial record matches every element.
      if (keep === 'false') return { value: () => '[]' };
      return { value: (p) => `(${read(p)} ?? []).filter((${c.item}) => ${keep})` };
    }
  }
}

/** A condition of a `remove` match: `a === b`, or an expression (a structural comparison). */
type Match = { left: string; right: string } | { text: string };

const matchText = (m: Match) => ('text' in m ? m.text : `${m.left} === ${m.right}`);

/** The filter condition that keeps the elements a `remove` value does not match. */
function keepCondition(v: ValueNode, element: FieldShape, c: RuleContext): string {
  if (v.kind === 'map' && element.type.kind === 'named' && !element.enum) {
    const matches = partialMatch(v, element, c.item, c);
    if (matches.length === 0) return 'false';
    if (matches.length === 1) {
      const m = matches[0]!;
      return 'text' in m ? `!${m.text}` : `${m.left} !== ${m.right}`;
    }
    return `!(${matches.map(matchText).join(' && ')})`;
  }
  const value = required(renderValue(v, element, c), c);
  return isScalar(element, c.model) ? `${c.item} !== ${value}` : `!${c.sameValue()}(${c.item}, ${value})`;
}

/** The conditions under which the element at `at` matches a partial record: each listed field equal. */
function partialMatch(v: Extract<ValueNode, { kind: 'map' }>, shape: FieldShape, at: string, c: RuleContext): Match[] {
  const fields = shape.type.kind === 'named' ? c.model.types.get(shape.type.name)?.fields : undefined;
  const out: Match[] = [];
  for (const [key, entry] of v.entries) {
    const field = fields?.get(key);
    if (!field) continue;
    const access = shape.optional ? `${at}?.${key}` : `${at}${propertyAccess(key)}`;
    if (isAbsentLiteral(entry.value)) out.push({ left: access, right: 'undefined' });
    else if (entry.value.kind === 'map' && field.type.kind === 'named' && !field.enum && c.model.types.get(field.type.name)?.fields) {
      out.push(...partialMatch(entry.value, field, access, c));
    } else {
      const value = required(renderValue(entry.value, field, c), c);
      out.push(isScalar(field, c.model) ? { left: access, right: value } : { text: `${c.sameValue()}(${access}, ${value})` });
    }
  }
  return out;
}

interface Leaf {
  lines: string[];
  value: string;
  /** For a `set` of a value that may be absent: the local, and the value to write when present. */
  maybe?: string;
  write?: () => string;
}

/**
 * A write at a path: the records on the way are rebuilt around the new value. Optional records
 * on the way are read into locals, and the write happens only when they exist.
 */
function nested(segments: Segment[], c: RuleContext, leaf: (parent: string) => Leaf): Step {
  return {
    hoisted: c.hoisted,
    guards: c.guards,
    statements: () => {
      const parents = [c.next];
      const opened: string[] = [];
      for (const s of segments.slice(0, -1)) {
        const access = parents[parents.length - 1] + propertyAccess(s.name);
        if (s.field.optional) {
          const local = c.temp('record');
          opened.push(`const ${local} = ${access};`, `if (${local} !== undefined) {`);
          parents.push(local);
        } else parents.push(access);
      }
      const parent = parents[parents.length - 1]!;
      const last = segments[segments.length - 1]!;
      const rebuild = (value: string) => {
        let v = value;
        for (let i = segments.length - 2; i >= 0; i--) v = `{ ...${parents[i]}, ${propertyKey(segments[i]!.name)}: ${v} }`;
        return `${c.next} = ${v};`;
      };
      const l = leaf(parent);
      let body: string[];
      if (l.maybe !== undefined) {
        const removed = removeKey(parent, last.name, c);
        body = [
          `if (${l.maybe} !== undefined) {`,
          `  ${rebuild(`{ ...${parent}, ${propertyKey(last.name)}: ${l.write!()} }`)}`,
          '} else {',
          ...removed.lines.map((x) => `  ${x}`),
          `  ${rebuild(removed.value)}`,
          '}',
        ];
      } else body = [...l.lines, rebuild(l.value)];
      const depth = opened.length / 2;
      const out: string[] = [];
      opened.forEach((line, i) => out.push('  '.repeat(Math.floor(i / 2)) + line));
      out.push(...body.map((b) => '  '.repeat(depth) + b));
      for (let d = depth - 1; d >= 0; d--) out.push('  '.repeat(d) + '}');
      return out;
    },
  };
}

/** The record without one optional key: a rest destructuring into a fresh local. */
function removeKey(parent: string, key: string, c: RuleContext): Leaf {
  const dropped = c.temp('removed');
  const rest = c.temp('rest');
  return { lines: [`const { ${propertyKey(key)}: ${dropped}, ...${rest} } = ${parent};`], value: rest };
}
