import type { DiagramFilterState, DiagramViewName, HostToDiagramMessage } from '../../src/protocol/diagram';

interface ToolbarActions {
  onView(view: DiagramViewName): void;
  onFilter(filter: DiagramFilterState): void;
  onFit(): void;
  onZoom(factor: number): void;
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

/** The pickers above the diagram: view, scope (aggregate or projection), focus, and zoom buttons. */
export class Toolbar {
  private readonly view: HTMLSelectElement;
  private readonly scope: HTMLSelectElement;
  private readonly focus: HTMLSelectElement;
  private readonly title: HTMLElement;

  constructor(root: HTMLElement, actions: ToolbarActions) {
    this.title = root.querySelector('.title')!;
    this.view = root.querySelector('#view')!;
    this.scope = root.querySelector('#scope')!;
    this.focus = root.querySelector('#focus')!;
    this.view.addEventListener('change', () => actions.onView(this.view.value as DiagramViewName));
    this.scope.addEventListener('change', () => {
      this.focus.value = '';
      actions.onFilter(this.filterFrom(this.scope.value));
    });
    this.focus.addEventListener('change', () => {
      this.scope.value = '';
      actions.onFilter(this.focus.value ? { focus: this.focus.value } : {});
    });
    root.querySelector('#fit')!.addEventListener('click', () => actions.onFit());
    root.querySelector('#zoom-in')!.addEventListener('click', () => actions.onZoom(1.25));
    root.querySelector('#zoom-out')!.addEventListener('click', () => actions.onZoom(0.8));
  }

  private filterFrom(value: string): DiagramFilterState {
    const [kind, name] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (kind === 'aggregate') return { aggregate: name };
    if (kind === 'projection') return { projection: name };
    return {};
  }

  /** Fills the pickers from a render message (names come from the model, set as text only). */
  update(m: Extract<HostToDiagramMessage, { type: 'render' }>): void {
    this.title.textContent = m.title;
    this.view.value = m.view;
    this.scope.replaceChildren(
      option('', 'Whole model'),
      ...m.aggregates.map((a) => option(`aggregate:${a}`, `Aggregate: ${a}`)),
      ...m.projections.map((p) => option(`projection:${p}`, `Projection: ${p}`)),
    );
    this.scope.value = m.filter.aggregate ? `aggregate:${m.filter.aggregate}` : m.filter.projection ? `projection:${m.filter.projection}` : '';
    this.focus.replaceChildren(option('', 'Focus on…'), ...m.elements.map((e) => option(e.name, `${e.name} (${e.kind})`)));
    this.focus.value = m.filter.focus ?? '';
  }
}
