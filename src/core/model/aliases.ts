import { isAlias, isMap, isPair, isSeq, Scalar, type Alias, type Document, type Node, type Pair } from 'yaml';
import { LIMITS } from './limits.js';

/**
 * Where an alias sits in the tree, so that it can be swapped for an empty value while yaml's
 * own conversion runs (see `withCutAliasesEmpty`).
 */
interface Slot {
  parent: Pair<unknown, unknown> | { items: unknown[] } | Document;
  key: 'key' | 'value' | 'contents' | number;
}

/** An alias that is read as an empty value, and why. */
export interface CutAlias {
  alias: Alias;
  /** The empty value (null) read in its place, at the alias's range. */
  empty: Scalar;
  /** `circular`: it stands inside the value it names; `unresolved`: no anchor of its name comes before it. */
  reason: 'circular' | 'unresolved';
  /** The anchored value it names (for `circular`). */
  target?: Node;
  slot: Slot;
  /** Inside a mapping key that is a collection, or the key itself (such keys are read as their YAML text). */
  inKey: boolean;
}

/** Every alias of a document, resolved once, in document order. */
export interface AliasTable {
  /**
   * What each alias stands for: the value it names, or for an alias that cannot be followed,
   * an empty value (null) at the alias's place, as if nothing were written there.
   */
  targets: Map<Alias, Node>;
  /** The aliases that cannot be followed. */
  cut: CutAlias[];
  /** The document's first alias, where an alias bomb is reported. */
  first: Alias;
  /** Set when the aliases expand past the limits (an alias bomb): then nothing else is filled in. */
  bomb?: 'per-anchor' | 'total';
}

/** What a value adds up to once its aliases are expanded. */
interface Weight {
  /**
   * The largest expansion on any path through the value, as yaml counts it for its alias
   * budget: 1 for a scalar, an alias counts as its anchor's uses times that anchor's weight.
   */
  depth: number;
  /** How many values (scalars, collections) it holds once expanded. */
  size: number;
}

interface AnchorUse extends Weight {
  /** The anchored value and its aliases so far, as yaml counts them. */
  uses: number;
}

/** A collection being walked: what its children add up to so far. */
interface Open extends Weight {
  node: Node;
}

/**
 * Resolves every alias of the document in one walk, without following any alias: an alias
 * names the last node with its anchor before it, as yaml resolves it (`Alias.resolve`, which
 * visits the whole document for each alias, and which every later walk would otherwise call).
 *
 * Finds the aliases that cannot be followed: an alias inside the value it names (`&b [*b]`,
 * `&a [&b [*a]]`, `&m { x: *m }`, `<<: *m` inside `&m`) would make every walk that follows it
 * go on forever, and is the only way a cycle can arise (an alias names an earlier node, so
 * any cycle passes through an alias inside its own anchor's value). And the aliases of no
 * anchor. Both are read as empty values; the caller reports them.
 *
 * Counts the expansion on the way, and stops as an alias bomb when an anchor is used past
 * yaml's budget (`maxAliasCount`, counted as yaml counts it) or when expanding all aliases
 * would more than double the document (at least `maxAliasValues` values more): so whatever
 * walks the tree later, following aliases, does work linear in the size of the text.
 *
 * Returns undefined when the document has no aliases.
 */
export function resolveAliases(doc: Document.Parsed): AliasTable | undefined {
  const anchors = new Map<string, Node>();
  const use = new Map<Node, AnchorUse>();
  const targets = new Map<Alias, Node>();
  const cut: CutAlias[] = [];
  let first: Alias | undefined;
  let nodes = 0;
  let added = 0;
  let bomb: AliasTable['bomb'];

  const open = new Set<Node>();
  const frames: Open[] = [{ node: undefined as unknown as Node, depth: 0, size: 0 }];
  const report = (w: Weight) => {
    const top = frames[frames.length - 1]!;
    if (w.depth > top.depth) top.depth = w.depth;
    top.size += w.size;
  };
  const EXIT = Symbol('exit');
  // Pre-order, keys before values: the order in which yaml looks for anchors.
  const stack: Array<{ node: unknown; slot: Slot; inKey: boolean } | typeof EXIT> = [{ node: doc.contents, slot: { parent: doc, key: 'contents' }, inKey: false }];
  while (stack.length > 0 && !bomb) {
    const entry = stack.pop()!;
    if (entry === EXIT) {
      const done = frames.pop()!;
      open.delete(done.node);
      const anchored = use.get(done.node);
      if (anchored) Object.assign(anchored, { depth: done.depth, size: done.size + 1 });
      report({ depth: done.depth, size: done.size + 1 });
      continue;
    }
    const { node, slot, inKey } = entry;
    if (node === null || node === undefined) continue;
    nodes++;
    if (isAlias(node)) {
      first ??= node;
      const target = anchors.get(node.source);
      if (!target || open.has(target)) {
        const empty = new Scalar(null);
        if (node.range) empty.range = [node.range[0], node.range[1], node.range[2]];
        targets.set(node, empty);
        cut.push({ alias: node, empty, reason: target ? 'circular' : 'unresolved', ...(target ? { target } : {}), slot, inKey });
        report({ depth: 1, size: 1 });
        continue;
      }
      targets.set(node, target);
      const anchor = use.get(target)!;
      anchor.uses++;
      added += anchor.size - 1;
      if (anchor.uses * anchor.depth > LIMITS.maxAliasCount) bomb = 'per-anchor';
      report({ depth: anchor.uses * anchor.depth, size: anchor.size });
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      anchors.set(anchor, node as Node);
      use.set(node as Node, { uses: 1, depth: 1, size: 1 }); // the anchored value counts as one use
    }
    if (isMap(node) || isSeq(node)) {
      open.add(node);
      frames.push({ node, depth: 0, size: 0 });
      stack.push(EXIT);
      const items = node.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (isPair(item)) {
          stack.push({ node: item.value, slot: { parent: item, key: 'value' }, inKey });
          stack.push({ node: item.key, slot: { parent: item, key: 'key' }, inKey: inKey || isMap(item.key) || isSeq(item.key) || isAlias(item.key) });
        } else {
          stack.push({ node: item, slot: { parent: node as { items: unknown[] }, key: i }, inKey });
        }
      }
      continue;
    }
    report({ depth: 1, size: 1 });
  }
  if (!first) return undefined;
  // Expanding every alias would more than double the document: as good as a bomb for a walk.
  if (!bomb && added > Math.max(LIMITS.maxAliasValues, nodes)) bomb = 'total';
  return bomb ? { targets: new Map(), cut: [], first, bomb } : { targets, cut, first };
}

/**
 * Runs `f` (yaml's own conversion to plain data) with every cut alias swapped for an empty
 * value at the alias's place, and puts the aliases back afterwards: the tree may be a cached
 * piece that the next parse reuses. A circular alias inside a collection key, or as a key,
 * stays: yaml reads such a key as its YAML text (`[ *a ]`), and the cycle goes no further.
 */
export function withCutAliasesEmpty<T>(table: AliasTable | undefined, f: () => T): T {
  const swapped: Array<{ slot: Slot; alias: Alias }> = [];
  try {
    for (const { alias, empty, slot, reason, inKey } of table?.cut ?? []) {
      if (reason === 'circular' && inKey) continue;
      setSlot(slot, empty);
      swapped.push({ slot, alias });
    }
    return f();
  } finally {
    for (const { slot, alias } of swapped.reverse()) setSlot(slot, alias);
  }
}

function setSlot(slot: Slot, value: unknown): void {
  const parent = slot.parent as unknown as Record<string | number, unknown> & { items?: unknown[] };
  if (typeof slot.key === 'number') parent.items![slot.key] = value;
  else parent[slot.key] = value;
}
