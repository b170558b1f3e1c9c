import type { Command, Event, Policy, Projection } from '../model/model.js';
import { formatTypeExpr } from '../model/typeExpr.js';
import { timelineText } from './escape.js';
import type { Selection } from './filter.js';
import { keyOf, type ElementKey, type GraphKind, type ModelGraph } from './graph.js';
import { nodeIdFor, timelineIdentifier } from './ids.js';
import type { DiagramNode } from './types.js';

/** Frame ids are one to three digits in the `eventmodeling` grammar. */
export const MAX_TIMELINE_FRAMES = 999;

const FRAME_TYPE: Partial<Record<GraphKind, string>> = { command: 'cmd', event: 'evt', projection: 'rmo', policy: 'pcr' };
const MAX_FIELDS = 6;

type FrameElement = Command | Event | Projection | Policy;

/**
 * The timeline view, in Mermaid's `eventmodeling` diagram: one flow per command a user sends
 * (a command no policy issues), left to right in causal order. A flow starts with a reset frame
 * (`rf`, no arrow from what came before) and goes command -> its events -> the policies they
 * trigger -> the read models they update -> the policies' commands, depth first. Each command is
 * followed once per flow, so cycles end. Events no drawn command emits (external events) start
 * flows too, and so does anything only a cycle reaches.
 *
 * Arrows are explicit (`->>`) where the grammar's checker allows it: event <- command,
 * read model <- event, command <- processor. A policy frame comes right after its event and takes
 * Mermaid's implicit arrow from the previous frame in another lane, which is that event.
 */
export function renderTimeline(graph: ModelGraph, selection?: Selection): { text: string; nodes: DiagramNode[]; frames: string[]; warnings: string[] } {
  const writer = new FrameWriter();
  const shown = (kind: GraphKind, name: string) => !selection || selection.shown.has(keyOf(kind, name));
  const m = graph.model;

  const followPolicies = (policies: Array<[Policy, number]>, visited: Set<ElementKey>) => {
    for (const [p, frame] of policies) {
      for (const c of graph.commandsIssuedBy(p)) if (shown('command', c.name)) commandFlow(c, frame, visited);
    }
  };
  /** Frames for the events' policies, right after each event; returns them for the caller to follow. */
  const eventFrames = (events: Event[], sources: number[], visited: Set<ElementKey>): { events: Array<[Event, number]>; policies: Array<[Policy, number]> } => {
    const out = { events: [] as Array<[Event, number]>, policies: [] as Array<[Policy, number]> };
    for (const e of events) {
      const n = writer.frame(sources.length === 0, 'event', e, sources);
      if (n === undefined) return out;
      if (visited.has(keyOf('event', e.name))) continue;
      visited.add(keyOf('event', e.name));
      out.events.push([e, n]);
      for (const p of graph.triggered.get(e.name) ?? []) {
        if (!shown('policy', p.name) || visited.has(keyOf('policy', p.name))) continue;
        visited.add(keyOf('policy', p.name));
        const pn = writer.frame(false, 'policy', p, []);
        if (pn === undefined) return out;
        out.policies.push([p, pn]);
      }
    }
    for (const p of m.projections.values()) {
      if (!shown('projection', p.name)) continue;
      const reads = new Set(graph.eventsReadBy(p).map((e) => e.name));
      const sourcesOfP = out.events.filter(([e]) => reads.has(e.name)).map(([, n]) => n);
      if (sourcesOfP.length > 0) writer.frame(false, 'projection', p, sourcesOfP);
    }
    return out;
  };
  const commandFlow = (c: Command, source: number | undefined, visited: Set<ElementKey>) => {
    const n = writer.frame(source === undefined, 'command', c, source === undefined ? [] : [source]);
    if (n === undefined || visited.has(keyOf('command', c.name))) return;
    visited.add(keyOf('command', c.name));
    const events = graph.eventsEmittedBy(c).filter((e) => shown('event', e.name));
    followPolicies(eventFrames(events, [n], visited).policies, visited);
  };

  const eventFlow = (e: Event) => {
    const visited = new Set<ElementKey>();
    followPolicies(eventFrames([e], [], visited).policies, visited);
  };
  // Seeds, in this order: commands a user sends, events nothing drawn emits (external, or context
  // of a filter), then whatever only a cycle reaches.
  const sentByUser = (c: Command) => !(graph.issuers.get(c.name) ?? []).some((p) => shown('policy', p.name));
  const emittedHere = (e: Event) => (graph.emitters.get(e.name) ?? []).some((c) => shown('command', c.name));
  for (const c of m.commands.values()) if (shown('command', c.name) && sentByUser(c)) commandFlow(c, undefined, new Set());
  for (const e of m.events.values()) if (shown('event', e.name) && !emittedHere(e) && !writer.has('event', e.name)) eventFlow(e);
  for (const c of m.commands.values()) if (shown('command', c.name) && !writer.has('command', c.name)) commandFlow(c, undefined, new Set());
  for (const e of m.events.values()) if (shown('event', e.name) && !writer.has('event', e.name)) eventFlow(e);
  for (const p of m.policies.values()) {
    if (!shown('policy', p.name) || writer.has('policy', p.name)) continue;
    const n = writer.frame(true, 'policy', p, []);
    if (n !== undefined) followPolicies([[p, n]], new Set());
  }
  for (const p of m.projections.values()) if (shown('projection', p.name) && !writer.has('projection', p.name)) writer.frame(true, 'projection', p, []);

  const warnings = writer.full
    ? [`The timeline stops after ${MAX_TIMELINE_FRAMES} frames, the most Mermaid's eventmodeling diagram can number: filter it by aggregate or projection, or focus on one element.`]
    : [];
  return { text: `${writer.lines.join('\n')}\n`, nodes: [...writer.nodes.values()], frames: writer.frames, warnings };
}

/** Numbers frames, writes their lines and keeps the source map. */
class FrameWriter {
  readonly lines = ['eventmodeling'];
  readonly frames: string[] = [];
  readonly nodes = new Map<string, DiagramNode>();
  private readonly seen = new Set<ElementKey>();
  full = false;

  has(kind: GraphKind, name: string): boolean {
    return this.seen.has(keyOf(kind, name));
  }

  /** Adds a frame; `reset` starts a new flow (no implicit arrow). Undefined once the diagram is full. */
  frame(reset: boolean, kind: GraphKind, element: FrameElement, sources: number[]): number | undefined {
    if (this.frames.length >= MAX_TIMELINE_FRAMES) {
      this.full = true;
      return undefined;
    }
    const n = this.frames.length + 1;
    const entity = timelineIdentifier(kind, element.name);
    const arrows = sources.map((s) => ` ->> ${s}`).join('');
    this.lines.push(`  ${reset ? 'rf' : 'tf'} ${n} ${FRAME_TYPE[kind]} ${entity}${arrows}${frameData(element, entity)}`);
    const id = nodeIdFor(kind, element.name);
    this.frames.push(id);
    if (!this.nodes.has(id)) this.nodes.set(id, { id, kind, name: element.name, range: element.nameRange });
    this.seen.add(keyOf(kind, element.name));
    return n;
  }
}

/**
 * ` {Real name<br>fieldA: type<br>fieldB: type? }`: the real name first when the frame could not
 * show it, then one field a line. The `<br>` are ours; every piece of user text is escaped.
 */
function frameData(element: FrameElement, entity: string): string {
  const lines: string[] = [];
  if (entity !== element.name) lines.push(timelineText(element.name || '(no name)'));
  if (element.kind !== 'policy') {
    const fields = [...element.fields.values()];
    for (const f of fields.slice(0, MAX_FIELDS)) lines.push(timelineText(`${f.name}: ${formatTypeExpr(f.type)}${f.optional ? '?' : ''}`, 40));
    if (fields.length > MAX_FIELDS) lines.push(`+${fields.length - MAX_FIELDS} more`);
  }
  // Mermaid shows the text between the first `{` and the character before the last `}`.
  return lines.length > 0 ? ` {${lines.join('<br>')} }` : '';
}
