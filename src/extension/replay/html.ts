import type * as vscode from 'vscode';
import { webviewHtml } from '../webviewHtml.js';

/** The Replay panel's page: an empty body (the webview builds its own markup), no inline style. */
export function replayHtml(webview: vscode.Webview, bundleRoot: vscode.Uri): string {
  return webviewHtml(webview, bundleRoot, { script: 'replay.js', style: 'replay-style.css', title: 'Event Model Replay' });
}
