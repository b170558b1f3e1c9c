/** A pan-and-zoom transform over one element, driven by mouse, wheel and keyboard. */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;

export class PanZoom {
  private view: Viewport = { x: 0, y: 0, scale: 1 };
  private drag: { pointerId: number; startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;

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

  /** True right after a drag, so the click that ends it does not count as a click on a node. */
  get justDragged(): boolean {
    return this.lastDragEnded > performance.now() - 50;
  }

  private lastDragEnded = 0;

  set(v: Viewport): void {
    this.view = { x: v.x, y: v.y, scale: Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale)) };
    this.content.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
    this.onChange(this.viewport);
  }

  /** Scales the content to fit the frame, centred, never above 100%. */
  fit(): void {
    const svg = this.content.querySelector('svg');
    if (!svg) return;
    const frame = this.frame.getBoundingClientRect();
    const box = svg.getBBox ? svg.getBBox() : { width: svg.clientWidth, height: svg.clientHeight };
    const width = Math.max(1, svg.viewBox?.baseVal?.width || box.width);
    const height = Math.max(1, svg.viewBox?.baseVal?.height || box.height);
    const scale = Math.min(1, (frame.width - 32) / width, (frame.height - 32) / height);
    this.set({ scale, x: (frame.width - width * scale) / 2, y: Math.max(16, (frame.height - height * scale) / 2) });
  }

  zoomBy(factor: number, atX?: number, atY?: number): void {
    const frame = this.frame.getBoundingClientRect();
    const cx = atX ?? frame.width / 2;
    const cy = atY ?? frame.height / 2;
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.view.scale * factor));
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
    if (e.button !== 0) return;
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
    if (action && !(e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      action();
    }
  }
}
