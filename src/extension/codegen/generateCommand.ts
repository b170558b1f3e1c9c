import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { GENERATE_CODE, REVEAL_GENERATED_CODE } from './commandIds.js';
import type { CodeGenerator, GenerationOutcome } from './generator.js';
import { isGeneratable, readModelOutput } from './modelOutput.js';

/** The model a command applies to: its argument (a URI or its string form), else the active editor's model. */
export function commandModel(arg: unknown): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
  return uri && isGeneratable(uri) ? uri : undefined;
}

/**
 * "Generate Code" (palette, CodeLens, Explorer menu, the stale state's link), which resolves with
 * what it did; and "reveal the output folder" for the links that point at the generated code.
 */
export function generateCommands(generator: CodeGenerator): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(GENERATE_CODE, (arg?: unknown): Promise<GenerationOutcome> | undefined => {
      const uri = commandModel(arg);
      if (uri) return generator.generate(uri, 'command');
      void vscode.window.showInformationMessage('Open an event model (*.events.yaml) on disk to generate its code.');
      return undefined;
    }),
    vscode.commands.registerCommand(REVEAL_GENERATED_CODE, async (arg?: unknown) => {
      const uri = commandModel(arg);
      const output = uri && (await readModelOutput(uri));
      if (!output) return;
      if (existsSync(output.outDir.fsPath)) await vscode.commands.executeCommand('revealInExplorer', output.outDir);
      else void vscode.window.showInformationMessage(`Nothing is generated yet: ${output.shownOutDir} does not exist. Run Generate Code.`);
    }),
  ];
}
