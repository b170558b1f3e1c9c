import * as vscode from 'vscode';
import { isJsonLines, parseSamples, type Model } from '../../core/index.js';
import { toReplayEvent } from '../../core/replay/replayer.js';
import { arraySource, type EventSource } from '../../core/replay/timeline.js';
import { openJsonLinesSource, type JsonLinesSource } from '../../node/jsonLinesFile.js';
import { parsedModel } from '../modelDocuments.js';
import { modelOfSample, readText } from '../validation/validateFile.js';

/** What a replay is built from: the model, the events, and the files to follow for changes. */
export interface ReplayInput {
  modelUri: vscode.Uri;
  model: Model;
  source: EventSource;
}

/** Why a replay cannot be built, in a sentence for the panel, and the model involved when one was found. */
export interface ReplayInputError {
  error: string;
  modelUri?: vscode.Uri;
}

/**
 * A model, read from its editor or from disk; undefined when there is no such file. A model with
 * YAML errors is not replayed: its rules cannot be trusted to be whole.
 */
export async function readModel(uri: vscode.Uri): Promise<{ uri: vscode.Uri; model: Model } | ReplayInputError | undefined> {
  const text = await readText(uri);
  if (text === undefined) return undefined;
  const parsed = parsedModel(uri, text);
  if (parsed.syntaxErrors || !parsed.lines) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    const where = first ? ` (line ${first.range.start.line + 1}: ${first.message})` : '';
    return { error: `The model ${vscode.workspace.asRelativePath(uri)} cannot be read${where}.`, modelUri: uri };
  }
  return { uri, model: parsed.model };
}

/** The model a sample file names (its `model:` key) or pairs with by name. */
export async function readModelOf(sample: vscode.Uri, modelKey: string | undefined): Promise<{ uri: vscode.Uri; model: Model } | ReplayInputError> {
  const candidates = await modelOfSample(sample, modelKey);
  for (const uri of candidates) {
    const found = await readModel(uri);
    if (found) return found;
  }
  return {
    error:
      modelKey !== undefined
        ? `The model '${modelKey}' that this sample file names cannot be read.`
        : 'This sample file has no model: add `model: <path>` or name it after a model beside it (shop.samples.yaml pairs with shop.events.yaml).',
    ...(candidates[0] ? { modelUri: candidates[0] } : {}),
  };
}

/**
 * A sample file (YAML, JSON or JSON Lines) and its model, ready to replay. A JSON Lines file on
 * disk is read through its line index, a span at a time, so a long one is never held in memory;
 * the other files (and a JSON Lines file with unsaved edits) are parsed from the editor's text or
 * from disk.
 */
export async function readSampleInput(sample: vscode.Uri, signal?: AbortSignal): Promise<ReplayInput | ReplayInputError> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === sample.toString());
  if (isJsonLines(sample.path) && sample.scheme === 'file' && !open?.isDirty) return readJsonLinesInput(sample, signal);
  const text = await readText(sample);
  if (text === undefined) return { error: `The sample file ${vscode.workspace.asRelativePath(sample)} cannot be read.` };
  const parsed = parseSamples(text, sample.path);
  const model = await readModelOf(sample, parsed.model?.path);
  if ('error' in model) return model;
  if (parsed.events.length === 0) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    if (first) return { error: `The sample file cannot be read (line ${first.range.start.line + 1}: ${first.message}).`, modelUri: model.uri };
  }
  return { modelUri: model.uri, model: model.model, source: arraySource(parsed.events.map(toReplayEvent)) };
}

async function readJsonLinesInput(sample: vscode.Uri, signal: AbortSignal | undefined): Promise<ReplayInput | ReplayInputError> {
  let source: JsonLinesSource;
  try {
    source = await openJsonLinesSource(sample.fsPath, signal ? { signal } : {});
  } catch (e) {
    if (signal?.aborted) return { error: 'The replay was cancelled.' };
    return { error: `The sample file ${vscode.workspace.asRelativePath(sample)} cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  const model = await readModelOf(sample, source.model?.path);
  if ('error' in model) return model;
  const first = source.problems[0];
  if (source.length === 0 && first) return { error: `The sample file cannot be read (line ${first.range.start.line + 1}: ${first.message}).`, modelUri: model.uri };
  return { modelUri: model.uri, model: model.model, source };
}
