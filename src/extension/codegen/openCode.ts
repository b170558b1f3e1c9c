import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PlannedFile, Range } from '../../core/index.js';
import { outlineOfModel } from '../../server/outlineRequest.js';
import { outlineFromServer } from '../languageClient.js';
import { parsedModel } from '../modelDocuments.js';
import { toRange } from '../validation/toVscode.js';
import { GENERATE_CODE, OPEN_GENERATED_FILE } from './commandIds.js';
import { commandModel } from './generateCommand.js';
import { isGeneratable, readModelOutput } from './modelOutput.js';
import type { GeneratedCodeState } from './staleState.js';

/** The line of a model's `context:` key, read line by line (it is near the top); 0 when there is none. */
function contextLine(doc: vscode.TextDocument): number {
  for (let i = 0; i < doc.lineCount; i++) if (/^context\s*:/.test(doc.lineAt(i).text)) return i;
  return 0;
}

/** Whether the code generation CodeLens is on for a file. */
function lensesOn(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('eventModel', uri).get<boolean>('codegen.codeLens', true);
}

/**
 * CodeLens of code generation: "Generate Code" on the `context:` line, and on each aggregate,
 * projection and policy the files generated for it ("Open generated code") and the user's own
 * ("Open handlers", "Open mapping"), once they exist. Which file holds which element comes from
 * the model's last plan, so the lenses stay while the model is being edited.
 */
export class CodegenCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly state: GeneratedCodeState) {}

  /** Asks VS Code for the lenses again (a model was generated, a setting changed). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!isGeneratable(doc.uri) || !lensesOn(doc.uri)) return [];
    const line = contextLine(doc);
    const lenses = [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: '$(file-code) Generate Code', command: GENERATE_CODE, arguments: [doc.uri] })];
    const generated = this.state.planFor(doc.uri);
    if (!generated) return lenses;
    const { plan, outDir } = generated;
    // The names from the language server's parse when it runs (it has the editor's text: the
    // client sends each change before a request), so the host parses nothing on an edit.
    const outline = await outlineFromServer({ uri: doc.uri.toString(), include: ['elements'] });
    if (token.isCancellationRequested || doc.isClosed) return [];
    const elements = outline?.elements ?? outlineOfModel(parsedModel(doc.uri, doc.getText()).model, ['elements']).elements!;
    const add = (range: Range, title: string, file: PlannedFile, symbol?: string) => {
      if (!existsSync(vscode.Uri.joinPath(outDir, ...file.path.split('/')).fsPath)) return;
      lenses.push(new vscode.CodeLens(toRange(range), { title, command: OPEN_GENERATED_FILE, arguments: [doc.uri, file.path, symbol], tooltip: file.path }));
    };
    const filesOf = (kind: string, name: string) => plan.files.filter((f) => f.element?.kind === kind && f.element.name === name);
    const policies = plan.files.find((f) => f.path === 'policies.ts');
    for (const e of elements) {
      if (e.kind === 'aggregate') {
        const files = filesOf('aggregate', e.name);
        const decider = files.find((f) => f.path.endsWith('.decider.ts'));
        const handlers = files.find((f) => f.owner === 'user');
        if (decider) add(e.nameRange, 'Open generated code', decider);
        if (handlers) add(e.nameRange, 'Open handlers', handlers);
      } else if (e.kind === 'projection') {
        const file = filesOf('projection', e.name).find((f) => f.owner === 'generated');
        if (file) add(e.nameRange, 'Open generated code', file);
      } else {
        if (policies) add(e.nameRange, 'Open generated code', policies, e.name);
        const mapping = filesOf('policy', e.name).find((f) => f.owner === 'user');
        if (mapping) add(e.nameRange, 'Open mapping', mapping);
      }
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Opens a file of a model's output folder; with a name (a policy), at the function generated for
 * it: the first `export function` whose name is that name in camelCase.
 */
export async function openGeneratedFile(modelArg: unknown, relative: unknown, symbol?: unknown): Promise<vscode.TextEditor | undefined> {
  const model = commandModel(modelArg);
  const output = model && (await readModelOutput(model));
  if (!output || typeof relative !== 'string') return undefined;
  const doc = await vscode.workspace.openTextDocument(output.file(relative));
  let selection: vscode.Range | undefined;
  if (typeof symbol === 'string' && symbol.length > 0) {
    const wanted = `export function ${symbol[0]!.toLowerCase()}${symbol.slice(1)}(`;
    const at = doc.getText().indexOf(wanted);
    if (at >= 0) selection = new vscode.Range(doc.positionAt(at), doc.positionAt(at));
  }
  return vscode.window.showTextDocument(doc, { preview: true, ...(selection ? { selection } : {}) });
}

/** The command behind the element lenses. */
export function openGeneratedFileCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_GENERATED_FILE, openGeneratedFile);
}
