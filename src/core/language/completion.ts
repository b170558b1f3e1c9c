import { isJsonLines } from '../samples/files.js';
import type { Position } from '../source.js';
import { completeModel } from './completionModel.js';
import type { Candidate } from './completionPayload.js';
import { completeSamples } from './completionSamples.js';
import { cursorContext, siblingKeys, type CursorContext, type PathSegment } from './cursorContext.js';
import { schemaIsList } from './completionSchema.js';
import type { CompletionItem, FileIndex } from './types.js';

/**
 * Completion at a position of a model or sample file: the keys the format allows there, the
 * names a reference may take, `$event.`/`$state.` paths, field types, enum values and the fields
 * of a payload not written yet. The text may be half written: where the cursor is comes from
 * the lines around it (cursorContext.ts), what may go there from the parsed model.
 */
export function complete(index: FileIndex, uri: string, position: Position): CompletionItem[] {
  const file = index.get(uri);
  if (!file) return [];
  const jsonLines = isJsonLines(uri);
  const read = cursorContext(file.text, position, { jsonLines });
  if (!read) return [];
  const context = listItemOf(read, file.kind === 'model' ? schemaIsList : (path) => path.length === 1 && path[0] === 'events');
  const candidates =
    file.kind === 'model'
      ? completeModel(file.parsed.model, context, position)
      : completeSamples(index.modelOf(uri)?.parsed.model, context, jsonLines, position.line);
  const json = file.kind === 'samples' && /\.jsonl?$/i.test(uri);
  return fit(candidates, context, json);
}

/**
 * A word on the line below a list's key (`emits:`, `given:`) reads as a key of a new mapping; it
 * is the list's first item, and its dash is written with it.
 */
function listItemOf(c: CursorContext, isList: (path: readonly PathSegment[]) => boolean): CursorContext {
  if (c.role !== 'key' || c.flow || siblingKeys(c).size > 0 || !isList(c.path)) return c;
  return { ...c, role: 'value', path: [...c.path, 0], needsDash: true };
}

/** Gives each candidate the text it inserts where it goes, its range and its sort order; the first of a label wins. */
function fit(candidates: Candidate[], c: CursorContext, json: boolean): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const cand of candidates) {
    if (seen.has(cand.label)) continue;
    seen.add(cand.label);
    const text = cand.as === 'text' ? (cand.insertText ?? cand.label) : cand.as === 'key' ? keyText(cand.label, c, json, cand.container === true) : valueText(cand.label, c, json);
    const insertText = c.needsDash ? `- ${text}` : text;
    const fitted: CompletionItem = { label: cand.label, kind: cand.kind, range: cand.range ?? c.range, sortText: `${cand.rank ?? 1}${cand.label}` };
    if (cand.detail !== undefined) fitted.detail = cand.detail;
    if (cand.documentation !== undefined) fitted.documentation = cand.documentation;
    if (insertText !== cand.label) fitted.insertText = insertText;
    if (cand.snippet) fitted.snippet = true;
    out.push(fitted);
  }
  return out;
}

function keyText(label: string, c: CursorContext, json: boolean, container: boolean): string {
  if (c.quote || c.colonFollows) return label;
  if (json) return `"${label}": `;
  if (!c.flow && container) return `${label}:`;
  return `${label}: `;
}

const YAML_LITERAL = /^(true|false|null|~|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/;

function valueText(label: string, c: CursorContext, json: boolean): string {
  if (c.quote) return label;
  if (json) return YAML_LITERAL.test(label) && label !== '~' ? label : JSON.stringify(label);
  if (YAML_LITERAL.test(label)) return label;
  // A plain YAML scalar may not hold these; quote the value then.
  return /^[\s[\]{},&*!|>'"%@`#-]|: | #|\s$/.test(label) || (c.flow && /[,[\]{}]/.test(label)) ? JSON.stringify(label) : label;
}
