import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  allElements, compareRanges, forEachDrawnElement, nodeIdFor, rangeContains, renderDiagram, validateModel,
  type DiagramNode, type ParsedModel, type Position, type Range, type ValidateOptions,
} from '../core/index.js';
import type { DiagramElementChoice, DiagramFilterState, DiagramViewName } from '../protocol/diagram.js';
import type { ClientUris } from './convert.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

/**
 * `eventModel/diagram`: the diagram of a model as the preview draws it, from the server's parse,
 * so that the editor's host parses nothing while a model is edited. Answers null for a file the
 * server does not know as a model.
 */
export const DIAGRAM_REQUEST = 'eventModel/diagram';

export interface DiagramRequestParams {
  uri: string;
  view: DiagramViewName;
  filter: DiagramFilterState;
  /** The validation options the problem counts are worked out with (the editor's settings). */
  options?: ValidateOptions;
}

/** `[startLine, startCharacter, endLine, endCharacter]`: a range in a quarter of the JSON. */
export type RangeTuple = [number, number, number, number];

/** Where one element is in the text: the cursor on its name or in its value selects its node. */
export interface ElementPlace {
  nodeId: string;
  name: RangeTuple;
  whole: RangeTuple;
}

export type DiagramOfModel =
  | { kind: 'modelError'; message: string; version?: number }
  | {
      kind: 'diagram';
      /** The version of the text drawn (the editor's), when the server has it open. */
      version?: number;
      text: string;
      nodes: DiagramNode[];
      frames?: string[];
      aggregates: string[];
      projections: string[];
      elements: DiagramElementChoice[];
      problems: { errors: number; warnings: number };
      /** Every element that can be under the cursor, drawn or not (the innermost one wins). */
      places: ElementPlace[];
    };

/** The diagram of a parsed model: what the server answers, and what the host works out itself without a server. */
export function diagramOfModel(parsed: ParsedModel, view: DiagramViewName, filter: DiagramFilterState, options: ValidateOptions = {}): DiagramOfModel {
  if (parsed.syntaxErrors || !parsed.lines) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    const where = first ? ` (line ${first.range.start.line + 1}: ${first.message})` : '';
    return { kind: 'modelError', message: `The model cannot be read${where}.` };
  }
  const { model } = parsed;
  const diagnostics = validateModel(parsed, options);
  const result = renderDiagram(model, { view, filter });
  const places: ElementPlace[] = [];
  forEachDrawnElement(model, (kind, name, nameRange, range) => places.push({ nodeId: nodeIdFor(kind, name), name: tuple(nameRange), whole: tuple(range) }));
  return {
    kind: 'diagram',
    text: result.text,
    nodes: result.nodes,
    ...(result.frames ? { frames: result.frames } : {}),
    aggregates: [...model.aggregates.keys()],
    projections: [...model.projections.keys()],
    elements: [...allElements(model)]
      .filter((e): e is Exclude<typeof e, { kind: 'type' }> => e.kind !== 'type')
      .map((e) => ({ kind: e.kind, name: e.name })),
    problems: {
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    },
    places,
  };
}

/** The node id of the element under a position, as the core's elementAt finds it: the innermost name or value holding it. */
export function placeAt(places: readonly ElementPlace[], position: Position): string | undefined {
  let best: { nodeId: string; range: Range } | undefined;
  for (const p of places) {
    for (const t of [p.name, p.whole]) {
      const r = range(t);
      if (!rangeContains(r, position)) continue;
      if (!best || compareRanges(r, best.range) > 0) best = { nodeId: p.nodeId, range: r };
    }
  }
  return best?.nodeId;
}

/** Answers `eventModel/diagram` from the workspace index (the editor's newest text of an open file). */
export function registerDiagramRequest(connection: Connection, index: WorkspaceIndex, uris: ClientUris): void {
  connection.onRequest(DIAGRAM_REQUEST, (params: DiagramRequestParams, token: CancellationToken): DiagramOfModel | null => {
    if (token.isCancellationRequested) return null;
    try {
      const key = uris.fromClient(params.uri);
      const file = index.has(key) ? index.get(key) : undefined;
      if (file?.kind !== 'model') return null;
      const answer = diagramOfModel(file.parsed, params.view === 'timeline' ? 'timeline' : 'flow', params.filter ?? {}, params.options ?? {});
      return file.version !== undefined ? { ...answer, version: file.version } : answer;
    } catch (e) {
      connection.console.error(`diagram failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return null;
    }
  });
}

function tuple(r: Range): RangeTuple {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

function range(t: RangeTuple): Range {
  return { start: { line: t[0], character: t[1] }, end: { line: t[2], character: t[3] } };
}
