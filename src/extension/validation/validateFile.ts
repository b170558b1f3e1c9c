import * as vscode from 'vscode';
import {
  conventionalModelPaths, diagnostic, FILE_START, isModelFile, isSampleFile, parseSamples, validateModel, validateSamples,
  type Diagnostic, type ValidateOptions,
} from '../../core/index.js';
import { parsedModel } from '../modelDocuments.js';

/** Whether the extension validates this file: a model or a sample event file. */
export function isValidatedFile(uri: vscode.Uri): boolean {
  return isModelFile(uri.path) || isSampleFile(uri.path);
}

/** The text of a file: the open editor's (unsaved edits included), else what is on disk. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The model a sample file belongs to: its `model:` key, else the model named like it beside it. */
export async function modelOfSample(sample: vscode.Uri, modelKey: string | undefined): Promise<vscode.Uri[]> {
  const dir = vscode.Uri.joinPath(sample, '..');
  if (modelKey !== undefined) return [modelKey.startsWith('/') ? sample.with({ path: modelKey }) : vscode.Uri.joinPath(dir, modelKey)];
  return conventionalModelPaths(sample.path).map((p) => sample.with({ path: p }));
}

/** A file's findings, and the models they were made against (to check the file again when one changes). */
export interface FileFindings {
  found: Diagnostic[];
  /** For a sample file: the model files looked for, up to the one read. For a model: none. */
  models: vscode.Uri[];
}

/** Validates one model or sample file, reading the paired model for a sample file. */
export async function validateFile(uri: vscode.Uri, text: string, options: ValidateOptions): Promise<FileFindings> {
  if (isModelFile(uri.path)) return { found: validateModel(parsedModel(uri, text), options), models: [] };
  const samples = parseSamples(text, uri.path);
  const models: vscode.Uri[] = [];
  for (const candidate of await modelOfSample(uri, samples.model?.path)) {
    models.push(candidate);
    const modelText = await readText(candidate);
    // A sample file needs only its model's elements: the shared parse, not the model's findings.
    if (modelText !== undefined) return { found: validateSamples(samples, parsedModel(candidate, modelText).model), models };
  }
  const where = samples.model?.range ?? FILE_START;
  const why = samples.model
    ? `The model '${samples.model.path}' cannot be read.`
    : 'No model for this sample file: add `model: <path>` or name it after a model beside it (shop.samples.yaml pairs with shop.events.yaml).';
  return { found: [diagnostic('sample-model-not-found', why, where), ...samples.diagnostics], models };
}
