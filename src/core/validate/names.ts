import { diagnostic } from '../diagnostics.js';
import { FORBIDDEN_NAMES } from '../model/limits.js';
import { allElements, PRIMITIVE_TYPES, type FieldDef, type NameRef } from '../model/model.js';
import { withArticle } from '../wording.js';
import type { CheckContext } from './context.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words that generated TypeScript cannot use as a type or value name. */
const RESERVED_WORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'any',
  'boolean', 'never', 'number', 'object', 'string', 'symbol', 'unknown', 'bigint', 'undefined', 'type', 'await',
  'async', 'keyof', 'readonly', 'declare', 'namespace', 'module', 'infer', 'is', 'asserts', 'satisfies',
  ...PRIMITIVE_TYPES,
]);

/** Global TypeScript names that an element would shadow in generated code. */
const GLOBAL_TYPES = new Set([
  'Array', 'Boolean', 'Date', 'Error', 'Function', 'Map', 'Number', 'Object', 'Omit', 'Partial', 'Pick', 'Promise',
  'Readonly', 'Record', 'RegExp', 'Set', 'String', 'Symbol',
]);

/** Element, error and field names: valid identifiers, no reserved words, nothing that reaches a prototype. */
export function checkNames(c: CheckContext): void {
  for (const el of allElements(c.model)) {
    checkName({ name: el.name, range: el.nameRange }, el.kind, c);
    const fields: Map<string, FieldDef> | undefined =
      el.kind === 'aggregate' ? el.state : el.kind === 'type' ? el.fields : el.kind === 'policy' ? undefined : el.fields;
    for (const f of fields?.values() ?? []) checkFieldName(f, c);
    if (el.kind === 'command') {
      for (const e of el.errors) {
        checkName(e, 'error', c);
        const clash = elementNamed(c, e.name);
        if (clash) {
          c.report(
            diagnostic('duplicate-name', `The error '${e.name}' has the name of ${withArticle(clash.kind)}; generated code gives errors types of their own, so choose another name (for example '${e.name}Error').`, e.range, [
              { message: `the ${clash.kind} '${e.name}'`, range: clash.nameRange },
            ]),
          );
        }
      }
    }
  }
}

function elementNamed(c: CheckContext, name: string) {
  const m = c.model;
  return m.types.get(name) ?? m.aggregates.get(name) ?? m.commands.get(name) ?? m.events.get(name) ?? m.projections.get(name) ?? m.policies.get(name);
}

function checkName(ref: NameRef, what: string, c: CheckContext): void {
  const problem = nameProblem(ref.name, what);
  if (problem) c.report(diagnostic(problem.code, problem.message, ref.range));
}

/** Why a name cannot name an element (or an error) of kind `what`, if it cannot. */
export function nameProblem(name: string, what: string): { code: 'invalid-name' | 'reserved-name'; message: string } | undefined {
  if (!IDENTIFIER.test(name)) {
    return { code: 'invalid-name', message: `The ${what} name '${name}' is not a valid TypeScript identifier: use letters, digits, _ or $, not starting with a digit.` };
  } else if (FORBIDDEN_NAMES.has(name)) {
    return { code: 'reserved-name', message: `'${name}' cannot name ${withArticle(what)}: it reaches object prototypes in JavaScript.` };
  } else if (RESERVED_WORDS.has(name)) {
    return { code: 'reserved-name', message: `'${name}' is a reserved word in TypeScript or JavaScript; choose another ${what} name.` };
  } else if (GLOBAL_TYPES.has(name)) {
    return { code: 'reserved-name', message: `'${name}' would hide the built-in TypeScript type of that name in generated code; choose another ${what} name.` };
  }
  return undefined;
}

function checkFieldName(f: FieldDef, c: CheckContext): void {
  const problem = fieldNameProblem(f.name);
  if (problem) c.report(diagnostic(problem.code, problem.message, f.nameRange));
}

/** Why a name cannot name a field, if it cannot. */
export function fieldNameProblem(name: string): { code: 'invalid-name' | 'reserved-name'; message: string } | undefined {
  if (!IDENTIFIER.test(name)) return { code: 'invalid-name', message: `The field name '${name}' is not a valid TypeScript identifier.` };
  if (FORBIDDEN_NAMES.has(name)) return { code: 'reserved-name', message: `'${name}' cannot be a field name: it reaches object prototypes in JavaScript.` };
  return undefined;
}
