import type { ParsedModel } from '../model/parse.js';
import type { ParsedSamples } from '../samples/parseSamples.js';
import { compareRanges, rangeContains, type Position, type Range } from '../source.js';
import { walkModel, walkSamples, type FieldSymbol } from './occurrenceWalk.js';
import type { FileIndex, ModelFile, SampleFile } from './types.js';

/**
 * Every definition and use of every name in a model and its sample files: the elements (events,
 * commands, aggregates, projections, policies, types, errors, scenarios) wherever they are named,
 * and the fields wherever they are declared, read (`$event.a.b`, `$state.a`), written (rule
 * paths) or given a value (payload keys, sample data, `initial`, a projection's `key`, an
 * aggregate's `id`). Definition, references, rename, CodeLens counts, hovers and quick fixes
 * all read this one index.
 *
 * A range is recorded only where the text shows the name as written (bare, or inside plain
 * quotes), so an edit of that range always replaces exactly the name. A name written with
 * escapes is left out.
 */

export type OccurrenceKind = 'event' | 'command' | 'aggregate' | 'projection' | 'policy' | 'type' | 'error' | 'scenario' | 'field';

/** The element a field belongs to: an event, command or type by name, an aggregate's state or a projection's row. */
export interface FieldOwner {
  kind: OccurrenceKind | 'state' | 'row';
  name: string;
}

export interface Occurrence {
  kind: OccurrenceKind;
  name: string;
  /** For a field: the element whose field it is, e.g. { kind: 'event', name: 'OrderPlaced' } (or a type, state, row). */
  owner?: FieldOwner;
  uri: string;
  range: Range;
  role: 'definition' | 'reference';
}

/** The occurrences of one model and its sample files, with their lookups. */
export interface ModelOccurrences {
  modelUri: string;
  all: Occurrence[];
  /** By symbol (see `symbolKey`), definitions first. */
  bySymbol: Map<string, Occurrence[]>;
  /** By file, in the order of the walk (by element, not by place). */
  byUri: Map<string, Occurrence[]>;
  /**
   * Fields tied together by name, so that renaming one without the others breaks the model: an
   * aggregate's `id` field in each command and event of that aggregate, a projection's `key` in
   * each event of its `on`, and the fields a by-name policy step copies from the event into the
   * command. By symbol key, each to the keys it is tied to directly.
   */
  links: Map<string, Set<string>>;
}

/**
 * The occurrences of the elements alone (no fields) of one model and its sample files, by kind
 * and name: each list is the one `ModelOccurrences.bySymbol` holds for that element, in the same
 * order (definitions first). What the reference counts read after each edit, without the walk
 * of every payload, rule and path that the whole index needs.
 */
export interface ElementOccurrences {
  modelUri: string;
  /** By kind, then name. */
  byName: Map<OccurrenceKind, Map<string, Occurrence[]>>;
}

/** Identifies a symbol: its kind and name, and for a field its owner. */
export function symbolKey(o: Pick<Occurrence, 'kind' | 'name' | 'owner'>): string {
  return o.kind === 'field' ? `field\u0000${o.owner?.kind ?? ''}\u0000${o.owner?.name ?? ''}\u0000${o.name}` : `${o.kind}\u0000${o.name}`;
}

/** Whether two occurrences are of the same symbol. */
export function sameSymbol(a: Occurrence, b: Occurrence): boolean {
  return symbolKey(a) === symbolKey(b);
}

/** Every definition and use of every name in a model and its sample files (cached per parse). */
export function modelOccurrences(index: FileIndex, modelUri: string): Occurrence[] {
  return indexedOccurrences(index, modelUri)?.all ?? [];
}

/** The occurrences of the model a file belongs to (a model, or a paired sample file), with their lookups. */
export function indexedOccurrences(index: FileIndex, uri: string): ModelOccurrences | undefined {
  const model = index.modelOf(uri);
  if (model) return forModel(model, index.samplesOf(model.uri));
  const file = index.get(uri);
  if (file?.kind === 'samples') return forLoneSamples(file);
  return undefined;
}

/**
 * The element occurrences of the model a file belongs to (see `ElementOccurrences`), cached per
 * parse. Undefined for a file that is neither a model nor paired with one.
 */
export function elementOccurrences(index: FileIndex, uri: string): ElementOccurrences | undefined {
  const model = index.modelOf(uri);
  if (!model) return undefined;
  const parts = index.samplesOf(model.uri).map(sampleElements);
  let part = elementParts.get(model.parsed);
  if (!part || part.uri !== model.uri) {
    part = { uri: model.uri, occurrences: walkModel(model, { fields: false }).occurrences };
    elementParts.set(model.parsed, part);
  }
  const cached = elementsCombined.get(model.parsed);
  if (cached && cached.result.modelUri === model.uri && cached.samples.length === parts.length && cached.samples.every((p, i) => p === parts[i])) {
    return cached.result;
  }
  const byName = new Map<OccurrenceKind, Map<string, Occurrence[]>>();
  for (const list of [part.occurrences, ...parts.map((p) => p.occurrences)]) {
    for (const o of list) {
      let ofKind = byName.get(o.kind);
      if (!ofKind) byName.set(o.kind, (ofKind = new Map()));
      let named = ofKind.get(o.name);
      if (!named) ofKind.set(o.name, (named = []));
      named.push(o);
    }
  }
  for (const ofKind of byName.values()) {
    for (const [name, named] of ofKind) {
      const ordered = definitionsFirst(named);
      if (ordered !== named) ofKind.set(name, ordered);
    }
  }
  const result: ElementOccurrences = { modelUri: model.uri, byName };
  elementsCombined.set(model.parsed, { samples: parts, result });
  return result;
}

/** The occurrence under the cursor, if any (the innermost, when ranges nest). */
export function occurrenceAt(index: FileIndex, uri: string, position: Position): Occurrence | undefined {
  return occurrencesAt(index, uri, position)[0];
}

/**
 * Every occurrence at the cursor: usually one, but a projection's `key` and an aggregate's `id`
 * name the field of several events (and commands) at once. Only the innermost range counts.
 */
export function occurrencesAt(index: FileIndex, uri: string, position: Position): Occurrence[] {
  const list = indexedOccurrences(index, uri)?.byUri.get(uri) ?? [];
  const found = innermostAt(list, position);
  if (found.length > 0) return found;
  // On the opening quote of a quoted name (where its YAML node starts), the name.
  const line = index.get(uri)?.text.split(/\r\n|\r|\n/, position.line + 1)[position.line];
  const ch = line?.[position.character];
  return ch === '"' || ch === "'" ? innermostAt(list, { line: position.line, character: position.character + 1 }) : [];
}

function innermostAt(list: readonly Occurrence[], position: Position): Occurrence[] {
  let best: Occurrence[] = [];
  for (const o of list) {
    if (!rangeContains(o.range, position)) continue;
    const cmp = best.length === 0 ? -1 : compareSpan(o.range, best[0]!.range);
    if (cmp < 0) best = [o];
    else if (cmp === 0 && compareRanges(o.range, best[0]!.range) === 0) best.push(o);
  }
  return best;
}

/** Every occurrence of the same symbol (definition first). */
export function occurrencesOfSymbol(index: FileIndex, of: Occurrence): Occurrence[] {
  return indexedOccurrences(index, of.uri)?.bySymbol.get(symbolKey(of)) ?? [];
}

/**
 * The symbols a field is tied to by name (see `ModelOccurrences.links`), itself included: one
 * occurrence of each (its definition when it has one).
 */
export function linkedFields(index: FileIndex, of: Occurrence): Occurrence[] {
  const occ = indexedOccurrences(index, of.uri);
  if (!occ || of.kind !== 'field') return [of];
  const start = symbolKey(of);
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of occ.links.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen].map((k) => (k === start ? (occ.bySymbol.get(k)?.[0] ?? of) : occ.bySymbol.get(k)?.[0])).filter((o): o is Occurrence => o !== undefined);
}

/** Orders ranges by size: fewer lines, then fewer characters. */
function compareSpan(a: Range, b: Range): number {
  const lines = a.end.line - a.start.line - (b.end.line - b.start.line);
  if (lines !== 0) return lines;
  return a.end.character - a.start.character - (b.end.character - b.start.character);
}

// ---------------------------------------------------------------------------------------------
// The cache: one walk per parsed model, one per parsed sample file (and the model it was read against).

interface ModelPart {
  uri: string;
  occurrences: Occurrence[];
  links: Map<string, Set<string>>;
}

interface SamplePart {
  uri: string;
  model: ParsedModel | undefined;
  occurrences: Occurrence[];
}

const modelParts = new WeakMap<ParsedModel, ModelPart>();
const sampleParts = new WeakMap<ParsedSamples, SamplePart>();
const combined = new WeakMap<ParsedModel, { samples: SamplePart[]; result: ModelOccurrences }>();

/** The element occurrences alone: one walk per parsed model, one per parsed sample file (they need no model). */
const elementParts = new WeakMap<ParsedModel, { uri: string; occurrences: Occurrence[] }>();
const sampleElementParts = new WeakMap<ParsedSamples, { uri: string; occurrences: Occurrence[] }>();
const elementsCombined = new WeakMap<ParsedModel, { samples: { uri: string; occurrences: Occurrence[] }[]; result: ElementOccurrences }>();

function sampleElements(file: SampleFile): { uri: string; occurrences: Occurrence[] } {
  const cached = sampleElementParts.get(file.parsed);
  if (cached && cached.uri === file.uri) return cached;
  const part = { uri: file.uri, occurrences: walkSamples(file, undefined, { fields: false }) };
  sampleElementParts.set(file.parsed, part);
  return part;
}

function forModel(file: ModelFile, samples: SampleFile[]): ModelOccurrences {
  let part = modelParts.get(file.parsed);
  if (!part || part.uri !== file.uri) {
    const walked = walkModel(file);
    part = { uri: file.uri, occurrences: walked.occurrences, links: linkMap(walked.links) };
    modelParts.set(file.parsed, part);
  }
  const parts = samples.map((s) => samplePart(s, file.parsed));
  const cached = combined.get(file.parsed);
  if (cached && cached.result.modelUri === file.uri && cached.samples.length === parts.length && cached.samples.every((p, i) => p === parts[i])) {
    return cached.result;
  }
  const result = assemble(file.uri, [...part.occurrences, ...parts.flatMap((p) => p.occurrences)], part.links);
  combined.set(file.parsed, { samples: parts, result });
  return result;
}

function forLoneSamples(file: SampleFile): ModelOccurrences {
  const part = samplePart(file, undefined);
  return assemble(file.uri, part.occurrences, new Map());
}

function samplePart(file: SampleFile, model: ParsedModel | undefined): SamplePart {
  const cached = sampleParts.get(file.parsed);
  if (cached && cached.uri === file.uri && cached.model === model) return cached;
  const part: SamplePart = { uri: file.uri, model, occurrences: walkSamples(file, model?.model) };
  sampleParts.set(file.parsed, part);
  return part;
}

function assemble(modelUri: string, all: Occurrence[], links: Map<string, Set<string>>): ModelOccurrences {
  const bySymbol = new Map<string, Occurrence[]>();
  const byUri = new Map<string, Occurrence[]>();
  for (const o of all) {
    const key = symbolKey(o);
    let list = bySymbol.get(key);
    if (!list) bySymbol.set(key, (list = []));
    list.push(o);
    let inFile = byUri.get(o.uri);
    if (!inFile) byUri.set(o.uri, (inFile = []));
    inFile.push(o);
  }
  for (const [key, list] of bySymbol) {
    const ordered = definitionsFirst(list);
    if (ordered !== list) bySymbol.set(key, ordered);
  }
  return { modelUri, all, bySymbol, byUri, links };
}

/** Definitions first, each part in walk order (the same list when it is so already). */
function definitionsFirst(list: Occurrence[]): Occurrence[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.role === 'definition' && list[i - 1]!.role === 'reference') {
      return [...list.filter((o) => o.role === 'definition'), ...list.filter((o) => o.role === 'reference')];
    }
  }
  return list;
}

/** Links both ways, by symbol key. */
function linkMap(pairs: readonly [FieldSymbol, FieldSymbol][]): Map<string, Set<string>> {
  const links = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    const x = symbolKey({ kind: 'field', ...a });
    const y = symbolKey({ kind: 'field', ...b });
    if (x === y) continue;
    for (const [from, to] of [[x, y], [y, x]] as const) {
      let set = links.get(from);
      if (!set) links.set(from, (set = new Set()));
      set.add(to);
    }
  }
  return links;
}
