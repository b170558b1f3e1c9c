// The right-hand pane: the selected step's heading and problems, then its sections (state or
// diff, event data, commands). Sections keep their open or closed state from step to step.
import type { ReplayStateMessage } from '../../src/protocol/replay';
import { h, ICONS, icon } from './dom';
import { FIRST_INSTANCES, FIRST_ROWS, onValueLink, renderDiff, renderState, type StateActions, type StateDrawing } from './stateView';
import { eventData, issuedCommands, stepHeading, stepProblems, type StepActions } from './stepView';

export type StepPaneActions = StepActions & StateActions & { diff(on: boolean): void };

export class StepPane {
  readonly element = h('section', { id: 'step', class: 'pane step-pane', 'aria-label': 'Selected step', tabindex: -1 });
  private readonly closed = new Set<string>();
  private last: ReplayStateMessage | undefined;
  private length = 0;
  private drawing: StateDrawing | undefined;
  private instances = FIRST_INSTANCES;
  private rows = FIRST_ROWS;
  diffOn = false;

  constructor(private readonly actions: StepPaneActions) {
    onValueLink(this.element, () => this.drawing, actions);
  }

  setLength(length: number): void {
    this.length = length;
  }

  /** Shows a step (or, with none, what is shown before the first state arrives). */
  show(message: ReplayStateMessage | undefined): void {
    this.last = message;
    const scroll = this.element.scrollTop;
    if (!message) {
      this.element.replaceChildren();
      return;
    }
    const step = message.step;
    const drawing: StateDrawing = {
      links: [],
      instances: this.instances,
      rows: this.rows,
      more: (what) => {
        if (what === 'instances') this.instances *= 4;
        else this.rows *= 4;
        this.show(this.last);
      },
    };
    this.drawing = drawing;
    const parts: Array<HTMLElement | null> = [stepHeading(message.position, this.length, step, this.actions), step ? stepProblems(step, this.actions) : null];
    const toggle = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show' }, this.segment('State', false), this.segment('Diff', true));
    const changes = step?.changes.length ?? 0;
    parts.push(
      this.section('state', this.diffOn ? 'Diff against the previous step' : 'State', this.diffOn ? renderDiff(message, drawing) : renderState(message, drawing), toggle, changes ? String(changes) : undefined, `${changes} change${changes === 1 ? '' : 's'} in this step`),
    );
    if (step) {
      parts.push(this.section('data', step.upcast ? 'Event data: as written and as read' : 'Event data', eventData(step, this.actions)));
      parts.push(this.section('commands', 'Commands the policies issue', issuedCommands(step, this.actions), undefined, String(step.commands.length)));
    }
    this.element.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    this.element.scrollTop = scroll;
  }

  setDiff(on: boolean): void {
    this.diffOn = on;
    this.show(this.last);
  }

  private segment(label: string, diff: boolean): HTMLButtonElement {
    const b = h('button', { type: 'button', class: 'segment', 'aria-pressed': String(this.diffOn === diff), title: diff ? 'Before and after of what this step changed (D)' : 'The whole state at this step (D)' }, diff ? icon([...ICONS.diff]) : null, label);
    b.id = diff ? 'show-diff' : 'show-state';
    b.addEventListener('click', () => this.actions.diff(diff));
    return b;
  }

  private section(id: string, title: string, body: HTMLElement, tools?: HTMLElement, badge?: string, badgeTitle?: string): HTMLElement {
    const details = h('details', { class: 'section', id: `section-${id}`, open: !this.closed.has(id) });
    details.addEventListener('toggle', () => (details.open ? this.closed.delete(id) : this.closed.add(id)));
    const summary = h('summary', {}, h('span', { class: 'section-title' }, title), badge ? h('span', { class: 'count', title: badgeTitle }, badge) : null);
    details.append(summary);
    if (tools) details.append(h('div', { class: 'section-tools' }, tools));
    details.append(body);
    return details;
  }
}
