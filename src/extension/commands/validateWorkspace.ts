import * as vscode from 'vscode';
import type { Feature } from '../feature.js';
import type { ModelDiagnostics } from '../validation/liveValidation.js';
import { VALIDATED_GLOB } from '../validation/liveValidation.js';
import { readText } from '../validation/validateFile.js';

export const VALIDATE_WORKSPACE = 'eventModel.validateWorkspace';

/** The outcome of a workspace check, for callers and tests. */
export interface WorkspaceSummary {
  files: number;
  errors: number;
  warnings: number;
}

/**
 * "Event Model: Validate Workspace Models": checks every model and sample file in the workspace
 * (with progress, cancellable) and fills the Problems panel.
 */
export function validateWorkspaceCommand(diagnostics: ModelDiagnostics): Feature {
  return ({ log }) => [
    vscode.commands.registerCommand(VALIDATE_WORKSPACE, () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Event Model: validating workspace models', cancellable: true },
        async (progress, token): Promise<WorkspaceSummary> => {
          const files = await vscode.workspace.findFiles(VALIDATED_GLOB, '**/node_modules/**', undefined, token);
          // Models first: a sample file's check reads its model.
          files.sort((a, b) => Number(b.path.includes('.events.')) - Number(a.path.includes('.events.')) || a.path.localeCompare(b.path));
          for (const [i, uri] of files.entries()) {
            if (token.isCancellationRequested) break;
            progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / files.length });
            const text = await readText(uri);
            // Checked on the host, except the files open in an editor: the language server checks those.
            if (text !== undefined) await diagnostics.validate(uri, text);
            if (i % 20 === 19) await new Promise((r) => setImmediate(r)); // keep the host responsive
          }
          const summary = summarize(diagnostics, files.length);
          log.info(`validated ${summary.files} file(s): ${summary.errors} error(s), ${summary.warnings} warning(s)`);
          void vscode.commands.executeCommand('workbench.actions.view.problems');
          return summary;
        },
      ),
    ),
  ];
}

function summarize(diagnostics: ModelDiagnostics, files: number): WorkspaceSummary {
  let errors = 0;
  let warnings = 0;
  diagnostics.collection.forEach((_, list) => {
    for (const d of list) {
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
  });
  return { files, errors, warnings };
}
