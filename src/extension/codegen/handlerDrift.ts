import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { handlerLocations, renderHandlerStub, type Diagnostic, type HandlerLocation, type ParsedModel } from '../../core/index.js';
import { toRange } from '../validation/toVscode.js';
import { readText } from '../validation/validateFile.js';
import type { ModelDiagnostics } from '../validation/liveValidation.js';
import { OPEN_GENERATED_FILE } from './commandIds.js';
import { handlerInsertion, type TextChange } from './handlerInsertion.js';
import { isGeneratable, ModelOutput } from './modelOutput.js';

/**
 * Drift between a model and the user's handler files: a command added to the model after its
 * aggregate's handlers file was created has no handler there, and the generated decider, which
 * imports every handler, no longer compiles. The command's name gets a `handler-missing` warning
 * with a quick fix that adds the generator's stub to the file.
 *
 * Computed here rather than in the core because it reads the handler files. A handler whose command
 * left the model is not reported: nothing in the model is left to point at, it still compiles, and
 * an exported function the model does not know may well be the user's own helper.
 */
export const HANDLER_MISSING = 'handler-missing';

const locationsOf = new WeakMap<ParsedModel, Map<string, HandlerLocation>>();

/** Whether a handlers file exports a function or a constant of this name. */
export function exportsHandler(text: string, name: string): boolean {
  for (const form of [`export function ${name}(`, `export function ${name}<`, `export async function ${name}(`, `export const ${name} `, `export const ${name}:`]) {
    if (text.includes(form)) return true;
  }
  return false;
}

/** The `handler-missing` findings of a model and the quick fix that adds a handler. */
export class HandlerDrift implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  /** Handler file -> the models whose findings read it, to check them again when it changes. */
  private readonly readers = new Map<string, Set<string>>();

  constructor(private readonly diagnostics: ModelDiagnostics) {}

  /** The findings of one check of a model (a `ModelFindings` for the diagnostics). */
  readonly findings = async (uri: vscode.Uri, text: string, found: readonly Diagnostic[]): Promise<vscode.Diagnostic[]> => {
    if (!isGeneratable(uri) || found.some((d) => d.severity === 'error')) return [];
    const output = new ModelOutput(uri, text);
    // Never generated: there is no handler file to drift from (and a large model pays nothing).
    if (!existsSync(output.outDir.fsPath)) return [];
    const byFile = new Map<string, Array<[string, string]>>();
    for (const [command, at] of this.locations(output.parsed)) byFile.set(at.path, [...(byFile.get(at.path) ?? []), [command, at.name]]);
    const out: vscode.Diagnostic[] = [];
    for (const [path, handlers] of byFile) {
      const file = output.file(path);
      this.track(file, uri);
      const source = await readText(file);
      if (source === undefined) continue; // the next generation creates it with every handler
      for (const [command, name] of handlers) {
        const range = output.parsed.model.commands.get(command)?.nameRange;
        if (!range || exportsHandler(source, name)) continue;
        const d = new vscode.Diagnostic(toRange(range), `No handler for '${command}' in ${path}`, vscode.DiagnosticSeverity.Warning);
        d.source = 'event-model';
        d.code = { value: HANDLER_MISSING, target: this.diagnostics.docsLink(HANDLER_MISSING) };
        out.push(d);
      }
    }
    return out;
  };

  /** The models whose findings read this file. */
  readersOf(file: vscode.Uri): vscode.Uri[] {
    return [...(this.readers.get(file.toString()) ?? [])].map((u) => vscode.Uri.parse(u));
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const missing = context.diagnostics.filter((d) => typeof d.code === 'object' && d.code.value === HANDLER_MISSING);
    if (missing.length === 0 || !isGeneratable(doc.uri)) return [];
    const output = new ModelOutput(doc.uri, doc.getText());
    const actions: vscode.CodeAction[] = [];
    for (const d of missing) {
      const stub = renderHandlerStub(output.parsed.model, doc.getText(d.range), output.settings.target);
      if (!stub) continue;
      const file = output.file(stub.path);
      const text = await readText(file);
      if (text === undefined) continue;
      const action = new vscode.CodeAction(`Add the handler '${stub.name}' to ${stub.path}`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      for (const change of handlerInsertion(text, stub)) action.edit.replace(file, rangeOf(text, change), change.text);
      action.command = { title: 'Show the handler', command: OPEN_GENERATED_FILE, arguments: [doc.uri, stub.path, stub.name] };
      actions.push(action);
    }
    return actions;
  }

  private locations(parsed: ParsedModel): Map<string, HandlerLocation> {
    let found = locationsOf.get(parsed);
    if (!found) {
      found = handlerLocations(parsed.model);
      locationsOf.set(parsed, found);
    }
    return found;
  }

  private track(file: vscode.Uri, model: vscode.Uri): void {
    const key = file.toString();
    const models = this.readers.get(key) ?? new Set<string>();
    models.add(model.toString());
    this.readers.set(key, models);
  }
}

/** The range of a change in a text that no editor may have open. */
function rangeOf(text: string, change: TextChange): vscode.Range {
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
  };
  return new vscode.Range(position(change.offset), position(change.offset + change.length));
}
