import * as vscode from 'vscode';
import { isModelFile } from '../../core/index.js';
import { DIAGRAM_VIEW_TYPE, type DiagramPanelState } from '../../protocol/diagram.js';
import type { Feature } from '../feature.js';
import { exportDiagram } from './export.js';
import { DiagramPanel } from './panel.js';

export const OPEN_DIAGRAM = 'eventModel.openDiagram';
export const OPEN_DIAGRAM_TO_SIDE = 'eventModel.openDiagramToSide';
export const EXPORT_DIAGRAM = 'eventModel.exportDiagram';

/** The model file a command applies to: its argument, else the active editor's file. */
function targetModel(arg: unknown): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri && isModelFile(uri.path)) return uri;
  void vscode.window.showInformationMessage('Open an event model (*.events.yaml) to see its diagram.');
  return undefined;
}

/**
 * The diagram preview: open commands (here or beside the editor), the editor title button and a
 * CodeLens on model files, export, and a serializer that restores panels after a window reload.
 */
export function diagramPreview(): Feature {
  return ({ extension, log }) => {
    const bundleRoot = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview');
    const open = (arg: unknown, toSide: boolean) => {
      const uri = targetModel(arg);
      if (!uri) return undefined;
      const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
      return DiagramPanel.show(uri, bundleRoot, log, column, toSide);
    };
    return [
      vscode.commands.registerCommand(OPEN_DIAGRAM, (arg?: unknown) => open(arg, false)),
      vscode.commands.registerCommand(OPEN_DIAGRAM_TO_SIDE, (arg?: unknown) => open(arg, true)),
      vscode.commands.registerCommand(EXPORT_DIAGRAM, (arg?: unknown, target?: vscode.Uri) => {
        const uri = targetModel(arg);
        return uri ? exportDiagram(uri, target, () => DiagramPanel.for(uri) ?? open(uri, true)) : undefined;
      }),
      vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: DiagramPanelState | undefined) {
          if (!state?.documentUri) {
            panel.dispose();
            return;
          }
          new DiagramPanel(panel, vscode.Uri.parse(state.documentUri), bundleRoot, log, state);
        },
      }),
      vscode.languages.registerCodeLensProvider({ language: 'event-model' }, new DiagramCodeLens()),
    ];
  };
}

/** "Open Diagram" above the first line of every model, unless turned off in the settings. */
class DiagramCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('eventModel', doc.uri).get<boolean>('diagram.codeLens', true)) return [];
    const line = Math.max(0, doc.getText().search(/^context\s*:/m) >= 0 ? doc.positionAt(doc.getText().search(/^context\s*:/m)).line : 0);
    const range = new vscode.Range(line, 0, line, 0);
    return [
      new vscode.CodeLens(range, { title: '$(type-hierarchy) Open Diagram', command: OPEN_DIAGRAM_TO_SIDE, arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: 'Export Diagram…', command: EXPORT_DIAGRAM, arguments: [doc.uri] }),
    ];
  }
}
