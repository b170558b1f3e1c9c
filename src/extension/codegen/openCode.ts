import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PlannedFile, Range } from '../../core/index.js';
import { parsedModel } from '../modelDocuments.js';
import { toRange } from '../validation/toVscode.js';
import { GENERATE_CODE, OPEN_GENERATED_FILE } from './commandIds.js';
import { commandModel } from './generateCommand.js';
import { isGeneratable, readModelOutput } from './modelOutput.js';
import type { GeneratedCodeState } from './staleState.js';

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

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isGeneratable(doc.uri) || !lensesOn(doc.uri)) return [];
    const text = doc.getText();
    const at = text.search(/^context\s*:/m);
    const line = at >= 0 ? doc.positionAt(at).line : 0;
    const lenses = [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: '$(file-code) Generate Code', command: GENERATE_CODE, arguments: [doc.uri] })];
    const generated = this.state.planFor(doc.uri);
    if (!generated) return lenses;
    const { plan, outDir } = generated;
    const { model } = parsedModel(doc.uri, text);
    const add = (range: Range, title: string, file: PlannedFile, symbol?: string) => {
      if (!existsSync(vscode.Uri.joinPath(outDir, ...file.path.split('/')).fsPath)) return;
      lenses.push(new vscode.CodeLens(toRange(range), { title, command: OPEN_GENERATED_FILE, arguments: [doc.uri, file.path, symbol], tooltip: file.path }));
    };
    const filesOf = (kind: string, name: string) => plan.files.filter((f) => f.element?.kind === kind && f.element.name === name);
    for (const a of model.aggregates.values()) {
      const files = filesOf('aggregate', a.name);
      const decider = files.find((f) => f.path.endsWith('.decider.ts'));
      const handlers = files.find((f) => f.owner === 'user');
      if (decider) add(a.nameRange, 'Open generated code', decider);
      if (handlers) add(a.nameRange, 'Open handlers', handlers);
    }
    for (const p of model.projections.values()) {
      const file = filesOf('projection', p.name).find((f) => f.owner === 'generated');
      if (file) add(p.nameRange, 'Open generated code', file);
    }
    const policies = plan.files.find((f) => f.path === 'policies.ts');
    for (const p of model.policies.values()) {
      if (policies) add(p.nameRange, 'Open generated code', policies, p.name);
      const mapping = filesOf('policy', p.name).find((f) => f.owner === 'user');
      if (mapping) add(p.nameRange, 'Open mapping', mapping);
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
