/** The public surface of the core: everything the CLI and the extension use. No `vscode` here. */
export * from './source.js';
export * from './diagnostics.js';
export * from './model/model.js';
export { parseModel, type ParsedModel, type ParseOptions } from './model/parse.js';
export { YamlPieceCache } from './model/chunkedYaml.js';
export { LIMITS } from './model/limits.js';
export { modelSchema, modelJsonSchema } from './model/schema.js';
export { renderJsonSchema } from './model/jsonSchema.js';
export { parseTypeExpr, formatTypeExpr } from './model/typeExpr.js';
export { validateModel, validateModelText, type ValidateOptions } from './validate/validate.js';
export { parseSamples, type ParsedSamples, type SampleEvent } from './samples/parseSamples.js';
export { validateSamples } from './samples/validateSamples.js';
export { JsonLinesReader, type JsonLine, type JsonLinesReaderOptions, type QuickReading } from './samples/jsonLines.js';
export {
  JsonLinesValidator, validateJsonLines, validateJsonLine,
  type JsonLinesValidation, type JsonLinesModel, type JsonLinesValidatorOptions,
} from './samples/validateJsonLines.js';
export { isModelFile, isSampleFile, isJsonLines, conventionalModelPaths } from './samples/files.js';
export { starterModel } from './templates/starterModel.js';
export { modelSemanticTokens, sampleSemanticTokens, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type SemanticToken } from './model/semanticTokens.js';
export {
  renderDiagram, nodeIdFor, elementAt, forEachDrawnElement, checkDiagramFilter, toMarkdown, FLOW_CLASS_DEFS, MAX_TIMELINE_FRAMES, MERMAID_LIMITS,
  type DiagramView, type DiagramFilter, type DiagramNode, type DiagramNodeKind, type DiagramResult, type RenderOptions,
  type ElementLocation, type UnknownFilterName,
} from './diagram/index.js';
export { planGeneratedFiles, codegenSettings, readBanner, type PlanOptions } from './codegen/index.js';
export { handlerLocations, renderHandlerStub, type HandlerLocation, type HandlerStub } from './codegen/handlersFile.js';
export type { CodegenSettings, CodegenTarget, FileOwner, GenerationPlan, PlannedFile } from './codegen/plan.js';
export {
  replayEvents, provenanceOf, Replayer, toReplayEvent, quickReading, ReplayTimeline, arraySource, buildTimelineInSlices, touchedBy,
  type QuickStep,
  type ReplayOptions, type ReplaySnapshot, type ReplayChangeSet, type TargetBefore, type EventSource, type PositionedProblem, type SliceOptions, type StateAt, type StateFilter,
  type TimelineEntry, type TimelineFilter, type TimelineOptions,
  checkDelivery, formatDeliveryFinding, deliveryOrder, describeOrder,
  type DeliveryCheck, type DeliveryFinding, type DeliveryOptions, type DeliveryOrder, type DeliveryReport,
} from './replay/index.js';
export type {
  AggregateInstance, IssuedCommand, JsonRecord, JsonValue, ProjectionRow, ProjectionState, Provenance, Replay, ReplayChange,
  ReplayEvent, ReplayProblem, ReplayProblemKind, ReplayStep, ReplayStream, ReplayTarget, StepUpcast, Written,
} from './replay/types.js';
