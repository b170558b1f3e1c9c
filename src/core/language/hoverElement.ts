import type { Aggregate, Command, Element, Event, FieldDef, FieldShape, Model, Policy, Projection, TypeDef } from '../model/model.js';
import { PRIMITIVE_TYPES, type PrimitiveType } from '../model/model.js';
import { namedTypeOf } from '../model/typeExpr.js';
import { describeShape } from '../validate/typeCheck.js';

/**
 * Hover texts in Markdown: an element's kind, description and fields, and how it is connected to
 * the rest of the model (who emits an event and who uses it, which policy issues a command...).
 * The connections are read from the model as it is parsed.
 */

/** What each primitive type accepts, as the format reference says. */
export const PRIMITIVE_DESCRIPTIONS: Record<PrimitiveType, string> = {
  string: 'Any string.',
  number: 'Any number, integers included.',
  integer: 'A whole number.',
  boolean: '`true` or `false`.',
  datetime: 'An ISO 8601 date and time, such as `2024-09-01T10:00:00Z`.',
  date: 'A calendar date, `YYYY-MM-DD`.',
  uuid: 'An identifier string; any non-empty string is accepted.',
};

export function isPrimitive(name: string): name is PrimitiveType {
  return (PRIMITIVE_TYPES as readonly string[]).includes(name);
}

/** How many fields (or connections) a hover lists before it says how many more there are. */
const LIST_LIMIT = 25;

export function code(text: string): string {
  // A backtick inside a name cannot close the code span: use a longer fence.
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** Names in code spans (or Markdown as it is, `formatted`), cut after the first few. */
function list(names: string[], formatted = false): string {
  const shown = names.slice(0, LIST_LIMIT).map((n) => (formatted ? n : code(n))).join(', ');
  return names.length > LIST_LIMIT ? `${shown} and ${names.length - LIST_LIMIT} more` : shown;
}

/** Paragraphs joined as Markdown, leaving out the empty ones. */
export function paragraphs(...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n\n');
}

/** A field list, one field a line: `name`: `type`, and its description. */
export function fieldList(fields: Map<string, FieldDef> | undefined, title = 'Fields'): string | undefined {
  if (!fields || fields.size === 0) return undefined;
  const lines: string[] = [];
  for (const f of [...fields.values()].slice(0, LIST_LIMIT)) lines.push(`- ${code(f.name)}: ${code(describeShape(f))}${f.description ? ` — ${oneLine(f.description)}` : ''}`);
  if (fields.size > LIST_LIMIT) lines.push(`- … and ${fields.size - LIST_LIMIT} more`);
  return `${title}:\n\n${lines.join('\n')}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function connection(label: string, names: string[], formatted = false): string | undefined {
  return names.length > 0 ? `${label}: ${list(names, formatted)}` : undefined;
}

function lines(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined);
  // Two spaces at a line's end break the line without starting a paragraph.
  return kept.length > 0 ? kept.join('  \n') : undefined;
}

function counted(n: number, one: string, many: string): string | undefined {
  return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
}

/** The Markdown of an element: its heading, description, fields and connections. */
export function describeElement(el: Element, model: Model, samples?: Map<string, number>): string {
  switch (el.kind) {
    case 'event':
      return describeEvent(el, model, samples);
    case 'command':
      return describeCommand(el, model);
    case 'aggregate':
      return describeAggregate(el, model);
    case 'projection':
      return describeProjection(el, model);
    case 'policy':
      return describePolicy(el);
    case 'type':
      return describeType(el, model);
  }
}

function heading(kind: string, name: string, tail?: string): string {
  return `**${kind}** ${code(name)}${tail ? ` — ${tail}` : ''}`;
}

function describeEvent(ev: Event, model: Model, samples?: Map<string, number>): string {
  const emittedBy = [...model.commands.values()].filter((c) => c.emits.some((e) => e.name === ev.name)).map((c) => c.name);
  const evolvedBy = [...model.aggregates.values()].filter((a) => a.evolve.some((r) => r.event.name === ev.name)).map((a) => a.name);
  const projectedBy = [...model.projections.values()].filter((p) => p.on.some((r) => r.event.name === ev.name)).map((p) => p.name);
  const triggers = [...model.policies.values()].filter((p) => p.when?.name === ev.name).map((p) => `${code(p.name)} → ${p.then.map((t) => code(t.command.name)).join(', ') || 'nothing'}`);
  const given = model.scenarios.filter((s) => s.given.some((g) => g.name === ev.name)).length;
  const expected = model.scenarios.filter((s) => s.then?.kind === 'events' && s.then.events.some((e) => e.name === ev.name)).length;
  const tail = [ev.aggregate ? `in the stream of aggregate ${code(ev.aggregate.name)}` : 'external: produced by another context', ev.version !== undefined && ev.version > 1 ? `version ${ev.version}` : undefined]
    .filter(Boolean)
    .join(', ');
  const recorded = samples?.get(ev.name);
  return paragraphs(
    heading('event', ev.name, tail),
    ev.description,
    fieldList(ev.fields),
    lines(
      connection('Emitted by', emittedBy) ?? (ev.aggregate ? 'Emitted by no command' : undefined),
      connection('Applied by', evolvedBy),
      connection('Projected by', projectedBy),
      connection('Triggers', triggers, true),
      evolvedBy.length + projectedBy.length + triggers.length === 0 ? 'Used by nothing yet (no evolve rule, projection or policy)' : undefined,
      lines(counted(given, 'scenario gives it', 'scenarios give it'), counted(expected, 'scenario expects it', 'scenarios expect it')),
      recorded ? `${recorded} sample ${recorded === 1 ? 'event' : 'events'}` : undefined,
    ),
  );
}

function describeCommand(cmd: Command, model: Model): string {
  const issuedBy = [...model.policies.values()].filter((p) => p.then.some((t) => t.command.name === cmd.name)).map((p) => `${code(p.name)}${p.when ? ` (when ${code(p.when.name)})` : ''}`);
  const scenarios = model.scenarios.filter((s) => s.when?.name === cmd.name).length;
  return paragraphs(
    heading('command', cmd.name, cmd.aggregate ? `decided by aggregate ${code(cmd.aggregate.name)}` : undefined),
    cmd.description,
    fieldList(cmd.fields),
    lines(
      connection('Emits', cmd.emits.map((e) => e.name)) ?? 'Emits nothing',
      connection('Errors', cmd.errors.map((e) => e.name)),
      connection('Issued by', issuedBy, true),
      counted(scenarios, 'scenario', 'scenarios'),
    ),
    cmd.rules.length > 0 ? `Rules:\n\n${cmd.rules.map((r) => `- ${oneLine(r)}`).join('\n')}` : undefined,
  );
}

function describeAggregate(a: Aggregate, model: Model): string {
  const commands = [...model.commands.values()].filter((c) => c.aggregate?.name === a.name).map((c) => c.name);
  const events = [...model.events.values()].filter((e) => e.aggregate?.name === a.name).map((e) => e.name);
  return paragraphs(
    heading('aggregate', a.name, a.id ? `identified by ${code(a.id.name)}` : undefined),
    a.description,
    fieldList(a.state, 'State'),
    lines(connection('Decides', commands), connection('Its stream holds', events), connection('Evolves on', a.evolve.map((r) => r.event.name))),
  );
}

function describeProjection(p: Projection, model: Model): string {
  const scenarios = model.scenarios.filter((s) => s.projection?.name === p.name).length;
  return paragraphs(
    heading('projection', p.name, p.key ? `one row per ${code(p.key.name)}` : 'a single document'),
    p.description,
    fieldList(p.fields, 'Row'),
    lines(connection('Built from', p.on.map((r) => r.event.name)), counted(scenarios, 'scenario', 'scenarios')),
  );
}

function describePolicy(p: Policy): string {
  const steps = p.then.map((t) => `${code(t.command.name)}${t.payload ? '' : ' (fields copied by name)'}`);
  return paragraphs(heading('policy', p.name, p.when ? `when ${code(p.when.name)} happens` : undefined), p.description, lines(connection('Issues', steps, true)));
}

function describeType(t: TypeDef, model: Model): string {
  const users: string[] = [];
  const scan = (owner: string, fields: Map<string, FieldDef> | undefined) => {
    for (const f of fields?.values() ?? []) if (namedTypeOf(f.type) === t.name) users.push(`${owner}.${f.name}`);
  };
  for (const x of model.types.values()) scan(x.name, x.fields);
  for (const x of model.aggregates.values()) scan(x.name, x.state);
  for (const x of model.commands.values()) scan(x.name, x.fields);
  for (const x of model.events.values()) scan(x.name, x.fields);
  for (const x of model.projections.values()) scan(x.name, x.fields);
  return paragraphs(
    heading(t.enum ? 'enum type' : 'type', t.name),
    t.description,
    t.enum ? `Values: ${list(t.enum.map(String))}` : fieldList(t.fields),
    connection('Used by', users),
  );
}

/** An error name: the commands that declare it and the scenarios that expect it. */
export function describeError(name: string, model: Model): string {
  const by = [...model.commands.values()].filter((c) => c.errors.some((e) => e.name === name)).map((c) => c.name);
  const expected = model.scenarios.filter((s) => s.then?.kind === 'error' && s.then.error.name === name).length;
  return paragraphs(
    heading('error', name),
    lines(connection('Declared by', by) ?? 'Declared by no command', counted(expected, 'scenario expects it', 'scenarios expect it')),
  );
}

/** A name that is referenced but not declared. */
export function describeUndeclared(kind: string, name: string): string {
  return paragraphs(heading(kind, name, 'not declared in this model'));
}

/** A field: its type, its owner, its description, and the fields of its record type. */
export function describeField(name: string, shape: FieldShape & { description?: string }, owner: string, model: Model): string {
  const named = namedTypeOf(shape.type);
  const type = named !== undefined ? model.types.get(named) : undefined;
  return paragraphs(
    `**field** ${code(name)}: ${code(describeShape(shape))} — ${owner}`,
    shape.description,
    type ? (type.enum ? `${code(type.name)}: one of ${list(type.enum.map(String))}` : fieldList(type.fields, `${code(type.name)} fields`)) : undefined,
  );
}

/** A field type written in a declaration: the named type, or what the primitive accepts. */
export function describeTypeName(name: string, model: Model): string | undefined {
  if (isPrimitive(name)) return paragraphs(heading('primitive type', name), PRIMITIVE_DESCRIPTIONS[name]);
  const t = model.types.get(name);
  return t ? describeType(t, model) : describeUndeclared('type', name);
}
