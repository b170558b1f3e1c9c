// The transport above the panel: jump to start or end, step, play at a speed, jump between
// problems, and a slider over the whole timeline with the position "n / length".
import { h, ICONS, icon, iconButton } from './dom';

export interface ToolbarActions {
  seek(position: number): void;
  step(delta: number): void;
  togglePlay(): void;
  speed(eventsPerSecond: number): void;
  problem(direction: 'next' | 'previous'): void;
}

/** Playback speeds offered, in events per second. */
export const SPEEDS = [1, 2, 5, 10, 25, 100] as const;

export class Toolbar {
  readonly element: HTMLElement;
  private readonly title = h('span', { class: 'title' });
  private readonly start = iconButton('start', 'Jump to start', ICONS.start, 'Home');
  private readonly back = iconButton('step-back', 'Step back', ICONS.back, 'Left');
  private readonly play = iconButton('play', 'Play', ICONS.play, 'Space');
  private readonly forward = iconButton('step-forward', 'Step forward', ICONS.forward, 'Right');
  private readonly end = iconButton('end', 'Jump to end', ICONS.end, 'End');
  private readonly previousProblem = iconButton('previous-problem', 'Previous problem', ICONS.up, 'Shift+F8');
  private readonly nextProblem = iconButton('next-problem', 'Next problem', ICONS.down, 'F8');
  private readonly speedSelect = h('select', { id: 'speed', 'aria-label': 'Playback speed', title: 'Playback speed, in events per second' });
  private readonly slider = h('input', { id: 'slider', type: 'range', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Position in the timeline' });
  private readonly label = h('span', { id: 'position', class: 'position', 'aria-live': 'off' });
  private length = 0;

  constructor(actions: ToolbarActions) {
    for (const s of SPEEDS) this.speedSelect.append(h('option', { value: s }, `${s} / s`));
    this.speedSelect.value = '5';
    const problems = h('span', { class: 'group', role: 'group', 'aria-label': 'Problems' }, icon([...ICONS.nextProblem]), this.previousProblem, this.nextProblem);
    problems.firstElementChild!.classList.add('group-icon');
    this.element = h(
      'div',
      { id: 'toolbar', role: 'toolbar', 'aria-label': 'Replay' },
      this.title,
      h('span', { class: 'group', role: 'group', 'aria-label': 'Transport' }, this.start, this.back, this.play, this.forward, this.end),
      this.speedSelect,
      problems,
      h('span', { class: 'timeline' }, this.slider, this.label),
    );
    this.start.addEventListener('click', () => actions.seek(0));
    this.end.addEventListener('click', () => actions.seek(this.length));
    this.back.addEventListener('click', () => actions.step(-1));
    this.forward.addEventListener('click', () => actions.step(1));
    this.play.addEventListener('click', () => actions.togglePlay());
    this.previousProblem.addEventListener('click', () => actions.problem('previous'));
    this.nextProblem.addEventListener('click', () => actions.problem('next'));
    this.speedSelect.addEventListener('change', () => actions.speed(Number(this.speedSelect.value)));
    this.slider.addEventListener('input', () => actions.seek(Number(this.slider.value)));
  }

  /** A new (or rebuilt) timeline. */
  setTimeline(title: string, length: number, problemCount: number): void {
    this.title.textContent = title;
    this.title.title = title;
    this.length = length;
    this.slider.max = String(length);
    this.previousProblem.disabled = this.nextProblem.disabled = problemCount === 0;
    this.setPosition(Math.min(Number(this.slider.value), length));
  }

  setPosition(position: number): void {
    this.slider.value = String(position);
    const text = `${position.toLocaleString('en-US')} / ${this.length.toLocaleString('en-US')}`;
    this.label.textContent = text;
    this.slider.setAttribute('aria-valuetext', position === 0 ? `Before the first event, of ${this.length}` : `Event ${position} of ${this.length}`);
    this.start.disabled = this.back.disabled = position <= 0;
    this.end.disabled = this.forward.disabled = position >= this.length;
    // A disabled button loses focus: keep the keyboard in the toolbar.
    if (document.activeElement instanceof HTMLButtonElement && document.activeElement.disabled) this.play.focus();
  }

  setPlaying(playing: boolean): void {
    this.play.replaceChildren(icon([...(playing ? ICONS.pause : ICONS.play)]));
    this.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    this.play.title = playing ? 'Pause (Space)' : 'Play (Space)';
    this.play.setAttribute('aria-pressed', String(playing));
  }

  setSpeed(eventsPerSecond: number): void {
    if (SPEEDS.includes(eventsPerSecond as (typeof SPEEDS)[number])) this.speedSelect.value = String(eventsPerSecond);
  }
}
