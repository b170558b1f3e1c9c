import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { handlerLocations, renderHandlerStub, type Diagnostic, type HandlerLocation, type ParsedModel, type Range } from '../../core/index.js';
import { outlineFromServer } from '../languageClient.js';
import { toRange } from '../validation/toVscode.js';
import { readText } from '../validation/validateFile.js';
import type { ModelDiagnostics } from '../validation/liveValidation.js';
import { OPEN_GENERATED_FILE } from './commandIds.js';
import { handlerInsertion, namesImportedFrom, type TextChange } from './handlerInsertion.js';
import { isGeneratable, ModelOutput, outputFolder } from './modelOutput.js';

/**
 * Drift between a model and the user's handler files: a command added to the model after its
 * aggregate's handlers file was created has no handler there, and the generated decider, which
 * imports every handler, no longer compiles. The command's name gets a `handler-missing` warning
 * with a quick fix that adds the generator's stub to the file.
 *
 * The other way round, a handler whose command left the model is not reported as such (an exported
 * function the model does not know may well be the user's own helper), but the handlers file then
 * imports a type that the generated `types.ts` no longer has and stops compiling: that is the
 * information `handler-stale` on the aggregate's name.
 *
 * Computed here rather than in the core because it reads the files of the output folder.
 */
export const HANDLER_MISSING = 'handler-missing';
export const HANDLER_STALE = 'handler-stale';

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
    // Never generated: there is no handler file to drift from. Where the code goes is asked of
    // the language server, which holds the parse, so a model never generated is not parsed here.
    const outline = await outlineFromServer({ uri: uri.toString(), include: [] });
    if (outline && !existsSync(outputFolder(uri, outline.codegenOut).fsPath)) return [];
    const output = new ModelOutput(uri, text);
    if (!existsSync(output.outDir.fsPath)) return [];
    const byFile = new Map<string, Array<[string, string]>>();
    for (const [command, at] of this.locations(output.parsed)) byFile.set(at.path, [...(byFile.get(at.path) ?? []), [command, at.name]]);
    const out: vscode.Diagnostic[] = [];
    const finding = (range: Range, message: string, code: string, severity: vscode.DiagnosticSeverity) => {
      const d = new vscode.Diagnostic(toRange(range), message, severity);
      d.source = 'event-model';
      d.code = { value: code, target: this.diagnostics.docsLink(code) };
      out.push(d);
    };
    const typesFile = output.file('types.ts');
    this.track(typesFile, uri);
    const types = await readText(typesFile);
    // What the generated types export now (the last generation's): every name a handlers file may import.
    const exported = types === undefined ? undefined : exportedTypes(types);
    const { model } = output.parsed;
    for (const [path, handlers] of byFile) {
      const file = output.file(path);
      this.track(file, uri);
      const source = await readText(file);
      if (source === undefined) continue; // the next generation creates it with every handler
      for (const [command, name] of handlers) {
        const range = model.commands.get(command)?.nameRange;
        if (range && !exportsHandler(source, name)) finding(range, `No handler for '${command}' in ${path}`, HANDLER_MISSING, vscode.DiagnosticSeverity.Warning);
      }
      const gone = exported ? [...new Set(namesImportedFrom(source, './types.js'))].filter((n) => !exported.has(n)) : [];
      const aggregate = model.aggregates.get(model.commands.get(handlers[0]![0])?.aggregate?.name ?? '');
      if (gone.length > 0 && aggregate) {
        const names = gone.map((n) => `'${n}'`).join(', ');
        finding(aggregate.nameRange, `${path} imports ${names}, which the generated types no longer have: remove the code that uses ${gone.length === 1 ? 'it' : 'them'} (the handler of a command no longer in the model)`, HANDLER_STALE, vscode.DiagnosticSeverity.Information);
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

/** The names a generated `types.ts` exports (`export type <Name>` lines). */
function exportedTypes(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('export type ')) continue;
    const name = /^[A-Za-z_$][\w$]*/.exec(line.slice('export type '.length))?.[0];
    if (name) names.add(name);
  }
  return names;
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
