import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The Replay panel's page: a strict CSP with a script nonce, the bundle and its stylesheet, and an
 * empty body (the webview builds its own markup). No inline script, handler or style.
 */
export function replayHtml(webview: vscode.Webview, bundleRoot: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, 'replay.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, 'replay-style.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>Event Model Replay</title>
</head>
<body>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
