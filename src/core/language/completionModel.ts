import type { Aggregate, Command, Element, Event, FieldDef, FieldShape, Model, Projection } from '../model/model.js';
import { namedTypeOf } from '../model/typeExpr.js';
import { rangeContains, type Position } from '../source.js';
import { schemaKeys, schemaValues } from './completionSchema.js';
import {
  descend, fieldCandidate, fieldCandidates, refCandidates, typeCandidates, valueCandidates, type Candidate, type RefSources,
} from './completionPayload.js';
import { ancestorsOf, siblingItems, siblingKeys, type CursorContext, type CursorNode, type PathSegment } from './cursorContext.js';

/**
 * Completion in a model file: what the cursor's path in the YAML calls for. Structural keys come
 * from the schema; names, fields, references and values from the parsed model, read alongside
 * the text around the cursor (which may not parse yet).
 */

const ELEMENT_SECTIONS = { types: 'type', aggregates: 'aggregate', commands: 'command', events: 'event', projections: 'projection', policies: 'policy' } as const;
type Section = keyof typeof ELEMENT_SECTIONS;

const FIELD_LISTS = new Set(['fields', 'state']);
const WRITING_OPS = new Set(['set', 'inc', 'push', 'remove']);

export function completeModel(model: Model, c: CursorContext, position: Position): Candidate[] {
  const out = c.role === 'key' ? keyCandidates(model, c, position) : valueCandidatesAt(model, c, position);
  if (c.role === 'key') {
    const written = siblingKeys(c);
    if (c.path.length === 0) for (const k of model.sections.keys()) written.add(k);
    const inAggregate = c.path[0] === 'aggregates' && c.path[2] === 'evolve' && c.path.length === 4;
    for (const k of schemaKeys(c.path)) {
      if (written.has(k.key) || (inAggregate && k.key === 'delete')) continue;
      const item: Candidate = { label: k.key, kind: 'keyword', as: 'key', rank: k.required ? 0 : 1, container: k.container };
      if (k.description) item.documentation = k.description;
      out.push(item);
    }
  } else {
    for (const v of schemaValues(c.path)) out.push({ label: String(v), kind: 'value', as: 'value', rank: 0 });
    // A new item of a list of mappings (a scenario, an upcast step) starts with one of its keys.
    if (typeof c.path[c.path.length - 1] === 'number') {
      for (const k of schemaKeys(c.path)) {
        const item: Candidate = { label: k.key, kind: 'keyword', as: 'key', rank: k.required ? 0 : 1, container: k.container };
        if (k.description) item.documentation = k.description;
        out.push(item);
      }
    }
  }
  return out;
}

/**
 * Captures of a path that begins like `pattern`, with the rest of the path: '*' matches (and
 * captures) any key, '#' any index, 'a|b' one of the keys listed; other segments match themselves.
 */
function head(path: readonly PathSegment[], ...pattern: string[]): { at: PathSegment[]; rest: PathSegment[] } | undefined {
  if (path.length < pattern.length) return undefined;
  const at: PathSegment[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const seg = path[i]!;
    if (want === '*') {
      if (typeof seg !== 'string') return undefined;
      at.push(seg);
    } else if (want === '#') {
      if (typeof seg !== 'number') return undefined;
      at.push(seg);
    } else if (want.includes('|')) {
      if (typeof seg !== 'string' || !want.split('|').includes(seg)) return undefined;
      at.push(seg);
    } else if (seg !== want) return undefined;
  }
  return { at, rest: path.slice(pattern.length) };
}

function exactly(path: readonly PathSegment[], ...pattern: string[]): PathSegment[] | undefined {
  const m = head(path, ...pattern);
  return m && m.rest.length === 0 ? m.at : undefined;
}

/** The node of the text two levels down: the element (or scenario) the cursor is in. */
function elementNode(c: CursorContext): CursorNode | undefined {
  return ancestorsOf(c.node)[2];
}

function elementCandidate(el: Element, rank = 1, as: Candidate['as'] = 'value'): Candidate {
  const c: Candidate = { label: el.name, kind: el.kind, detail: elementDetail(el), as, rank };
  if (el.description) c.documentation = el.description;
  return c;
}

function elementDetail(el: Element): string {
  if ((el.kind === 'event' || el.kind === 'command') && el.aggregate) return `${el.kind} of ${el.aggregate.name}`;
  if (el.kind === 'event') return 'external event';
  return el.kind;
}

function names<T extends Element>(table: Map<string, T>, written: Set<string>, preferred: (el: T) => boolean, as: Candidate['as'] = 'value'): Candidate[] {
  const out: Candidate[] = [];
  for (const el of table.values()) if (!written.has(el.name)) out.push(elementCandidate(el, preferred(el) ? 0 : 1, as));
  return out;
}

function knownErrors(model: Model): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cmd of model.commands.values()) for (const e of cmd.errors) out.set(e.name, [...(out.get(e.name) ?? []), cmd.name]);
  return out;
}

function errorCandidates(model: Model, written: Set<string>, preferred: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  for (const [name, by] of knownErrors(model)) {
    if (written.has(name)) continue;
    out.push({ label: name, kind: 'error', detail: `error of ${by.join(', ')}`, as: 'value', rank: preferred.has(name) ? 0 : 1 });
  }
  for (const name of preferred) if (!written.has(name) && !out.some((c) => c.label === name)) out.push({ label: name, kind: 'error', as: 'value', rank: 0 });
  return out;
}

/** The scenario the cursor is in: its command and projection, from the text first, then the model. */
function scenarioParts(model: Model, c: CursorContext, position: Position): { command?: Command; projection?: Projection } {
  const node = elementNode(c);
  const fromModel = model.scenarios.find((s) => rangeContains(s.range, position));
  const commandName = node?.children.get('when')?.keys[0]?.key ?? fromModel?.when?.name;
  const projectionName = node?.values.get('projection') ?? fromModel?.projection?.name;
  const out: { command?: Command; projection?: Projection } = {};
  const command = commandName !== undefined ? model.commands.get(commandName) : undefined;
  const projection = projectionName !== undefined ? model.projections.get(projectionName) : undefined;
  if (command) out.command = command;
  if (projection) out.projection = projection;
  return out;
}

/** The aggregate an element belongs to, as written in the text or in the model. */
function aggregateOf(model: Model, c: CursorContext, el: Command | Event | undefined): Aggregate | undefined {
  const name = elementNode(c)?.values.get('aggregate') ?? el?.aggregate?.name;
  return name !== undefined ? model.aggregates.get(name) : undefined;
}

/** Names referenced but not declared, for a new element of a section. */
function undeclared(model: Model, section: Section): Candidate[] {
  const refs = new Set<string>();
  const add = (name: string | undefined) => name !== undefined && refs.add(name);
  switch (section) {
    case 'events':
      for (const cmd of model.commands.values()) for (const e of cmd.emits) add(e.name);
      for (const a of model.aggregates.values()) for (const r of a.evolve) add(r.event.name);
      for (const p of model.projections.values()) for (const r of p.on) add(r.event.name);
      for (const p of model.policies.values()) add(p.when?.name);
      for (const s of model.scenarios) {
        for (const g of s.given) add(g.name);
        if (s.then?.kind === 'events') for (const e of s.then.events) add(e.name);
      }
      break;
    case 'commands':
      for (const p of model.policies.values()) for (const step of p.then) add(step.command.name);
      for (const s of model.scenarios) add(s.when?.name);
      break;
    case 'aggregates':
      for (const cmd of model.commands.values()) add(cmd.aggregate?.name);
      for (const ev of model.events.values()) add(ev.aggregate?.name);
      break;
    case 'types':
      for (const el of [...model.types.values(), ...model.commands.values(), ...model.events.values(), ...model.projections.values()]) {
        for (const f of ('fields' in el && el.fields ? el.fields : new Map<string, FieldDef>()).values()) add(namedTypeOf(f.type));
      }
      for (const a of model.aggregates.values()) for (const f of a.state.values()) add(namedTypeOf(f.type));
      break;
    case 'projections':
      for (const s of model.scenarios) add(s.projection?.name);
      break;
    case 'policies':
      break;
  }
  const declared = model[section] as Map<string, unknown>;
  return [...refs]
    .filter((n) => !declared.has(n))
    .map((label) => ({ label, kind: ELEMENT_SECTIONS[section], detail: 'referenced, not declared yet', as: 'key', rank: 0, container: true }) satisfies Candidate);
}

/** The fields a value in a payload, a row, a state or a rule is written against, and what references there may read. */
interface PayloadRoot {
  fields: Map<string, FieldDef> | undefined;
  rest: PathSegment[];
  refs?: RefSources;
  /** Only fields that fit the operator (`inc` numbers, `push`/`remove` lists) at the top of a rule's target. */
  filter?: (f: FieldShape) => boolean;
}

function payloadRoot(model: Model, c: CursorContext, position: Position): PayloadRoot | undefined {
  const p = c.path;
  let m = head(p, 'scenarios', '#', 'given', '#', '*') ?? head(p, 'scenarios', '#', 'then', '#', '*') ?? head(p, 'scenarios', '#', 'then', 'events', '#', '*');
  if (m) return { fields: model.events.get(m.at[m.at.length - 1] as string)?.fields, rest: m.rest };
  if ((m = head(p, 'scenarios', '#', 'when', '*'))) return { fields: model.commands.get(m.at[1] as string)?.fields, rest: m.rest };
  if ((m = head(p, 'scenarios', '#', 'then', 'rows', '#'))) return { fields: scenarioParts(model, c, position).projection?.fields, rest: m.rest };
  if ((m = head(p, 'policies', '*', 'then', '#', '*'))) {
    const policy = model.policies.get(m.at[0] as string);
    const when = elementNode(c)?.values.get('when') ?? policy?.when?.name;
    const event = when !== undefined ? model.events.get(when) : undefined;
    return { fields: model.commands.get(m.at[2] as string)?.fields, rest: m.rest, refs: event ? { event } : {} };
  }
  if ((m = head(p, 'aggregates', '*', 'initial'))) return { fields: model.aggregates.get(m.at[0] as string)?.state, rest: m.rest };
  if ((m = head(p, 'events', '*', 'upcast', '#', 'default'))) return { fields: model.events.get(m.at[0] as string)?.fields, rest: m.rest };
  if ((m = head(p, 'aggregates|projections', '*', 'evolve|on', '*', 'set|inc|push|remove'))) {
    const [section, owner, rules, eventName, op] = m.at as string[];
    if ((section === 'aggregates') !== (rules === 'evolve')) return undefined;
    const target = section === 'aggregates' ? model.aggregates.get(owner!)?.state : model.projections.get(owner!)?.fields;
    const event = model.events.get(eventName!);
    const refs: RefSources = { target: target ?? new Map(), targetLabel: section === 'aggregates' ? `the state of \`${owner}\`` : `the row of \`${owner}\`` };
    if (event) refs.event = event;
    const lists = op === 'push' || op === 'remove';
    // A pushed or removed value is one element of the list.
    const rest = lists && m.rest.length > 0 ? [m.rest[0]!, 0, ...m.rest.slice(1)] : m.rest;
    const root: PayloadRoot = { fields: target, rest, refs };
    if (op === 'inc') root.filter = (f) => f.type.kind === 'primitive' && (f.type.name === 'number' || f.type.name === 'integer');
    if (lists) root.filter = (f) => f.type.kind === 'array';
    return root;
  }
  return undefined;
}

function keyCandidates(model: Model, c: CursorContext, position: Position): Candidate[] {
  const p = c.path;
  const written = siblingKeys(c);
  let at: PathSegment[] | undefined;
  if ((at = exactly(p, 'types|aggregates|commands|events|projections|policies'))) return undeclared(model, at[0] as Section);
  if ((at = exactly(p, 'commands|events', '*', 'fields'))) {
    const el = at[0] === 'commands' ? model.commands.get(at[1] as string) : model.events.get(at[1] as string);
    const aggregate = aggregateOf(model, c, el);
    const id = aggregate?.id?.name;
    if (id === undefined || written.has(id)) return [];
    const known = [...model.commands.values(), ...model.events.values()].find((x) => x.aggregate?.name === aggregate!.name && x.fields.has(id))?.fields.get(id);
    return [known ? { ...fieldCandidate(known, model), detail: `${known.type.kind === 'primitive' ? known.type.name : 'id'}: the id of ${aggregate!.name}` } : { label: id, kind: 'field', detail: `the id of ${aggregate!.name}`, as: 'key', rank: 0 }];
  }
  if ((at = exactly(p, 'aggregates', '*', 'evolve'))) {
    const owner = at[0] as string;
    return names(model.events, written, (e) => e.aggregate?.name === owner, 'key');
  }
  if ((at = exactly(p, 'projections', '*', 'on'))) {
    const key = elementNode(c)?.values.get('key') ?? model.projections.get(at[0] as string)?.key?.name;
    return names(model.events, written, (e) => key !== undefined && e.fields.has(key), 'key');
  }
  if (exactly(p, 'policies', '*', 'then', '#') && written.size === 0) return names(model.commands, new Set(), () => false, 'key');
  if ((exactly(p, 'scenarios', '#', 'given', '#') || exactly(p, 'scenarios', '#', 'then', '#') || exactly(p, 'scenarios', '#', 'then', 'events', '#')) && written.size === 0) {
    return eventCandidatesForScenario(model, c, position, 'key');
  }
  if (exactly(p, 'scenarios', '#', 'when') && written.size === 0) return names(model.commands, new Set(), () => false, 'key');
  const rule = head(p, 'aggregates|projections', '*', 'evolve|on', '*', 'set|inc|push|remove');
  const root = payloadRoot(model, c, position);
  if (root) {
    if (rule && rule.rest.length === 0 && c.prefix.includes('.')) return dottedTargetCandidates(root, c, model);
    const spot = descend(root.fields, root.rest, model);
    const filter = rule && rule.rest.length === 0 ? root.filter : undefined;
    return fieldCandidates(spot?.fields, written, model, filter);
  }
  return [];
}

/** A dotted target path being typed (`shippingAddress.ci`): the fields of the record before the last dot. */
function dottedTargetCandidates(root: PayloadRoot, c: CursorContext, model: Model): Candidate[] {
  const parts = c.prefix.split('.');
  const partial = parts.pop()!;
  const spot = descend(root.fields, [parts.join('.')], model);
  const range = { start: { line: c.range.start.line, character: c.range.start.character + c.prefix.length - partial.length }, end: c.range.end };
  return fieldCandidates(spot?.fields, new Set(), model).map((f) => ({ ...f, range }));
}

function eventCandidatesForScenario(model: Model, c: CursorContext, position: Position, as: Candidate['as']): Candidate[] {
  const { command, projection } = scenarioParts(model, c, position);
  const inThen = c.path[2] === 'then';
  if (inThen) {
    const emits = new Set(command?.emits.map((e) => e.name));
    return names(model.events, new Set(), (e) => emits.has(e.name), as);
  }
  if (projection) {
    const handled = new Set(projection.on.map((r) => r.event.name));
    return names(model.events, new Set(), (e) => handled.has(e.name), as);
  }
  const aggregate = command?.aggregate?.name;
  return names(model.events, new Set(), (e) => aggregate !== undefined && e.aggregate?.name === aggregate, as);
}

function valueCandidatesAt(model: Model, c: CursorContext, position: Position): Candidate[] {
  const p = c.path;
  let at: PathSegment[] | undefined;
  if (exactly(p, 'commands|events', '*', 'aggregate')) return names(model.aggregates, new Set(), () => false);
  if ((at = exactly(p, 'commands', '*', 'emits', '#'))) {
    const aggregate = aggregateOf(model, c, model.commands.get(at[0] as string))?.name;
    return names(model.events, siblingItems(c), (e) => aggregate !== undefined && e.aggregate?.name === aggregate);
  }
  if (exactly(p, 'commands', '*', 'errors', '#')) return errorCandidates(model, siblingItems(c), new Set());
  if (exactly(p, 'types|commands|events|projections', '*', 'fields', '*') || exactly(p, 'aggregates', '*', 'state', '*')) return typeCandidates(model);
  if (exactly(p, 'types|commands|events|projections', '*', 'fields', '*', 'type') || exactly(p, 'aggregates', '*', 'state', '*', 'type')) return typeCandidates(model);
  if ((at = exactly(p, 'aggregates', '*', 'id'))) return idCandidates(model, at[0] as string);
  if ((at = exactly(p, 'projections', '*', 'key'))) {
    const projection = model.projections.get(at[0] as string);
    const events = (projection?.on ?? []).map((r) => model.events.get(r.event.name));
    return [...(projection?.fields.values() ?? [])].map((f) => ({ ...fieldCandidate(f, model, events.every((e) => e?.fields.has(f.name)) ? 0 : 1), as: 'value' as const }));
  }
  if (exactly(p, 'policies', '*', 'when')) return names(model.events, new Set(), () => false);
  if (exactly(p, 'policies', '*', 'then', '#')) return names(model.commands, new Set(), () => false);
  if ((at = exactly(p, 'aggregates|projections', '*', 'evolve|on', '*', 'unset', '#'))) {
    const target = at[0] === 'aggregates' ? model.aggregates.get(at[1] as string)?.state : model.projections.get(at[1] as string)?.fields;
    return fieldCandidates(target, siblingItems(c), model, (f) => f.optional).map((f) => ({ ...f, as: 'value' as const }));
  }
  if (exactly(p, 'scenarios', '#', 'given', '#') || exactly(p, 'scenarios', '#', 'then', '#') || exactly(p, 'scenarios', '#', 'then', 'events', '#')) {
    return eventCandidatesForScenario(model, c, position, 'key');
  }
  if (exactly(p, 'scenarios', '#', 'when')) {
    return names(model.commands, new Set(), () => false).map((x) => ({ ...x, as: 'text' as const, insertText: `{ ${x.label}: { $0 } }`, snippet: true }));
  }
  if (exactly(p, 'scenarios', '#', 'then', 'error')) {
    const { command } = scenarioParts(model, c, position);
    return errorCandidates(model, new Set(), new Set(command?.errors.map((e) => e.name)));
  }
  if (exactly(p, 'scenarios', '#', 'projection')) return names(model.projections, new Set(), () => false);
  if ((at = exactly(p, 'events', '*', 'upcast', '#', 'rename', '*'))) {
    return [...(model.events.get(at[0] as string)?.fields.values() ?? [])].map((f) => ({ ...fieldCandidate(f, model), as: 'value' as const }));
  }
  const root = payloadRoot(model, c, position);
  if (root && root.rest.length > 0) {
    const spot = descend(root.fields, root.rest, model);
    const out = valueCandidates(spot?.shape, model);
    if (root.refs) {
      const refs: RefSources = spot?.shape ? { ...root.refs, expected: spot.shape } : root.refs;
      out.push(...refCandidates(c.prefix, c.range, refs, model));
    }
    return out;
  }
  return [];
}

/** The field names an aggregate's id may be: those its commands and events carry, the most common first. */
function idCandidates(model: Model, aggregate: string): Candidate[] {
  const members = [...model.commands.values(), ...model.events.values()].filter((x) => x.aggregate?.name === aggregate);
  const counts = new Map<string, { field: FieldDef; count: number }>();
  for (const m of members) for (const f of m.fields.values()) counts.set(f.name, { field: f, count: (counts.get(f.name)?.count ?? 0) + 1 });
  return [...counts.values()].map(({ field, count }) => ({ ...fieldCandidate(field, model, count === members.length ? 0 : 1), as: 'value' as const, detail: `in ${count} of ${members.length}` }));
}
