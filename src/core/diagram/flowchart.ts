import type { Aggregate, Command, Event, Policy, Projection } from '../model/model.js';
import { flowLabel, flowTitle } from './escape.js';
import type { Selection } from './filter.js';
import { keyOf, type GraphKind, type ModelGraph } from './graph.js';
import { idSuffix, nodeIdFor } from './ids.js';
import type { DiagramNode } from './types.js';

/**
 * Colours of the event-modeling convention (commands blue, events orange, read models green,
 * automations purple, aggregates yellow), as light fills with dark text so they read on light
 * and dark themes alike. The webview may override the classes with CSS.
 */
export const FLOW_CLASS_DEFS: Record<GraphKind | 'dimmed', string> = {
  command: 'fill:#bcd6fe,stroke:#3b6fb6,color:#0b1f44',
  aggregate: 'fill:#fde68a,stroke:#a17a00,color:#3a2f00',
  event: 'fill:#ffb778,stroke:#b8600f,color:#3b1d00',
  projection: 'fill:#d3f1a2,stroke:#5f8f1a,color:#1d3300',
  policy: 'fill:#edb3f6,stroke:#95509f,color:#33103a',
  dimmed: 'opacity:0.5',
};

const SHAPES: Record<GraphKind, [string, string]> = {
  command: ['[', ']'],
  aggregate: ['[[', ']]'],
  event: ['[', ']'],
  projection: ['([', '])'],
  policy: ['{{', '}}'],
};

const EXTERNAL_GROUP = 'ext_events';

type Drawable = Command | Aggregate | Event | Projection | Policy;

/** The flow view: commands -> aggregate -> events, events -.-> projections, events -> policies -> commands. */
export function renderFlowchart(graph: ModelGraph, selection?: Selection): { text: string; nodes: DiagramNode[]; edges: number } {
  const m = graph.model;
  const shown = (kind: GraphKind, name: string) => !selection || selection.shown.has(keyOf(kind, name));
  const dimmed = (kind: GraphKind, name: string) => !!selection?.dimmed.has(keyOf(kind, name));
  const lines = ['flowchart LR'];
  const nodes: DiagramNode[] = [];
  const classes = new Map<string, string[]>();
  const placed = new Set<string>();

  const declare = (kind: GraphKind, element: Drawable, indent: string) => {
    const id = nodeIdFor(kind, element.name);
    const [open, close] = SHAPES[kind];
    lines.push(`${indent}${id}${open}${flowLabel([element.name || '(no name)', detail(graph, kind, element)])}${close}`);
    nodes.push({ id, kind, name: element.name, range: element.nameRange });
    placed.add(keyOf(kind, element.name));
    addClass(classes, kind, id);
    if (dimmed(kind, element.name)) addClass(classes, 'dimmed', id);
  };

  // One subgraph per aggregate: its commands, the aggregate, its events. Context (dimmed) stays outside.
  for (const agg of m.aggregates.values()) {
    if (!shown('aggregate', agg.name)) continue;
    const inside = (kind: GraphKind, name: string) => shown(kind, name) && !dimmed(kind, name);
    lines.push(`  subgraph grp_${idSuffix(agg.name)}[${flowTitle(agg.name || '(no name)')}]`);
    for (const c of graph.commandsOf.get(agg.name) ?? []) if (inside('command', c.name)) declare('command', c, '    ');
    declare('aggregate', agg, '    ');
    for (const e of graph.eventsOf.get(agg.name) ?? []) if (inside('event', e.name)) declare('event', e, '    ');
    lines.push('  end');
  }
  const external = [...m.events.values()].filter((e) => !e.aggregate && shown('event', e.name) && !dimmed('event', e.name));
  if (external.length > 0) {
    lines.push(`  subgraph ${EXTERNAL_GROUP}["External"]`);
    for (const e of external) declare('event', e, '    ');
    lines.push('  end');
  }
  const loose = (kind: GraphKind, list: Iterable<Drawable>) => {
    for (const x of list) if (shown(kind, x.name) && !placed.has(keyOf(kind, x.name))) declare(kind, x, '  ');
  };
  loose('command', m.commands.values());
  loose('event', m.events.values());
  loose('projection', m.projections.values());
  loose('policy', m.policies.values());

  const edges = new Set<string>();
  const link = (fromKind: GraphKind, from: string, arrow: string, toKind: GraphKind, to: string) => {
    if (!placed.has(keyOf(fromKind, from)) || !placed.has(keyOf(toKind, to))) return;
    const line = `  ${nodeIdFor(fromKind, from)} ${arrow} ${nodeIdFor(toKind, to)}`;
    if (!edges.has(line)) {
      edges.add(line);
      lines.push(line);
    }
  };
  for (const c of m.commands.values()) {
    const agg = graph.aggregateOf(c);
    if (agg && placed.has(keyOf('aggregate', agg))) link('command', c.name, '-->', 'aggregate', agg);
    else for (const e of graph.eventsEmittedBy(c)) link('command', c.name, '-->', 'event', e.name);
  }
  for (const agg of m.aggregates.values()) {
    for (const e of graph.eventsOf.get(agg.name) ?? []) link('aggregate', agg.name, '-->', 'event', e.name);
    // An event emitted by the aggregate's command but filed under another aggregate (a model error) still shows its source.
    for (const c of graph.commandsOf.get(agg.name) ?? []) for (const e of graph.eventsEmittedBy(c)) link('aggregate', agg.name, '-->', 'event', e.name);
  }
  for (const p of m.projections.values()) for (const e of graph.eventsReadBy(p)) link('event', e.name, '-.->', 'projection', p.name);
  for (const p of m.policies.values()) {
    const when = graph.triggerOf(p);
    if (when) link('event', when.name, '-->', 'policy', p.name);
    for (const c of graph.commandsIssuedBy(p)) link('policy', p.name, '-->', 'command', c.name);
  }

  for (const [name, style] of Object.entries(FLOW_CLASS_DEFS)) {
    if (name !== 'dimmed' || classes.has('dimmed')) lines.push(`  classDef ${name} ${style}`);
  }
  for (const name of Object.keys(FLOW_CLASS_DEFS)) {
    const ids = classes.get(name);
    if (ids) lines.push(`  class ${ids.join(',')} ${name}`);
  }
  return { text: `${lines.join('\n')}\n`, nodes, edges: edges.size };
}

/** The second line of a node's label: its kind, and what identifies it. */
function detail(graph: ModelGraph, kind: GraphKind, element: Drawable): string {
  switch (element.kind) {
    case 'aggregate':
      return element.id ? `aggregate · id ${element.id.name}` : 'aggregate';
    case 'event': {
      const what = element.aggregate ? 'event' : 'external event';
      const version = element.version !== undefined && element.version > 1 ? ` v${element.version}` : '';
      const from = (graph.emitters.get(element.name) ?? []).map((c) => c.name);
      const shownFrom = from.length > 3 ? [...from.slice(0, 3), `+${from.length - 3}`] : from;
      return `${what}${version}${from.length > 0 ? ` · from ${shownFrom.join(', ')}` : ''}`;
    }
    case 'projection':
      return element.key ? `projection · key ${element.key.name}` : 'projection';
    default:
      return kind;
  }
}

function addClass(classes: Map<string, string[]>, name: string, id: string): void {
  const list = classes.get(name);
  if (list) list.push(id);
  else classes.set(name, [id]);
}
