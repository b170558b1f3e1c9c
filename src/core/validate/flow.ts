import { diagnostic } from '../diagnostics.js';
import type { Command, Event } from '../model/model.js';
import type { CheckContext } from './context.js';

/** How events flow: what produces and consumes each one, and ids that tie messages to streams. */
export function checkFlow(c: CheckContext): void {
  const m = c.model;
  const produced = new Set<string>();
  for (const cmd of m.commands.values()) {
    if (cmd.emits.length === 0) {
      c.report(diagnostic('command-emits-nothing', `Command '${cmd.name}' emits no event: list the events it produces in \`emits\`.`, cmd.nameRange));
    }
    for (const e of cmd.emits) {
      produced.add(e.name);
      checkForeignEvent(cmd, e.name, e.range, c);
    }
    checkIdField(cmd, c);
  }
  const consumed = new Set<string>();
  for (const a of m.aggregates.values()) for (const r of a.evolve) consumed.add(r.event.name);
  for (const p of m.projections.values()) for (const r of p.on) consumed.add(r.event.name);
  for (const pol of m.policies.values()) if (pol.when) consumed.add(pol.when.name);

  for (const ev of m.events.values()) {
    checkIdField(ev, c);
    // External events come from outside the context: nothing here is expected to produce them.
    if (ev.aggregate && !produced.has(ev.name)) {
      c.report(diagnostic('event-not-produced', `No command emits '${ev.name}'.`, ev.nameRange));
    }
    if (!consumed.has(ev.name)) {
      c.report(diagnostic('event-not-consumed', `No evolve rule, projection or policy uses '${ev.name}'.`, ev.nameRange));
    }
  }
  for (const p of m.projections.values()) {
    if (!p.key) continue;
    for (const r of p.on) {
      const ev = m.events.get(r.event.name);
      if (ev && !ev.fields.has(p.key.name)) {
        c.report(
          diagnostic('missing-key-field', `Projection '${p.name}' finds its row by '${p.key.name}', but event '${ev.name}' has no such field.`, r.event.range, [
            { message: `the key of '${p.name}'`, range: p.key.range },
          ]),
        );
      }
    }
  }
}

function checkIdField(el: Command | Event, c: CheckContext): void {
  const agg = el.aggregate && c.model.aggregates.get(el.aggregate.name);
  if (!agg?.id || el.fields.has(agg.id.name)) return;
  c.report(
    diagnostic(
      'missing-id-field',
      `${el.kind === 'command' ? 'Command' : 'Event'} '${el.name}' belongs to aggregate '${agg.name}' but has no '${agg.id.name}' field, the aggregate's id.`,
      el.nameRange,
      [{ message: `the id of '${agg.name}'`, range: agg.id.range }],
    ),
  );
}

function checkForeignEvent(cmd: Command, eventName: string, range: Command['nameRange'], c: CheckContext): void {
  const ev = c.model.events.get(eventName);
  if (!cmd.aggregate || !ev?.aggregate || ev.aggregate.name === cmd.aggregate.name) return;
  if (!c.model.aggregates.has(cmd.aggregate.name) || !c.model.aggregates.has(ev.aggregate.name)) return;
  c.report(
    diagnostic(
      'foreign-event',
      `Command '${cmd.name}' is decided by '${cmd.aggregate.name}' but emits '${eventName}' of '${ev.aggregate.name}': a decision appends to its own stream; use a policy to reach another aggregate.`,
      range,
    ),
  );
}
