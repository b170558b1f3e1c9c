import * as vscode from 'vscode';
import type { Diagnostic, Range } from '../../core/index.js';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Converts a core diagnostic: same range and message, the code linked to its section of
 * docs/diagnostics.md shipped with the extension, related places as related information.
 */
export function toVscodeDiagnostic(d: Diagnostic, uri: vscode.Uri, docs: vscode.Uri): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  out.source = 'event-model';
  out.code = { value: d.code, target: docs.with({ fragment: d.code }) };
  if (d.related) {
    out.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(r.file ? vscode.Uri.file(r.file) : uri, toRange(r.range)), r.message),
    );
  }
  return out;
}
