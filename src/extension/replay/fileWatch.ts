import * as vscode from 'vscode';

/** Calls back when a file no editor has open changes on disk (an open one reports its own edits). */
export function watchOnDisk(uri: vscode.Uri, changed: () => void): vscode.Disposable[] {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), name));
  const onDisk = (changedUri: vscode.Uri) => {
    if (changedUri.toString() !== uri.toString()) return;
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    changed();
  };
  return [watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk)];
}
