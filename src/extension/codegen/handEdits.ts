import * as vscode from 'vscode';
import type { WriteReport } from '../../node/planWriter.js';
import { REVEAL_GENERATED_CODE } from './commandIds.js';
import type { ModelOutput } from './modelOutput.js';

/**
 * The choice offered when generation left files alone: generated files edited by hand ("Replace"
 * or "Keep mine"), and files that are not generated standing where generated ones go. The command
 * asks every time; a save asks again only when the set of files changed since the user answered.
 */
export class HandEdits {
  /** Model -> the files last answered for (or being asked about), so saves do not ask twice. */
  private readonly answered = new Map<string, string>();

  constructor(private readonly replace: (model: vscode.Uri) => Promise<unknown>) {}

  /** Offers the choice for what a generation refused; returns at once (the answer comes later). */
  offer(output: ModelOutput, report: WriteReport, trigger: 'command' | 'save'): void {
    const key = output.model.toString();
    const edited = report.files.filter((f) => f.reason === 'edited').map((f) => f.path);
    const notOurs = report.files.filter((f) => f.reason === 'not-ours').map((f) => f.path);
    const signature = [...edited, '', ...notOurs].join('\n');
    if (edited.length + notOurs.length === 0) {
      this.answered.delete(key);
      return;
    }
    if (trigger === 'save' && this.answered.get(key) === signature) return;
    this.answered.set(key, signature);
    if (edited.length > 0) void this.askReplace(output, edited);
    if (notOurs.length > 0) void this.tellNotOurs(output, notOurs);
  }

  private async askReplace(output: ModelOutput, files: string[]): Promise<void> {
    const what = files.length === 1 ? 'A generated file was' : `${files.length} generated files were`;
    const choice = await vscode.window.showWarningMessage(
      `${what} edited by hand and not replaced: ${listed(output, files)}. Replace with the generated code, or keep your edits?`,
      'Replace',
      'Keep mine',
    );
    if (choice === 'Replace') await this.replace(output.model);
  }

  private async tellNotOurs(output: ModelOutput, files: string[]): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `Not generated, so left alone where generated files go: ${listed(output, files)}. Move them away to generate there.`,
      'Reveal in Explorer',
    );
    if (choice) await vscode.commands.executeCommand(REVEAL_GENERATED_CODE, output.model);
  }
}

function listed(output: ModelOutput, files: string[]): string {
  const shown = files.slice(0, 5).map((f) => vscode.workspace.asRelativePath(output.file(f)));
  return shown.join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
}
