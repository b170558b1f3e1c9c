import { pathToFileURL } from 'node:url';
import * as lsp from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../core/index.js';
import type { CodeLensPlace } from '../core/language/symbols.js';
import type * as core from '../core/language/types.js';
import { canonicalUri } from './workspaceIndex.js';

/**
 * Core types to LSP types and back. Core ranges are LSP ranges already (lines and characters
 * from 0, UTF-16); the work here is severities, kinds, and URIs: the index keys files by one
 * spelling of their URI (canonicalUri) and answers the editor in the editor's own spelling.
 */

/** The editor's spelling of each URI it sent, by the index's spelling. */
export class ClientUris {
  private readonly spelled = new Map<string, string>();

  /** The index's URI for a URI from the editor (remembered, to answer in the editor's spelling). */
  fromClient(uri: string): string {
    const key = canonicalUri(uri);
    if (key !== uri) this.spelled.set(key, uri);
    return key;
  }

  toClient(uri: string): string {
    return this.spelled.get(uri) ?? uri;
  }

  forget(uri: string): void {
    this.spelled.delete(uri);
  }
}

const SEVERITY: Record<Severity, lsp.DiagnosticSeverity> = {
  error: lsp.DiagnosticSeverity.Error,
  warning: lsp.DiagnosticSeverity.Warning,
  info: lsp.DiagnosticSeverity.Information,
};

const FROM_SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'event-model';

/**
 * A core diagnostic as an LSP one: same range and message, the code linked to its section of the
 * diagnostics reference when `docs` (that page's URI) is known, related places as related information.
 */
export function toLspDiagnostic(d: Diagnostic, uri: string, uris: ClientUris, docs?: string): lsp.Diagnostic {
  const out: lsp.Diagnostic = { range: d.range, message: d.message, severity: SEVERITY[d.severity], source: DIAGNOSTIC_SOURCE, code: d.code };
  if (docs !== undefined) out.codeDescription = { href: `${docs}#${d.code}` };
  if (d.related) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: uris.toClient(r.file ? canonicalUri(pathToFileURL(r.file).href) : uri), range: r.range },
      message: r.message,
    }));
  }
  return out;
}

/**
 * The core diagnostics an editor sends back (with a code action request): the published ones
 * they were made from when still known (same code, range and message), else rebuilt from them.
 */
export function fromLspDiagnostics(sent: readonly lsp.Diagnostic[], published: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of sent) {
    if (d.source !== undefined && d.source !== DIAGNOSTIC_SOURCE) continue;
    if (typeof d.code !== 'string') continue;
    const known = published.find((p) => p.code === d.code && p.message === d.message && sameRange(p.range, d.range));
    out.push(known ?? { code: d.code as Diagnostic['code'], severity: FROM_SEVERITY[d.severity ?? 1] ?? 'error', message: d.message, range: d.range });
  }
  return out;
}

function sameRange(a: core.Range, b: lsp.Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function toLocation(l: core.Location, uris: ClientUris): lsp.Location {
  return { uri: uris.toClient(l.uri), range: l.range };
}

export function toTextEdit(e: core.TextEdit): lsp.TextEdit {
  return { range: e.range, newText: e.newText };
}

export function toWorkspaceEdit(e: core.WorkspaceEdit, uris: ClientUris): lsp.WorkspaceEdit {
  const changes: Record<string, lsp.TextEdit[]> = {};
  for (const [uri, edits] of Object.entries(e.changes)) changes[uris.toClient(uri)] = edits.map(toTextEdit);
  return { changes };
}

const COMPLETION_KIND: Record<core.CompletionKind, lsp.CompletionItemKind> = {
  keyword: lsp.CompletionItemKind.Keyword,
  event: lsp.CompletionItemKind.Event,
  command: lsp.CompletionItemKind.Function,
  aggregate: lsp.CompletionItemKind.Class,
  projection: lsp.CompletionItemKind.Struct,
  policy: lsp.CompletionItemKind.Interface,
  type: lsp.CompletionItemKind.TypeParameter,
  error: lsp.CompletionItemKind.Constant,
  field: lsp.CompletionItemKind.Field,
  value: lsp.CompletionItemKind.EnumMember,
  path: lsp.CompletionItemKind.Reference,
  snippet: lsp.CompletionItemKind.Snippet,
};

export function toCompletionItem(c: core.CompletionItem, snippets: boolean): lsp.CompletionItem {
  const out: lsp.CompletionItem = { label: c.label, kind: COMPLETION_KIND[c.kind] };
  if (c.detail !== undefined) out.detail = c.detail;
  if (c.documentation !== undefined) out.documentation = { kind: lsp.MarkupKind.Markdown, value: c.documentation };
  if (c.sortText !== undefined) out.sortText = c.sortText;
  const asSnippet = c.snippet === true && snippets;
  const text = c.insertText === undefined ? c.label : asSnippet ? c.insertText : plainOfSnippet(c.insertText, c.snippet === true);
  if (asSnippet) out.insertTextFormat = lsp.InsertTextFormat.Snippet;
  if (c.range !== undefined) out.textEdit = { range: c.range, newText: text };
  else if (c.insertText !== undefined) out.insertText = text;
  return out;
}

/** A snippet's text for an editor without snippets: placeholders' defaults kept, tab stops dropped. */
export function plainOfSnippet(text: string, snippet: boolean): string {
  if (!snippet) return text;
  return text
    // A default stops at the next `$` as well as at its `}`, so a run of unclosed placeholders cannot make the pattern go back.
    .replace(/\$\{\d+:([^}$]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

export function toHover(h: core.Hover): lsp.Hover {
  return { contents: { kind: lsp.MarkupKind.Markdown, value: h.contents }, range: h.range };
}

const SYMBOL_KIND: Record<core.SymbolKind, lsp.SymbolKind> = {
  section: lsp.SymbolKind.Namespace,
  aggregate: lsp.SymbolKind.Class,
  command: lsp.SymbolKind.Function,
  event: lsp.SymbolKind.Event,
  projection: lsp.SymbolKind.Struct,
  policy: lsp.SymbolKind.Interface,
  type: lsp.SymbolKind.TypeParameter,
  scenario: lsp.SymbolKind.Method,
  error: lsp.SymbolKind.Constant,
  field: lsp.SymbolKind.Field,
  sample: lsp.SymbolKind.Object,
};

/**
 * A symbol as the editor takes it, with nothing it would default anyway: no `children` when there
 * are none, no `detail` when empty. A large model's outline is tens of thousands of symbols, each
 * byte of them sent, parsed and converted on the editor's side after every edit.
 */
export function toDocumentSymbol(s: core.DocumentSymbol): lsp.DocumentSymbol {
  const out: lsp.DocumentSymbol = { name: s.name, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange };
  if (s.detail !== undefined && s.detail !== '') out.detail = s.detail;
  if (s.children.length > 0) out.children = s.children.map(toDocumentSymbol);
  return out;
}

/**
 * The most symbols a model's outline lists by default (`eventModel.outline.maxItems`), as VS
 * Code's own JSON support caps its outline: the editor converts and draws the whole outline
 * after every edit, which on the extension host grows with the number of symbols (a 5,000-element
 * model is some 19,000 symbols with its fields, over 4 MB to send and convert each time).
 */
export const OUTLINE_MAX_ITEMS = 1000;

/**
 * A file's outline as sent: `toDocumentSymbol` of each, within `limit` symbols. Past the limit the
 * elements go without their fields; past it still, every section stays and lists its first
 * elements, in the model's order, as many as the limit leaves room for, its detail telling how
 * many of how many. Every element is still found among the workspace symbols.
 */
export function toDocumentSymbols(list: readonly core.DocumentSymbol[], limit = OUTLINE_MAX_ITEMS): lsp.DocumentSymbol[] {
  const count = (l: readonly core.DocumentSymbol[]): number => l.reduce((n, x) => n + 1 + count(x.children), 0);
  if (count(list) <= limit) return list.map(toDocumentSymbol);
  const withoutFields = (x: core.DocumentSymbol): core.DocumentSymbol => ({ ...x, children: x.children.filter((c) => c.kind !== 'field').map(withoutFields) });
  const lean = list.map(withoutFields);
  if (count(lean) <= limit) return lean.map(toDocumentSymbol);
  // A list with no sections (a sample file's events) is cut itself.
  if (lean.length >= limit) {
    const kept = lean.slice(0, limit).map((x) => ({ ...x, children: [] }));
    const last = kept[kept.length - 1];
    if (lean.length > limit && last) {
      const shown = `the first ${limit.toLocaleString('en')} of ${lean.length.toLocaleString('en')} listed (eventModel.outline.maxItems)`;
      kept[kept.length - 1] = { ...last, detail: last.detail ? `${last.detail} · ${shown}` : shown };
    }
    return kept.map(toDocumentSymbol);
  }
  let room = limit - lean.length;
  return lean.map((section) => {
    const kept: core.DocumentSymbol[] = [];
    for (const child of section.children) {
      const size = 1 + count(child.children);
      if (size > room) break;
      kept.push(child);
      room -= size;
    }
    if (kept.length === section.children.length) return toDocumentSymbol(section);
    const shown = `first ${kept.length.toLocaleString('en')} of ${section.children.length.toLocaleString('en')} (eventModel.outline.maxItems)`;
    room = 0;
    return toDocumentSymbol({ ...section, detail: section.detail ? `${section.detail}, ${shown}` : shown, children: kept });
  });
}

export function toWorkspaceSymbol(s: core.WorkspaceSymbol, uris: ClientUris): lsp.SymbolInformation {
  const out: lsp.SymbolInformation = { name: s.name, kind: SYMBOL_KIND[s.kind], location: toLocation(s.location, uris) };
  if (s.container !== undefined) out.containerName = s.container;
  return out;
}

/** The command of a reference-count lens; its arguments: the file's URI, the lens's position, the places (LSP locations). */
export const SHOW_REFERENCES_COMMAND = 'eventModel.showReferences';

/**
 * A CodeLens with its command. The command is the client's: VS Code's client turns the plain
 * arguments into a call of `editor.action.showReferences`; other editors show the title.
 */
export function toCodeLens(l: core.CodeLens, uri: string, uris: ClientUris): lsp.CodeLens {
  return {
    range: l.range,
    command: {
      title: l.title,
      command: l.locations.length > 0 ? SHOW_REFERENCES_COMMAND : '',
      arguments: [uris.toClient(uri), l.range.start, l.locations.map((x) => toLocation(x, uris))],
    },
  };
}

/**
 * What a lens listed without its count carries, for `codeLens/resolve`: its file (by the number
 * `LensFiles` gave its URI), its element's kind and its name. Short, because a large model's
 * lenses are thousands, each taken in by the editor after every edit: with the URI spelled out,
 * the file's name was most of the answer.
 */
export type LensData = [file: number, kind: CodeLensPlace['kind'], name: string];

const LENS_KINDS = new Set<string>(['type', 'aggregate', 'command', 'event', 'projection', 'policy']);

export function isLensData(x: unknown): x is LensData {
  return Array.isArray(x) && x.length === 3 && Number.isInteger(x[0]) && typeof x[1] === 'string' && LENS_KINDS.has(x[1]) && typeof x[2] === 'string';
}

/** A number for each file whose lenses were listed, in place of its URI in each lens's data; never reused while the server runs. */
export class LensFiles {
  private readonly numbers = new Map<string, number>();
  private readonly uris: string[] = [];

  numberOf(clientUri: string): number {
    let n = this.numbers.get(clientUri);
    if (n === undefined) {
      n = this.uris.push(clientUri) - 1;
      this.numbers.set(clientUri, n);
    }
    return n;
  }

  /** The editor's URI of a lens's file; undefined for a number this server did not give (a lens listed by a server since restarted). */
  uriOf(n: number): string | undefined {
    return this.uris[n];
  }
}

/** A lens as listed: its range and its element (`file` from `LensFiles`), no command until it is resolved. */
export function toLensPlace(p: CodeLensPlace, file: number): lsp.CodeLens {
  const data: LensData = [file, p.kind, p.name];
  return { range: p.range, data };
}

/**
 * The most elements of a model that get a reference-count lens by default
 * (`eventModel.codeLens.maxItems`). The editor lists every lens again after each edit and the
 * extension host converts each one, twice: on a model of thousands of elements that alone held
 * the host for longer than a keystroke may.
 */
export const CODE_LENS_MAX_ITEMS = 1000;

/** The setting named by the lens where a model's lenses stop; clicking it opens that setting. */
const CODE_LENS_SETTING = 'eventModel.codeLens.maxItems';

/**
 * A model's lenses as listed, in the file's order: the first `limit` elements' (`toLensPlace`),
 * then, on the next element, one lens that says where the counts stop and why, and opens the
 * setting when clicked.
 */
export function toLensPlaces(places: readonly CodeLensPlace[], file: number, limit = CODE_LENS_MAX_ITEMS): lsp.CodeLens[] {
  const out = places.slice(0, limit).map((p) => toLensPlace(p, file));
  const next = places[limit];
  if (next) {
    const title = `References counted on the first ${limit.toLocaleString('en')} of ${places.length.toLocaleString('en')} elements (${CODE_LENS_SETTING})`;
    out.push({ range: next.range, command: { title, command: 'workbench.action.openSettings', arguments: [CODE_LENS_SETTING] } });
  }
  return out;
}

/** A lens of a file the server no longer knows as a model: no count, and nothing to click. */
export function toResolvedLens(l: lsp.CodeLens): lsp.CodeLens {
  return { range: l.range, command: { title: '', command: '' } };
}

export function toCodeAction(a: core.CodeAction, uri: string, uris: ClientUris, docs?: string): lsp.CodeAction {
  const out: lsp.CodeAction = {
    title: a.title,
    kind: a.kind === 'source.fixAll' ? lsp.CodeActionKind.SourceFixAll : lsp.CodeActionKind.QuickFix,
    diagnostics: a.diagnostics.map((d) => toLspDiagnostic(d, uri, uris, docs)),
    edit: toWorkspaceEdit(a.edit, uris),
  };
  if (a.preferred) out.isPreferred = true;
  return out;
}

export function toPrepareRename(p: core.PrepareRename): lsp.PrepareRenameResult {
  return { range: p.range, placeholder: p.placeholder };
}
