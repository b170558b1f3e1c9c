import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LineIndex, Range } from '../source.js';
import type { AliasTable } from './aliases.js';

/** What every walk over the YAML tree shares: the document, positions and the diagnostics found. */
export interface WalkContext {
  doc: Document.Parsed;
  lines: LineIndex;
  diagnostics: Diagnostic[];
  /** The document's aliases, resolved once (set by the loader when the document has any). */
  aliases?: AliasTable;
}

/** A mapping entry whose key is a plain string. */
export interface KeyedPair {
  key: string;
  keyRange: Range;
  /** The value node, with aliases resolved; undefined for `key:` with nothing after it. */
  value: Node | undefined;
  /** The value's range, or the key's when there is no value. */
  valueRange: Range;
  /** From the key to the end of the value. */
  range: Range;
}

/**
 * Follows an alias to the node it names. An alias that cannot be followed (inside its own
 * anchor's value, or of no anchor) gives an empty value (null) at its place.
 */
export function resolveNode(node: unknown, ctx: WalkContext): Node | undefined {
  if (isAlias(node)) return ctx.aliases ? ctx.aliases.targets.get(node) : (node.resolve(ctx.doc) ?? undefined);
  return (node as Node | null | undefined) ?? undefined;
}

/** The range of a node's value (without trailing comments). */
export function nodeRange(node: Node | undefined | null, ctx: WalkContext, fallback?: Range): Range {
  const r = node?.range;
  if (!r) return fallback ?? ctx.lines.range(0, 0);
  return ctx.lines.range(r[0], r[1]);
}

function describeKey(key: unknown): string {
  if (isScalar(key)) return key.value === null ? 'null' : `a ${typeof key.value}`;
  if (isSeq(key)) return 'a list';
  if (isMap(key)) return 'a mapping';
  return 'an empty key';
}

/**
 * The entries of a mapping whose keys are plain strings. Other keys (numbers, booleans, null,
 * lists) are reported as `invalid-key` and skipped, so no later step sees them.
 */
export function mapPairs(node: Node | undefined, ctx: WalkContext): KeyedPair[] {
  const map = resolveNode(node, ctx);
  if (!isMap(map)) return [];
  const out: KeyedPair[] = [];
  for (const pair of (map as YAMLMap<unknown, unknown>).items as Pair<unknown, unknown>[]) {
    const keyNode = resolveNode(pair.key, ctx);
    const keyRange = keyNode?.range ? ctx.lines.range(keyNode.range[0], keyNode.range[1]) : nodeRange(map, ctx);
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      ctx.diagnostics.push(
        diagnostic('invalid-key', `Keys must be plain names; this key is ${describeKey(keyNode)}.`, keyRange),
      );
      continue;
    }
    const value = resolveNode(pair.value, ctx);
    const valueRange = value?.range ? nodeRange(value, ctx) : keyRange;
    const range = { start: keyRange.start, end: valueRange.end };
    out.push({ key: keyNode.value, keyRange, value, valueRange, range });
  }
  return out;
}

/** The items of a list, aliases resolved. */
export function seqItems(node: Node | undefined, ctx: WalkContext): Node[] {
  const seq = resolveNode(node, ctx);
  if (!isSeq(seq)) return [];
  return (seq as YAMLSeq<unknown>).items.map((i) => resolveNode(i, ctx)).filter((i): i is Node => i !== undefined);
}

/** A scalar's string value, or undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar's value of any type, or undefined for collections. */
export function scalarValue(node: Node | undefined): Scalar['value'] | undefined {
  return isScalar(node) ? node.value : undefined;
}

/** Finds the node at a path of keys and indexes, and the key node that led to it. */
export function locate(
  root: Node | undefined,
  path: readonly PropertyKey[],
  ctx: WalkContext,
): { node: Node | undefined; keyRange?: Range; parentKeyRange?: Range } {
  let node = resolveNode(root, ctx);
  let keyRange: Range | undefined;
  let parentKeyRange: Range | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const hit = mapPairs(node, { ...ctx, diagnostics: [] }).find((p) => p.key === String(seg));
      if (!hit) return { node: undefined, parentKeyRange: keyRange };
      parentKeyRange = keyRange;
      keyRange = hit.keyRange;
      node = hit.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      parentKeyRange = keyRange;
      node = resolveNode((node as YAMLSeq<unknown>).items[seg], ctx);
      keyRange = node ? nodeRange(node, ctx) : keyRange;
    } else {
      return { node: undefined, parentKeyRange: keyRange };
    }
  }
  return { node, keyRange, parentKeyRange };
}
