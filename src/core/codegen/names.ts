import { stringLiteral } from './text.js';

/**
 * Identifiers and file names of generated code. Model names are validated identifiers, but a
 * derived name (a handler `delete` for the command `Delete`, a union `AccountEvent` next to an event
 * of that name) can still clash, so every generated name is claimed from a scope that hands out the
 * first free variant (`delete_`, `AccountEvent_2`).
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words that cannot name a variable, function or class in a strict-mode module. */
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'await',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'arguments',
  'eval', 'undefined', 'NaN', 'Infinity', 'any', 'boolean', 'never', 'number', 'object', 'string', 'symbol',
  'unknown', 'bigint', 'type', 'as', 'async', 'declare', 'namespace', 'module', 'keyof', 'readonly', 'infer',
  'is', 'asserts', 'satisfies', 'require', 'exports',
]);

/** Globals generated code uses by name; a model name equal to one is imported under another name. */
export const GLOBALS_USED = [
  'JSON', 'String', 'Number', 'Object', 'Array', 'Date', 'Error', 'Map', 'Set', 'Record', 'ReadonlyMap', 'Readonly',
  'Omit', 'Partial', 'Pick', 'Promise', 'Symbol', 'BigInt', 'globalThis',
];

/** Whether a name can be used as it is for a variable, function, class or type. */
export function isFreeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** `DepositMoney` -> `depositMoney`, `URLShortened` -> `urlShortened`: handler and function names. */
export function camelCase(name: string): string {
  const m = /^([$_]*)([A-Z]+)(.*)$/.exec(name);
  if (!m) return name;
  const [, prefix, upper, rest] = m as unknown as [string, string, string, string];
  // An acronym keeps its last capital for the next word: URLShortened -> url + Shortened.
  const lower = upper.length > 1 && /^[a-z]/.test(rest) ? upper.slice(0, -1).toLowerCase() + upper.slice(-1) : upper.toLowerCase();
  return prefix + lower + rest;
}

/** `AccountBalances` -> `account-balances`: file stems. Only `a-z`, `0-9`, `-` and `_`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A property name in a type or object literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** Reads a property: `.name`, or `['name']` when the name is not an identifier. */
export function propertyAccess(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${stringLiteral(name)}]`;
}

/** Names already taken in one namespace (a module, the output folder); claims return free variants. */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(
    reserved: Iterable<string> = [],
    private readonly fold: (name: string) => string = (n) => n,
  ) {
    for (const r of reserved) this.taken.add(this.fold(r));
  }

  /** Marks a name as used without checking it (names the model already fixed). */
  reserve(name: string): void {
    this.taken.add(this.fold(name));
  }

  has(name: string): boolean {
    return this.taken.has(this.fold(name));
  }

  /** `wanted` when free, otherwise `wanted_2`, `wanted_3`... (or `wanted-2` for file stems). */
  claim(wanted: string, separator = '_'): string {
    let base = wanted;
    if (separator === '_' && !isFreeIdentifier(base)) base = IDENTIFIER.test(base) ? `${base}_` : `_${base.replace(/[^A-Za-z0-9_$]/g, '_')}`;
    let name = base;
    for (let i = 2; this.taken.has(this.fold(name)) || (separator === '_' && !isFreeIdentifier(name)); i++) name = `${base}${separator}${i}`;
    this.taken.add(this.fold(name));
    return name;
  }
}

/** File stems that Windows refuses whatever the extension. */
export const WINDOWS_DEVICE_NAMES = ['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`com${i}`, `lpt${i}`])];
