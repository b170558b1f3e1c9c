import type { CancellationToken } from 'vscode-languageserver/node';
import { codegenSettings, type Model, type Range } from '../core/index.js';
import type { ServerContext } from './server.js';

/**
 * `eventModel/outline`: what the editor's own features read of a model, from the server's parse,
 * so that the extension host parses nothing while a model is edited: where its code goes; its
 * scenarios (the Testing view) and the names of its aggregates, projections and policies (the
 * code generation lenses), each when asked for. Answers null for a file the server does not know
 * as a model.
 */
export const OUTLINE_REQUEST = 'eventModel/outline';

export type OutlinePart = 'scenarios' | 'elements';

export interface OutlineRequestParams {
  uri: string;
  /** What to list besides the context and `codegen.out`. */
  include: OutlinePart[];
}

export interface OutlineScenario {
  name: string;
  /** The whole scenario. */
  range: Range;
  /** What it is about: `projection Name` or `when CommandName`. */
  description?: string;
}

export interface OutlineElement {
  kind: 'aggregate' | 'projection' | 'policy';
  name: string;
  nameRange: Range;
}

export interface ModelOutline {
  /** The version of the text read (the editor's), when the server has it open. */
  version?: number;
  context?: string;
  /** Where its code goes, relative to the model's folder: `codegen.out`, or the default. */
  codegenOut: string;
  /** Whether the model itself says where its code goes (`codegen.out`): only such a model generates on save. */
  codegenDeclared: boolean;
  scenarios?: OutlineScenario[];
  /** Aggregates, then projections, then policies, each in the model's order. */
  elements?: OutlineElement[];
}

/** A model's outline: what the server answers, and what the host works out itself without a server. */
export function outlineOfModel(model: Model, include: readonly OutlinePart[]): ModelOutline {
  const settings = codegenSettings(model);
  const out: ModelOutline = { codegenOut: settings.out, codegenDeclared: settings.declared };
  if (model.context !== undefined) out.context = model.context;
  if (include.includes('scenarios')) {
    out.scenarios = model.scenarios.map((s): OutlineScenario => {
      const description = s.projection ? `projection ${s.projection.name}` : s.when ? `when ${s.when.name}` : undefined;
      return description !== undefined ? { name: s.name, range: s.range, description } : { name: s.name, range: s.range };
    });
  }
  if (include.includes('elements')) {
    out.elements = [...model.aggregates.values(), ...model.projections.values(), ...model.policies.values()].map((e) => ({ kind: e.kind, name: e.name, nameRange: e.nameRange }));
  }
  return out;
}

/** How features.ts runs a handler: nothing when cancelled, and a failure logged and answered with nothing. */
type Guard = <P, R>(name: string, run: (params: P) => R | null) => (params: P, token: CancellationToken) => R | null;

export function registerOutlineRequest(ctx: ServerContext, known: (uri: string) => string | undefined, guarded: Guard): void {
  ctx.connection.onRequest(
    OUTLINE_REQUEST,
    guarded(OUTLINE_REQUEST, (p: OutlineRequestParams): ModelOutline | null => {
      const uri = known(p.uri);
      const file = uri === undefined ? undefined : ctx.index.get(uri);
      if (file?.kind !== 'model') return null;
      const version = ctx.index.versionOf(file.uri);
      const found = outlineOfModel(file.parsed.model, Array.isArray(p.include) ? p.include : []);
      return version !== undefined ? { version, ...found } : found;
    }),
  );
}
