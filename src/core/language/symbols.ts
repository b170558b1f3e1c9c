import { allElements, type Element, type FieldDef, type Model } from '../model/model.js';
import { formatTypeExpr } from '../model/typeExpr.js';
import { compareRanges, type Position, type Range } from '../source.js';
import { locations } from './navigation.js';
import { elementOccurrences, type ElementOccurrences } from './occurrences.js';
import type { CodeLens, DocumentSymbol, FileIndex, ModelFile, SampleFile, WorkspaceSymbol } from './types.js';

/**
 * The outline of a file, the symbols of the workspace, and the reference counts shown above each
 * element of a model.
 */

const SECTIONS = [
  ['types', 'Types'],
  ['aggregates', 'Aggregates'],
  ['commands', 'Commands'],
  ['events', 'Events'],
  ['projections', 'Projections'],
  ['policies', 'Policies'],
  ['scenarios', 'Scenarios'],
] as const;

/**
 * A model's outline by section (Types, Aggregates, Commands, Events, Projections, Policies,
 * Scenarios), each element with its fields (an aggregate's state, a projection's row) as
 * children; a sample file's outline is its events in order, by type.
 */
export function documentSymbols(index: FileIndex, uri: string): DocumentSymbol[] {
  const file = index.get(uri);
  if (!file) return [];
  return file.kind === 'model' ? modelSymbols(file) : sampleSymbols(file);
}

function modelSymbols(file: ModelFile): DocumentSymbol[] {
  const m = file.parsed.model;
  const out: DocumentSymbol[] = [];
  for (const [key, label] of SECTIONS) {
    const keyRange = m.sections.get(key);
    if (!keyRange) continue;
    const children =
      key === 'scenarios'
        ? m.scenarios.map((s): DocumentSymbol => {
            const detail = s.projection ? `projection ${s.projection.name}` : s.when ? `when ${s.when.name}` : undefined;
            return symbol(s.name || '(unnamed scenario)', 'scenario', span(s.nameRange, s.range), s.nameRange, [], detail);
          })
        : [...elementsOf(m, key)].map(elementSymbol);
    const range = children.reduce((r, c) => span(r, c.range), keyRange);
    out.push(symbol(label, 'section', range, keyRange, children));
  }
  return out;
}

function* elementsOf(m: Model, section: string): Iterable<Element> {
  const table = { types: m.types, aggregates: m.aggregates, commands: m.commands, events: m.events, projections: m.projections, policies: m.policies }[section];
  if (table) yield* table.values();
}

function elementSymbol(el: Element): DocumentSymbol {
  const fields = el.kind === 'aggregate' ? el.state : el.kind === 'policy' ? undefined : el.fields;
  const children = [...(fields?.values() ?? [])].map(fieldSymbol);
  return symbol(el.name, el.kind, span(el.nameRange, el.range), el.nameRange, children, elementDetail(el));
}

function elementDetail(el: Element): string | undefined {
  switch (el.kind) {
    case 'type':
      return el.enum ? `enum: ${el.enum.map(String).join(' | ')}` : 'record';
    case 'aggregate':
      return el.id ? `id: ${el.id.name}` : undefined;
    case 'command':
      return el.aggregate ? `→ ${el.aggregate.name}` : undefined;
    case 'event':
      return el.aggregate ? `${el.aggregate.name}${el.version && el.version > 1 ? `, version ${el.version}` : ''}` : 'external';
    case 'projection':
      return el.key ? `key: ${el.key.name}` : 'single document';
    case 'policy':
      return el.when ? `when ${el.when.name} → ${el.then.map((t) => t.command.name).join(', ')}` : undefined;
  }
}

function fieldSymbol(f: FieldDef): DocumentSymbol {
  const detail = formatTypeExpr(f.type) + (f.optional ? '?' : '') + (f.enum ? ` (${f.enum.map(String).join(' | ')})` : '');
  return symbol(f.name, 'field', span(f.nameRange, f.range), f.nameRange, [], detail);
}

function sampleSymbols(file: SampleFile): DocumentSymbol[] {
  return file.parsed.events.map((ev, i) => {
    const detail = [`#${i + 1}`, ev.at, ev.version !== undefined ? `version ${ev.version}` : undefined].filter((x) => x !== undefined).join(' · ');
    return symbol(ev.type, 'sample', span(ev.typeRange, ev.range), ev.typeRange, [], detail);
  });
}

function symbol(name: string, kind: DocumentSymbol['kind'], range: Range, selectionRange: Range, children: DocumentSymbol[], detail?: string): DocumentSymbol {
  const s: DocumentSymbol = { name, kind, range, selectionRange, children };
  if (detail !== undefined) s.detail = detail;
  return s;
}

/** The smallest range that holds both. */
function span(a: Range, b: Range): Range {
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(b.end, a.end) ? a.end : b.end };
}

/** Whether `p` is before `q` or at it. */
function before(p: Position, q: Position): boolean {
  return p.line < q.line || (p.line === q.line && p.character <= q.character);
}

/**
 * The elements, errors and scenarios of every model whose name matches the query: the query's
 * characters in order, ignoring case (`opl` finds `OrderPlaced`). Whole and leading matches come
 * first. An empty query lists everything, up to `limit`.
 */
export function workspaceSymbols(index: FileIndex, query: string, limit = 1000): WorkspaceSymbol[] {
  const q = query.trim().toLowerCase();
  const found: { score: number; symbol: WorkspaceSymbol }[] = [];
  const add = (name: string, kind: WorkspaceSymbol['kind'], uri: string, range: Range, container: string) => {
    const score = matchScore(name, q);
    if (score !== undefined) found.push({ score, symbol: { name, kind, container, location: { uri, range } } });
  };
  for (const file of index.files()) {
    if (file.kind !== 'model') continue;
    const m = file.parsed.model;
    const container = m.context ?? baseName(file.uri);
    for (const el of allElements(m)) add(el.name, el.kind, file.uri, el.nameRange, container);
    const errors = new Set<string>();
    for (const c of m.commands.values()) {
      for (const e of c.errors) {
        if (errors.has(e.name)) continue;
        errors.add(e.name);
        add(e.name, 'error', file.uri, e.range, container);
      }
    }
    for (const s of m.scenarios) if (s.name) add(s.name, 'scenario', file.uri, s.nameRange, container);
  }
  found.sort((a, b) => a.score - b.score || (a.symbol.name < b.symbol.name ? -1 : a.symbol.name > b.symbol.name ? 1 : 0) || (a.symbol.location.uri < b.symbol.location.uri ? -1 : 1));
  return found.slice(0, limit).map((f) => f.symbol);
}

/** Lower is better: 0 the whole name, 1 its start, 2 inside it, 3 and up its characters in order; undefined no match. */
export function matchScore(name: string, query: string): number | undefined {
  if (query === '') return 0;
  const n = name.toLowerCase();
  if (n === query) return 0;
  if (n.startsWith(query)) return 1;
  if (n.includes(query)) return 2;
  // The query's characters in order; fewer skipped characters score better.
  let at = 0;
  let gaps = 0;
  for (const ch of query) {
    const next = n.indexOf(ch, at);
    if (next < 0) return undefined;
    if (next > at) gaps++;
    at = next + 1;
  }
  return 3 + gaps;
}

function baseName(uri: string): string {
  const file = uri.slice(uri.lastIndexOf('/') + 1);
  return file.replace(/\.events\.ya?ml$/i, '');
}

/**
 * "N references" above each element of a model, leading to those places (in the model and its
 * sample files). The counts come from one walk of the elements' occurrences, indexed by name;
 * fields are not walked.
 */
export function codeLenses(index: FileIndex, uri: string): CodeLens[] {
  const occ = elementOccurrences(index, uri);
  if (!occ) return [];
  return codeLensPlaces(index, uri).map((p) => lensOf(occ, p.kind, p.name, p.range));
}

/** Where a lens goes before its count is worked out: above the element of that kind and name. */
export interface CodeLensPlace {
  range: Range;
  kind: Element['kind'];
  name: string;
}

/** The places of a model's lenses (one per element, in order), their counts left for `resolveCodeLens`. */
export function codeLensPlaces(index: FileIndex, uri: string): CodeLensPlace[] {
  const file = index.get(uri);
  if (file?.kind !== 'model') return [];
  const occ = elementOccurrences(index, uri);
  if (!occ) return [];
  const out: CodeLensPlace[] = [];
  for (const el of allElements(file.parsed.model)) {
    const definition = occ.byName.get(el.kind)?.get(el.name)?.find((o) => o.role === 'definition' && o.uri === uri);
    out.push({ range: definition?.range ?? el.nameRange, kind: el.kind, name: el.name });
  }
  return out.sort((a, b) => compareRanges(a.range, b.range));
}

/**
 * The lens of the element of that kind and name in the file's current parse, at `range`, from the
 * same per-parse cache of occurrences as `codeLenses` (the uses of that name, should the file
 * have changed since the lens was listed); undefined when the file is not a model.
 */
export function resolveCodeLens(index: FileIndex, uri: string, kind: Element['kind'], name: string, range: Range): CodeLens | undefined {
  if (index.get(uri)?.kind !== 'model') return undefined;
  const occ = elementOccurrences(index, uri);
  return occ ? lensOf(occ, kind, name, range) : undefined;
}

function lensOf(occ: ElementOccurrences, kind: Element['kind'], name: string, range: Range): CodeLens {
  const used = (occ.byName.get(kind)?.get(name) ?? []).filter((o) => o.role === 'reference');
  // One place needs neither the dedup nor the sort of `locations`.
  const refs = used.length === 1 ? [{ uri: used[0]!.uri, range: used[0]!.range }] : used.length === 0 ? [] : locations(used);
  return { range, title: `${refs.length} reference${refs.length === 1 ? '' : 's'}`, locations: refs };
}
