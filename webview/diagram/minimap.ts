import type { DiagramLayout } from './measure';
import type { Box, PanZoom } from './panZoom';

const MAX_WIDTH = 168;
const MAX_HEIGHT = 120;

/**
 * The overview in the frame's corner, shown while the diagram is larger than the panel: the nodes
 * as coloured blocks and the part on screen as a rectangle. A click or a drag moves the view there.
 */
export class Minimap {
  private readonly canvas: HTMLCanvasElement;
  private readonly closeButton: HTMLButtonElement;
  private layout: DiagramLayout | undefined;
  private size = { width: 1, height: 1 };
  private ratio = 1;
  private picture: HTMLCanvasElement | undefined;
  private dragging: number | undefined;
  private closed: boolean;

  constructor(
    private readonly root: HTMLElement,
    private readonly showButton: HTMLButtonElement,
    private readonly panZoom: PanZoom,
    closed: boolean,
    private readonly onClosed: (closed: boolean) => void,
  ) {
    this.closed = closed;
    this.canvas = root.querySelector('canvas')!;
    this.closeButton = root.querySelector('.minimap-close')!;
    this.closeButton.addEventListener('click', () => this.setClosed(true));
    showButton.addEventListener('click', () => this.setClosed(false));
    this.canvas.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      this.dragging = e.pointerId;
      this.canvas.setPointerCapture(e.pointerId);
      this.moveTo(e);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (this.dragging === e.pointerId) this.moveTo(e);
    });
    const end = (e: PointerEvent) => {
      if (this.dragging === e.pointerId) this.dragging = undefined;
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    // The frame's wheel zoom and keys stay the frame's; the overview only takes the pointer.
    root.addEventListener('wheel', (e) => e.stopPropagation(), { passive: true });
  }

  private setClosed(closed: boolean): void {
    this.closed = closed;
    this.onClosed(closed);
    this.update();
    (closed ? this.showButton : this.closeButton).focus();
  }

  /** A new drawing: its nodes, drawn once into a picture the viewport rectangle goes over. */
  setLayout(layout: DiagramLayout, content: { width: number; height: number }): void {
    this.layout = layout;
    this.ratio = Math.min(MAX_WIDTH / content.width, MAX_HEIGHT / content.height);
    this.size = { width: Math.max(24, Math.round(content.width * this.ratio)), height: Math.max(16, Math.round(content.height * this.ratio)) };
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, (this.picture = document.createElement('canvas'))]) {
      c.width = Math.round(this.size.width * dpr);
      c.height = Math.round(this.size.height * dpr);
    }
    this.canvas.style.width = `${this.size.width}px`;
    this.canvas.style.height = `${this.size.height}px`;
    const g = this.picture.getContext('2d');
    if (!g) return;
    g.scale(dpr, dpr);
    const fg = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#888';
    for (const s of layout.shapes) {
      g.globalAlpha = s.dimmed ? 0.35 : 1;
      g.fillStyle = s.fill || fg;
      g.fillRect(s.x * this.ratio, s.y * this.ratio, Math.max(1, s.width * this.ratio), Math.max(1, s.height * this.ratio));
    }
    this.update();
  }

  /** Shows or hides the overview for the current viewport, and draws where the view is. */
  update(): void {
    const needed = !!this.layout && !this.panZoom.shows({ x: 0, y: 0, ...this.panZoom.contentSize }, -1);
    this.root.hidden = !needed || this.closed;
    this.showButton.hidden = !needed || !this.closed;
    if (this.root.hidden || !this.picture) return;
    const g = this.canvas.getContext('2d');
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    g.drawImage(this.picture, 0, 0);
    g.scale(dpr, dpr);
    const v = this.panZoom.visible;
    const style = getComputedStyle(document.body);
    g.strokeStyle = style.getPropertyValue('--vscode-focusBorder').trim() || '#007fd4';
    g.lineWidth = 1.5;
    const r = this.clip({ x: v.x * this.ratio, y: v.y * this.ratio, width: v.width * this.ratio, height: v.height * this.ratio });
    g.fillStyle = style.getPropertyValue('--vscode-minimapSlider-background').trim() || 'rgba(121, 121, 121, 0.2)';
    g.fillRect(r.x, r.y, r.width, r.height);
    g.strokeRect(r.x + 0.75, r.y + 0.75, Math.max(2, r.width - 1.5), Math.max(2, r.height - 1.5));
  }

  private clip(b: Box): Box {
    const x = Math.max(0, b.x);
    const y = Math.max(0, b.y);
    return { x, y, width: Math.max(0, Math.min(this.size.width, b.x + b.width) - x), height: Math.max(0, Math.min(this.size.height, b.y + b.height) - y) };
  }

  private moveTo(e: PointerEvent): void {
    const r = this.canvas.getBoundingClientRect();
    const point = { x: (e.clientX - r.left) / this.ratio, y: (e.clientY - r.top) / this.ratio };
    this.panZoom.set(this.panZoom.centredOn(point));
  }
}
