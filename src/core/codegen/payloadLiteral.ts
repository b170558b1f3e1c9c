import type { FieldDef, FieldShape, Message, Model, ValueNode } from '../model/model.js';
import { propertyKey } from './names.js';
import { stringLiteral } from './text.js';

/**
 * Scenario payloads as TypeScript literals for the generated tests: on one line when short,
 * otherwise one entry per line. Fields the payload leaves out, or writes as `null`, are left out.
 */

const WIDTH = 110;

/** `{ type: 'AccountOpened', data: { ... } }` for a given or expected message. */
export function messageLiteral(msg: Message, fields: Map<string, FieldDef>, model: Model, indent: string, extra: string[] = []): string {
  const data = recordLiteral(msg.payload, fields, model, `${indent}  `);
  const parts = [`type: ${stringLiteral(msg.name)}`, `data: ${data}`, ...extra];
  return layout(parts, '{', '}', indent);
}

/** A record of declared fields. */
export function recordLiteral(v: ValueNode | undefined, fields: Map<string, FieldDef>, model: Model, indent: string): string {
  if (!v || v.kind !== 'map') return '{}';
  const parts: string[] = [];
  for (const [key, entry] of v.entries) {
    const field = fields.get(key);
    if (!field || (entry.value.kind === 'scalar' && entry.value.value === null)) continue;
    parts.push(`${propertyKey(key)}: ${valueLiteral(entry.value, field, model, `${indent}  `)}`);
  }
  return parts.length === 0 ? '{}' : layout(parts, '{', '}', indent);
}

function valueLiteral(v: ValueNode, shape: FieldShape, model: Model, indent: string): string {
  switch (v.kind) {
    case 'scalar':
      return typeof v.value === 'string' ? stringLiteral(v.value) : String(v.value);
    case 'ref':
      return stringLiteral(v.text);
    case 'list': {
      const element: FieldShape = shape.type.kind === 'array' ? { type: shape.type.element, optional: false } : shape;
      if (v.items.length === 0) return '[]';
      return layout(v.items.map((i) => valueLiteral(i, element, model, `${indent}  `)), '[', ']', indent);
    }
    case 'map': {
      const fields = shape.type.kind === 'named' ? model.types.get(shape.type.name)?.fields : undefined;
      return recordLiteral(v, fields ?? new Map(), model, indent);
    }
  }
}

/** A list of entries between brackets: one line when it fits, otherwise one entry per line. */
export function layout(parts: string[], open: string, close: string, indent: string): string {
  const pad = open === '{' ? ' ' : '';
  const oneLine = `${open}${pad}${parts.join(', ')}${pad}${close}`;
  if (!oneLine.includes('\n') && indent.length + oneLine.length <= WIDTH) return oneLine;
  return `${open}\n${parts.map((p) => `${indent}  ${p},`).join('\n')}\n${indent}${close}`;
}
