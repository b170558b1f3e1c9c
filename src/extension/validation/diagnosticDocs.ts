import * as vscode from 'vscode';
import type { Feature } from '../feature.js';
import { codeOfDocsLink, DIAGNOSTICS_PATH, sectionLine } from './docsSection.js';

/** Opens a code's explanation: (code). Used by the links in hovers, which may run only commands. */
export const EXPLAIN_DIAGNOSTIC = 'eventModel.explainDiagnostic';

/**
 * The diagnostics reference shipped with the extension (docs/diagnostics.md) and the links of
 * findings' codes to it.
 *
 * A code links to `<scheme>://<extension id>/diagnostics#<code>`, a URI the extension handles:
 * VS Code opens it from the Problems panel, the hover of a finding and the peek of F8 alike, and
 * the extension shows the reference rendered, in the Markdown preview, scrolled to the code's
 * heading. A link to the file itself would open its raw text at line 1 (VS Code reads only
 * `#L<line>` fragments of files), and a `command:` link would work in the Problems panel only.
 */
export class DiagnosticDocs {
  constructor(
    /** docs/diagnostics.md in the extension's folder. */
    readonly file: vscode.Uri,
    private readonly extensionId: string,
  ) {}

  /** The link of a code's explanation, for a finding's `code.target`. */
  link(code: string): vscode.Uri {
    return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: this.extensionId, path: DIAGNOSTICS_PATH, fragment: code });
  }

  /** A finding with its code linked to its explanation here, if it links to the reference file (as the language server links it). */
  relink(d: vscode.Diagnostic): vscode.Diagnostic {
    if (typeof d.code !== 'object' || d.code.target.scheme !== this.file.scheme || d.code.target.path !== this.file.path) return d;
    d.code = { value: d.code.value, target: this.link(d.code.target.fragment || String(d.code.value)) };
    return d;
  }

  /**
   * Shows the reference at a code's section: rendered in the Markdown preview scrolled to the
   * heading (the preview reads the fragment), or as text at the heading without the Markdown extension.
   */
  async open(code: string): Promise<void> {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', this.file.with({ fragment: code }));
      return;
    } catch {
      // The built-in Markdown extension is disabled: the text, at the heading.
    }
    const doc = await vscode.workspace.openTextDocument(this.file);
    const line = sectionLine(doc.getText(), code) ?? 0;
    const at = new vscode.Range(line, 0, line, 0);
    await vscode.window.showTextDocument(doc, { selection: at, preview: true });
  }
}

/** Handles the links of codes (the extension's URIs) and the command hovers link to. */
export function diagnosticDocsLinks(docs: DiagnosticDocs): Feature {
  return ({ log }) => [
    vscode.window.registerUriHandler({
      handleUri: async (uri) => {
        const code = codeOfDocsLink(uri.path, uri.fragment);
        if (code === undefined) {
          log.warn(`not a link of this extension: ${uri.toString(true)}`);
          return;
        }
        await docs.open(code);
      },
    }),
    vscode.commands.registerCommand(EXPLAIN_DIAGNOSTIC, (code: unknown) => {
      if (typeof code === 'string' && codeOfDocsLink(DIAGNOSTICS_PATH, code) !== undefined) return docs.open(code);
      return undefined;
    }),
  ];
}

/**
 * A hover from the language server with its links to the reference file (`<file>#<code>`)
 * made command links that open the code's section rendered (hovers may open commands they
 * trust, not the extension's URIs).
 */
export function hoverLinkedToSections(hover: vscode.Hover | null | undefined, file: vscode.Uri): vscode.Hover | null | undefined {
  if (!hover) return hover;
  const link = `](${file.toString()}#`;
  const args = (code: string) => encodeURIComponent(JSON.stringify([code]));
  hover.contents = hover.contents.map((c) => {
    if (!(c instanceof vscode.MarkdownString) || !c.value.includes(link)) return c;
    const [first, ...rest] = c.value.split(link);
    let value = first!;
    for (const piece of rest) {
      const code = /^([a-z0-9-]+)\)/.exec(piece);
      value += code ? `](command:${EXPLAIN_DIAGNOSTIC}?${args(code[1]!)})${piece.slice(code[0].length)}` : link + piece;
    }
    const out = new vscode.MarkdownString(value, c.supportThemeIcons);
    out.isTrusted = { enabledCommands: [EXPLAIN_DIAGNOSTIC] };
    out.supportHtml = c.supportHtml;
    out.baseUri = c.baseUri;
    return out;
  });
  return hover;
}
