import type { Range } from '../source.js';

/** Which picture of the model to draw. */
export type DiagramView = 'flow' | 'timeline';

/** Narrows a diagram to one aggregate, one projection or one element's neighbourhood; several intersect. */
export interface DiagramFilter {
  aggregate?: string;
  projection?: string;
  focus?: string;
  /** How many steps the focus neighbourhood follows each way (default 6). */
  depth?: number;
}

/** The kinds of element a diagram draws. */
export type DiagramNodeKind = 'command' | 'aggregate' | 'event' | 'projection' | 'policy' | 'scenario' | 'error';

/** One entry of the source map: a node id in the diagram and the element it stands for. */
export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  name: string;
  /** The element's nameRange. */
  range: Range;
}

/** Mermaid text plus what the webview needs to link it back to the model. */
export interface DiagramResult {
  text: string;
  /** The source map: one entry per node id drawn, in drawing order. */
  nodes: DiagramNode[];
  /** Timeline only: the node id of each frame in order (Mermaid draws one `g.em-box` per frame, in this order). */
  frames?: string[];
  /** Why the diagram is empty or partial (unknown filter name, size limits). */
  warnings: string[];
}

export interface RenderOptions {
  view?: DiagramView;
  filter?: DiagramFilter;
}
