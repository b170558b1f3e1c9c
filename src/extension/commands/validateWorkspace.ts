import * as vscode from 'vscode';
import type { Feature } from '../feature.js';
import type { ModelDiagnostics } from '../validation/liveValidation.js';
import { VALIDATED_GLOB } from '../validation/liveValidation.js';
import { readText } from '../validation/validateFile.js';
import { summarize, type WorkspaceSummary } from './workspaceSummary.js';

export type { WorkspaceSummary } from './workspaceSummary.js';

export const VALIDATE_WORKSPACE = 'eventModel.validateWorkspace';

const SEVERITY: Partial<Record<vscode.DiagnosticSeverity, 'error' | 'warning' | 'info'>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
};

/**
 * "Event Model: Validate Workspace Models": checks every model and sample file in the workspace
 * (with progress, cancellable), fills the Problems panel and says what it found in a
 * notification, clean or not, with a button to the Problems panel. Resolves to the summary.
 */
export function validateWorkspaceCommand(diagnostics: ModelDiagnostics): Feature {
  return ({ log }) => [
    vscode.commands.registerCommand(VALIDATE_WORKSPACE, async (): Promise<WorkspaceSummary> => {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Event Model: validating workspace models', cancellable: true },
        (progress, token) => validateAll(diagnostics, progress, token),
      );
      log.info(summary.message);
      void showSummary(summary);
      return summary;
    }),
  ];
}

async function validateAll(
  diagnostics: ModelDiagnostics,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<WorkspaceSummary> {
  const files = await vscode.workspace.findFiles(VALIDATED_GLOB, '**/node_modules/**', undefined, token);
  // Models first: a sample file's check reads its model.
  files.sort((a, b) => Number(b.path.includes('.events.')) - Number(a.path.includes('.events.')) || a.path.localeCompare(b.path));
  const checked: vscode.Uri[] = [];
  for (const [i, uri] of files.entries()) {
    if (token.isCancellationRequested) break;
    progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / files.length });
    const text = await readText(uri);
    // Checked on the host, except the files open in an editor: the language server checks those.
    if (text !== undefined) await diagnostics.validate(uri, text);
    checked.push(uri);
    if (i % 20 === 19) await new Promise((r) => setImmediate(r)); // keep the host responsive
  }
  const cancelled = checked.length < files.length;
  if (!cancelled) {
    // Findings of an earlier check on files not found this time (moved out of the workspace, or now excluded) are stale.
    const now = new Set(files.map((u) => u.toString()));
    for (const uri of diagnostics.hostChecked()) if (!now.has(uri.toString())) diagnostics.clear(uri);
  }
  const findings = checked.map((uri) => diagnostics.collection.get(uri)?.flatMap((d) => SEVERITY[d.severity] ?? []) ?? []);
  return summarize(findings, files.length, cancelled);
}

async function showSummary(summary: WorkspaceSummary): Promise<void> {
  const show = summary.errors > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const actions = summary.filesWithProblems > 0 ? ['Show Problems'] : [];
  const choice = await show(summary.message, ...actions);
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}
