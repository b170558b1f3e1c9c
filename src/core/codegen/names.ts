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

/**
 * The words of an identifier: `AccountBalances` -> Account, Balances; `URLShortened` -> URL,
 * Shortened. `_` and `$` separate words. A plain loop: no regular expression to backtrack.
 */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (!isLower(c) && !isUpper(c) && !isDigit(c)) {
      if (word) words.push(word);
      word = '';
      continue;
    }
    const prev = name[i - 1] ?? '';
    const next = name[i + 1] ?? '';
    if (word && isUpper(c) && (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(next)))) {
      words.push(word);
      word = '';
    }
    word += c;
  }
  if (word) words.push(word);
  return words;
}

const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const isLower = (c: string) => c >= 'a' && c <= 'z';
const isDigit = (c: string) => c >= '0' && c <= '9';

/** `DepositMoney` -> `depositMoney`, `URLShortened` -> `urlShortened`: handler and function names. */
export function camelCase(name: string): string {
  let start = 0;
  while (start < name.length && (name[start] === '$' || name[start] === '_')) start++;
  let end = start;
  while (end < name.length && isUpper(name[end]!)) end++;
  if (end === start) return name;
  // An acronym keeps its last capital for the next word: URLShortened -> url + Shortened.
  const cut = end - start > 1 && isLower(name[end] ?? '') ? end - 1 : end;
  return name.slice(0, start) + name.slice(start, cut).toLowerCase() + name.slice(cut);
}

/** `AccountBalances` -> `account-balances`: file stems, only `a-z`, `0-9` and `-`. */
export function kebabCase(name: string): string {
  return nameWords(name)
    .map((w) => w.toLowerCase())
    .join('-');
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
    const identifier = separator === '_';
    const base = identifier && !IDENTIFIER.test(wanted) ? `_${wanted.replace(/[^A-Za-z0-9_$]/g, '_')}` : wanted;
    const free = (n: string) => !this.taken.has(this.fold(n)) && (!identifier || isFreeIdentifier(n));
    // A reserved word first tries a trailing underscore: `delete` -> `delete_`, then `delete_2`.
    let name = identifier && !isFreeIdentifier(base) ? `${base}_` : base;
    for (let i = 2; !free(name); i++) name = `${base}${separator}${i}`;
    this.taken.add(this.fold(name));
    return name;
  }
}

/** File stems that Windows refuses whatever the extension. */
export const WINDOWS_DEVICE_NAMES = ['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`com${i}`, `lpt${i}`])];
