import { PRIMITIVE_TYPES, type PrimitiveType, type TypeExpr } from './model.js';

/** The result of reading a short-form type such as `OrderLine[]?`. */
export type ParsedTypeExpr = { ok: true; type: TypeExpr; optional: boolean } | { ok: false; message: string };

const TYPE_PATTERN = /^([A-Za-z_$][A-Za-z0-9_$]*)((?:\[\])*)(\?)?$/;

/** Reads the field type grammar: `base ("[]")* "?"?`. */
export function parseTypeExpr(text: string): ParsedTypeExpr {
  const trimmed = text.trim();
  const m = TYPE_PATTERN.exec(trimmed);
  if (!m) {
    return {
      ok: false,
      message: `'${text}' is not a type. Write a primitive (${PRIMITIVE_TYPES.join(', ')}) or a named type, with \`[]\` for a list and a trailing \`?\` for optional, e.g. \`OrderLine[]\` or \`string?\`.`,
    };
  }
  const base = m[1]!;
  let type: TypeExpr = (PRIMITIVE_TYPES as readonly string[]).includes(base)
    ? { kind: 'primitive', name: base as PrimitiveType }
    : { kind: 'named', name: base };
  const depth = (m[2] ?? '').length / 2;
  for (let i = 0; i < depth; i++) type = { kind: 'array', element: type };
  return { ok: true, type, optional: m[3] === '?' };
}

/** Writes a type back in the short form, for messages. */
export function formatTypeExpr(type: TypeExpr): string {
  switch (type.kind) {
    case 'primitive':
    case 'named':
      return type.name;
    case 'array':
      return `${formatTypeExpr(type.element)}[]`;
  }
}

/** The named type at the bottom of a type expression, if any. */
export function namedTypeOf(type: TypeExpr): string | undefined {
  if (type.kind === 'named') return type.name;
  if (type.kind === 'array') return namedTypeOf(type.element);
  return undefined;
}
