/**
 * The language features over the core, pure: completion, hover, go to definition, references,
 * rename, symbols, CodeLens counts and quick fixes, for models and sample files. The language
 * server calls these; so do the unit tests, directly against fixture files.
 *
 * Each feature lives in its own module:
 *   completion.ts   complete(index, uri, position): CompletionItem[]
 *   hover.ts        hover(index, uri, position): Hover | undefined
 *   navigation.ts   definition(index, uri, position): Location[]; references(index, uri, position, includeDeclaration): Location[]
 *   rename.ts       prepareRename(index, uri, position): PrepareRename | RenameRefused | undefined;
 *                   rename(index, uri, position, newName): WorkspaceEdit | RenameRefused
 *   symbols.ts      documentSymbols(index, uri): DocumentSymbol[]; workspaceSymbols(index, query): WorkspaceSymbol[];
 *                   codeLenses(index, uri): CodeLens[]
 *   codeActions.ts  codeActions(index, uri, range, diagnostics): CodeAction[]; fixAll(index, uri, diagnostics): CodeAction | undefined
 *   occurrences.ts  the shared index of every name's definition and uses in a model and its samples
 */
export type * from './types.js';
