import type { DiagramDirection, DiagramElementChoice, DiagramFilterState, DiagramViewName, HostToDiagramMessage } from '../../src/protocol/diagram';

interface ToolbarActions {
  onView(view: DiagramViewName): void;
  onFilter(filter: DiagramFilterState): void;
  onDirection(direction: DiagramDirection): void;
  onFit(): void;
  onZoom(factor: number): void;
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

/**
 * The element a typed text names: the exact name (any case), else the first name that starts with
 * it, else the first that contains it.
 */
export function matchElement(elements: readonly DiagramElementChoice[], text: string): DiagramElementChoice | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  return (
    elements.find((e) => e.name.toLowerCase() === t) ??
    elements.find((e) => e.name.toLowerCase().startsWith(t)) ??
    elements.find((e) => e.name.toLowerCase().includes(t))
  );
}

/**
 * The toolbar above the diagram: view, scope (aggregate or projection), a focus search, the flow's
 * direction and zoom buttons; and the status line under it (what is shown, how to use it, the zoom).
 */
export class Toolbar {
  private readonly root: HTMLElement;
  private readonly view: HTMLSelectElement;
  private readonly scope: HTMLSelectElement;
  private readonly focus: HTMLInputElement;
  private readonly focusList: HTMLDataListElement;
  private readonly direction: HTMLButtonElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly zoom: HTMLElement;
  private elements: DiagramElementChoice[] = [];
  private focused = '';
  private dir: DiagramDirection = 'LR';

  constructor(root: HTMLElement, statusLine: HTMLElement, private readonly actions: ToolbarActions) {
    this.root = root;
    this.title = root.querySelector('.title')!;
    this.view = root.querySelector('#view')!;
    this.scope = root.querySelector('#scope')!;
    this.focus = root.querySelector('#focus')!;
    this.focusList = root.querySelector('#focus-list')!;
    this.direction = root.querySelector('#direction')!;
    this.status = statusLine.querySelector('#status-text')!;
    this.zoom = statusLine.querySelector('#zoom-level')!;
    this.view.addEventListener('change', () => actions.onView(this.view.value as DiagramViewName));
    this.scope.addEventListener('change', () => {
      this.focus.value = '';
      this.focused = '';
      actions.onFilter(this.filterFrom(this.scope.value));
    });
    // `change` comes when a suggestion is picked, on Enter, and when the field is left.
    this.focus.addEventListener('change', () => this.commitFocus());
    this.focus.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commitFocus();
      } else if (e.key === 'Escape' && this.focus.value) {
        e.preventDefault();
        e.stopPropagation();
        this.focus.value = '';
        this.commitFocus();
      }
    });
    // The search field's own clear button.
    this.focus.addEventListener('search', () => {
      if (!this.focus.value) this.commitFocus();
    });
    this.direction.addEventListener('click', () => actions.onDirection(this.dir === 'LR' ? 'TB' : 'LR'));
    root.querySelector('#fit')!.addEventListener('click', () => actions.onFit());
    root.querySelector('#zoom-in')!.addEventListener('click', () => actions.onZoom(1.25));
    root.querySelector('#zoom-out')!.addEventListener('click', () => actions.onZoom(0.8));
  }

  private commitFocus(): void {
    const text = this.focus.value;
    if (!text.trim()) {
      if (this.focused) {
        this.focused = '';
        this.actions.onFilter({});
      }
      return;
    }
    const hit = matchElement(this.elements, text);
    if (!hit) {
      this.setStatus(`No element matches “${text.trim()}”.`);
      return;
    }
    this.focus.value = hit.name;
    if (hit.name === this.focused) return;
    this.focused = hit.name;
    this.scope.value = '';
    this.actions.onFilter({ focus: hit.name });
  }

  private filterFrom(value: string): DiagramFilterState {
    const [kind, name] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (kind === 'aggregate') return { aggregate: name };
    if (kind === 'projection') return { projection: name };
    return {};
  }

  /** Fills the pickers from a render message (names come from the model, set as text only). */
  update(m: Extract<HostToDiagramMessage, { type: 'render' }>, direction: DiagramDirection): void {
    this.root.classList.remove('loading');
    this.title.textContent = m.title;
    this.title.title = m.title;
    this.view.value = m.view;
    this.scope.replaceChildren(
      option('', 'Whole model'),
      ...m.aggregates.map((a) => option(`aggregate:${a}`, `Aggregate: ${a}`)),
      ...m.projections.map((p) => option(`projection:${p}`, `Projection: ${p}`)),
    );
    this.scope.value = m.filter.aggregate ? `aggregate:${m.filter.aggregate}` : m.filter.projection ? `projection:${m.filter.projection}` : '';
    this.elements = m.elements;
    this.focusList.replaceChildren(
      ...m.elements.map((e) => {
        const o = document.createElement('option');
        o.value = e.name;
        o.label = e.kind;
        return o;
      }),
    );
    this.focused = m.filter.focus ?? '';
    if (document.activeElement !== this.focus) this.focus.value = this.focused;
    this.dir = direction;
    this.direction.hidden = m.view !== 'flow';
    this.direction.textContent = direction === 'LR' ? '⇅' : '⇄';
    this.direction.title = direction === 'LR' ? 'Lay the flow out top to bottom' : 'Lay the flow out left to right';
    this.direction.setAttribute('aria-pressed', String(direction === 'TB'));
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  setZoom(scale: number): void {
    this.zoom.textContent = `${Math.round(scale * 100)}%`;
  }
}
