import { diagnostic, type DiagnosticCode } from '../diagnostics.js';
import type { FieldDef, NameRef } from '../model/model.js';
import { namedTypeOf } from '../model/typeExpr.js';
import { didYouMean } from '../wording.js';
import type { CheckContext } from './context.js';

type Kind = 'event' | 'command' | 'aggregate' | 'projection';

/** Reports a name that is not declared in its kind, with a suggestion when one is close. */
export function checkRef(ref: NameRef | undefined, kind: Kind, c: CheckContext, where: string): boolean {
  if (!ref) return false;
  const table = { event: c.model.events, command: c.model.commands, aggregate: c.model.aggregates, projection: c.model.projections }[kind];
  if (table.has(ref.name)) return true;
  const code = `unknown-${kind}` as DiagnosticCode;
  c.report(diagnostic(code, `${where} names the ${kind} '${ref.name}', which is not declared.${didYouMean(ref.name, table.keys())}`, ref.range));
  return false;
}

/** Every reference between elements resolves: aggregates, events, commands and named types. */
export function checkReferences(c: CheckContext): void {
  const m = c.model;
  for (const t of m.types.values()) checkFieldTypes(t.fields, c);
  for (const a of m.aggregates.values()) {
    checkFieldTypes(a.state, c);
    for (const r of a.evolve) checkRef(r.event, 'event', c, `Aggregate '${a.name}' evolve`);
  }
  for (const cmd of m.commands.values()) {
    checkRef(cmd.aggregate, 'aggregate', c, `Command '${cmd.name}'`);
    checkFieldTypes(cmd.fields, c);
    for (const e of cmd.emits) checkRef(e, 'event', c, `Command '${cmd.name}' emits`);
  }
  for (const ev of m.events.values()) {
    checkRef(ev.aggregate, 'aggregate', c, `Event '${ev.name}'`);
    checkFieldTypes(ev.fields, c);
  }
  for (const p of m.projections.values()) {
    checkFieldTypes(p.fields, c);
    for (const r of p.on) checkRef(r.event, 'event', c, `Projection '${p.name}' on`);
  }
  for (const pol of m.policies.values()) {
    checkRef(pol.when, 'event', c, `Policy '${pol.name}' when`);
    for (const step of pol.then) checkRef(step.command, 'command', c, `Policy '${pol.name}' then`);
  }
}

function checkFieldTypes(fields: Map<string, FieldDef> | undefined, c: CheckContext): void {
  for (const f of fields?.values() ?? []) {
    const named = namedTypeOf(f.type);
    if (named !== undefined && !c.model.types.has(named)) {
      c.report(
        diagnostic('unknown-type', `Field '${f.name}' has the type '${named}', which is neither a primitive nor a declared type.${didYouMean(named, c.model.types.keys())}`, f.typeRange),
      );
    }
  }
}
