import type { Command, Event, TypeDef } from '../model/model.js';
import type { CodeModel } from './codeModel.js';
import { enumLiteral, objectType, type TypeRef } from './tsTypes.js';
import { jsDoc, stringLiteral } from './text.js';

/**
 * `types.ts`: the named types, one type per command and per event in Emmett's shape
 * (`{ type, data }`), the unions of each aggregate and the union of every event of the context.
 * Plain object types, not interfaces, so they satisfy `Record<string, unknown>` constraints.
 */
export function renderTypesFile(cm: CodeModel): string {
  const ref: TypeRef = (name) => cm.typeNames.get(name) ?? name;
  const out: string[] = [];
  const section = (lines: string[]) => {
    if (lines.length > 0) out.push('', ...lines);
  };
  for (const t of cm.model.types.values()) section(namedType(t, cm.typeNames.get(t.name)!, ref));
  for (const c of cm.model.commands.values()) section(commandType(c, cm.typeNames.get(c.name)!, ref));
  for (const e of cm.model.events.values()) section(eventType(e, cm.typeNames.get(e.name)!, ref));
  for (const a of cm.aggregates) {
    section([
      `/** Every command the aggregate ${a.aggregate.name} decides. */`,
      `export type ${a.commandUnion} = ${union(a.commands.map((c) => ref(c.name)))};`,
      '',
      `/** Every event of the ${a.aggregate.name} stream. */`,
      `export type ${a.eventUnion} = ${union(a.events.map((e) => ref(e.name)))};`,
    ]);
  }
  section([
    `/** Every event of the context. */`,
    `export type ${cm.contextEvent} = ${union([...cm.model.events.values()].map((e) => ref(e.name)))};`,
  ]);
  return out.slice(1).join('\n') + '\n';
}

function namedType(t: TypeDef, name: string, ref: TypeRef): string[] {
  const doc = jsDoc(t.description);
  if (t.enum) return [...doc, `export type ${name} = ${t.enum.map(enumLiteral).join(' | ')};`];
  const body = objectType(t.fields ?? new Map(), ref, '');
  const lines = [`export type ${name} = ${body[0]}`, ...body.slice(1)];
  lines[lines.length - 1] += ';';
  return [...doc, ...lines];
}

function commandType(c: Command, name: string, ref: TypeRef): string[] {
  return [
    ...jsDoc(c.description),
    `export type ${name} = {`,
    `  type: ${stringLiteral(c.name)};`,
    ...property('data', objectType(c.fields, ref, '  ')),
    // Emmett's command metadata; handlers read the command's time from it.
    '  metadata?: { now: Date };',
    '};',
  ];
}

function eventType(e: Event, name: string, ref: TypeRef): string[] {
  const doc = e.version !== undefined ? [e.description ?? '', '', `Version ${e.version}.`].join('\n') : e.description;
  return [...jsDoc(doc), `export type ${name} = {`, `  type: ${stringLiteral(e.name)};`, ...property('data', objectType(e.fields, ref, '  ')), '};'];
}

/** `  key: <type>;` where the type may span lines. */
function property(key: string, type: string[]): string[] {
  const lines = [`  ${key}: ${type[0]}`, ...type.slice(1)];
  lines[lines.length - 1] += ';';
  return lines;
}

function union(names: string[]): string {
  return names.length === 0 ? 'never' : names.join(' | ');
}
