import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  codegenSettings, isModelFile, planGeneratedFiles, validateModel, type CodegenSettings, type Diagnostic, type GenerationPlan, type ParsedModel,
} from '../../core/index.js';
import { parsedModel } from '../modelDocuments.js';
import { readText } from '../validation/validateFile.js';

// Both depend only on the parse, which the shared cache keeps while the text is unchanged.
const errorsOf = new WeakMap<ParsedModel, Diagnostic[]>();
const plansOf = new WeakMap<ParsedModel, GenerationPlan>();

/** A model's output folder, from its `codegen.out` (relative to the model file's folder). */
export function outputFolder(model: vscode.Uri, out: string): vscode.Uri {
  return vscode.Uri.file(path.resolve(path.dirname(model.fsPath), out));
}

/**
 * One model as code generation sees it: the shared parse of a text, where its code goes (the
 * model's `codegen.out`, relative to the model file), its errors and its plan, each computed once.
 */
export class ModelOutput {
  readonly parsed: ParsedModel;
  readonly settings: CodegenSettings;
  /** The output folder. */
  readonly outDir: vscode.Uri;
  /** The model's path as the banners name it: relative to the output folder's parent, with `/` (as the CLI writes it). */
  readonly modelPath: string;

  constructor(
    readonly model: vscode.Uri,
    readonly text: string,
  ) {
    this.parsed = parsedModel(model, text);
    this.settings = codegenSettings(this.parsed.model);
    this.outDir = outputFolder(model, this.settings.out);
    this.modelPath = path.relative(path.dirname(this.outDir.fsPath), model.fsPath).split(path.sep).join('/');
  }

  /** The model's errors: code is generated only from a model without any (warnings do not count). */
  get errors(): Diagnostic[] {
    let errors = errorsOf.get(this.parsed);
    if (!errors) {
      errors = validateModel(this.parsed).filter((d) => d.severity === 'error');
      errorsOf.set(this.parsed, errors);
    }
    return errors;
  }

  /** The files to generate, sorted by path. Only for a model without errors. */
  plan(): GenerationPlan {
    let plan = plansOf.get(this.parsed);
    if (!plan) {
      plan = planGeneratedFiles(this.parsed.model, { modelPath: this.modelPath });
      plansOf.set(this.parsed, plan);
    }
    return plan;
  }

  /** A file of the output folder, from its planned path. */
  file(relative: string): vscode.Uri {
    return vscode.Uri.joinPath(this.outDir, ...relative.split('/'));
  }

  /** The output folder as the workspace shows it (relative to its workspace folder when inside one). */
  get shownOutDir(): string {
    return vscode.workspace.asRelativePath(this.outDir);
  }

  /** Whether the output folder is inside one of the workspace's folders: saving writes nowhere else. */
  get insideWorkspace(): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(this.outDir);
    return folder !== undefined && folder.uri.scheme === 'file';
  }
}

/** Whether code can be generated for this file: a model on the local file system (the writer uses node:fs). */
export function isGeneratable(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && isModelFile(uri.path);
}

/** A model as code generation sees it, from its open editor (unsaved edits included) or from disk. */
export async function readModelOutput(uri: vscode.Uri): Promise<ModelOutput | undefined> {
  const text = await readText(uri);
  return text === undefined ? undefined : new ModelOutput(uri, text);
}
