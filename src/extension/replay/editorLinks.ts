// The Replay panel's links into the editor: an event's entry in the sample file, a rule in the
// model. A file already visible is used where it is; otherwise it opens beside the panel.
import * as vscode from 'vscode';
import type { Range } from '../../core/index.js';
import { toRange } from '../validation/toVscode.js';

function visibleEditor(uri: vscode.Uri): vscode.TextEditor | undefined {
  const key = uri.toString();
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
}

/** The first line of an entry: from its start to the end of that line (or of the entry, if sooner). */
function firstLine(doc: vscode.TextDocument, range: Range): vscode.Selection {
  const start = doc.validatePosition(new vscode.Position(range.start.line, range.start.character));
  const lineEnd = doc.lineAt(start.line).range.end;
  const end = range.end.line === start.line ? doc.validatePosition(new vscode.Position(range.end.line, range.end.character)) : lineEnd;
  return new vscode.Selection(start, end.isBefore(start) ? start : end);
}

/**
 * Opens a file (or brings its editor forward) with a range selected and in view: where it is
 * shown already, else in the first editor group (beside the panel when the panel is there). The
 * panel keeps the focus when `preserveFocus` is set, so its keys go on stepping.
 */
export async function revealRange(
  uri: vscode.Uri,
  range: Range,
  options: { preserveFocus: boolean; firstLineOnly?: boolean; panelColumn?: vscode.ViewColumn | undefined },
): Promise<vscode.TextEditor> {
  const open = visibleEditor(uri);
  const doc = open?.document ?? (await vscode.workspace.openTextDocument(uri));
  const selection = options.firstLineOnly ? firstLine(doc, range) : doc.validateRange(toRange(range));
  const elsewhere = options.panelColumn === undefined || options.panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, {
    viewColumn: open?.viewColumn ?? elsewhere,
    preserveFocus: options.preserveFocus,
    selection: new vscode.Selection(selection.start, selection.end),
  });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/**
 * Moves the selection of the file's visible editor, if there is one, to an entry's first line;
 * nothing opens and the focus stays. Returns the selection set, if it changed.
 */
export function followInEditor(uri: vscode.Uri, range: Range): vscode.Selection | undefined {
  const editor = visibleEditor(uri);
  if (!editor) return undefined;
  const selection = firstLine(editor.document, range);
  if (editor.selection.isEqual(selection)) return undefined;
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return selection;
}

/** A selection as text, to recognise the change event it causes. */
export function selectionKey(s: vscode.Selection): string {
  return `${s.anchor.line}:${s.anchor.character}-${s.active.line}:${s.active.character}`;
}

/** The cursor's line in a file's visible editor (a new panel starts at the event there). */
export function cursorLine(file: vscode.Uri | undefined): number | undefined {
  return file && vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === file.toString())?.selection.active.line;
}

