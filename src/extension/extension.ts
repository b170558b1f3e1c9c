// The extension host entry: composes the features; each registers and disposes its own pieces.
import * as vscode from 'vscode';
import { codeGeneration, type CodegenApi } from './codegen/feature.js';
import { newModelCommand } from './commands/newModel.js';
import { validateWorkspaceCommand } from './commands/validateWorkspace.js';
import { diagramPreview } from './diagram/feature.js';
import { DiagramPanel } from './diagram/panel.js';
import type { Feature } from './feature.js';
import { semanticHighlighting } from './highlighting/semanticTokens.js';
import { createLog } from './log.js';
import { replayPanels } from './replay/feature.js';
import { ReplayPanel } from './replay/panel.js';
import { liveValidation, ModelDiagnostics } from './validation/liveValidation.js';

/** What the extension offers other extensions and its integration tests. */
export interface EventModelApi extends CodegenApi {
  /** Fires after the findings of a model or sample file were published. */
  onDidValidate: vscode.Event<vscode.Uri>;
  /** The open diagram preview of a model file, if any. */
  diagramPanelFor(uri: vscode.Uri): DiagramPanel | undefined;
  /** The open Replay panel of a sample file, if any. */
  replayPanelFor(uri: vscode.Uri): ReplayPanel | undefined;
}

/** Called by VS Code when an activation event fires. */
export function activate(context: vscode.ExtensionContext): EventModelApi {
  const log = createLog();
  const diagnostics = new ModelDiagnostics(vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md'), log);
  const codegen = codeGeneration(diagnostics);
  const features: Feature[] = [
    liveValidation(diagnostics),
    semanticHighlighting(),
    validateWorkspaceCommand(diagnostics),
    newModelCommand(),
    diagramPreview(),
    replayPanels(),
    codegen.feature,
  ];
  context.subscriptions.push(log);
  for (const feature of features) context.subscriptions.push(...feature({ extension: context, log }));
  log.info(`Event Model Studio ${String(context.extension.packageJSON.version)} activated`);
  return { onDidValidate: diagnostics.onDidValidate, diagramPanelFor: (uri) => DiagramPanel.for(uri), replayPanelFor: (uri) => ReplayPanel.for(uri), ...codegen.api };
}

/** Nothing to do: every registration is disposed through the context's subscriptions. */
export function deactivate(): void {}
