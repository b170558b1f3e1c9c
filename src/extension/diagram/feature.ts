import * as vscode from 'vscode';
import { isModelFile } from '../../core/index.js';
import { DIAGRAM_VIEW_TYPE, type DiagramPanelState } from '../../protocol/diagram.js';
import type { Feature } from '../feature.js';
import { exportDiagram } from './export.js';
import { DiagramPanel } from './panel.js';

export const OPEN_DIAGRAM = 'eventModel.openDiagram';
export const OPEN_DIAGRAM_TO_SIDE = 'eventModel.openDiagramToSide';
export const EXPORT_DIAGRAM = 'eventModel.exportDiagram';
export const TOGGLE_DIAGRAM_LOCK = 'eventModel.toggleDiagramPreviewLock';

/** Where the models of locked panels are remembered, so that a reloaded window revives them locked. */
const LOCKED_PANELS_KEY = 'eventModel.diagram.lockedPanels';

/** The model file a command applies to: its argument, else the active editor's file. */
function targetModel(arg: unknown): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri && isModelFile(uri.path)) return uri;
  void vscode.window.showInformationMessage('Open an event model (*.events.yaml) to see its diagram.');
  return undefined;
}

/** The panel a lock command applies to: its argument, else the active panel, else the only one. */
function targetPanel(arg: unknown): DiagramPanel | undefined {
  if (arg instanceof DiagramPanel) return arg;
  if (arg instanceof vscode.Uri) return DiagramPanel.for(arg);
  const panels = DiagramPanel.all();
  return panels.find((p) => p.panel.active) ?? (panels.length === 1 ? panels[0] : undefined);
}

/**
 * The diagram preview: open commands (here or beside the editor), the editor title button and a
 * CodeLens on model files, export, the lock, and a serializer that restores panels after a
 * window reload. As with the Markdown preview, one unlocked preview follows the active model
 * editor and the open commands reuse it; a locked panel stays on its model.
 */
export function diagramPreview(): Feature {
  return ({ extension, log }) => {
    const bundleRoot = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview');
    const open = (arg: unknown, toSide: boolean) => {
      const uri = targetModel(arg);
      if (!uri) return undefined;
      const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
      return DiagramPanel.show(uri, bundleRoot, log, column, toSide, toSide);
    };
    // The webview keeps the model and view of its panel; the lock is kept here, per model.
    // Those not revived yet (VS Code revives a panel when it is first shown) are kept as they are.
    const toRevive = new Set(extension.workspaceState.get<string[]>(LOCKED_PANELS_KEY, []));
    const rememberLocks = () => {
      const locked = DiagramPanel.all().filter((p) => p.locked).map((p) => p.documentUri.toString());
      void extension.workspaceState.update(LOCKED_PANELS_KEY, [...new Set([...locked, ...toRevive])]);
    };
    return [
      vscode.commands.registerCommand(OPEN_DIAGRAM, (arg?: unknown) => open(arg, false)),
      vscode.commands.registerCommand(OPEN_DIAGRAM_TO_SIDE, (arg?: unknown) => open(arg, true)),
      vscode.commands.registerCommand(EXPORT_DIAGRAM, (arg?: unknown, target?: vscode.Uri) => {
        const uri = targetModel(arg);
        return uri ? exportDiagram(uri, target, () => open(uri, true)) : undefined;
      }),
      vscode.commands.registerCommand(TOGGLE_DIAGRAM_LOCK, (arg?: unknown) => {
        const panel = targetPanel(arg);
        if (!panel) {
          void vscode.window.showInformationMessage('Select a diagram preview to lock or unlock it.');
          return undefined;
        }
        panel.setLocked(!panel.locked);
        if (!panel.locked) {
          // One preview follows the editor: the one just unlocked replaces any other.
          for (const other of DiagramPanel.all()) if (other !== panel && !other.locked) other.dispose();
          const editor = vscode.window.activeTextEditor;
          if (editor && isModelFile(editor.document.uri.path)) panel.showModel(editor.document.uri);
        }
        return panel.locked;
      }),
      DiagramPanel.onDidChangeLock(rememberLocks),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !isModelFile(editor.document.uri.path)) return;
        for (const panel of DiagramPanel.all()) if (!panel.locked) panel.showModel(editor.document.uri);
      }),
      vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: DiagramPanelState | undefined) {
          if (!state?.documentUri) {
            panel.dispose();
            return;
          }
          const uri = vscode.Uri.parse(state.documentUri);
          // Locked as it was; and a second unlocked panel (from before one preview followed the
          // editor) stays on its model, so that reviving does not turn both to the same one.
          const wasLocked = toRevive.delete(uri.toString()) || (state as { locked?: unknown }).locked === true;
          const locked = wasLocked || DiagramPanel.preview() !== undefined;
          new DiagramPanel(panel, uri, bundleRoot, log, state, locked);
          rememberLocks();
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
