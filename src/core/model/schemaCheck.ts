import { closest, distance } from 'fastest-levenshtein';
import type { Node } from 'yaml';
import type * as z from 'zod/mini';
import { diagnostic } from '../diagnostics.js';
import { FILE_START, type Range } from '../source.js';
import { locate, type WalkContext } from './yamlNodes.js';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/**
 * Checks plain data against a zod schema and reports each problem at the exact YAML node:
 * an unknown key at the key, a missing key at its parent's key, a wrong value at the value.
 */
export function checkSchema(schema: z.ZodMiniType, data: unknown, root: Node, ctx: WalkContext): void {
  const result = schema.safeParse(data);
  if (result.success) return;
  for (const issue of result.error.issues) reportIssue(schema, issue, root, ctx);
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || 'the top level';
}

function reportIssue(schema: AnySchema, issue: Issue, root: Node, ctx: WalkContext): void {
  const path = issue.path;
  const where = pathText(path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(schema, path);
    for (const key of issue.keys) {
      const hit = locate(root, [...path, key], ctx);
      const suggestion = allowed.length > 0 ? closest(key, allowed) : undefined;
      const hint = suggestion && isNear(key, suggestion) ? ` Did you mean '${suggestion}'?` : allowed.length > 0 ? ` Expected one of: ${allowed.join(', ')}.` : '';
      ctx.diagnostics.push(diagnostic('unknown-key', `Unknown key '${key}' in ${where}.${hint}`, hit.keyRange ?? FILE_START));
    }
    return;
  }
  if (issue.code === 'invalid_union' && !isFieldPath(path)) {
    // The value has the type of one of the shapes (a list, say, where a mapping or a list is
    // allowed): its problems are that shape's problems, reported where they are.
    const matched = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (matched.length === 1) {
      for (const inner of matched[0]!) reportIssue(schema, { ...inner, path: [...path, ...inner.path] } as Issue, root, ctx);
      return;
    }
  }
  const hit = locate(root, path, ctx);
  if (hit.node === undefined && issue.code === 'invalid_type') {
    const key = String(path[path.length - 1]);
    const parent = path.length > 1 ? pathText(path.slice(0, -1)) : 'the model';
    let range: Range = hit.parentKeyRange ?? locate(root, path.slice(0, -1), ctx).keyRange ?? FILE_START;
    if (range.end.line > range.start.line) {
      // A list item spans lines: point at its first line only.
      const line = ctx.lines.lineRange(range.start.line);
      range = { start: range.start, end: line.end };
    }
    ctx.diagnostics.push(diagnostic('missing-key', `Missing required key '${key}' in ${parent}.`, range));
    return;
  }
  const range = hit.node?.range ? ctx.lines.range(hit.node.range[0], hit.node.range[1]) : (hit.keyRange ?? FILE_START);
  ctx.diagnostics.push(diagnostic('invalid-value', `In ${where}: ${describeIssue(issue)}`, range));
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}.`;
    case 'invalid_union': {
      if (isFieldPath(issue.path)) return 'expected a type such as `string` or `OrderLine[]`, or a mapping `{ type, optional, description, enum }`.';
      const expected = issue.errors.map((branch) => (branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0 ? branch[0]!.expected : undefined));
      return expected.every((e) => e !== undefined)
        ? `expected ${[...new Set(expected.map(article))].join(' or ')}.`
        : 'this value has none of the allowed shapes.';
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}.`;
    case 'too_small':
      return issue.origin === 'array' ? `expected at least ${String(issue.minimum)} item(s).` : `expected at least ${String(issue.minimum)}.`;
    default:
      return issue.message;
  }
}

function isFieldPath(path: readonly PropertyKey[]): boolean {
  const parent = path[path.length - 2];
  return parent === 'fields' || parent === 'state';
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    int: 'a whole number',
    record: 'a mapping',
    literal: 'a fixed value',
  };
  return names[expected] ?? expected;
}

function isNear(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la.includes(lb) || lb.includes(la) || distance(la, lb) <= Math.max(1, Math.floor(b.length / 3));
}

/** The keys an object schema allows at a path, for "did you mean" hints. */
function allowedKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let s: AnySchema | undefined = schema;
  for (const seg of path) {
    s = s && childSchema(s, seg);
  }
  s = s && unwrapToObject(s);
  const def = s?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

function childSchema(s: AnySchema, seg: PropertyKey): AnySchema | undefined {
  const inner = unwrap(s);
  const def = inner._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object':
      return (def.shape as Record<string, AnySchema>)[String(seg)];
    case 'record':
      return def.valueType as AnySchema;
    case 'array':
      return def.element as AnySchema;
    case 'union':
      for (const o of def.options as AnySchema[]) {
        const c = childSchema(o, seg);
        if (c) return c;
      }
      return undefined;
    default:
      return undefined;
  }
}

function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (;;) {
    const def = cur._zod.def as unknown as { type: string; innerType?: AnySchema };
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) cur = def.innerType;
    else return cur;
  }
}

function unwrapToObject(s: AnySchema): AnySchema | undefined {
  const inner = unwrap(s);
  const def = inner._zod.def as unknown as { type: string; options?: AnySchema[] };
  if (def.type === 'union') return def.options?.map(unwrap).find((o) => (o._zod.def as { type: string }).type === 'object');
  return inner;
}
