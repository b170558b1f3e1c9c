import type { Command, Event } from '../model/model.js';
import { didYouMean } from '../wording.js';
import { GRAPH_KINDS, keyOf, type ElementKey, type GraphKind, type ModelGraph } from './graph.js';
import type { DiagramFilter } from './types.js';

/** The elements a filtered diagram draws; `dimmed` ones are context from outside the filter. */
export interface Selection {
  shown: Set<ElementKey>;
  dimmed: Set<ElementKey>;
}

/** A filter option that names nothing in the model. */
export interface UnknownFilterName {
  option: 'aggregate' | 'projection' | 'focus';
  name: string;
  /** "No aggregate named 'Ordr' in the model. Did you mean 'Order'?" */
  message: string;
}

export const DEFAULT_FOCUS_DEPTH = 6;

interface Ref {
  kind: GraphKind;
  name: string;
}

/** The filter options that name no element of the right kind, with a did-you-mean. */
export function unknownFilterNames(graph: ModelGraph, filter: DiagramFilter = {}): UnknownFilterName[] {
  const out: UnknownFilterName[] = [];
  const check = (option: UnknownFilterName['option'], name: string | undefined, kinds: readonly GraphKind[], what: string) => {
    if (name === undefined || graph.find(name, kinds).length > 0) return;
    out.push({ option, name, message: `No ${what} named '${name}' in the model.${didYouMean(name, graph.names(kinds))}` });
  };
  check('aggregate', filter.aggregate, ['aggregate'], 'aggregate');
  check('projection', filter.projection, ['projection'], 'projection');
  check('focus', filter.focus, GRAPH_KINDS, 'element');
  return out;
}

/**
 * What a filter keeps: undefined means the whole model. Several options keep what they all keep.
 * Call only with names `unknownFilterNames` accepts.
 */
export function selectElements(graph: ModelGraph, filter: DiagramFilter = {}): { selection?: Selection; warnings: string[] } {
  const parts: Selection[] = [];
  const warnings: string[] = [];
  if (filter.aggregate !== undefined) parts.push(aggregateSelection(graph, filter.aggregate));
  if (filter.projection !== undefined) parts.push(projectionSelection(graph, filter.projection));
  if (filter.focus !== undefined) {
    const depth = Math.max(1, Math.floor(filter.depth ?? DEFAULT_FOCUS_DEPTH));
    const { selection, cut } = focusSelection(graph, filter.focus, depth);
    parts.push(selection);
    if (cut) warnings.push(`The neighbourhood of '${filter.focus}' is cut after ${depth} steps each way.`);
  }
  if (parts.length === 0) return { warnings };
  const [first, ...rest] = parts;
  const shown = new Set([...first!.shown].filter((k) => rest.every((p) => p.shown.has(k))));
  const dimmed = new Set([...shown].filter((k) => parts.some((p) => p.dimmed.has(k))));
  return { selection: { shown, dimmed }, warnings };
}

/** The aggregate's commands and events, the projections and policies they touch, and the policies' other ends (dimmed). */
function aggregateSelection(graph: ModelGraph, name: string): Selection {
  const shown = new Set<ElementKey>([keyOf('aggregate', name)]);
  const dimmed = new Set<ElementKey>();
  const add = (kind: GraphKind, n: string) => shown.add(keyOf(kind, n));
  const context = (kind: GraphKind, n: string) => {
    const k = keyOf(kind, n);
    if (!shown.has(k)) dimmed.add(k);
  };
  const commands = graph.commandsOf.get(name) ?? [];
  const events = new Map((graph.eventsOf.get(name) ?? []).map((e) => [e.name, e]));
  for (const c of commands) {
    add('command', c.name);
    for (const e of graph.eventsEmittedBy(c)) events.set(e.name, e);
  }
  for (const e of events.values()) add('event', e.name);
  for (const e of events.values()) {
    for (const p of graph.readers.get(e.name) ?? []) add('projection', p.name);
    for (const p of graph.triggered.get(e.name) ?? []) add('policy', p.name);
  }
  for (const c of commands) for (const p of graph.issuers.get(c.name) ?? []) add('policy', p.name);
  // The other ends of those policies: where the fan-out goes, and what sets it off.
  for (const p of graph.model.policies.values()) {
    if (!shown.has(keyOf('policy', p.name))) continue;
    for (const c of graph.commandsIssuedBy(p)) context('command', c.name);
    const when = graph.triggerOf(p);
    if (when) context('event', when.name);
  }
  for (const k of dimmed) shown.add(k);
  return { shown, dimmed };
}

/** The projection, the events it reads, and the commands and aggregates that produce them. */
function projectionSelection(graph: ModelGraph, name: string): Selection {
  const shown = new Set<ElementKey>([keyOf('projection', name)]);
  const projection = graph.model.projections.get(name);
  for (const e of projection ? graph.eventsReadBy(projection) : []) {
    shown.add(keyOf('event', e.name));
    const agg = graph.aggregateOf(e);
    if (agg) shown.add(keyOf('aggregate', agg));
    for (const c of graph.emitters.get(e.name) ?? []) {
      shown.add(keyOf('command', c.name));
      const cagg = graph.aggregateOf(c);
      if (cagg) shown.add(keyOf('aggregate', cagg));
    }
  }
  return { shown, dimmed: new Set() };
}

/**
 * What leads to an element and what follows from it, up to `depth` links each way; visited
 * elements are not walked again, so cycles end. Commands and events bring their aggregate along.
 */
function focusSelection(graph: ModelGraph, name: string, depth: number): { selection: Selection; cut: boolean } {
  const starts = graph.find(name);
  const shown = new Set<ElementKey>(starts.map((r) => keyOf(r.kind, r.name)));
  let cut = false;
  for (const direction of ['down', 'up'] as const) {
    const visited = new Set<ElementKey>(shown);
    let frontier: Ref[] = starts;
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const next: Ref[] = [];
      for (const ref of frontier) {
        for (const n of neighbours(graph, ref, direction)) {
          const k = keyOf(n.kind, n.name);
          if (visited.has(k)) continue;
          visited.add(k);
          next.push(n);
        }
      }
      frontier = next;
    }
    if (frontier.some((ref) => neighbours(graph, ref, direction).some((n) => !visited.has(keyOf(n.kind, n.name))))) cut = true;
    for (const k of visited) shown.add(k);
  }
  for (const c of graph.model.commands.values()) attachAggregate(graph, shown, 'command', c);
  for (const e of graph.model.events.values()) attachAggregate(graph, shown, 'event', e);
  return { selection: { shown, dimmed: new Set() }, cut };
}

function attachAggregate(graph: ModelGraph, shown: Set<ElementKey>, kind: 'command' | 'event', element: Command | Event): void {
  const agg = graph.aggregateOf(element);
  if (agg && shown.has(keyOf(kind, element.name))) shown.add(keyOf('aggregate', agg));
}

/** One causal step from an element, downstream (what it leads to) or upstream (what leads to it). */
function neighbours(graph: ModelGraph, ref: Ref, direction: 'down' | 'up'): Ref[] {
  const m = graph.model;
  const refs = (kind: GraphKind, list: Array<{ name: string }>): Ref[] => list.map((x) => ({ kind, name: x.name }));
  switch (ref.kind) {
    case 'aggregate':
      return direction === 'down' ? refs('event', graph.eventsOf.get(ref.name) ?? []) : refs('command', graph.commandsOf.get(ref.name) ?? []);
    case 'command': {
      const c = m.commands.get(ref.name);
      return direction === 'down' ? refs('event', c ? graph.eventsEmittedBy(c) : []) : refs('policy', graph.issuers.get(ref.name) ?? []);
    }
    case 'event':
      return direction === 'down'
        ? [...refs('projection', graph.readers.get(ref.name) ?? []), ...refs('policy', graph.triggered.get(ref.name) ?? [])]
        : refs('command', graph.emitters.get(ref.name) ?? []);
    case 'projection': {
      const p = m.projections.get(ref.name);
      return direction === 'down' ? [] : refs('event', p ? graph.eventsReadBy(p) : []);
    }
    case 'policy': {
      const p = m.policies.get(ref.name);
      if (!p) return [];
      if (direction === 'down') return refs('command', graph.commandsIssuedBy(p));
      const when = graph.triggerOf(p);
      return when ? refs('event', [when]) : [];
    }
  }
}
