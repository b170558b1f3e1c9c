import type { Box } from './panZoom';

/** What the webview needs to know of a drawn diagram, in the content's own pixels. */
export interface DiagramLayout {
  /** Every box drawn for a node id (a timeline element may have several frames). */
  boxes: Map<string, Box[]>;
  /** The node boxes in drawing order, with their fill, for the overview. */
  shapes: Array<Box & { fill: string; dimmed: boolean }>;
  /** The height of the smallest line of text drawn (0 when there is none). */
  smallestText: number;
}

/** Smallest text height on screen the panel opens at: about an 11 px font (Mermaid's labels are 16 px). */
export const READABLE_TEXT_PX = 13;

/**
 * Measures the drawn SVG at the current transform (`scale`): where each node is and how small its
 * text is. Positions are relative to the canvas's top-left corner, divided by the scale.
 */
export function measureDiagram(canvas: HTMLElement, scale: number): DiagramLayout {
  const origin = canvas.getBoundingClientRect();
  const toBox = (r: DOMRect): Box => ({ x: (r.left - origin.left) / scale, y: (r.top - origin.top) / scale, width: r.width / scale, height: r.height / scale });
  const boxes = new Map<string, Box[]>();
  const shapes: DiagramLayout['shapes'] = [];
  for (const el of canvas.querySelectorAll<SVGGraphicsElement>('[data-ems-node]')) {
    const id = el.getAttribute('data-ems-node')!;
    const box = toBox(el.getBoundingClientRect());
    if (box.width <= 0 || box.height <= 0) continue;
    const list = boxes.get(id);
    if (list) list.push(box);
    else boxes.set(id, [box]);
    const shape = el.querySelector('rect, polygon, path, circle, ellipse');
    const fill = shape ? getComputedStyle(shape).fill : '';
    shapes.push({ ...box, fill: fill && fill !== 'none' ? fill : '', dimmed: el.classList.contains('dimmed') });
  }
  return { boxes, shapes, smallestText: smallestTextHeight(canvas, scale) };
}

/** The height of the smallest line box of visible text in the SVG, in the content's pixels. */
export function smallestTextHeight(canvas: HTMLElement, scale: number): number {
  let smallest = Infinity;
  const walker = document.createTreeWalker(canvas, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent?.trim()) continue;
    const parent = n.parentElement;
    if (!parent || parent.closest('style, defs, title, desc')) continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      const h = r.height / scale;
      // A zero or near-zero box is text not laid out (hidden), not small text.
      if (h >= 2 && h < smallest) smallest = h;
    }
  }
  return Number.isFinite(smallest) ? smallest : 0;
}

/** The box around several boxes. */
export function union(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
