/**
 * The two functions generated rule code may call at run time, written into the file that needs
 * them (a generated file depends on nothing but its own output folder and, for Emmett, Emmett).
 */

/** Structural equality of JSON-like values, for `remove` rules on records and lists. */
export function sameValueSource(name: string): string[] {
  return [
    '/** Structural equality of JSON-like values: what `remove` compares list elements with. */',
    `function ${name}(a: unknown, b: unknown): boolean {`,
    '  if (a === b) return true;',
    '  if (Array.isArray(a) || Array.isArray(b)) {',
    `    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => ${name}(x, b[i]));`,
    '  }',
    "  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;",
    '  const left = a as Record<string, unknown>;',
    '  const right = b as Record<string, unknown>;',
    '  const keys = Object.keys(left);',
    '  return keys.length === Object.keys(right).length && keys.every((k) => Object.prototype.hasOwnProperty.call(right, k) && ' +
      `${name}(left[k], right[k]));`,
    '}',
  ];
}

/**
 * What `$meta` reads. An event read from an Emmett store carries `streamName` and
 * `globalPosition` in its metadata; `timestamp` is read when the application records one. A plain
 * event has none of them, and each is then absent.
 */
export function metadataSource(name: string): string[] {
  return [
    '/**',
    ' * What `$meta` reads: `stream` is the metadata\'s `streamName`, `position` its `globalPosition`',
    ' * and `timestamp` its `timestamp`, when the event carries them (events read from a store do).',
    ' */',
    `function ${name}(event: object): { timestamp?: string; position?: number; stream?: string } {`,
    "  const metadata: unknown = 'metadata' in event ? event.metadata : undefined;",
    "  if (typeof metadata !== 'object' || metadata === null) return {};",
    '  const fields = metadata as Record<string, unknown>;',
    '  const found: { timestamp?: string; position?: number; stream?: string } = {};',
    "  const stream = fields['streamName'];",
    "  if (typeof stream === 'string') found.stream = stream;",
    "  const position = fields['globalPosition'];",
    "  if (typeof position === 'bigint' || typeof position === 'number') found.position = Number(position);",
    "  const timestamp = fields['timestamp'];",
    "  if (typeof timestamp === 'string') found.timestamp = timestamp;",
    '  else if (timestamp instanceof Date) found.timestamp = timestamp.toISOString();',
    '  return found;',
    '}',
  ];
}
