// The Replay panel's webview. The host holds the replay; this page shows a window of it: the
// transport, the (virtualized) event list with its filters, the problems, and the state at the
// selected step. It asks for what comes on screen and keeps its place with `setState`.
import {
  ALL_EVENTS, type HostToReplayMessage, type ReplayFilterState, type ReplayStateMessage, type ReplayTimelineInfo, type ReplayToHostMessage,
} from '../../src/protocol/replay';
import { h } from './dom';
import { EventList } from './eventList';
import { FilterBar, isNoFilter, NO_FILTER } from './filterBar';
import { renderProblems } from './problemsView';
import { Overlay } from './overlay';
import { StepPane } from './stepPane';
import { Toolbar } from './toolbar';
import { vscode } from './vscodeApi';

const post = (m: ReplayToHostMessage) => vscode.postMessage(m);
const saved = vscode.getState();

let info: ReplayTimelineInfo | undefined;
let selected = 0;
let filter: ReplayFilterState = saved?.filter ?? NO_FILTER;
let filterId = ALL_EVENTS;
let nextFilterId = 1;
let eventsPerSecond = saved?.eventsPerSecond ?? 5;
let playing = false;
let playTimer: ReturnType<typeof setTimeout> | undefined;
let lastStepAt = 0;
/** The state asked of the host and not answered yet ('jump': a problem jump, any position), and the latest one wanted meanwhile. */
let inFlight: number | 'jump' | undefined;
let wanted: number | undefined;

const toolbar = new Toolbar({
  seek: (p) => select(p, { follow: true }),
  step: (d) => select(selected + d, { follow: true }),
  togglePlay: () => setPlaying(!playing),
  speed: (eps) => {
    eventsPerSecond = eps;
    save();
    if (playing) post({ type: 'setPlaying', playing, eventsPerSecond });
  },
  problem: (direction) => jumpToProblem(direction),
});
const list = new EventList({
  request: (id, from, to) => post({ type: 'requestEntries', filterId: id, from, to }),
  choose: (position, reveal) => select(position, { follow: false, reveal }),
});
const filters = new FilterBar((f) => {
  filter = f;
  save();
  applyFilter();
});
const pane = new StepPane({
  revealEvent: (position) => post({ type: 'revealEvent', position }),
  revealRule: (range) => post({ type: 'revealRule', range }),
  revealProblem: (problem) => post({ type: 'revealProblem', problem }),
  diff: (on) => setDiff(on),
});
pane.diffOn = saved?.diff ?? false;
const problems = h('div', { class: 'problems-body' });
const problemsCount = h('span', { class: 'count' });
const problemsSection = h('details', { class: 'section problems-section', open: true }, h('summary', {}, h('span', { class: 'section-title' }, 'Problems'), problemsCount), problems);
const notice = h('div', { id: 'notice', class: 'notice', role: 'status', hidden: true });
const overlay = new Overlay(() => post({ type: 'rebuild' }));
const main = h(
  'main',
  { id: 'main' },
  h('section', { class: 'pane events-pane', 'aria-label': 'Events' }, filters.element, list.element, problemsSection),
  pane.element,
);
document.body.append(toolbar.element, notice, main, overlay.element);
toolbar.setPlaying(false);
toolbar.setSpeed(eventsPerSecond);

function save(): void {
  if (info) vscode.setState({ sampleUri: info.sampleUri, position: selected, filter, diff: pane.diffOn, eventsPerSecond });
}

/** Moves the selection: the toolbar and list follow at once; the state is asked of the host. */
function select(position: number, how: { follow: boolean; reveal?: boolean }): void {
  if (!info) return;
  selected = Math.max(0, Math.min(info.length, Math.round(position)));
  toolbar.setPosition(selected);
  list.select(selected, how.follow);
  save();
  requestState(selected);
  if (how.reveal && selected > 0) post({ type: 'revealEvent', position: selected });
}

function requestState(position: number): void {
  // One request at a time: a held-down key or a dragged slider asks only for the latest position.
  if (inFlight !== undefined) {
    wanted = position;
    return;
  }
  inFlight = position;
  post({ type: 'select', position });
}

function receiveState(m: ReplayStateMessage): void {
  inFlight = undefined;
  // The user moved on while this was on its way (a problem jump included): ask for where they are.
  if (wanted !== undefined && wanted !== m.position) {
    const next = wanted;
    wanted = undefined;
    requestState(next);
    return;
  }
  wanted = undefined;
  if (m.position !== selected && info) {
    // The host moved the selection (a problem jump, the editor's cursor): follow it.
    selected = Math.max(0, Math.min(info.length, m.position));
    toolbar.setPosition(selected);
    list.select(selected, true);
    save();
  }
  pane.show(m);
  if (playing) schedulePlay();
}

function applyFilter(): void {
  if (!info) return;
  if (isNoFilter(filter)) {
    filterId = ALL_EVENTS;
    list.reset(ALL_EVENTS, info.length, undefined, 'No events.');
    filters.setCount(info.length, info.length);
    return;
  }
  filterId = nextFilterId++;
  list.reset(filterId, 0, undefined, 'Filtering…');
  post({ type: 'setFilter', filterId, selected, ...filter });
}

function setDiff(on: boolean): void {
  pane.setDiff(on);
  save();
  document.getElementById(on ? 'show-diff' : 'show-state')?.focus();
}

function setPlaying(on: boolean): void {
  if (!info || on === playing) return;
  playing = on;
  toolbar.setPlaying(on);
  clearTimeout(playTimer);
  post({ type: 'setPlaying', playing, eventsPerSecond });
  if (on) {
    if (selected >= info.length) select(0, { follow: true });
    lastStepAt = 0;
    schedulePlay();
  }
}

/** The next step of playback, once the last one is on screen and its time is up. */
function schedulePlay(): void {
  clearTimeout(playTimer);
  const wait = Math.max(0, 1000 / eventsPerSecond - (performance.now() - lastStepAt));
  playTimer = setTimeout(() => {
    if (!playing || !info) return;
    if (selected >= info.length) return setPlaying(false);
    lastStepAt = performance.now();
    select(selected + 1, { follow: true });
  }, wait);
}

function jumpToProblem(direction: 'next' | 'previous'): void {
  if (!info || info.problemCount === 0) return;
  if (info.problems.length < info.problemCount) {
    inFlight = 'jump';
    wanted = undefined;
    post({ type: 'jumpToProblem', direction, from: selected });
    return;
  }
  const positions = info.problems.map((p) => p.position);
  const target = direction === 'next' ? positions.find((p) => p > selected) : positions.filter((p) => p < selected).pop();
  if (target === undefined) showNotice(direction === 'next' ? 'No later problem.' : 'No earlier problem.');
  else select(target, { follow: true });
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(text: string): void {
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), 4000);
}

/** A built timeline: `keep` (after a rebuild) holds the position and filter. */
function start(next: ReplayTimelineInfo, keep: boolean): void {
  const first = !info;
  info = next;
  overlay.hide();
  if (next.length === 0) overlay.empty(next.sampleFile);
  toolbar.setTimeline(next.title, next.length, next.problemCount);
  pane.setLength(next.length);
  let position = selected;
  if (!keep) {
    const revived = first && saved && saved.sampleUri === next.sampleUri;
    if (!revived) filter = NO_FILTER;
    position = revived ? saved.position : (next.position ?? 0);
  }
  // A kept filter may name a type or stream the events no longer have: keep only those that exist.
  filter = { ...filter, types: filter.types.filter((t) => next.types.includes(t)), streams: filter.streams.filter((s) => next.streams.includes(s)) };
  filters.setChoices(next.types, next.streams, filter);
  problemsCount.textContent = next.problemCount + next.findings.length > 0 ? (next.problemCount + next.findings.length).toLocaleString('en-US') : '';
  problems.replaceChildren(
    renderProblems(next, {
      select: (p) => select(p, { follow: true }),
      revealProblem: (problem) => post({ type: 'revealProblem', problem }),
      revealRule: (range) => post({ type: 'revealRule', range }),
    }),
  );
  selected = Math.max(0, Math.min(next.length, position));
  list.select(selected, false);
  applyFilter();
  inFlight = undefined;
  wanted = undefined;
  select(selected, { follow: true });
}

window.addEventListener('message', (event: MessageEvent<HostToReplayMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'loading':
      overlay.loading(m.title);
      break;
    case 'progress':
      overlay.progress(m.done, m.total);
      break;
    case 'init':
      start(m, false);
      break;
    case 'replayed':
      start(m, true);
      break;
    case 'filtered':
      if (m.filterId !== filterId || !info) break;
      list.reset(m.filterId, m.count, m.selectedIndex);
      filters.setCount(m.count, info.length);
      break;
    case 'entries':
      list.receive(m.filterId, m.from, m.items);
      break;
    case 'state':
      receiveState(m);
      break;
    case 'notice': {
      // A notice may stand for a request that has no answer (no later problem, a host failure):
      // ask for the latest wanted position, if any, instead of waiting for ever.
      inFlight = undefined;
      const next = wanted;
      wanted = undefined;
      if (next !== undefined) requestState(next);
      showNotice(m.message);
      break;
    }
    case 'error':
      setPlaying(false);
      inFlight = undefined;
      overlay.error(m.message);
      break;
  }
});

/** Keys of the whole panel; the list and the text fields handle their own first. */
document.addEventListener('keydown', (e) => {
  if (e.key === 'F8') {
    e.preventDefault();
    jumpToProblem(e.shiftKey ? 'previous' : 'next');
    return;
  }
  const t = e.target as HTMLElement;
  if (t.closest('input, select, textarea') || e.altKey || e.ctrlKey || e.metaKey) return;
  const onButton = !!t.closest('button, summary');
  switch (e.key) {
    case 'ArrowLeft': select(selected - 1, { follow: true }); break;
    case 'ArrowRight': select(selected + 1, { follow: true }); break;
    case 'Home': select(0, { follow: true }); break;
    case 'End': if (info) select(info.length, { follow: true }); break;
    case ' ':
      if (onButton) return;
      setPlaying(!playing);
      break;
    case 'd':
    case 'D': setDiff(!pane.diffOn); break;
    default:
      return;
  }
  e.preventDefault();
});

post({ type: 'ready' });
