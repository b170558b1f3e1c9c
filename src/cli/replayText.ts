import type { AggregateInstance, JsonValue, Model, ProjectionState } from '../core/index.js';

/**
 * The states of a replay as text: each aggregate instance's fields, each keyed projection as a
 * table, a single-document projection as fields. Fields come in the model's order, then others.
 */
export function renderState(model: Model, aggregates: AggregateInstance[], projections: ProjectionState[]): string {
  const blocks: string[] = [];
  for (const a of aggregates) {
    const declared = [...(model.aggregates.get(a.aggregate)?.state.keys() ?? [])];
    blocks.push([a.stream, ...fieldLines(a.state, declared, '  ')].join('\n'));
  }
  for (const p of projections) {
    const declared = [...(model.projections.get(p.projection)?.fields.keys() ?? [])];
    if (!p.keyed) {
      const row = p.rows[0];
      blocks.push([`${p.projection} (single document)${row ? '' : ': none yet'}`, ...(row ? fieldLines(row.row, declared, '  ') : [])].join('\n'));
      continue;
    }
    const head = `${p.projection}: ${p.rows.length === 0 ? 'no rows' : plural(p.rows.length, 'row')}`;
    const key = model.projections.get(p.projection)?.key?.name;
    blocks.push(p.rows.length === 0 ? head : [head, ...table(p.rows.map((r) => r.row), declared, key, '  ')].join('\n'));
  }
  return blocks.join('\n\n');
}

/** The fields of a record in the model's order (then any others), names aligned. */
function fieldLines(record: Record<string, JsonValue>, declared: string[], indent: string): string[] {
  const keys = orderedKeys([record], declared);
  if (keys.length === 0) return [`${indent}(empty)`];
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `${indent}${k.padEnd(width)}  ${cell(record[k]!)}`);
}

/**
 * The widest a table cell is printed: lists and records (as JSON) are cut sooner than text, so
 * ids and stream names stay whole; the key column is never cut.
 */
const MAX_JSON_CELL = 40;
const MAX_TEXT_CELL = 64;

/**
 * Rows as a table: a column per field in the model's order (then any others), numbers
 * right-aligned, long values cut (with a line saying so).
 */
function table(rows: Array<Record<string, JsonValue>>, declared: string[], key: string | undefined, indent: string): string[] {
  const keys = orderedKeys(rows, declared);
  let cut = false;
  const cells = rows.map((r) =>
    keys.map((k) => {
      const value = Object.hasOwn(r, k) ? r[k]! : undefined;
      const text = value === undefined ? '' : cell(value);
      const max = value !== null && typeof value === 'object' ? MAX_JSON_CELL : MAX_TEXT_CELL;
      if (k === key || text.length <= max) return text;
      cut = true;
      return `${text.slice(0, max - 1)}…`;
    }),
  );
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const numeric = keys.map((k) => rows.some((r) => typeof r[k] === 'number') && rows.every((r) => !Object.hasOwn(r, k) || typeof r[k] === 'number'));
  const line = (values: string[]) => (indent + values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ')).trimEnd();
  return [line(keys), ...cells.map((c) => line(c)), ...(cut ? [`${indent}(long values are cut; --format json gives them whole)`] : [])];
}

function orderedKeys(records: Array<Record<string, JsonValue>>, declared: string[]): string[] {
  const present = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) present.add(k);
  return [...declared.filter((k) => present.has(k)), ...[...present].filter((k) => !declared.includes(k))];
}

/** A value as one short line: strings as they are (quoted when they would mislead), the rest as JSON. */
function cell(value: JsonValue): string {
  if (typeof value === 'string') return value === '' || /^\s|\s$|[\n\r\t]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : `${word}s`}`;
}
