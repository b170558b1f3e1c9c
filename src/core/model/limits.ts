/** Safety limits for every file the core reads; documented in docs/model-format.md. */
export const LIMITS = {
  /** Larger files are refused before parsing: an editor must stay responsive. */
  maxFileChars: 5 * 1024 * 1024,
  /** How many alias expansions a document may need before it counts as an alias bomb. */
  maxAliasCount: 100,
  /**
   * How many values aliases may add to a document when expanded, all together: this many, or
   * as many as the document holds itself when that is more. Keeps every walk linear.
   */
  maxAliasValues: 10_000,
  /** Diagnostics reported per file; the rest are summarised. */
  maxDiagnostics: 1000,
} as const;

/**
 * Names that cannot be used for elements or fields: they reach object prototypes in JavaScript.
 * Every object has the members of `Object.prototype`, so a field named `toString` would be
 * present on a payload that leaves it out, and TypeScript cannot type it as an optional field.
 */
export const FORBIDDEN_NAMES = new Set([
  '__proto__', 'constructor', 'prototype', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);
