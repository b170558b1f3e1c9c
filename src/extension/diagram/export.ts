import * as vscode from 'vscode';
import { renderDiagram, toMarkdown } from '../../core/index.js';
import { parsedModel } from '../modelDocuments.js';
import type { DiagramPanel } from './panel.js';

type Format = 'mmd' | 'md' | 'svg';

const FORMATS: Array<vscode.QuickPickItem & { format: Format }> = [
  { label: 'Mermaid (.mmd)', description: 'the diagram source', format: 'mmd' },
  { label: 'Markdown (.md)', description: 'a mermaid block, rendered by GitHub and most Markdown viewers', format: 'md' },
  { label: 'SVG (.svg)', description: 'the picture, drawn by Mermaid in the preview', format: 'svg' },
];

/**
 * "Event Model: Export Diagram": writes the flow diagram of a model as Mermaid, Markdown or SVG.
 * The target comes from a save dialog (which asks before replacing a file), or from the caller.
 */
export async function exportDiagram(model: vscode.Uri, target: vscode.Uri | undefined, panel: () => DiagramPanel | undefined): Promise<vscode.Uri | undefined> {
  const format = target ? formatOf(target) : (await vscode.window.showQuickPick(FORMATS, { title: 'Export Diagram', placeHolder: 'Format' }))?.format;
  if (!format) return undefined;
  const base = model.path.replace(/\.events\.ya?ml$/, '');
  const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: model.with({ path: `${base}.diagram.${format}` }), title: 'Export Diagram' }));
  if (!uri) return undefined;
  let content: string | undefined;
  if (format === 'svg') {
    const p = panel();
    if (!p) return undefined;
    content = (await p.whenDrawn()) ? await p.requestSvg() : undefined;
    if (!content) {
      void vscode.window.showErrorMessage('The diagram has not been drawn yet; try again when the preview shows it.');
      return undefined;
    }
  } else {
    const doc = await vscode.workspace.openTextDocument(model);
    const { text } = renderDiagram(parsedModel(doc.uri, doc.getText()).model, { view: 'flow' });
    content = format === 'md' ? toMarkdown(text, vscode.workspace.asRelativePath(model)) : text;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  void vscode.window.showInformationMessage(`Diagram exported to ${vscode.workspace.asRelativePath(uri)}.`, OPEN_EXPORTED).then((choice) => {
    if (choice === OPEN_EXPORTED) void openExported(uri);
  });
  return uri;
}

/** The export message's button. */
export const OPEN_EXPORTED = 'Open';

/** Opens an exported diagram in VS Code: an SVG in the image preview, the others as text. */
export function openExported(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.open', uri);
}

function formatOf(uri: vscode.Uri): Format {
  const ext = uri.path.slice(uri.path.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'svg' || ext === 'md' ? ext : 'mmd';
}
