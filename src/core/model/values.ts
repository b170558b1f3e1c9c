import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { diagnostic } from '../diagnostics.js';
import type { MapEntry, ValueNode } from './model.js';
import { mapPairs, nodeRange, seqItems, type WalkContext } from './yamlNodes.js';
import type { Range } from '../source.js';

const REF_SOURCES = { event: 'event', state: 'state', meta: 'meta' } as const;

/**
 * Reads a YAML value into a located value tree. With `refs`, strings that start with `$` are
 * references (`$event.x`, `$state.x`, `$meta.x`) and `$$` escapes a literal dollar; without it
 * (payloads of scenarios and samples) every string is a literal.
 */
export function readValue(node: Node | undefined, ctx: WalkContext, refs: boolean, fallback: Range): ValueNode {
  const range = nodeRange(node, ctx, fallback);
  if (node === undefined) return { kind: 'scalar', value: null, range };
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return refs ? readRefOrString(v, range, ctx) : { kind: 'scalar', value: v, range };
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return { kind: 'scalar', value: v, range };
    if (typeof v === 'bigint') return { kind: 'scalar', value: Number(v), range };
    return { kind: 'scalar', value: String(v), range };
  }
  if (isSeq(node)) {
    return { kind: 'list', items: seqItems(node, ctx).map((i) => readValue(i, ctx, refs, range)), range };
  }
  if (isMap(node)) {
    const entries = new Map<string, MapEntry>();
    for (const p of mapPairs(node, ctx)) {
      entries.set(p.key, { keyRange: p.keyRange, value: readValue(p.value, ctx, refs, p.keyRange) });
    }
    return { kind: 'map', entries, range };
  }
  return { kind: 'scalar', value: null, range };
}

function readRefOrString(text: string, range: Range, ctx: WalkContext): ValueNode {
  if (!text.startsWith('$')) return { kind: 'scalar', value: text, range };
  if (text.startsWith('$$')) return { kind: 'scalar', value: text.slice(1), range };
  const m = /^\$(event|state|meta)((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)$/.exec(text);
  if (!m) {
    ctx.diagnostics.push(
      diagnostic(
        'invalid-value',
        `'${text}' is not a reference. Write $event.<field>, $state.<field> or $meta.<timestamp|position|stream>; write $$ for a literal dollar.`,
        range,
      ),
    );
    return { kind: 'scalar', value: text, range };
  }
  const source = REF_SOURCES[m[1] as keyof typeof REF_SOURCES];
  return { kind: 'ref', source, path: m[2]!.slice(1).split('.'), text, range };
}

/** Describes a value's kind for messages: "a string", "a list"... */
export function describeValue(v: ValueNode): string {
  switch (v.kind) {
    case 'scalar':
      if (v.value === null) return 'null';
      if (typeof v.value === 'string') return `the string '${v.value.length > 40 ? v.value.slice(0, 40) + '…' : v.value}'`;
      return `${typeof v.value} ${String(v.value)}`;
    case 'ref':
      return `the reference ${v.text}`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
  }
}
