import type { Diagnostic } from '../diagnostics.js';
import type { ParsedModel } from '../model/parse.js';
import type { ParsedSamples } from '../samples/parseSamples.js';
import type { Position, Range } from '../source.js';

/**
 * The language features of models and sample files, as plain data in the core's own terms
 * (positions and ranges from 0, as in the Language Server Protocol). The language server turns
 * them into LSP messages; nothing here knows of LSP, VS Code or the file system.
 */

/** One file the language features read: a model or a sample file, by its URI. */
export interface LanguageFile {
  uri: string;
  text: string;
  /** The editor's version of the text, when it is open. */
  version?: number;
}

/** A parsed model file. */
export interface ModelFile extends LanguageFile {
  kind: 'model';
  parsed: ParsedModel;
}

/** A parsed sample file, and the model it pairs with, when one is found. */
export interface SampleFile extends LanguageFile {
  kind: 'samples';
  parsed: ParsedSamples;
  /** The URI of its model (by its `model:` key or the naming convention), when that model is known. */
  modelUri?: string;
  /**
   * A JSON Lines file too large to hold parsed: its events were not read (`parsed.events` is
   * empty) and `text` may be only its first line, which names the model.
   */
  eventsUnread?: boolean;
}

export type IndexedFile = ModelFile | SampleFile;

/**
 * The files the features look across: every model and sample file of the workspace, open or
 * not. Implemented by the server's workspace index; the tests give a small one over fixtures.
 */
export interface FileIndex {
  get(uri: string): IndexedFile | undefined;
  /** Every indexed file. */
  files(): Iterable<IndexedFile>;
  /** The sample files that pair with a model. */
  samplesOf(modelUri: string): SampleFile[];
  /** The model a file belongs to: itself for a model, its paired model for a sample file. */
  modelOf(uri: string): ModelFile | undefined;
}

/** A place in a file. */
export interface Location {
  uri: string;
  range: Range;
}

/** A text change in one file. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Text changes across files, by URI. */
export interface WorkspaceEdit {
  changes: Record<string, TextEdit[]>;
}

export type CompletionKind = 'keyword' | 'event' | 'command' | 'aggregate' | 'projection' | 'policy' | 'type' | 'error' | 'field' | 'value' | 'path' | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** A short line beside the label, such as a field's type. */
  detail?: string;
  /** Markdown shown beside the list. */
  documentation?: string;
  /** The text inserted, when it is not the label; a snippet when `snippet` is true (`$1`, `${1:x}`). */
  insertText?: string;
  snippet?: boolean;
  /** The text replaced (default: the word at the cursor). */
  range?: Range;
  /** How the list sorts (default: the label). */
  sortText?: string;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  range: Range;
}

export type SymbolKind = 'section' | 'aggregate' | 'command' | 'event' | 'projection' | 'policy' | 'type' | 'scenario' | 'error' | 'field' | 'sample';

export interface DocumentSymbol {
  name: string;
  kind: SymbolKind;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** The context (model) it belongs to. */
  container?: string;
  location: Location;
}

export interface CodeLens {
  range: Range;
  title: string;
  /** Where the lens leads: the places it counts. */
  locations: Location[];
}

export interface PrepareRename {
  range: Range;
  placeholder: string;
}

/** A rename that cannot be done, and why (shown to the user as is). */
export interface RenameRefused {
  refused: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  /** The diagnostics it fixes. */
  diagnostics: Diagnostic[];
  edit: WorkspaceEdit;
  /** The one to offer first among several for the same diagnostic. */
  preferred?: boolean;
}

export type { Diagnostic, Position, Range };
