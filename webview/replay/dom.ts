// Small DOM builders. Every text from the model or the samples goes in as text, never as markup.

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined>;

/** An element with attributes (booleans: present or not) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

const SVG = 'http://www.w3.org/2000/svg';

/** A 16 by 16 icon drawn in the text colour, hidden from assistive technology (its button has a label). */
export function icon(paths: string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  for (const d of paths) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

/** The icons of the panel, as path data on a 16-unit grid. */
export const ICONS = {
  start: ['M3 3h1.5v10H3z', 'M13 3.2v9.6L5.8 8z'],
  back: ['M11.5 3.2v9.6L4.3 8z'],
  play: ['M4.5 2.8v10.4L13 8z'],
  pause: ['M4 3h3v10H4z', 'M9 3h3v10H9z'],
  forward: ['M4.5 3.2v9.6L11.7 8z'],
  end: ['M11.5 3H13v10h-1.5z', 'M3 3.2v9.6L10.2 8z'],
  nextProblem: ['M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.3a5.2 5.2 0 1 1 0 10.4A5.2 5.2 0 0 1 8 2.8z', 'M7.3 4.5h1.4v4.2H7.3zM7.3 9.8h1.4v1.4H7.3z'],
  up: ['M8 4.3l5 5-1 1-4-4-4 4-1-1z'],
  down: ['M8 11.7l-5-5 1-1 4 4 4-4 1 1z'],
  error: ['M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm2.6 3l.9.9L8.9 8l2.6 2.6-.9.9L8 8.9l-2.6 2.6-.9-.9L7.1 8 4.5 5.4l.9-.9L8 7.1z'],
  warning: ['M8 1.6l7 12.6H1zm0 2.6L3.2 12.9h9.6zM7.3 6.5h1.4v3.3H7.3zm0 4.2h1.4v1.3H7.3z'],
  diff: ['M3 2h6l4 4v8H3zm1.3 1.3v9.4h7.4V6.6H8.4V3.3zM5.5 8.5h5v1.2h-5zm1.9-1.9h1.2v5H7.4z'],
  link: ['M6.9 9.1a2.6 2.6 0 0 1 0-3.7l2-2a2.6 2.6 0 1 1 3.7 3.7l-.9.9-.9-.9.9-.9a1.3 1.3 0 1 0-1.9-1.9l-2 2a1.3 1.3 0 0 0 0 1.9zm2.2-2.2a2.6 2.6 0 0 1 0 3.7l-2 2a2.6 2.6 0 1 1-3.7-3.7l.9-.9.9.9-.9.9a1.3 1.3 0 1 0 1.9 1.9l2-2a1.3 1.3 0 0 0 0-1.9z'],
} as const;

/** A button that shows only an icon: its label is the accessible name and the tooltip. */
export function iconButton(id: string, label: string, paths: readonly string[], shortcut?: string): HTMLButtonElement {
  const b = h('button', { id, type: 'button', class: 'icon-button', 'aria-label': label, title: shortcut ? `${label} (${shortcut})` : label });
  b.append(icon([...paths]));
  return b;
}

/** "1 event", "2 events". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
