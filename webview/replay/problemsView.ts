// The problems the replay met and the delivery-check findings, each a link: to its step, and to
// its rule in the model. Findings are plain records: whatever fields they have are shown.
import type { PositionedReplayProblem, ReplayFinding, ReplayTimelineInfo } from '../../src/protocol/replay';
import type { Range } from '../../src/core/source';
import { h, ICONS, icon, plural } from './dom';
import { linkButton } from './stepView';

/** Items drawn at most per list (F8 still goes through every problem). */
const MAX_ITEMS = 500;

export interface ProblemsActions {
  select(position: number): void;
  revealProblem(problem: PositionedReplayProblem): void;
  revealRule(range: Range): void;
}

function isRange(v: unknown): v is Range {
  const r = v as Range | undefined;
  return !!r && typeof r === 'object' && typeof r.start?.line === 'number' && typeof r.end?.line === 'number';
}

function positionButton(position: number, actions: ProblemsActions): HTMLButtonElement {
  return linkButton(`#${position.toLocaleString('en-US')}`, `Select step ${position}`, () => actions.select(position), 'link pos');
}

function problemItem(p: PositionedReplayProblem, actions: ProblemsActions): HTMLElement {
  const main = h('button', { type: 'button', class: 'item-main', title: `Select step ${p.position}` }, icon([...ICONS.error]), h('span', { class: 'pos' }, `#${p.position.toLocaleString('en-US')}`), h('span', { class: 'message' }, p.message));
  main.addEventListener('click', () => actions.select(p.position));
  return h('li', { class: 'problem' }, main, h('span', { class: 'kind' }, p.kind), linkButton(p.ruleRange ? 'rule' : 'event', p.ruleRange ? 'Show the rule in the model' : 'Show the event in the sample file', () => actions.revealProblem(p)));
}

const SHOWN_ELSEWHERE = new Set(['message', 'position', 'ruleRange']);

function findingItem(f: ReplayFinding, actions: ProblemsActions): HTMLElement {
  // The message says it all; the other plain fields (the code, the path, how often) go in its
  // tooltip, and only the code is shown beside it, so a narrow panel still reads the message.
  const extra = Object.entries(f).filter(([k, v]) => !SHOWN_ELSEWHERE.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'));
  const ranges = Object.entries(f).filter(([k, v]) => !SHOWN_ELSEWHERE.has(k) && isRange(v)) as Array<[string, Range]>;
  const code = extra.find(([k]) => k === 'code');
  const message = h('span', { class: 'message' }, String(f.message ?? ''));
  message.title = [String(f.message ?? ''), ...extra.map(([k, v]) => `${k}: ${String(v)}`)].join('\n');
  return h(
    'li',
    { class: 'finding' },
    icon([...ICONS.warning]),
    typeof f.position === 'number' ? positionButton(f.position, actions) : null,
    code ? h('span', { class: 'kind' }, String(code[1])) : null,
    message,
    isRange(f.ruleRange) ? linkButton('rule', 'Show the rule in the model', () => actions.revealRule(f.ruleRange!)) : null,
    ...ranges.map(([k, r]) => linkButton(k, `Show ${k} in the model`, () => actions.revealRule(r))),
  );
}

/** The lists, or a line saying there is nothing to show. */
export function renderProblems(info: ReplayTimelineInfo, actions: ProblemsActions): HTMLElement {
  const root = h('div', { class: 'problem-lists' });
  if (info.problemCount === 0 && info.findings.length === 0) {
    root.append(h('p', { class: 'muted ok' }, 'Every event replayed without a problem.'));
    return root;
  }
  if (info.problemCount > 0) {
    const list = h('ul', { class: 'problems', 'aria-label': 'Replay problems' });
    for (const p of info.problems.slice(0, MAX_ITEMS)) list.append(problemItem(p, actions));
    root.append(list);
    const shown = Math.min(info.problems.length, MAX_ITEMS);
    if (info.problemCount > shown) root.append(h('p', { class: 'muted more' }, `Showing the first ${shown.toLocaleString('en-US')} of ${plural(info.problemCount, 'problem')}; F8 goes through all of them.`));
  }
  if (info.findings.length > 0) {
    root.append(h('h3', {}, 'Delivery check ', h('span', { class: 'count' }, info.findings.length.toLocaleString('en-US'))));
    const list = h('ul', { class: 'findings', 'aria-label': 'Delivery-check findings' });
    for (const f of info.findings.slice(0, MAX_ITEMS)) list.append(findingItem(f, actions));
    root.append(list);
  }
  return root;
}
