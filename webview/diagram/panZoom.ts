/** A pan-and-zoom transform over one element, driven by mouse, wheel and keyboard. */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

/** A rectangle in the content's own (unscaled) pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest zoom the user reaches with the wheel or `-` (Fit may go below it, to fit). */
const MIN_SCALE = 0.1;
const MAX_SCALE = 8;
/** Room kept around the content when it is fitted or a node is brought into view. */
const MARGIN = 16;
const ANIMATION_MS = 280;

export class PanZoom {
  private view: Viewport = { x: 0, y: 0, scale: 1 };
  private drag: { pointerId: number; startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;
  private animation: number | undefined;
  /** The content's size, set after each drawing (the SVG's own size). */
  private size = { width: 1, height: 1 };

  constructor(
    private readonly frame: HTMLElement,
    private readonly content: HTMLElement,
    private readonly onChange: (v: Viewport) => void,
  ) {
    frame.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    frame.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    frame.addEventListener('pointermove', (e) => this.onPointerMove(e));
    frame.addEventListener('pointerup', (e) => this.onPointerUp(e));
    frame.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    frame.addEventListener('keydown', (e) => this.onKey(e));
  }

  get viewport(): Viewport {
    return { ...this.view };
  }

  /** The frame's size on screen. */
  get frameSize(): { width: number; height: number } {
    const r = this.frame.getBoundingClientRect();
    return { width: r.width, height: r.height };
  }

  /** The content's size in its own pixels. */
  get contentSize(): { width: number; height: number } {
    return { ...this.size };
  }

  /** The part of the content on screen, in the content's pixels. */
  get visible(): Box {
    const { width, height } = this.frameSize;
    const s = this.view.scale;
    return { x: -this.view.x / s, y: -this.view.y / s, width: width / s, height: height / s };
  }

  /** True right after a drag, so the click that ends it does not count as a click on a node. */
  get justDragged(): boolean {
    return this.lastDragEnded > performance.now() - 50;
  }

  private lastDragEnded = 0;

  /** Measures the drawn SVG: call after the content changed. */
  measure(): void {
    const svg = this.content.querySelector('svg');
    if (!svg) return;
    const r = svg.getBoundingClientRect();
    const s = this.view.scale;
    this.size = { width: Math.max(1, r.width / s), height: Math.max(1, r.height / s) };
  }

  set(v: Viewport): void {
    this.stopAnimation();
    this.apply(v);
  }

  private apply(v: Viewport): void {
    const scale = Number.isFinite(v.scale) && v.scale > 0 ? Math.min(MAX_SCALE, v.scale) : 1;
    this.view = { x: v.x, y: v.y, scale };
    this.content.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
    this.onChange(this.viewport);
  }

  /** The scale at which the whole content fits the frame (no upper or lower limit). */
  fitScale(box: Box = this.whole()): number {
    const { width, height } = this.frameSize;
    return Math.min((width - 2 * MARGIN) / Math.max(1, box.width), (height - 2 * MARGIN) / Math.max(1, box.height));
  }

  /**
   * The viewport that shows a box: fitted into the frame and centred, with the scale kept between
   * `min` and `max`. When `min` makes the box larger than the frame, `anchor` (a point in the
   * content) is centred instead, or the box's top-left corner is shown.
   */
  viewportFor(box: Box, limits: { min?: number; max?: number; anchor?: { x: number; y: number } } = {}): Viewport {
    const { width, height } = this.frameSize;
    const fit = this.fitScale(box);
    const scale = Math.max(limits.min ?? 0, Math.min(limits.max ?? Infinity, fit));
    if (scale <= fit + 1e-9) {
      return { scale, x: (width - box.width * scale) / 2 - box.x * scale, y: (height - box.height * scale) / 2 - box.y * scale };
    }
    if (limits.anchor) return this.clamped(this.centredOn(limits.anchor, scale));
    // Larger than the frame: its top-left corner, and centred along the side that fits.
    const x = box.width * scale <= width - 2 * MARGIN ? (width - box.width * scale) / 2 - box.x * scale : MARGIN - box.x * scale;
    const y = box.height * scale <= height - 2 * MARGIN ? (height - box.height * scale) / 2 - box.y * scale : MARGIN - box.y * scale;
    return { scale, x, y };
  }

  /** The viewport at `scale` with a content point in the middle of the frame. */
  centredOn(point: { x: number; y: number }, scale = this.view.scale): Viewport {
    const { width, height } = this.frameSize;
    return { scale, x: width / 2 - point.x * scale, y: height / 2 - point.y * scale };
  }

  /** The viewport at `scale` with a content point at the frame's top-left corner (within the content). */
  cornerAt(point: { x: number; y: number }, scale: number): Viewport {
    return this.clamped({ scale, x: MARGIN - point.x * scale, y: MARGIN - point.y * scale });
  }

  /** Scales the whole content to fit the frame, centred, never above 100% and however small it must be. */
  fit(): void {
    this.set(this.viewportFor(this.whole(), { max: 1 }));
  }

  /** True when the box is inside the frame (with a margin, in screen pixels) at the current viewport. */
  shows(box: Box, margin = MARGIN): boolean {
    const v = this.visible;
    const m = margin / this.view.scale;
    return box.x >= v.x + m && box.y >= v.y + m && box.x + box.width <= v.x + v.width - m && box.y + box.height <= v.y + v.height - m;
  }

  /** Pans (smoothly) so the box is in view, at the current scale; does nothing when it already is. */
  bringIntoView(box: Box): void {
    if (this.shows(box)) return;
    const { width, height } = this.frameSize;
    const s = this.view.scale;
    let target = this.centredOn({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    // A box larger than the frame: show its top-left corner.
    if (box.width * s > width - 2 * MARGIN) target = { ...target, x: MARGIN - box.x * s };
    if (box.height * s > height - 2 * MARGIN) target = { ...target, y: MARGIN - box.y * s };
    this.animateTo(this.clamped(target));
  }

  /**
   * The viewport moved as little as needed so the content does not leave empty room at an edge
   * along a side where it is larger than the frame.
   */
  clamped(v: Viewport): Viewport {
    const { width, height } = this.frameSize;
    const w = this.size.width * v.scale;
    const h = this.size.height * v.scale;
    const x = w + 2 * MARGIN > width ? Math.min(MARGIN, Math.max(width - MARGIN - w, v.x)) : v.x;
    const y = h + 2 * MARGIN > height ? Math.min(MARGIN, Math.max(height - MARGIN - h, v.y)) : v.y;
    return { ...v, x, y };
  }

  /** Moves to a viewport in a short ease, or at once when the user asked for reduced motion. */
  animateTo(target: Viewport): void {
    this.stopAnimation();
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (reduced) {
      this.apply(target);
      return;
    }
    const from = this.viewport;
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / ANIMATION_MS);
      const k = 1 - (1 - t) ** 3;
      this.apply({ x: from.x + (target.x - from.x) * k, y: from.y + (target.y - from.y) * k, scale: from.scale + (target.scale - from.scale) * k });
      this.animation = t < 1 ? requestAnimationFrame(step) : undefined;
    };
    this.animation = requestAnimationFrame(step);
  }

  /** True while a smooth pan runs. */
  get animating(): boolean {
    return this.animation !== undefined;
  }

  private stopAnimation(): void {
    if (this.animation !== undefined) cancelAnimationFrame(this.animation);
    this.animation = undefined;
  }

  private whole(): Box {
    return { x: 0, y: 0, ...this.size };
  }

  zoomBy(factor: number, atX?: number, atY?: number): void {
    const frame = this.frameSize;
    const cx = atX ?? frame.width / 2;
    const cy = atY ?? frame.height / 2;
    // Never below what Fit shows, so zooming out always reaches the whole diagram.
    const min = Math.min(MIN_SCALE, this.fitScale());
    const scale = Math.min(MAX_SCALE, Math.max(min, this.view.scale * factor));
    const k = scale / this.view.scale;
    this.set({ scale, x: cx - (cx - this.view.x) * k, y: cy - (cy - this.view.y) * k });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const frame = this.frame.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey || Math.abs(e.deltaY) > Math.abs(e.deltaX)) {
      this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - frame.left, e.clientY - frame.top);
    } else {
      this.panBy(-e.deltaX, -e.deltaY);
    }
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || (!this.content.contains(e.target as Node) && e.target !== this.frame)) return;
    this.drag = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, x: this.view.x, y: this.view.y, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.pointerId !== e.pointerId) return;
    const dx = e.clientX - d.startX;
    const dy = e.clientY - d.startY;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) this.frame.setPointerCapture(e.pointerId);
    d.moved = true;
    this.frame.classList.add('dragging');
    this.set({ ...this.view, x: d.x + dx, y: d.y + dy });
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.drag?.pointerId !== e.pointerId) return;
    if (this.drag.moved) this.lastDragEnded = performance.now();
    this.drag = undefined;
    this.frame.classList.remove('dragging');
  }

  private onKey(e: KeyboardEvent): void {
    const step = 60;
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
      '0': () => this.fit(),
      ArrowLeft: () => this.panBy(step, 0),
      ArrowRight: () => this.panBy(-step, 0),
      ArrowUp: () => this.panBy(0, step),
      ArrowDown: () => this.panBy(0, -step),
    };
    const action = actions[e.key];
    const target = e.target as HTMLElement | null;
    if (action && !(target instanceof HTMLSelectElement || target instanceof HTMLInputElement || target instanceof HTMLButtonElement)) {
      e.preventDefault();
      action();
    }
  }
}
