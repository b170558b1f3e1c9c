import * as vscode from 'vscode';

/** The extension's log: an output channel named "Event Model", with levels the user can filter. */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Event Model', { log: true });
}
