import { diagnostic } from '../diagnostics.js';
import type { Command, Message, Scenario } from '../model/model.js';
import { checkRef } from './references.js';
import { PAYLOAD_CODES, reportProblems } from './rules.js';
import { checkRecord } from './typeCheck.js';
import type { CheckContext } from './context.js';

/** Given/when/then: names resolve, payloads match their fields, outcomes fit the command. */
export function checkScenarios(c: CheckContext): void {
  const names = new Map<string, Scenario>();
  for (const s of c.model.scenarios) {
    const first = names.get(s.name);
    if (first && s.name) {
      c.report(
        diagnostic('duplicate-name', `Another scenario is already named '${s.name}'; generated tests need distinct names.`, s.nameRange, [
          { message: 'the first scenario of that name', range: first.nameRange },
        ]),
      );
    } else names.set(s.name, s);
    for (const g of s.given) checkEventMessage(g, c, 'Given');
    if (s.projection) checkProjectionScenario(s, c);
    else if (s.when) checkCommandScenario(s, c);
    else c.report(diagnostic('invalid-scenario', `Scenario '${s.name}' needs \`when\` (a command) or \`projection\` (a read model under test).`, s.nameRange));
  }
}

function checkEventMessage(msg: Message, c: CheckContext, where: string): void {
  const ref = { name: msg.name, range: msg.nameRange };
  if (!checkRef(ref, 'event', c, where)) return;
  const ev = c.model.events.get(msg.name)!;
  if (msg.payload) reportProblems(checkRecord(msg.payload, ev.fields, c.model, msg.nameRange), PAYLOAD_CODES, c, `${msg.name}: `);
}

function checkCommandScenario(s: Scenario, c: CheckContext): void {
  const when = s.when!;
  let cmd: Command | undefined;
  if (checkRef({ name: when.name, range: when.nameRange }, 'command', c, 'When')) {
    cmd = c.model.commands.get(when.name)!;
    if (when.payload) reportProblems(checkRecord(when.payload, cmd.fields, c.model, when.nameRange), PAYLOAD_CODES, c, `${when.name}: `);
  }
  const then = s.then;
  if (!then) return;
  if (then.kind === 'rows') {
    c.report(diagnostic('invalid-scenario', '`rows` are the outcome of a projection scenario; a command scenario expects `events` or `error`.', then.range));
    return;
  }
  if (then.kind === 'error') {
    if (cmd && !cmd.errors.some((e) => e.name === then.error.name)) {
      const declared = cmd.errors.map((e) => e.name);
      c.report(
        diagnostic(
          'unknown-error',
          `Command '${cmd.name}' does not declare the error '${then.error.name}'${declared.length ? `; its errors are ${declared.join(', ')}` : '; it declares no `errors`'}.`,
          then.error.range,
        ),
      );
    }
    return;
  }
  for (const ev of then.events) {
    checkEventMessage(ev, c, 'Then');
    if (cmd && c.model.events.has(ev.name) && !cmd.emits.some((e) => e.name === ev.name)) {
      c.report(diagnostic('scenario-event-not-emitted', `Command '${cmd.name}' does not list '${ev.name}' in \`emits\`.`, ev.nameRange));
    }
  }
}

function checkProjectionScenario(s: Scenario, c: CheckContext): void {
  if (s.when) {
    c.report(diagnostic('invalid-scenario', 'A projection scenario has `given` events and `then.rows`; it takes no `when` command.', s.when.nameRange));
  }
  if (!checkRef(s.projection, 'projection', c, `Scenario '${s.name}'`)) return;
  const p = c.model.projections.get(s.projection!.name)!;
  if (!s.then) return;
  if (s.then.kind !== 'rows') {
    const hint = s.then.kind === 'events' && s.then.shortForm
      ? '; a list under `then` is short for `then.events`, the events a command emits. Write the rows as `then: { rows: [...] }`.'
      : '.';
    c.report(diagnostic('invalid-scenario', `A projection scenario expects \`then.rows\`${hint}`, s.then.range));
    return;
  }
  for (const row of s.then.rows) reportProblems(checkRecord(row, p.fields, c.model, row.range), PAYLOAD_CODES, c, `Row of '${p.name}': `);
}
