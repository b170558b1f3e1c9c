/**
 * Messages between the extension host and the diagram preview webview: one discriminated union
 * per direction, on `type`. Shared by both sides; imports nothing from `vscode` or the DOM.
 */

export type DiagramViewName = 'flow' | 'timeline';

/** Which way the flow view runs: left to right (the generator's) or top to bottom. */
export type DiagramDirection = 'LR' | 'TB';

/** The colours of an exported SVG: light on a white background (the default), or the panel's theme with its background. */
export type DiagramExportTheme = 'light' | 'current';

/** What the diagram shows: the whole model, one aggregate, one projection, or around one element. */
export interface DiagramFilterState {
  aggregate?: string;
  projection?: string;
  focus?: string;
}

/** One element the pickers offer. */
export interface DiagramElementChoice {
  kind: 'command' | 'aggregate' | 'event' | 'projection' | 'policy';
  name: string;
}

/** A render message with empty pickers and no problems, filled in from a drawn diagram. */
export function renderMessage(
  diagram: { text: string; nodes: ReadonlyArray<{ id: string }>; frames?: string[] },
  view: DiagramViewName,
  extra: Partial<Omit<RenderMessage, 'type' | 'text' | 'nodeIds' | 'frames' | 'view'>> = {},
): RenderMessage {
  return {
    type: 'render',
    documentUri: '',
    text: diagram.text,
    nodeIds: diagram.nodes.map((n) => n.id),
    ...(diagram.frames ? { frames: diagram.frames } : {}),
    view,
    filter: {},
    title: '',
    aggregates: [],
    projections: [],
    elements: [],
    problems: { errors: 0, warnings: 0 },
    ...extra,
  };
}

export type RenderMessage = Extract<HostToDiagramMessage, { type: 'render' }>;

/** Host -> webview. */
export type HostToDiagramMessage =
  | {
      type: 'render';
      /** The model file drawn, kept in the webview's state so a reloaded window can revive the panel. */
      documentUri: string;
      /** Mermaid text to draw. */
      text: string;
      /** Node ids present in the text, for click-to-source. */
      nodeIds: string[];
      /** Timeline only: the node id of each frame, in drawing order (its boxes carry no ids). */
      frames?: string[];
      view: DiagramViewName;
      filter: DiagramFilterState;
      /** The model file's name, shown in the toolbar. */
      title: string;
      /** What the pickers offer. */
      aggregates: string[];
      projections: string[];
      elements: DiagramElementChoice[];
      /** Problems in the model, shown as a banner above the (still drawn) diagram. */
      problems: { errors: number; warnings: number };
    }
  | { type: 'modelError'; message: string }
  | { type: 'highlight'; nodeId: string | undefined }
  | {
      type: 'exportSvg';
      requestId: number;
      /** Default 'light': light colours on a white background, readable on any page. */
      theme?: DiagramExportTheme;
    };

/** Webview -> host. */
export type DiagramToHostMessage =
  | { type: 'ready' }
  | { type: 'revealSource'; nodeId: string }
  | { type: 'changeView'; view: DiagramViewName }
  | { type: 'changeFilter'; filter: DiagramFilterState }
  | { type: 'rendered'; nodeCount: number; durationMs: number }
  | { type: 'renderError'; message: string }
  | { type: 'svg'; requestId: number; svg: string | undefined };

/** What the webview keeps with `setState`, so a reloaded window restores the panel. */
export interface DiagramPanelState {
  documentUri: string;
  view: DiagramViewName;
  filter: DiagramFilterState;
  viewport?: { x: number; y: number; scale: number };
  /** The flow view's direction chosen in the toolbar (without one, the panel's shape decides). */
  direction?: DiagramDirection;
  /** The direction of the flow last drawn, so a reloaded panel draws it the same way. */
  drawnDirection?: DiagramDirection;
  /** False when the user closed the overview. */
  minimap?: boolean;
}

/** The view type registered for the panel and its serializer. */
export const DIAGRAM_VIEW_TYPE = 'eventModel.diagramPreview';
