import {
  CodeActionKind, LSPErrorCodes, ResponseError,
  type CancellationToken, type CodeAction, type CodeLens, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { rangeContains } from '../core/index.js';
import { codeActions, fixAll } from '../core/language/codeActions.js';
import { complete } from '../core/language/completion.js';
import { explainCode, hover } from '../core/language/hover.js';
import { definition, references } from '../core/language/navigation.js';
import { prepareRename, rename } from '../core/language/rename.js';
import { codeLensPlaces, documentSymbols, resolveCodeLens, workspaceSymbols } from '../core/language/symbols.js';
import type { RenameRefused } from '../core/language/types.js';
import {
  fromLspDiagnostics, isLensData, LensFiles, toCodeAction, toCodeLens, toLensPlaces, toResolvedLens, toCompletionItem, toDocumentSymbols, toHover, toLocation, toPrepareRename, toWorkspaceEdit, toWorkspaceSymbol,
} from './convert.js';
import { registerOutlineRequest } from './outlineRequest.js';
import { registerSemanticTokens, semanticTokensCapability } from './semanticTokens.js';
import type { ServerContext } from './server.js';

/**
 * The language features of src/core/language wired to the connection: each request's URI and
 * position go to the core function over the workspace index, and its answer comes back in LSP
 * types (convert.ts). The core functions are synchronous: a request cancelled before it runs
 * is answered with nothing, and a feature that throws is logged and answered with nothing, so a
 * bug in one feature never takes the server down.
 */
export function registerFeatures(ctx: ServerContext): void {
  const { connection, index, uris } = ctx;

  /** The index's URI of a request's document, when the server knows the file. */
  const known = (uri: string): string | undefined => {
    const key = uris.fromClient(uri);
    return index.has(key) ? key : undefined;
  };

  function guarded<P, R>(name: string, run: (params: P) => R | null): (params: P, token: CancellationToken) => R | null {
    return (params, token) => {
      if (token.isCancellationRequested) return null;
      try {
        return run(params);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return null;
      }
    };
  }

  connection.onCompletion(
    guarded('completion', (p) => {
      const uri = known(p.textDocument.uri);
      return uri === undefined ? null : complete(index.forTyping(uri), uri, p.position).map((c) => toCompletionItem(c, ctx.snippets));
    }),
  );

  connection.onHover(
    guarded('hover', (p) => {
      const uri = known(p.textDocument.uri);
      if (uri === undefined) return null;
      const found = hover(index, uri, p.position);
      // Over a finding: what its code means, below what the editor shows of the finding itself.
      const findings = ctx.checks.findings(uri).filter((d) => rangeContains(d.range, p.position));
      const explained = [...new Set(findings.map((d) => d.code))].map((c) => explainCode(c, ctx.docs));
      if (!found && explained.length === 0) return null;
      const contents = [...(found ? [found.contents] : []), ...explained].join('\n\n---\n\n');
      return toHover({ contents, range: found?.range ?? findings[0]!.range });
    }),
  );

  connection.onDefinition(
    guarded('definition', (p) => {
      const uri = known(p.textDocument.uri);
      return uri === undefined ? null : definition(index, uri, p.position).map((l) => toLocation(l, uris));
    }),
  );

  connection.onReferences(
    guarded('references', (p) => {
      const uri = known(p.textDocument.uri);
      return uri === undefined ? null : references(index, uri, p.position, p.context.includeDeclaration).map((l) => toLocation(l, uris));
    }),
  );

  connection.onPrepareRename(
    guarded('prepareRename', (p) => {
      const uri = known(p.textDocument.uri);
      if (uri === undefined) return null;
      const found = prepareRename(index, uri, p.position);
      if (found === undefined) return null;
      if (isRefused(found)) throw refusal(found);
      return toPrepareRename(found);
    }),
  );

  connection.onRenameRequest(
    guarded('rename', (p) => {
      const uri = known(p.textDocument.uri);
      if (uri === undefined) return null;
      const edit = rename(index, uri, p.position, p.newName);
      if (isRefused(edit)) throw refusal(edit);
      return toWorkspaceEdit(edit, uris);
    }),
  );

  connection.onDocumentSymbol(
    guarded('documentSymbol', (p) => {
      const uri = known(p.textDocument.uri);
      if (uri === undefined) return null;
      const symbols = documentSymbols(index, uri);
      return ctx.settings(uri).then(
        (s) => toDocumentSymbols(symbols, s.outlineMaxItems),
        () => toDocumentSymbols(symbols),
      );
    }),
  );

  connection.onWorkspaceSymbol(guarded('workspaceSymbol', (p) => workspaceSymbols(index, p.query).map((s) => toWorkspaceSymbol(s, uris))));

  connection.onCodeAction(
    guarded('codeAction', (p) => {
      const uri = known(p.textDocument.uri);
      if (uri === undefined) return null;
      const published = ctx.checks.findings(uri);
      const only = p.context.only;
      const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      const out: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        const sent = fromLspDiagnostics(p.context.diagnostics, published);
        out.push(...codeActions(index, uri, p.range, sent).map((a) => toCodeAction(a, uri, uris, ctx.docs)));
      }
      // Fix all reads the whole file's findings, not only those in the range asked about. It is
      // worked out only when asked for by name (a save's code actions, the Source Action menu):
      // a light bulb's request names no kind, and never shows a source action anyway.
      if (only && wants(CodeActionKind.SourceFixAll)) {
        const all = fixAll(index, uri, published);
        if (all) out.push(toCodeAction(all, uri, uris, ctx.docs));
      }
      return out;
    }),
  );

  // Lenses are listed without their counts (a range and what element it is); the editor asks
  // for the count of those it shows. On a large model the counts and places of every element
  // would be megabytes to send and convert after each edit, for the few lenses on screen.
  const lensFiles = new LensFiles();
  connection.onCodeLens(
    guarded('codeLens', (p) => {
      const uri = known(p.textDocument.uri);
      if (uri === undefined) return null;
      const file = lensFiles.numberOf(p.textDocument.uri);
      const places = codeLensPlaces(index, uri);
      return ctx.settings(uri).then(
        (s) => toLensPlaces(places, file, s.codeLensMaxItems),
        () => toLensPlaces(places, file),
      );
    }),
  );

  // Resolved against the file's current parse, whatever version the lens was listed for: the
  // element is found again by kind and name (the editor lists the lenses again after an edit).
  const resolveLens = guarded('codeLens/resolve', (lens: CodeLens) => {
    if (!isLensData(lens.data)) return lens;
    const [file, kind, name] = lens.data;
    const clientUri = lensFiles.uriOf(file);
    const uri = clientUri === undefined ? undefined : known(clientUri);
    const found = uri === undefined ? undefined : resolveCodeLens(index, uri, kind, name, lens.range);
    return found ? toCodeLens(found, uri!, uris) : toResolvedLens(lens);
  });
  // A resolve always answers a lens: the one asked about as it came, if cancelled or failed.
  connection.onCodeLensResolve((lens, token) => resolveLens(lens, token) ?? lens);

  registerSemanticTokens(ctx, known, guarded);
  registerOutlineRequest(ctx, known, guarded);
}

/** What the server offers besides document sync, for the `initialize` answer. */
export function featureCapabilities(): ServerCapabilities {
  return {
    // Names complete as they are typed; `.` and `$` start a `$event.`/`$state.` path.
    completionProvider: { triggerCharacters: ['.', '$'] },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeLensProvider: { resolveProvider: true },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll], resolveProvider: false },
    semanticTokensProvider: semanticTokensCapability(),
  };
}

function isRefused(x: object): x is RenameRefused {
  return 'refused' in x;
}

/** A refused rename as the error the editor shows as is. */
function refusal(r: RenameRefused): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, r.refused);
}

