import type { Position, TextEdit, WorkspaceEdit } from '../../../src/core/language/types.js';

/**
 * Applies text edits as an editor does under the Language Server Protocol: every range is read
 * against the original text, ranges may touch but not overlap, and insertions at one place
 * appear in the order given.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // Lines end as an editor ends them: at `\r\n`, `\n` or a lone `\r`.
  const starts = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      ends.push(i > 0 && text[i] === '\n' && text[i - 1] === '\r' ? i - 1 : i);
      starts.push(i + 1);
    }
  }
  ends.push(text.length);
  const offset = (p: Position) => (p.line >= starts.length ? text.length : Math.min(starts[p.line]! + p.character, ends[p.line]!));
  const spans = edits.map((e, order) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText, order }));
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < spans.length; i++) {
    const a = spans[i - 1]!;
    const b = spans[i]!;
    if (b.start < a.end) throw new Error(`overlapping edits at offsets ${a.start}-${a.end} and ${b.start}-${b.end}`);
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/** The texts of every file a workspace edit changes, from their texts before. */
export function applyWorkspaceEdit(texts: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const out = { ...texts };
  for (const [uri, edits] of Object.entries(edit.changes)) {
    if (out[uri] === undefined) throw new Error(`the edit changes ${uri}, which is not among the files`);
    out[uri] = applyEdits(out[uri]!, edits);
  }
  return out;
}
