import * as vscode from 'vscode';
import { parseModel, YamlPieceCache, type ParsedModel } from '../core/index.js';

/**
 * One parse per model text, shared by what the extension host still reads itself: Validate
 * Workspace Models, the diagram export, code generation on save, the Replay panel, and the
 * diagram preview and code generation lenses when no language server runs (with one, those
 * ask the server, and an edit parses nothing here). Each model also keeps the pieces of its
 * last parse, so an edit of a large model parses only the lines around the edit again.
 *
 * Models open in an editor stay until they close or are deleted; of the others (read from disk
 * for a workspace check or for a sample file) only the few used last are kept.
 */
const models = new Map<string, { text: string; parsed: ParsedModel; pieces: YamlPieceCache }>();

/** How many models that no editor shows stay parsed: enough for a model and its sample files. */
const CLOSED_MODELS_KEPT = 4;

/** The parsed model of a file's text: from the cache when the text has not changed. */
export function parsedModel(uri: vscode.Uri, text: string): ParsedModel {
  const key = uri.toString();
  let entry = models.get(key);
  // Most recently used last, so pruning drops the oldest.
  models.delete(key);
  if (entry?.text !== text) {
    const pieces = entry?.pieces ?? new YamlPieceCache();
    entry = { text, parsed: parseModel(text, { pieces }), pieces };
  }
  models.set(key, entry);
  prune();
  return entry.parsed;
}

/** Forgets a file's parse (it was closed or deleted). */
export function forgetModel(uri: vscode.Uri): void {
  models.delete(uri.toString());
}

function prune(): void {
  if (models.size <= CLOSED_MODELS_KEPT) return;
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const closed = [...models.keys()].filter((k) => !open.has(k));
  for (const key of closed.slice(0, Math.max(0, closed.length - CLOSED_MODELS_KEPT))) models.delete(key);
}
