import { modelJsonSchema } from '../model/schema.js';
import type { PathSegment } from './cursorContext.js';

/**
 * The keys and values the model format allows at a YAML path, with their descriptions, read from
 * the JSON Schema generated from the zod schema (src/core/model/schema.ts), so completion and
 * hover never keep a list of keys of their own.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
}

/** A key the format allows in a mapping. */
export interface SchemaKey {
  key: string;
  description?: string;
  required: boolean;
  /** Its value is a mapping or a list (written on the lines below, in block style). */
  container: boolean;
}

let root: JsonSchema | undefined;

function schemaRoot(): JsonSchema {
  root ??= modelJsonSchema() as JsonSchema;
  return root;
}

/** Every branch of a union, flattened. */
function branches(list: JsonSchema[]): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (s: JsonSchema) => {
    if (s.anyOf) for (const b of s.anyOf) add(b);
    else out.push(s);
  };
  for (const s of list) add(s);
  return out;
}

/** The schemas that a value at `path` may match (one per branch of a union). */
function schemasAt(path: readonly PathSegment[]): JsonSchema[] {
  return branches(nodesAt(path));
}

/** The schemas at `path`, unions not yet flattened (a union's own description is on it). */
function nodesAt(path: readonly PathSegment[]): JsonSchema[] {
  let current = [schemaRoot()];
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of branches(current)) {
      if (typeof seg === 'number') {
        if (s.items) next.push(s.items);
      } else if (s.properties && Object.hasOwn(s.properties, seg)) next.push(s.properties[seg]!);
      else if (typeof s.additionalProperties === 'object') next.push(s.additionalProperties);
    }
    if (next.length === 0) return [];
    current = next;
  }
  return current;
}

function isContainer(s: JsonSchema): boolean {
  return branches([s]).some((b) => b.type === 'object' || b.type === 'array' || b.properties !== undefined || b.items !== undefined);
}

/** The named keys of the mapping at `path` (none where keys are names, such as `events:`). */
export function schemaKeys(path: readonly PathSegment[]): SchemaKey[] {
  const out = new Map<string, SchemaKey>();
  for (const s of schemasAt(path)) {
    for (const [key, value] of Object.entries(s.properties ?? {})) {
      if (key === '$schema' || out.has(key)) continue;
      const description = value.description ?? branches([value]).find((b) => b.description)?.description;
      out.set(key, { key, required: s.required?.includes(key) ?? false, container: isContainer(value), ...(description ? { description } : {}) });
    }
  }
  return [...out.values()];
}

/** The fixed values the format allows at `path`: enums, constants, booleans. */
export function schemaValues(path: readonly PathSegment[]): (string | number | boolean)[] {
  const out: (string | number | boolean)[] = [];
  for (const s of schemasAt(path)) {
    for (const v of s.enum ?? []) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(v);
    if (typeof s.const === 'string' || typeof s.const === 'number' || typeof s.const === 'boolean') out.push(s.const);
    if (s.type === 'boolean') out.push(true, false);
  }
  return [...new Set(out)];
}

/** Whether the value at `path` is only ever a list (so a new line below its key starts an item). */
export function schemaIsList(path: readonly PathSegment[]): boolean {
  const all = schemasAt(path).filter((s) => s.type !== 'null');
  return all.length > 0 && all.every((s) => s.type === 'array' || (s.items !== undefined && s.properties === undefined));
}

/** What the format says about the value at `path`, when it says anything. */
export function schemaDescription(path: readonly PathSegment[]): string | undefined {
  const nodes = nodesAt(path);
  return (nodes.find((s) => s.description) ?? branches(nodes).find((s) => s.description))?.description;
}
