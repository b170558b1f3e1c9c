import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node } from 'yaml';
import { resolveAliases, withCutAliasesEmpty, type AliasTable } from './aliases.js';
import { parseYamlInPieces, type YamlPieceCache } from './chunkedYaml.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { FILE_START, LineIndex } from '../source.js';
import { LIMITS } from './limits.js';
import type { WalkContext } from './yamlNodes.js';

/** A YAML text, loaded safely: the tree, its plain JavaScript value, and what went wrong. */
export interface LoadedYaml {
  ctx: WalkContext;
  /** The document's value as plain data; undefined when the document could not be trusted. */
  data: unknown;
  /** The root mapping, when the root is one (see `describeRoot` for what it was otherwise). */
  root: Node | undefined;
}

/**
 * Parses YAML with the safety limits: refuses huge texts, reports syntax errors at their place,
 * and converts to plain data with an alias budget so an alias bomb is answered, not expanded.
 */
export function loadYaml(text: string, what: string, cache?: YamlPieceCache): LoadedYaml | { refused: Diagnostic[] } {
  if (text.length > LIMITS.maxFileChars) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    return {
      refused: [
        diagnostic('file-too-large', `This file is ${mb(text.length)} MB; ${what} files over ${mb(LIMITS.maxFileChars)} MB are not read.`, FILE_START),
      ],
    };
  }
  const lines = new LineIndex(text);
  // uniqueKeys is checked below in one pass: yaml's own check compares every key with every
  // earlier one, which is quadratic in the size of a mapping (a section of thousands of events).
  // Parsed in pieces when the layout allows it (see chunkedYaml.ts): faster, and reusable.
  const doc = parseYamlInPieces(text, { prettyErrors: false, uniqueKeys: false, strict: true, version: '1.2', logLevel: 'error' }, cache);
  const ctx: WalkContext = { doc, lines, diagnostics: [] };
  reportYamlErrors(doc, ctx);
  // The common case (no aliases) reads the plain data and the duplicate keys in one walk.
  let plain = plainData(doc.contents, ctx);
  if (!plain) {
    // Aliases are resolved once, before anything follows one: a bomb stops here, and an alias
    // that would never end (inside its own anchor's value) is reported and read as empty.
    const aliases = resolveAliases(doc);
    if (aliases?.bomb) {
      const reason = aliases.bomb === 'per-anchor'
        ? `YAML aliases here expand past the limit of ${LIMITS.maxAliasCount}; this looks like an alias bomb, so the file is not read further.`
        : `YAML aliases here expand the file to more than twice its size (and over ${LIMITS.maxAliasValues} values more); this looks like an alias bomb, so the file is not read further.`;
      ctx.diagnostics.push(diagnostic('alias-limit', reason, aliasRange(aliases.first, ctx)));
      return { ctx, data: undefined, root: undefined };
    }
    if (aliases) {
      ctx.aliases = aliases;
      reportCutAliases(aliases, ctx);
      plain = plainData(doc.contents, ctx);
    }
  }
  if (plain) {
    ctx.diagnostics.push(...plain.duplicates);
    const root = doc.contents ?? undefined;
    return { ctx, data: plain.value, root: isMap(root) ? root : undefined };
  }
  reportDuplicateKeys(doc, ctx);
  let data: unknown;
  try {
    data = withCutAliasesEmpty(ctx.aliases, () => doc.toJS({ maxAliasCount: LIMITS.maxAliasCount }));
  } catch (e) {
    const alias = ctx.aliases?.first ?? firstAlias(doc);
    const range = alias?.range ? lines.range(alias.range[0], alias.range[1]) : FILE_START;
    const reason = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `YAML aliases here expand past the limit of ${LIMITS.maxAliasCount}; this looks like an alias bomb, so the file is not read further.`
      : `The YAML cannot be read: ${e instanceof Error ? e.message : String(e)}`;
    ctx.diagnostics.push(diagnostic('alias-limit', reason, range));
    return { ctx, data: undefined, root: undefined };
  }
  const root = doc.contents ?? undefined;
  if (!isMap(root)) return { ctx, data, root: undefined };
  return { ctx, data, root };
}

function aliasRange(alias: Alias, ctx: WalkContext) {
  return alias.range ? ctx.lines.range(alias.range[0], alias.range[1]) : FILE_START;
}

/** Reports the aliases that are read as empty: inside their own anchor's value, or of no anchor. */
function reportCutAliases(aliases: AliasTable, ctx: WalkContext): void {
  for (const { alias, reason, target } of aliases.cut) {
    const name = alias.source;
    const anchorLine = target?.range ? ctx.lines.position(target.range[0]).line + 1 : undefined;
    const message = reason === 'circular'
      ? `The alias '*${name}' stands inside the value of its own anchor '&${name}'${anchorLine ? ` (line ${anchorLine})` : ''}, so it would repeat without end; it is read as empty.`
      : `The alias '*${name}' names no anchor: '&${name}' must come before it. It is read as empty.`;
    ctx.diagnostics.push(diagnostic('alias-limit', message, aliasRange(alias, ctx)));
  }
}

/** Reports a root that is not a mapping: `expected` says what the file should hold. */
export function reportRootNotMapping(loaded: LoadedYaml, expected: string): void {
  const { ctx, data } = loaded;
  if (ctx.doc.errors.length > 0 || data === undefined && ctx.diagnostics.length > 0) return;
  const root = ctx.doc.contents ?? undefined;
  const range = root?.range ? ctx.lines.range(root.range[0], root.range[1]) : FILE_START;
  const found = root === undefined || data === null ? 'nothing' : Array.isArray(data) ? 'a list' : `a ${typeof data}`;
  ctx.diagnostics.push(diagnostic('root-not-mapping', `${expected}; found ${found}.`, range));
}

/** Whether the text had YAML syntax errors (duplicate keys aside): then the tree is only a best guess. */
export function hasSyntaxErrors(ctx: WalkContext): boolean {
  return ctx.diagnostics.some((d) => d.code === 'yaml-syntax');
}

/**
 * Reports YAML's own errors. After the parser loses its place it reports every following token
 * ("Unexpected scalar token..."); only the first of that cascade helps, so the rest is dropped.
 */
function reportYamlErrors(doc: Document.Parsed, ctx: WalkContext): void {
  let reported = 0;
  for (const err of doc.errors) {
    if (reported >= MAX_SYNTAX_ERRORS) continue;
    reported++;
    const before = ctx.lines.text.slice(Math.max(0, err.pos[0] - 1), err.pos[0] + 2);
    // `lines: OrderLine[]` inside `{ ... }` opens a list: the commonest YAML trap in this format.
    const hint = /^\w\[\]/.test(before) ? '. Inside `{ ... }` or `[ ... ]`, quote a list type: "OrderLine[]"' : '';
    ctx.diagnostics.push(
      diagnostic('yaml-syntax', cleanYamlMessage(err.message) + hint, ctx.lines.range(err.pos[0], Math.max(err.pos[1], err.pos[0] + 1))),
    );
    if (/^Unexpected .* token/.test(err.message)) reported = MAX_SYNTAX_ERRORS;
  }
}

const MAX_SYNTAX_ERRORS = 10;

/**
 * The document as plain data, as `doc.toJS()` gives it, and its duplicate keys, in one walk.
 * Undefined when the tree holds what only yaml's own conversion handles: keys that are lists,
 * mappings or aliases, or very deep nesting; and aliases until they are resolved (ctx.aliases).
 * Written here because yaml's conversion is general (anchors, custom tags, Maps) and about
 * three to four times slower on a large model; the unit tests compare the two on every fixture.
 */
function plainData(node: unknown, ctx: WalkContext): { value: unknown; duplicates: Diagnostic[] } | undefined {
  const duplicates: Diagnostic[] = [];
  const bail = Symbol('bail');
  // With aliases resolved (ctx.aliases), an alias gives the very value of its anchor, as in
  // yaml's conversion: anchored values are kept as they are converted, and come before their aliases.
  const anchored = new Map<unknown, unknown>();
  const convert = (n: unknown, depth: number): unknown => {
    if (n === null || n === undefined) return null;
    if (depth > MAX_PLAIN_DEPTH) throw bail;
    if (isScalar(n)) return n.value;
    if (isAlias(n)) {
      if (!ctx.aliases) throw bail;
      const target = ctx.aliases.targets.get(n);
      if (anchored.has(target)) return anchored.get(target);
      if (isScalar(target)) return target.value; // an anchored key, or the empty value of a cut alias
      throw bail;
    }
    const value = convertCollection(n, depth);
    if ((n as Node).anchor) anchored.set(n, value);
    return value;
  };
  const convertCollection = (n: unknown, depth: number): unknown => {
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of n.items) {
        const key = pair.key as Node | null;
        if (key !== null && !isScalar(key)) throw bail;
        const keyValue = key === null ? null : key.value;
        // Keys are strings but for the odd `1:` or `true:`, which must not match '1' or 'true'.
        const id = typeof keyValue === 'string' ? keyValue : `\u0000${typeof keyValue}:${String(keyValue)}`;
        if (key !== null && seen.has(id)) {
          const range = key?.range ? ctx.lines.range(key.range[0], key.range[1]) : FILE_START;
          duplicates.push(diagnostic('duplicate-key', `The key '${String(keyValue)}' appears twice in this mapping; YAML keeps only one of them.`, range));
        }
        seen.add(id);
        const name = keyValue === null ? '' : String(keyValue);
        const value = convert(pair.value, depth + 1);
        // As yaml does: a key already present (or one like `__proto__`) becomes an own property.
        if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
        else out[name] = value;
      }
      return out;
    }
    if (isSeq(n)) return n.items.map((item) => convert(item, depth + 1));
    throw bail; // a node kind this format never has
  };
  try {
    return { value: convert(node, 0), duplicates };
  } catch (e) {
    if (e === bail || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Deeper trees go through yaml's own conversion (no model nests this deep). */
const MAX_PLAIN_DEPTH = 500;

/** Reports every key that repeats an earlier key of the same mapping: YAML would keep only one. */
function reportDuplicateKeys(doc: Document.Parsed, ctx: WalkContext): void {
  // A plain walk (aliases are not followed): this runs on every keystroke over the whole file.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        stack.push(pair.value);
        const key = pair.key as Node | null;
        if (!isScalar(key)) {
          stack.push(key); // collection keys are reported as invalid-key; look inside them anyway
          continue;
        }
        const id = `${typeof key.value}:${String(key.value)}`;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const range = key.range ? ctx.lines.range(key.range[0], key.range[1]) : FILE_START;
        ctx.diagnostics.push(diagnostic('duplicate-key', `The key '${String(key.value)}' appears twice in this mapping; YAML keeps only one of them.`, range));
      }
    }
  }
}

function firstAlias(doc: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) {
        found = node as unknown as Node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** yaml's messages end with a source excerpt when pretty; keep the first sentence only. */
function cleanYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}
