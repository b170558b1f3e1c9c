import { compareRanges, type Range } from '../source.js';
import { mergeEdits, removalEdit, type Merge, type Removal } from './fixEdits.js';
import { combine, FixFile, type WriteEntry } from './fixFile.js';
import type { FileIndex, TextEdit, WorkspaceEdit } from './types.js';

/**
 * What a quick fix changes, before it is written as text edits: entries merged into mappings,
 * entries removed, text replaced. Fix-all joins the changes of many fixes and writes them once,
 * so two fixes that add to the same mapping (or create two elements in a section that does not
 * exist yet) make one edit, not two that collide.
 */
export interface Change {
  merges: { uri: string; merge: Merge }[];
  removals: { uri: string; removal: Removal }[];
  replaces: { uri: string; edit: TextEdit }[];
}

export function emptyChange(): Change {
  return { merges: [], removals: [], replaces: [] };
}

export function joinChanges(...changes: Change[]): Change {
  return {
    merges: changes.flatMap((c) => c.merges),
    removals: changes.flatMap((c) => c.removals),
    replaces: changes.flatMap((c) => c.replaces),
  };
}

export function isEmptyChange(c: Change): boolean {
  return c.merges.length === 0 && c.removals.length === 0 && c.replaces.length === 0;
}

/** The files a change is written against, read once per URI. */
export class FixFiles {
  private readonly files = new Map<string, FixFile | undefined>();
  constructor(private readonly index: FileIndex) {}

  get(uri: string): FixFile | undefined {
    if (!this.files.has(uri)) {
      const f = this.index.get(uri);
      // A large JSON Lines file may be indexed with only its first line: never edit it.
      this.files.set(uri, f && !(f.kind === 'samples' && f.eventsUnread) ? new FixFile(uri, f.text) : undefined);
    }
    return this.files.get(uri);
  }
}

/**
 * The edits of a change, by file, in the order the Language Server Protocol applies them; or
 * undefined when a part cannot be written or two edits overlap.
 */
export function renderChange(files: FixFiles, change: Change): WorkspaceEdit | undefined {
  const byUri = new Map<string, TextEdit[]>();
  const push = (uri: string, e: TextEdit) => (byUri.get(uri) ?? byUri.set(uri, []).get(uri)!).push(e);
  // Merges into the same mapping become one.
  const merges = new Map<string, { uri: string; merge: Merge }>();
  for (const m of change.merges) {
    const key = `${m.uri}\u0000${m.merge.at}`;
    const had = merges.get(key);
    if (!had) {
      merges.set(key, { uri: m.uri, merge: { ...m.merge, entries: m.merge.entries.map(([k, v]): WriteEntry => [k, v]) } });
      continue;
    }
    for (const [k, v] of m.merge.entries) {
      const same = had.merge.entries.find(([x]) => x === k);
      if (same) same[1] = combine(same[1], v);
      else had.merge.entries.push([k, v]);
    }
  }
  for (const { uri, merge } of merges.values()) {
    const file = files.get(uri);
    const edits = file && mergeEdits(file, merge);
    if (!edits) return undefined;
    for (const e of edits) push(uri, e);
  }
  const removed = new Set<string>();
  for (const { uri, removal } of change.removals) {
    const key = `${uri}\u0000${removal.at}\u0000${removal.key}`;
    if (removed.has(key)) continue;
    removed.add(key);
    const file = files.get(uri);
    const edit = file && removalEdit(file, removal);
    if (!edit) return undefined;
    push(uri, edit);
  }
  for (const { uri, edit } of change.replaces) push(uri, edit);
  const changes: Record<string, TextEdit[]> = {};
  for (const [uri, edits] of byUri) {
    const sorted = ordered(dedupe(edits));
    if (!sorted) return undefined;
    changes[uri] = sorted;
  }
  return { changes };
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}\u0000${e.newText}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** How deep an inserted text starts: a text that goes on the same line first, then the deepest lines. */
function depth(e: TextEdit): number {
  const m = /^\r?\n(?:\r?\n)*( *)/.exec(e.newText);
  return m ? m[1]!.length : Number.MAX_SAFE_INTEGER;
}

const isEmpty = (r: Range) => compareRanges({ start: r.start, end: r.start }, r) === 0;

/**
 * Sorts edits by place; insertions at one place go deepest first, so an entry added to a nested
 * mapping comes before one added to the mapping around it. Undefined when two edits overlap.
 */
function ordered(edits: TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => {
    const c = compareRanges({ start: a.range.start, end: a.range.start }, { start: b.range.start, end: b.range.start });
    if (c !== 0) return c;
    // At one place: insertions before a replacement that starts there; among insertions, deeper first.
    const ea = isEmpty(a.range);
    const eb = isEmpty(b.range);
    if (ea !== eb) return ea ? -1 : 1;
    return depth(b) - depth(a);
  });
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!.range;
    const cur = sorted[i]!.range;
    // Touching is fine (one ends where the next begins); reaching into the next is not.
    if (compareRanges({ start: prev.end, end: prev.end }, { start: cur.start, end: cur.start }) > 0) return undefined;
    if (!isEmpty(prev) && !isEmpty(cur) && compareRanges({ start: prev.start, end: prev.start }, { start: cur.start, end: cur.start }) === 0) return undefined;
  }
  return sorted;
}

/** An edit in offsets of the text it applies to. */
interface Span {
  start: number;
  end: number;
  text: string;
}

/** Applies edits, given in offsets and sorted, to a text. */
function applySpans(text: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

function spansOf(file: FixFile, edits: TextEdit[]): Span[] {
  return edits.map((e) => ({ start: file.offset(e.range.start), end: file.offset(e.range.end), text: e.newText }));
}

/**
 * The edits of the original text that give what `first` and then `second` (edits of the text
 * `first` gives) give together: edits of the second round that meet text of the first are joined
 * with it into one, so the result is still a list of non-overlapping edits of the original.
 */
export function composeEdits(original: string, uri: string, first: TextEdit[], second: TextEdit[]): { edits: TextEdit[]; text: string } {
  const f0 = new FixFile(uri, original);
  const a = spansOf(f0, first);
  const middle = applySpans(original, a);
  const f1 = new FixFile(uri, middle);
  const b = spansOf(f1, second);
  const final = applySpans(middle, b);
  // Where each first-round edit stands in the middle text.
  const placed: { mid: [number, number]; orig: [number, number] }[] = [];
  let delta = 0;
  for (const s of a) {
    placed.push({ mid: [s.start + delta, s.start + delta + s.text.length], orig: [s.start, s.end] });
    delta += s.text.length - (s.end - s.start);
  }
  // A middle offset outside every first-round text, in the original.
  const toOriginal = (m: number): number => {
    let d = 0;
    for (const p of placed) {
      if (p.mid[1] > m) break;
      d = p.mid[1] - p.orig[1];
    }
    return m - d;
  };
  // Groups of middle-text intervals that meet: each becomes one edit of the original.
  const intervals = [
    ...placed.map((p) => ({ start: p.mid[0], end: p.mid[1], orig: p.orig as [number, number] | undefined, second: undefined as Span | undefined })),
    ...b.map((s) => ({ start: s.start, end: s.end, orig: undefined as [number, number] | undefined, second: s as Span | undefined })),
  ].sort((x, y) => x.start - y.start || x.end - y.end);
  const groups: (typeof intervals)[] = [];
  for (const iv of intervals) {
    const last = groups[groups.length - 1];
    const lastEnd = last ? Math.max(...last.map((x) => x.end)) : -1;
    if (last && iv.start <= lastEnd) last.push(iv);
    else groups.push([iv]);
  }
  const out: Span[] = [];
  for (const g of groups) {
    const start = Math.min(...g.map((x) => x.start));
    const end = Math.max(...g.map((x) => x.end));
    const firsts = g.filter((x) => x.orig);
    const origStart = Math.min(...firsts.map((x) => x.orig![0]), ...(firsts.some((x) => x.start === start) ? [] : [toOriginal(start)]));
    const origEnd = Math.max(...firsts.map((x) => x.orig![1]), ...(firsts.some((x) => x.end === end) ? [] : [toOriginal(end)]));
    // The final text of the group: the middle text with this group's second-round edits.
    const mine = g.flatMap((x) => (x.second ? [x.second] : [])).sort((x, y) => x.start - y.start);
    const text = applySpans(middle.slice(start, end), mine.map((s) => ({ start: s.start - start, end: s.end - start, text: s.text })));
    out.push({ start: origStart, end: origEnd, text });
  }
  const edits = out.sort((x, y) => x.start - y.start).map((s) => ({ range: f0.range(s.start, s.end), newText: s.text }));
  return { edits, text: final };
}
