// The filters above the event list: one event type, one stream (a searchable input: there may be
// many streams), free text, and problems only.
import type { ReplayFilterState } from '../../src/protocol/replay';
import { h } from './dom';

/** The filter that shows every event. */
export const NO_FILTER: ReplayFilterState = { types: [], streams: [], text: '', problemsOnly: false };

export function isNoFilter(f: ReplayFilterState): boolean {
  return f.types.length === 0 && f.streams.length === 0 && f.text.trim() === '' && !f.problemsOnly;
}

/** How many stream names the suggestions list offers at once. */
const STREAM_SUGGESTIONS = 200;

export class FilterBar {
  readonly element: HTMLElement;
  private readonly type = h('select', { id: 'filter-type', 'aria-label': 'Event type', title: 'Show one event type' });
  private readonly stream = h('input', { id: 'filter-stream', type: 'search', placeholder: 'Stream', 'aria-label': 'Stream', list: 'stream-names', autocomplete: 'off', spellcheck: 'false' });
  private readonly streamNames = h('datalist', { id: 'stream-names' });
  private readonly text = h('input', { id: 'filter-text', type: 'search', placeholder: 'Filter', 'aria-label': 'Filter by text', autocomplete: 'off', spellcheck: 'false' });
  private readonly problemsOnly = h('input', { id: 'filter-problems', type: 'checkbox' });
  private readonly count = h('span', { id: 'filter-count', class: 'count', role: 'status' });
  private streams: readonly string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly changed: (filter: ReplayFilterState) => void) {
    this.element = h(
      'div',
      { class: 'filters', role: 'search', 'aria-label': 'Filter events' },
      this.type,
      this.stream,
      this.streamNames,
      this.text,
      h('label', { class: 'check', title: 'Show only the events that met a problem' }, this.problemsOnly, 'Problems'),
      this.count,
    );
    this.type.addEventListener('change', () => this.emit(0));
    this.problemsOnly.addEventListener('change', () => this.emit(0));
    // A stream is matched by its whole name: a partial name only narrows the suggestions, and
    // Enter takes the first of them.
    this.stream.addEventListener('input', () => {
      this.suggestStreams();
      const v = this.stream.value.trim();
      this.stream.setAttribute('aria-invalid', String(v !== '' && !this.streams.includes(v)));
      if (v === '' || this.streams.includes(v)) this.emit(0);
    });
    this.stream.addEventListener('keydown', (e) => {
      const v = this.stream.value.trim();
      if (e.key !== 'Enter' || v === '' || this.streams.includes(v)) return;
      const first = this.suggestStreams()[0];
      if (first !== undefined) {
        this.stream.value = first;
        this.stream.setAttribute('aria-invalid', 'false');
      }
    });
    this.text.addEventListener('input', () => this.emit(250));
    for (const input of [this.stream, this.text]) {
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.emit(0);
        if (e.key === 'Escape' && input.value) {
          input.value = '';
          input.removeAttribute('aria-invalid');
          this.emit(0);
          e.stopPropagation();
        }
      });
    }
  }

  /** The pickers of a new timeline; a filter kept from before is shown as it was. */
  setChoices(types: readonly string[], streams: readonly string[], filter: ReplayFilterState): void {
    this.streams = streams;
    this.type.replaceChildren(h('option', { value: '' }, 'All types'), ...types.map((t) => h('option', { value: t }, t)));
    this.set(filter);
    this.suggestStreams();
  }

  set(filter: ReplayFilterState): void {
    this.type.value = filter.types[0] ?? '';
    this.stream.value = filter.streams[0] ?? '';
    this.text.value = filter.text;
    this.problemsOnly.checked = filter.problemsOnly;
  }

  get value(): ReplayFilterState {
    const typed = this.stream.value.trim();
    const stream = this.streams.includes(typed) ? typed : '';
    return {
      types: this.type.value ? [this.type.value] : [],
      streams: stream ? [stream] : [],
      text: this.text.value,
      problemsOnly: this.problemsOnly.checked,
    };
  }

  /** "12 of 40 events" (or "40 events" when nothing is filtered out). */
  setCount(shown: number, total: number): void {
    const all = `${total.toLocaleString('en-US')} event${total === 1 ? '' : 's'}`;
    this.count.textContent = shown === total && isNoFilter(this.value) ? all : `${shown.toLocaleString('en-US')} of ${all}`;
  }

  /** The streams whose names contain what is typed, a few at a time. */
  private suggestStreams(): string[] {
    const q = this.stream.value.trim().toLowerCase();
    const names: string[] = [];
    for (const s of this.streams) {
      if (names.length >= STREAM_SUGGESTIONS) break;
      if (!q || s.toLowerCase().includes(q)) names.push(s);
    }
    this.streamNames.replaceChildren(...names.map((s) => h('option', { value: s })));
    return names;
  }

  private emit(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed(this.value), delay);
  }
}
