import type { CodeModel, ProjectionCode } from './codeModel.js';
import { ModuleScope } from './moduleScope.js';
import { propertyAccess } from './names.js';
import { RuleFile } from './ruleFile.js';
import { objectType, type TypeRef } from './tsTypes.js';
import { jsDoc, stringLiteral } from './text.js';

/**
 * `<projection>.projection.ts`: the row type and a pure `evolve(row, event)` built from the `on`
 * rules, with `applyAll` to fold events into rows by key. For Emmett, the same function also
 * backs an in-memory projection definition.
 */
export function renderProjectionFile(cm: CodeModel, p: ProjectionCode): string {
  const keyed = p.projection.key !== undefined;
  const exports = ['evolve', 'applyAll', keyed ? 'rowKey' : 'documentId', 'collectionName', 'projection', p.rowType, p.eventUnion];
  const scope = new ModuleScope([...exports, 'row', 'event', 'current', 'next', 'item', 'rows', 'events', 'result', 'key', 'updated', 'value']);
  const ref: TypeRef = (name) => scope.type('./types.js', cm.typeNames.get(name) ?? name);
  const rules = new RuleFile(cm, scope, ref, { event: 'event', next: 'next', item: 'item' });
  const proj = p.projection;
  const { rowType: Row, eventUnion: Ev } = p;
  const row = objectType(proj.fields, ref, '');
  const out: string[] = ['', ...jsDoc(`A row of ${proj.name}.${proj.description ? `\n\n${proj.description}` : ''}`), `export type ${Row} = ${row[0]}`, ...row.slice(1)];
  out[out.length - 1] += ';';
  out.push('', `/** The events ${proj.name} reads. */`, `export type ${Ev} = ${p.events.length === 0 ? 'never' : p.events.map((e) => ref(e.name)).join(' | ')};`, '');

  if (keyed) {
    const key = proj.key!.name;
    const direct = p.events.every((e) => {
      const f = e.fields.get(key);
      return f !== undefined && !f.optional && f.type.kind === 'primitive' && !['number', 'integer', 'boolean'].includes(f.type.name) && (f.enum ?? []).every((v) => typeof v === 'string');
    });
    out.push(`/** The row an event updates: the one of its \`${key}\`. */`);
    if (p.events.length === 0) out.push(`export function rowKey(_event: ${Ev}): string {`, "  return '';", '}');
    else if (direct) out.push(`export function rowKey(event: ${Ev}): string {`, `  return event.data${propertyAccess(key)};`, '}');
    else {
      out.push(
        `export function rowKey(event: ${Ev}): string {`,
        `  const value: unknown = event.data${propertyAccess(key)};`,
        "  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');",
        '}',
      );
    }
  } else {
    out.push(`/** ${proj.name} is a single document (no key): its id. */`, `export const documentId = ${stringLiteral(proj.name)};`);
  }

  const rulesByEvent = new Map(proj.on.map((r) => [r.event.name, r]));
  out.push('', '/**', ' * Applies one event to its row (`null`: none yet) and returns the new row, or `null` when the', ' * event deletes it. A new row starts empty; the rules fill it in.', ' */');
  if (p.events.length === 0) {
    out.push(`export function evolve(row: ${Row} | null, _event: ${Ev}): ${Row} | null {`, '  return row;', '}');
  } else {
    let readsRow = false;
    const cases = rules.eventSwitch(
      p.events,
      (e) => {
        const body = rules.ruleBody(rulesByEvent.get(e.name), e, proj.fields, 'current', 'current');
        // Every body but a deletion starts from the current row.
        if (body.length !== 1 || body[0] !== 'return null;') readsRow = true;
        return body;
      },
      'row',
      '  ',
    );
    out.push(`export function evolve(row: ${Row} | null, event: ${Ev}): ${Row} | null {`);
    if (readsRow) out.push(`  const current: ${Row} = row ?? ({} as ${Row});`);
    out.push(...cases, '}');
  }
  out.push(
    '',
    '/** Folds events into rows, kept by key in the order they were created; a deleted row is dropped. */',
    `export function applyAll(rows: ReadonlyMap<string, ${Row}>, events: readonly ${Ev}[]): Map<string, ${Row}> {`,
    '  const result = new Map(rows);',
    '  for (const event of events) {',
    `    const key = ${keyed ? 'rowKey(event)' : 'documentId'};`,
    '    const updated = evolve(result.get(key) ?? null, event);',
    '    if (updated === null) result.delete(key);',
    '    else result.set(key, updated);',
    '  }',
    '  return result;',
    '}',
  );
  if (cm.target === 'emmett') {
    const define = scope.value('@event-driven-io/emmett', keyed ? 'inMemoryMultiStreamProjection' : 'inMemorySingleStreamProjection');
    out.push(
      '',
      '/** The collection the Emmett projection keeps its rows in. */',
      `export const collectionName = ${stringLiteral(proj.name)};`,
      '',
      `/** ${proj.name} as an Emmett in-memory projection, over the same \`evolve\`. */`,
      `export const projection = ${define}<${Row}, ${Ev}>({`,
      '  collectionName,',
      `  canHandle: [${p.events.map((e) => stringLiteral(e.name)).join(', ')}],`,
      `  getDocumentId: ${keyed ? 'rowKey' : '() => documentId'},`,
      '  evolve,',
      '});',
    );
  }
  out.push(...rules.helpers());
  return [...scope.render(), ...out].join('\n') + '\n';
}
