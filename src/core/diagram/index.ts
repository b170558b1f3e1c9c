import type { Model } from '../model/model.js';
import { oneLine } from './escape.js';
import { selectElements, unknownFilterNames, type UnknownFilterName } from './filter.js';
import { renderFlowchart } from './flowchart.js';
import { ModelGraph } from './graph.js';
import { renderTimeline } from './timeline.js';
import type { DiagramFilter, DiagramResult, RenderOptions } from './types.js';

export type { DiagramFilter, DiagramNode, DiagramNodeKind, DiagramResult, DiagramView, RenderOptions } from './types.js';
export type { UnknownFilterName } from './filter.js';
export { nodeIdFor } from './ids.js';
export { elementAt, forEachDrawnElement, type ElementLocation } from './locate.js';
export { FLOW_CLASS_DEFS } from './flowchart.js';
export { MAX_TIMELINE_FRAMES } from './timeline.js';

/** Mermaid's defaults: larger diagrams need `maxTextSize` and `maxEdges` raised in `mermaid.initialize`. */
export const MERMAID_LIMITS = { maxTextSize: 50_000, maxEdges: 500 } as const;

/**
 * Draws a model as Mermaid text: the `flow` view (a flowchart) or the `timeline` view (an
 * `eventmodeling` diagram), optionally filtered. Never throws; the same model and options always
 * give the same text. A filter naming no element gives an empty diagram and a warning.
 */
export function renderDiagram(model: Model, options: RenderOptions = {}): DiagramResult {
  const view = options.view ?? 'flow';
  const graph = new ModelGraph(model);
  const unknown = unknownFilterNames(graph, options.filter);
  if (unknown.length > 0) {
    return { text: view === 'flow' ? 'flowchart LR\n' : 'eventmodeling\n', nodes: [], ...(view === 'timeline' ? { frames: [] } : {}), warnings: unknown.map((u) => u.message) };
  }
  const { selection, warnings } = selectElements(graph, options.filter);
  if (view === 'timeline') {
    const t = renderTimeline(graph, selection);
    return { text: t.text, nodes: t.nodes, frames: t.frames, warnings: [...warnings, ...t.warnings, ...sizeWarnings(t.text.length, 0)] };
  }
  const f = renderFlowchart(graph, selection);
  return { text: f.text, nodes: f.nodes, warnings: [...warnings, ...sizeWarnings(f.text.length, f.edges)] };
}

/** The filter options that name nothing in the model, each with a did-you-mean message. */
export function checkDiagramFilter(model: Model, filter: DiagramFilter = {}): UnknownFilterName[] {
  return unknownFilterNames(new ModelGraph(model), filter);
}

/**
 * Diagram text as a Markdown document: an optional `# title` heading (escaped, one line) and one
 * `mermaid` block. Diagram text never holds a backtick, so it cannot close the fence.
 */
export function toMarkdown(text: string, title?: string): string {
  const heading = title ? `# ${markdownText(title)}\n\n` : '';
  return `${heading}\`\`\`mermaid\n${text.endsWith('\n') ? text : `${text}\n`}\`\`\`\n`;
}

/** Plain text for one Markdown line: every character Markdown or HTML could read is backslash-escaped. */
function markdownText(text: string): string {
  return oneLine(text, 200).replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, '\\$&');
}

function sizeWarnings(chars: number, edges: number): string[] {
  const out: string[] = [];
  if (chars > MERMAID_LIMITS.maxTextSize) out.push(`The diagram has ${chars} characters; Mermaid refuses more than ${MERMAID_LIMITS.maxTextSize} unless maxTextSize is raised.`);
  if (edges > MERMAID_LIMITS.maxEdges) out.push(`The diagram has ${edges} edges; Mermaid draws at most ${MERMAID_LIMITS.maxEdges} unless maxEdges is raised.`);
  return out;
}
