import type * as vscode from 'vscode';
import { diagramBodyMarkup } from '../../protocol/diagramMarkup.js';
import { webviewHtml } from '../webviewHtml.js';

/**
 * The diagram webview's HTML; Mermaid's SVG styles need inline styles, scripts stay nonce-only.
 * The toolbar names the model from the first paint, before the bundle loads and the first diagram comes.
 */
export function diagramHtml(webview: vscode.Webview, bundleRoot: vscode.Uri, title = ''): string {
  const body = diagramBodyMarkup().replace(/<span class="title">[^<]*<\/span>/, `<span class="title">${escapeHtml(title)}</span>`);
  return webviewHtml(webview, bundleRoot, { script: 'diagram.js', style: 'diagram-style.css', title: 'Event Model Diagram', body, inlineStyles: true });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
