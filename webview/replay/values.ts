// How JSON values are shown: scalars coloured by kind, records and lists as compact text, event
// data as an indented block. Everything goes in as text.
import type { JsonValue, Provenance, Written } from '../../src/core/replay/types';
import { h } from './dom';

function kindOf(v: JsonValue | undefined): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'record' : typeof v;
}

/** One line of text for a value; long values are cut (the whole value is in the tooltip). */
export function compactText(v: JsonValue | undefined, max = 160): string {
  const text = v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value as an inline element coloured by its kind. */
export function valueElement(v: JsonValue | undefined, max?: number): HTMLElement {
  const kind = kindOf(v);
  const text = compactText(v, max);
  const el = h('span', { class: `value v-${kind}` }, kind === 'string' ? `"${text}"` : text);
  // The whole value in the tooltip, when the text is cut or is a record or list on one line.
  if (v !== undefined && (text.endsWith('…') || kind === 'list' || kind === 'record')) el.title = JSON.stringify(v, null, 2);
  return el;
}

/** An indented JSON block, with keys, strings, numbers and literals in the debugger's colours. */
export function jsonBlock(v: JsonValue, label: string): HTMLElement {
  const pre = h('pre', { class: 'json', tabindex: 0, 'aria-label': label });
  const text = JSON.stringify(v, null, 2) ?? 'null';
  // Keys, strings, numbers, literals: the tokens of JSON.stringify's own output, read in one
  // pass (a pattern tried at every position would go back over long strings).
  let last = 0;
  let i = 0;
  const flush = (to: number) => {
    if (to > last) pre.append(text.slice(last, to));
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end = Math.min(text.length, end + 1);
      let colon = end;
      while (text[colon] === ' ') colon++;
      const isKey = text[colon] === ':';
      flush(i);
      pre.append(h('span', { class: isKey ? 'j-key' : 'j-string' }, text.slice(i, end)));
      last = i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
      flush(i);
      pre.append(h('span', { class: 'j-number' }, text.slice(i, end)));
      last = i = end;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (word) {
        flush(i);
        pre.append(h('span', { class: 'j-literal' }, word));
        last = i = i + word.length;
      } else i++;
    } else i++;
  }
  pre.append(text.slice(last));
  return pre;
}

/** Who last wrote a path: its own entry, or the nearest enclosing path's (`''`: the whole record). */
export function writerOf(provenance: Provenance, path: string): Written | undefined {
  for (let p = path; ; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
    if (Object.hasOwn(provenance, p)) return provenance[p];
    if (p === '') return undefined;
  }
}

/** The fields of a record in a stable order: the given order first, then the rest as they come. */
export function fieldNames(records: ReadonlyArray<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) names.add(k);
  return [...names];
}

/** The value at a dotted path of a record (undefined where the path does not lead). */
export function valueAt(record: JsonValue | undefined, path: string): JsonValue | undefined {
  if (path === '') return record;
  let v: JsonValue | undefined = record;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}
