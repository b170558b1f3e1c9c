import type * as vscode from 'vscode';
import { parseModel, YamlPieceCache, type ParsedModel } from '../core/index.js';

/**
 * One parse per model text, shared by everything that reads a model: live validation, sample
 * files checked against their model, highlighting, the diagram preview and export. Each model
 * also keeps the pieces of its last parse, so an edit of a large model parses only the lines
 * around the edit again. Entries are dropped when their file closes or is deleted.
 */
const models = new Map<string, { text: string; parsed: ParsedModel; pieces: YamlPieceCache }>();

/** The parsed model of a file's text: from the cache when the text has not changed. */
export function parsedModel(uri: vscode.Uri, text: string): ParsedModel {
  const key = uri.toString();
  let entry = models.get(key);
  if (entry?.text === text) return entry.parsed;
  const pieces = entry?.pieces ?? new YamlPieceCache();
  entry = { text, parsed: parseModel(text, { pieces }), pieces };
  models.set(key, entry);
  return entry.parsed;
}

/** Forgets a file's parse (it was closed or deleted). */
export function forgetModel(uri: vscode.Uri): void {
  models.delete(uri.toString());
}
