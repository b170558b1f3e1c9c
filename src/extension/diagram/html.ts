import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { diagramBodyMarkup } from '../../protocol/diagramMarkup.js';

/** The webview's HTML: a strict CSP with a nonce, the bundle and its stylesheet, no inline code. */
export function diagramHtml(webview: vscode.Webview, bundleRoot: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, 'diagram.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, 'diagram-style.css'));
  // Mermaid writes a <style> element into each SVG it draws, hence 'unsafe-inline' for styles only.
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>Event Model Diagram</title>
</head>
<body>
  ${diagramBodyMarkup()}
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
