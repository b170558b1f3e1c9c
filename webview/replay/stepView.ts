// What the selected step is and did, beside its state: the event (type, stream, time, a link to
// its line), its problems, its data (as written and as read when upcast), and the commands the
// policies would issue for it.
import type { Range } from '../../src/core/source';
import type { ReplayStep } from '../../src/core/replay/types';
import type { PositionedReplayProblem } from '../../src/protocol/replay';
import { h, ICONS, icon } from './dom';
import { jsonBlock, valueElement } from './values';

export interface StepActions {
  revealEvent(position: number): void;
  revealRule(range: Range): void;
  revealProblem(problem: PositionedReplayProblem): void;
}

export function linkButton(text: string, title: string, onClick: () => void, cls = 'link'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls, title }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** The line at the top of the step: `#3 OrderPlaced` on its stream, at its time. */
export function stepHeading(position: number, length: number, step: ReplayStep | undefined, actions: StepActions): HTMLElement {
  if (!step) {
    return h('div', { class: 'step-title' }, h('h2', {}, position === 0 ? 'Before the first event' : `#${position}`), h('span', { class: 'muted' }, length === 0 ? 'No events.' : 'The initial state of every aggregate; no projection row yet.'));
  }
  const where = linkButton('Show in samples', 'Show this event in the sample file (Enter in the list)', () => actions.revealEvent(step.position));
  return h(
    'div',
    { class: 'step-title' },
    h('h2', {}, h('span', { class: 'pos' }, `#${step.position.toLocaleString('en-US')}`), ' ', step.type),
    step.stream ? h('span', { class: 'chip', title: `Stream ${step.stream.name}` }, step.stream.name) : null,
    step.at ? h('span', { class: 'chip time', title: step.at }, step.at) : null,
    step.upcast ? h('span', { class: 'chip upcast', title: 'Written with an older version and upcast before the rules read it' }, `v${step.upcast.from} → v${step.upcast.to}`) : null,
    where,
  );
}

/** The problems the step met, each a link to its rule (or its event). */
export function stepProblems(step: ReplayStep, actions: StepActions): HTMLElement | null {
  if (step.problems.length === 0) return null;
  const list = h('ul', { class: 'problems step-problems', 'aria-label': 'Problems of this step' });
  for (const p of step.problems) {
    const problem = { ...p, position: step.position };
    list.append(
      h(
        'li',
        { class: 'problem' },
        icon([...ICONS.error]),
        h('span', { class: 'message' }, p.message),
        h('span', { class: 'kind' }, p.kind),
        linkButton(p.ruleRange ? 'Show the rule' : 'Show the event', p.ruleRange ? 'Show the rule in the model' : 'Show the event in the sample file', () => actions.revealProblem(problem)),
      ),
    );
  }
  return list;
}

/** The event's data; when upcast, as written and as read side by side, with the upcast rules. */
export function eventData(step: ReplayStep, actions: StepActions): HTMLElement {
  if (!step.upcast) return jsonBlock(step.data, 'Event data');
  const u = step.upcast;
  const rules = h('div', { class: 'upcast-rules' }, 'Upcast by ', ...u.ruleRanges.flatMap((r, i) => [i ? ', ' : '', linkButton(`rule ${i + 1}`, 'Show the upcast rule in the model', () => actions.revealRule(r))]));
  return h(
    'div',
    { class: 'upcast' },
    h('div', { class: 'columns' }, h('figure', {}, h('figcaption', {}, `As written (v${u.from})`), jsonBlock(u.original, `Event data as written, version ${u.from}`)), h('figure', {}, h('figcaption', {}, `As read (v${u.to})`), jsonBlock(step.data, `Event data as read, version ${u.to}`))),
    u.ruleRanges.length ? rules : null,
  );
}

/** The commands the policies would issue for the event (the fan-out). */
export function issuedCommands(step: ReplayStep, actions: StepActions): HTMLElement {
  if (step.commands.length === 0) return h('p', { class: 'muted' }, 'No policy reacts to this event.');
  const list = h('ul', { class: 'commands' });
  for (const c of step.commands) {
    const payload = h('dl', { class: 'fields compact' }, ...Object.entries(c.payload).map(([k, v]) => h('div', { class: 'field' }, h('dt', {}, k), h('dd', {}, valueElement(v)))));
    list.append(
      h(
        'li',
        { class: 'command' },
        h('div', { class: 'command-title' }, linkButton(c.policy, 'Show the policy in the model', () => actions.revealRule(c.policyRange), 'link policy'), h('span', { class: 'arrow', 'aria-label': 'issues' }, '→'), h('strong', {}, c.command)),
        payload,
        c.missing.length ? h('div', { class: 'missing' }, icon([...ICONS.warning]), `Cannot fill: ${c.missing.join(', ')}`) : null,
      ),
    );
  }
  return list;
}
