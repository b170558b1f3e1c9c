import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What one panel's page holds: its bundle and stylesheet (in the bundle folder), title and body. */
export interface WebviewPage {
  script: string;
  style: string;
  title: string;
  body?: string;
  /** Whether inline styles are allowed (Mermaid writes a <style> element into each SVG it draws). */
  inlineStyles?: boolean;
}

/** A panel's HTML: a strict CSP with a script nonce, the bundle and its stylesheet, no inline script. */
export function webviewHtml(webview: vscode.Webview, bundleRoot: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, page.style));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}${page.inlineStyles ? " 'unsafe-inline'" : ''}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>${page.title}</title>
</head>
<body>
  ${page.body ?? ''}
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
