import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { buildModel } from './build.js';
import { hasSyntaxErrors, loadYaml, reportRootNotMapping } from './loadYaml.js';
import type { YamlPieceCache } from './chunkedYaml.js';
import { emptyModel, type Model } from './model.js';
import { modelSchema } from './schema.js';
import { checkSchema } from './schemaCheck.js';
import type { LineIndex } from '../source.js';

/** A parsed model file: the model (as much as could be read) and the problems found reading it. */
export interface ParsedModel {
  model: Model;
  diagnostics: Diagnostic[];
  /** Positions in the text, for tools that map offsets (undefined when the file was refused). */
  lines?: LineIndex;
  /** YAML syntax errors make the tree a best guess: the model is kept for navigation, not checked. */
  syntaxErrors?: boolean;
}

export interface ParseOptions {
  /**
   * Pieces of the last parse of the same file: an editor passes one per document, so an edit
   * parses only the lines around it again (see chunkedYaml.ts).
   */
  pieces?: YamlPieceCache;
}

/**
 * Parses a `.events.yaml` text. Never throws: malformed YAML, wrong shapes and unsafe input are
 * reported as diagnostics at their place, and everything readable is still in the model.
 */
export function parseModel(text: string, options: ParseOptions = {}): ParsedModel {
  const loaded = loadYaml(text, 'model', options.pieces);
  if ('refused' in loaded) return { model: emptyModel(), diagnostics: loaded.refused };
  const { ctx, data, root } = loaded;
  if (!root) {
    reportRootNotMapping(loaded, 'A model file holds a mapping at the top level (keys such as `version:` and `context:`)');
    return { model: emptyModel(), diagnostics: sortDiagnostics(ctx.diagnostics), lines: ctx.lines };
  }
  try {
    if (hasSyntaxErrors(ctx)) {
      const model = buildModel(root, { ...ctx, diagnostics: [] });
      return { model, diagnostics: dedupe(ctx.diagnostics), lines: ctx.lines, syntaxErrors: true };
    }
    checkSchema(modelSchema, data, root, ctx);
    const model = buildModel(root, ctx);
    return { model, diagnostics: dedupe(ctx.diagnostics), lines: ctx.lines };
  } catch (e) {
    // A bug of ours must not take the editor down: report it where the user can see it.
    ctx.diagnostics.push(diagnostic('yaml-syntax', `Internal error while reading the model: ${e instanceof Error ? e.message : String(e)}`, ctx.lines.range(0, 0)));
    return { model: emptyModel(), diagnostics: dedupe(ctx.diagnostics), lines: ctx.lines };
  }
}

/** Drops repeats of the same finding at the same place (YAML and the builder can both see one). */
export function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  // A repeated element name is reported as duplicate-name, which says more than YAML's duplicate-key.
  const names = new Set(list.filter((d) => d.code === 'duplicate-name').map((d) => `${d.range.start.line}:${d.range.start.character}`));
  list = list.filter((d) => !(d.code === 'duplicate-key' && names.has(`${d.range.start.line}:${d.range.start.character}`)));
  for (const d of sortDiagnostics(list)) {
    const k = `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
