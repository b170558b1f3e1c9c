import { GLOBALS_USED, NameScope } from './names.js';

/**
 * The names of one generated module and what it imports. A module first reserves what it
 * exports and the locals it uses; every import then gets its own name, or an alias when that name
 * is taken, and only imports that were asked for are written (unused imports do not compile
 * under `noUnusedLocals`).
 */
export class ModuleScope {
  readonly names: NameScope;
  private readonly imports = new Map<string, { types: Map<string, string>; values: Map<string, string>; namespace?: string }>();

  constructor(reserved: Iterable<string> = []) {
    this.names = new NameScope([...GLOBALS_USED, ...reserved]);
  }

  /** Claims a local name (a helper, a variable), a free variant when `wanted` is taken. */
  local(wanted: string): string {
    return this.names.claim(wanted);
  }

  /** The local name of a type imported from `from`. */
  type(from: string, name: string): string {
    return this.named(from, name, 'types');
  }

  /** The local name of a value (a function, a class) imported from `from`. */
  value(from: string, name: string): string {
    return this.named(from, name, 'values');
  }

  /** The local name of `import * as <name> from <from>`. */
  namespace(from: string, wanted: string): string {
    const entry = this.entry(from);
    entry.namespace ??= this.names.claim(wanted);
    return entry.namespace;
  }

  private named(from: string, name: string, kind: 'types' | 'values'): string {
    const entry = this.entry(from);
    const other = kind === 'types' ? entry.values : entry.types;
    const existing = entry[kind].get(name) ?? other.get(name);
    if (existing !== undefined) {
      // A name used both as a type and as a value is one value import: a class is both.
      if (kind === 'values' && entry.types.has(name)) {
        entry.types.delete(name);
        entry.values.set(name, existing);
      }
      return existing;
    }
    const local = this.names.has(name) ? this.names.claim(name) : (this.names.reserve(name), name);
    entry[kind].set(name, local);
    return local;
  }

  private entry(from: string) {
    let e = this.imports.get(from);
    if (!e) {
      e = { types: new Map(), values: new Map() };
      this.imports.set(from, e);
    }
    return e;
  }

  /** The import lines: packages first, then the output's own modules, each sorted. */
  render(): string[] {
    const lines: string[] = [];
    const order = [...this.imports.keys()].sort((a, b) => Number(a.startsWith('.')) - Number(b.startsWith('.')) || (a < b ? -1 : a > b ? 1 : 0));
    for (const from of order) {
      const e = this.imports.get(from)!;
      const spec = `'${from}'`;
      if (e.namespace) lines.push(`import * as ${e.namespace} from ${spec};`);
      if (e.values.size > 0) lines.push(importLine('import', e.values, spec));
      if (e.types.size > 0) lines.push(importLine('import type', e.types, spec));
    }
    return lines;
  }
}

/** `import { a, b } from '...';`, one name per line when long. */
function importLine(keyword: string, names: Map<string, string>, spec: string): string {
  const items = [...names]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, local]) => (name === local ? name : `${name} as ${local}`));
  const one = `${keyword} { ${items.join(', ')} } from ${spec};`;
  return one.length <= 110 ? one : `${keyword} {\n${items.map((i) => `  ${i},`).join('\n')}\n} from ${spec};`;
}
