import type * as vscode from 'vscode';
import { diagramBodyMarkup } from '../../protocol/diagramMarkup.js';
import { webviewHtml } from '../webviewHtml.js';

/** The diagram webview's HTML; Mermaid's SVG styles need inline styles, scripts stay nonce-only. */
export function diagramHtml(webview: vscode.Webview, bundleRoot: vscode.Uri): string {
  return webviewHtml(webview, bundleRoot, { script: 'diagram.js', style: 'diagram-style.css', title: 'Event Model Diagram', body: diagramBodyMarkup(), inlineStyles: true });
}
