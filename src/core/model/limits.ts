/** Safety limits for every file the core reads; documented in docs/model-format.md. */
export const LIMITS = {
  /** Larger files are refused before parsing: an editor must stay responsive. */
  maxFileChars: 5 * 1024 * 1024,
  /** How many alias expansions a document may need before it counts as an alias bomb. */
  maxAliasCount: 100,
  /** Diagnostics reported per file; the rest are summarised. */
  maxDiagnostics: 1000,
} as const;

/** Names that cannot be used for elements or fields: they reach object prototypes in JavaScript. */
export const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
