// The event list, virtualized: rows of a fixed height, only the visible ones in the DOM, their
// entries asked of the host a chunk at a time as the list scrolls. A million rows stay fast.
import { ALL_EVENTS, type ReplayEntry } from '../../src/protocol/replay';
import { h, ICONS, icon } from './dom';

export const ROW_HEIGHT = 22;
/** Rows asked of the host at once. */
const CHUNK = 200;
/** Chunks kept beyond the ones on screen, before the farthest are dropped. */
const KEPT_CHUNKS = 40;
/** The tallest the scrolled content gets; longer lists map the scroll bar onto their rows. */
const MAX_SCROLL_HEIGHT = 8_000_000;

export interface EventListActions {
  request(filterId: number, from: number, to: number): void;
  /** A row was chosen (keyboard or click); `reveal`: also show its line in the sample file. */
  choose(position: number, reveal: boolean): void;
}

export class EventList {
  readonly element: HTMLElement;
  private readonly viewport = h('div', { id: 'events', class: 'list-viewport', role: 'listbox', tabindex: 0, 'aria-label': 'Events' });
  private readonly spacer = h('div', { class: 'list-spacer' });
  private readonly layer = h('div', { class: 'list-rows', role: 'presentation' });
  private readonly empty = h('div', { class: 'list-empty', hidden: true });
  private rows: HTMLElement[] = [];
  private filterId = ALL_EVENTS;
  private count = 0;
  private chunks = new Map<number, ReplayEntry[]>();
  private pending = new Set<number>();
  /** The selected position, and its row in this list when known. */
  private selected = 0;
  private selectedIndex: number | undefined;
  /** The row of the first match after the selection, when the selection is not in this list. */
  private anchor: number | undefined;
  /** A row moved to by the keyboard whose entry has not arrived yet: chosen when it does. */
  private awaitedIndex: number | undefined;
  private frame = 0;

  constructor(private readonly actions: EventListActions) {
    this.viewport.append(this.spacer, this.layer, this.empty);
    this.element = h(
      'div',
      { class: 'list' },
      h('div', { class: 'list-header', 'aria-hidden': 'true' }, h('span', { class: 'c-mark' }), h('span', { class: 'c-pos' }, '#'), h('span', { class: 'c-type' }, 'Type'), h('span', { class: 'c-stream' }, 'Stream'), h('span', { class: 'c-time' }, 'Time')),
      this.viewport,
    );
    this.viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
    this.viewport.addEventListener('keydown', (e) => this.key(e));
    this.layer.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-index]');
      if (!row) return;
      const entry = this.entry(Number(row.dataset.index));
      if (entry) this.choose(Number(row.dataset.index), entry, true);
    });
  }

  /**
   * Shows another list (a new timeline or a new filter): `count` rows, nothing loaded yet.
   * `selectedIndex`: the row of the selection or, when it does not match, of the next match.
   */
  reset(filterId: number, count: number, selectedIndex?: number, emptyText = 'No events match the filter.'): void {
    this.filterId = filterId;
    this.count = count;
    this.chunks.clear();
    this.pending.clear();
    this.awaitedIndex = undefined;
    // Whether the row is the selection itself is known when its entry arrives.
    this.selectedIndex = filterId === ALL_EVENTS ? (this.selected > 0 ? this.selected - 1 : undefined) : undefined;
    this.anchor = filterId === ALL_EVENTS ? undefined : selectedIndex;
    this.empty.hidden = count > 0;
    this.empty.textContent = emptyText;
    this.spacer.style.height = `${Math.min(count * ROW_HEIGHT, MAX_SCROLL_HEIGHT)}px`;
    this.viewport.setAttribute('aria-rowcount', String(count));
    const shown = this.selectedIndex ?? this.anchor;
    if (shown !== undefined) this.scrollTo(shown, 'center');
    else this.viewport.scrollTop = 0;
    this.render();
  }

  /** Entries from the host: kept if they belong to the list on screen. */
  receive(filterId: number, from: number, items: readonly ReplayEntry[]): void {
    if (filterId !== this.filterId || from % CHUNK !== 0) return;
    const chunk = from / CHUNK;
    this.pending.delete(chunk);
    this.chunks.set(chunk, [...items]);
    if (this.selectedIndex === undefined) {
      const i = items.findIndex((e) => e.position === this.selected);
      if (i >= 0) this.selectedIndex = from + i;
    }
    const awaited = this.awaitedIndex;
    if (awaited !== undefined && awaited >= from && awaited < from + items.length) {
      this.awaitedIndex = undefined;
      this.choose(awaited, items[awaited - from]!, false);
    }
    this.render();
  }

  /** The selection moved (toolbar, slider, playback, host): follow it when it is in this list. */
  select(position: number, follow: boolean): void {
    this.selected = position;
    this.awaitedIndex = undefined;
    this.anchor = undefined;
    this.selectedIndex = this.indexOf(position);
    if (follow && this.selectedIndex !== undefined) this.scrollTo(this.selectedIndex, 'nearest');
    this.render();
  }

  focus(): void {
    this.viewport.focus();
  }

  get rowCount(): number {
    return this.count;
  }

  private indexOf(position: number): number | undefined {
    if (this.filterId === ALL_EVENTS) return position > 0 && position <= this.count ? position - 1 : undefined;
    for (const [chunk, items] of this.chunks) {
      const i = items.findIndex((e) => e.position === position);
      if (i >= 0) return chunk * CHUNK + i;
    }
    return undefined;
  }

  private entry(index: number): ReplayEntry | undefined {
    return this.chunks.get(Math.floor(index / CHUNK))?.[index % CHUNK];
  }

  private choose(index: number, entry: ReplayEntry, reveal: boolean): void {
    this.selectedIndex = index;
    this.anchor = undefined;
    this.selected = entry.position;
    this.actions.choose(entry.position, reveal);
    this.render();
  }

  private key(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const from = this.awaitedIndex ?? this.selectedIndex;
    // With the selection outside this list, the next match counts as one step down from it.
    const below = this.anchor ?? this.firstVisible();
    let target: number | undefined;
    switch (e.key) {
      case 'ArrowDown': target = from === undefined ? below : from + 1; break;
      case 'ArrowUp': target = from === undefined ? below - 1 : from - 1; break;
      case 'PageDown': target = from === undefined ? below + page - 1 : from + page; break;
      case 'PageUp': target = from === undefined ? below - page : from - page; break;
      case 'Home': target = 0; break;
      case 'End': target = this.count - 1; break;
      case 'Enter':
      case ' ': {
        const entry = from === undefined ? undefined : this.entry(from);
        if (entry && from !== undefined) this.choose(from, entry, e.key === 'Enter');
        else if (e.key === ' ') return; // let Space reach the player
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (this.count === 0) return;
    target = Math.max(0, Math.min(this.count - 1, target));
    this.scrollTo(target, 'nearest');
    const entry = this.entry(target);
    if (entry) {
      this.awaitedIndex = undefined;
      this.choose(target, entry, false);
    } else {
      this.awaitedIndex = target;
      this.selectedIndex = target;
      this.render();
    }
  }

  // The scroll bar covers at most MAX_SCROLL_HEIGHT pixels: `offset` is the pixel of the full
  // list at the top of the viewport.
  private get scale(): number {
    const full = this.count * ROW_HEIGHT - this.viewport.clientHeight;
    const bar = Math.min(this.count * ROW_HEIGHT, MAX_SCROLL_HEIGHT) - this.viewport.clientHeight;
    return bar > 0 && full > bar ? full / bar : 1;
  }

  private get offset(): number {
    return this.viewport.scrollTop * this.scale;
  }

  private firstVisible(): number {
    return Math.min(this.count - 1, Math.floor(this.offset / ROW_HEIGHT));
  }

  private scrollTo(index: number, where: 'nearest' | 'center'): void {
    const height = this.viewport.clientHeight;
    const top = index * ROW_HEIGHT;
    let offset = this.offset;
    if (where === 'center') offset = top - (height - ROW_HEIGHT) / 2;
    else if (top < offset) offset = top;
    else if (top + ROW_HEIGHT > offset + height) offset = top + ROW_HEIGHT - height;
    else return;
    this.viewport.scrollTop = Math.max(0, offset) / this.scale;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws the visible rows and asks for the chunks they (and one chunk either side) need. */
  private render(): void {
    const height = this.viewport.clientHeight;
    const offset = this.offset;
    const first = Math.max(0, Math.floor(offset / ROW_HEIGHT));
    const visible = Math.min(this.count - first, Math.ceil(height / ROW_HEIGHT) + 1);
    this.layer.style.transform = `translateY(${this.viewport.scrollTop}px)`;
    while (this.rows.length < Math.max(0, visible)) this.rows.push(this.layer.appendChild(h('div', { role: 'option', class: 'row' })));
    let active: string | undefined;
    for (let r = 0; r < this.rows.length; r++) {
      const el = this.rows[r]!;
      const index = first + r;
      if (r >= visible) {
        el.hidden = true;
        continue;
      }
      el.hidden = false;
      el.style.transform = `translateY(${index * ROW_HEIGHT - offset}px)`;
      const selected = index === this.selectedIndex;
      if (selected) active = `row-${r}`;
      this.fill(el, r, index, this.entry(index), selected);
    }
    if (active) this.viewport.setAttribute('aria-activedescendant', active);
    else this.viewport.removeAttribute('aria-activedescendant');
    if (this.count > 0) this.requestAround(first, first + Math.max(0, visible));
  }

  private fill(el: HTMLElement, r: number, index: number, entry: ReplayEntry | undefined, selected: boolean): void {
    const key = entry ? `${this.filterId}:${index}:${entry.position}:${selected}` : `${this.filterId}:${index}:-:${selected}`;
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    el.id = `row-${r}`;
    el.dataset.index = String(index);
    el.setAttribute('aria-selected', String(selected));
    el.setAttribute('aria-posinset', String(index + 1));
    el.setAttribute('aria-setsize', String(this.count));
    el.classList.toggle('selected', selected);
    el.classList.toggle('loading', !entry);
    el.classList.toggle('has-problem', !!entry && entry.problems > 0);
    if (!entry) {
      el.replaceChildren(h('span', { class: 'c-mark' }), h('span', { class: 'c-pos' }, '…'));
      el.removeAttribute('aria-label');
      return;
    }
    const mark = h('span', { class: 'c-mark' });
    if (entry.problems > 0) {
      mark.append(icon([...ICONS.error]));
      mark.title = `${entry.problems} problem${entry.problems === 1 ? '' : 's'}`;
    } else if (entry.changes === 0) mark.append(h('span', { class: 'no-change', title: 'Changed nothing' }, '·'));
    el.replaceChildren(
      mark,
      h('span', { class: 'c-pos' }, entry.position.toLocaleString('en-US')),
      h('span', { class: 'c-type', title: entry.type }, entry.type),
      h('span', { class: 'c-stream', title: entry.stream ?? '' }, entry.stream ?? ''),
      h('span', { class: 'c-time', title: entry.at ?? '' }, shortTime(entry.at)),
    );
    el.setAttribute(
      'aria-label',
      `${entry.position}: ${entry.type}${entry.stream ? ` on ${entry.stream}` : ''}${entry.problems ? `, ${entry.problems} problem${entry.problems === 1 ? '' : 's'}` : ''}`,
    );
  }

  private requestAround(from: number, to: number): void {
    const firstChunk = Math.max(0, Math.floor(from / CHUNK) - 1);
    const lastChunk = Math.min(Math.floor((this.count - 1) / CHUNK), Math.floor(Math.max(from, to - 1) / CHUNK) + 1);
    for (let c = firstChunk; c <= lastChunk; c++) {
      if (this.chunks.has(c) || this.pending.has(c)) continue;
      this.pending.add(c);
      this.actions.request(this.filterId, c * CHUNK, Math.min(this.count, (c + 1) * CHUNK));
    }
    if (this.chunks.size > KEPT_CHUNKS) {
      const centre = (firstChunk + lastChunk) / 2;
      const far = [...this.chunks.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const c of far.slice(0, this.chunks.size - KEPT_CHUNKS)) this.chunks.delete(c);
    }
  }
}

/** `2024-09-01T10:00:00Z` as `2024-09-01 10:00:00`; other texts as they are. */
function shortTime(at: string | undefined): string {
  if (!at) return '';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d)?)/.exec(at);
  return m ? `${m[1]} ${m[2]}` : at;
}
