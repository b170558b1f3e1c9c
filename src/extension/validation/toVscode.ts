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
 * Converts a core diagnostic: same range and message, the code linked to its explanation
 * (`link`, see DiagnosticDocs), related places as related information.
 */
export function toVscodeDiagnostic(d: Diagnostic, uri: vscode.Uri, link: (code: string) => vscode.Uri): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  out.source = 'event-model';
  out.code = { value: d.code, target: link(d.code) };
  if (d.related) {
    out.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(r.file ? vscode.Uri.file(r.file) : uri, toRange(r.range)), r.message),
    );
  }
  return out;
}

const FROM_SEVERITY: Partial<Record<vscode.DiagnosticSeverity, Diagnostic['severity']>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
};

/**
 * A diagnostic from the language server in the core's terms, for the host's checks that read a
 * model's own findings. Its code is one of the core's: the server publishes no other.
 */
export function fromVscodeDiagnostic(d: vscode.Diagnostic): Diagnostic {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  const r = d.range;
  return {
    code: String(code ?? '') as Diagnostic['code'],
    severity: FROM_SEVERITY[d.severity] ?? 'info',
    message: d.message,
    range: { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } },
  };
}
