// The extension host entry: composes the features; each registers and disposes its own pieces.
import * as vscode from 'vscode';
import { codeGeneration, type CodegenApi } from './codegen/feature.js';
import { newModelCommand } from './commands/newModel.js';
import { validateWorkspaceCommand } from './commands/validateWorkspace.js';
import { diagramPreview } from './diagram/feature.js';
import { DiagramPanel } from './diagram/panel.js';
import type { Feature } from './feature.js';
import { languageServerClient, ModelLanguageServer, type ServerAnswer } from './languageClient.js';
import { createLog } from './log.js';
import { replayPanels } from './replay/feature.js';
import { ReplayPanel } from './replay/panel.js';
import { DiagnosticDocs, diagnosticDocsLinks } from './validation/diagnosticDocs.js';
import { hostFindingsKeptCurrent, ModelDiagnostics } from './validation/liveValidation.js';

/** What the extension offers other extensions and its integration tests. */
export interface EventModelApi extends CodegenApi {
  /** Fires after the findings of a model or sample file were published. */
  onDidValidate: vscode.Event<vscode.Uri>;
  /** Fires as a file's outline or lenses, answered by the language server for the editor, are handed on to it. */
  onDidServerAnswer: vscode.Event<ServerAnswer>;
  /** The open diagram preview of a model file, if any. */
  diagramPanelFor(uri: vscode.Uri): DiagramPanel | undefined;
  /** The open Replay panel of a sample file, if any. */
  replayPanelFor(uri: vscode.Uri): ReplayPanel | undefined;
}

/** Stopped on deactivation, which waits for its process to exit. */
let languageServer: ModelLanguageServer | undefined;

/** Called by VS Code when an activation event fires. */
export function activate(context: vscode.ExtensionContext): EventModelApi {
  const started = performance.now();
  const log = createLog();
  const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md');
  const diagnostics = new ModelDiagnostics(new DiagnosticDocs(docs, context.extension.id), log);
  const server = new ModelLanguageServer(context.asAbsolutePath('dist/server.js'), docs, diagnostics, log);
  languageServer = server;
  diagnostics.serverCovers = (uri) => server.covers(uri);
  const codegen = codeGeneration(diagnostics);
  const features: Feature[] = [
    hostFindingsKeptCurrent(diagnostics),
    diagnosticDocsLinks(diagnostics.docs),
    languageServerClient(server),
    validateWorkspaceCommand(diagnostics),
    newModelCommand(),
    diagramPreview(),
    replayPanels(),
    codegen.feature,
  ];
  context.subscriptions.push(log);
  for (const feature of features) context.subscriptions.push(...feature({ extension: context, log }));
  log.info(`Event Model Studio ${String(context.extension.packageJSON.version)} activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { onDidValidate: diagnostics.onDidValidate, onDidServerAnswer: server.onDidAnswer, diagramPanelFor: (uri) => DiagramPanel.for(uri), replayPanelFor: (uri) => ReplayPanel.for(uri), ...codegen.api };
}

/** Every registration is disposed through the context's subscriptions; the language server's process is waited for. */
export function deactivate(): Promise<void> | undefined {
  return languageServer?.stop();
}
