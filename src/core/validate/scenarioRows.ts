import { diagnostic, type RelatedInformation } from '../diagnostics.js';
import type { FieldDef, MapEntry, Message, Model, Projection, ScenarioOutcome, TypeExpr, ValueNode } from '../model/model.js';
import { provenanceOf } from '../replay/provenance.js';
import type { JsonRecord, JsonValue, ProjectionRow } from '../replay/types.js';
import { ownValue, sameValue } from '../replay/values.js';
import type { Range } from '../source.js';
import type { CheckContext } from './context.js';

/**
 * A projection scenario's `then.rows` against the rows its given events make. Rows are paired by
 * their key when every expected row gives its key field (so a missing row in the middle is that
 * row, not a shift of all the rows after it), otherwise by position. Each differing field is
 * reported at the field in the scenario, with both values.
 */

type RowsOutcome = Extract<ScenarioOutcome, { kind: 'rows' }>;

interface Expected {
  node: ValueNode;
  value: JsonRecord;
}

interface Pairing {
  pairs: { expected: Expected; actual: ProjectionRow; label: string }[];
  missing: { expected: Expected; message: string }[];
  extra: ProjectionRow[];
  /** Whether the paired rows come in another order than the scenario lists them. */
  reordered: boolean;
}

const SHOWN = 60;

/** Reports where the rows the rules make differ from the rows the scenario expects. */
export function compareRows(p: Projection, then: RowsOutcome, actual: readonly ProjectionRow[], given: readonly Message[], m: Model, c: CheckContext): void {
  const expected = then.rows.map((node) => ({ node, value: declaredRecord(node, p.fields, m) }));
  if (actual.length === expected.length && actual.every((a, i) => sameValue(a.row, expected[i]!.value))) return;
  const pairing = pairByKey(p, expected, actual) ?? pairByPosition(p, expected, actual);
  const written = (row: ProjectionRow, path: string): RelatedInformation[] => {
    const w = provenanceOf(row.provenance, path);
    const g = w && given[w.position - 1];
    if (!w || !g) return [];
    return [
      { message: `given event ${w.position} (${g.name})`, range: g.range },
      { message: `the rule of '${p.name}' for '${g.name}'`, range: w.opRange ?? w.ruleRange },
    ];
  };
  for (const { expected: e, actual: a, label } of pairing.pairs) {
    if (sameValue(a.row, e.value)) continue;
    const entries = e.node.kind === 'map' ? e.node.entries : new Map<string, MapEntry>();
    for (const [field, want] of Object.entries(e.value)) {
      const entry = entries.get(field);
      const at = entry ? span(entry) : e.node.range;
      const got = ownValue(a.row, field);
      if (got === undefined) {
        c.report(diagnostic('scenario-rows-mismatch', `${label}: after the given events, '${field}' has no value; the scenario expects ${show(want)}.`, at));
      } else if (!sameValue(got, want)) {
        c.report(diagnostic('scenario-rows-mismatch', `${label}: after the given events, '${field}' is ${show(got)}; the scenario expects ${show(want)}.`, at, written(a, field)));
      }
    }
    const more = Object.entries(a.row).filter(([field]) => ownValue(e.value, field) === undefined);
    for (const [field, got] of more) {
      const entry = entries.get(field);
      c.report(
        diagnostic(
          'scenario-rows-mismatch',
          `${label}: after the given events, '${field}' is ${show(got)}; the scenario ${entry ? 'writes it null, so expects no value' : 'leaves it out, so expects no value'}.`,
          entry ? span(entry) : e.node.range,
          written(a, field),
        ),
      );
    }
  }
  const rowsKey = keyOf(then);
  for (const { expected: e, message } of pairing.missing) c.report(diagnostic('scenario-rows-mismatch', message, e.node.range));
  for (const a of pairing.extra) {
    c.report(
      diagnostic(
        'scenario-rows-mismatch',
        `The given events also make ${p.key ? `the row '${a.key}'` : 'the row'} of '${p.name}', which the scenario does not list: ${show(a.row)}.`,
        rowsKey,
        written(a, ''),
      ),
    );
  }
  if (pairing.reordered && pairing.missing.length === 0 && pairing.extra.length === 0) {
    const order = actual.map((x) => `'${x.key}'`);
    c.report(
      diagnostic('scenario-rows-mismatch', `The rows of '${p.name}' come in another order: the given events create them as ${order.join(', ')}; list them in that order.`, rowsKey),
    );
  }
}

/** Pairs by key when the projection has one and every expected row gives it, each once. */
function pairByKey(p: Projection, expected: Expected[], actual: readonly ProjectionRow[]): Pairing | undefined {
  if (!p.key) return undefined;
  const keyField = p.key.name;
  const keys = expected.map((e) => keyText(ownValue(e.value, keyField)));
  if (keys.some((k) => k === undefined) || new Set(keys).size !== keys.length) return undefined;
  const byKey = new Map(actual.map((a) => [a.key, a]));
  const out: Pairing = { pairs: [], missing: [], extra: [], reordered: false };
  const index = new Map(actual.map((a, i) => [a, i]));
  const used = new Set<ProjectionRow>();
  let last = -1;
  expected.forEach((e, i) => {
    const key = keys[i]!;
    const a = byKey.get(key);
    if (!a) {
      out.missing.push({ expected: e, message: `The given events make no row '${key}' of '${p.name}'; the scenario expects this one.` });
      return;
    }
    used.add(a);
    const at = index.get(a)!;
    if (at < last) out.reordered = true;
    last = at;
    out.pairs.push({ expected: e, actual: a, label: `Row '${key}' of '${p.name}'` });
  });
  out.extra = actual.filter((a) => !used.has(a));
  return out;
}

function pairByPosition(p: Projection, expected: Expected[], actual: readonly ProjectionRow[]): Pairing {
  const out: Pairing = { pairs: [], missing: [], extra: actual.slice(expected.length), reordered: false };
  const n = actual.length;
  expected.forEach((e, i) => {
    const a = actual[i];
    if (a) {
      out.pairs.push({ expected: e, actual: a, label: p.key ? `Row ${i + 1} of '${p.name}' (key '${a.key}')` : `The row of '${p.name}'` });
      return;
    }
    const made = n === 0 ? 'no row' : `${n} row${n === 1 ? '' : 's'}`;
    out.missing.push({ expected: e, message: `The given events make ${made} of '${p.name}'; the scenario expects ${expected.length}, so this one is not made.` });
  });
  return out;
}

const NO_FIELDS = new Map<string, FieldDef>();

/**
 * A payload or row as JSON, the way the generated tests write their literals: fields the record
 * does not declare, and fields written `null`, are left out.
 */
export function declaredRecord(v: ValueNode | undefined, fields: Map<string, FieldDef>, m: Model): JsonRecord {
  const out: JsonRecord = {};
  if (!v || v.kind !== 'map') return out;
  for (const [key, entry] of v.entries) {
    const field = fields.get(key);
    if (!field || (entry.value.kind === 'scalar' && entry.value.value === null)) continue;
    const value = declaredValue(entry.value, field.type, m);
    // An assignment to `__proto__` would set the prototype: that key is defined as plain data.
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function declaredValue(v: ValueNode, type: TypeExpr, m: Model): JsonValue {
  switch (v.kind) {
    case 'scalar':
      return v.value;
    case 'ref':
      return v.text;
    case 'list': {
      const element = type.kind === 'array' ? type.element : type;
      return v.items.map((i) => declaredValue(i, element, m));
    }
    case 'map':
      return declaredRecord(v, (type.kind === 'named' ? m.types.get(type.name)?.fields : undefined) ?? NO_FIELDS, m);
  }
}

/** A row key as the replay writes it: a string as is, anything else as JSON. */
function keyText(v: JsonValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The `rows` key: the outcome's range runs to the end of its last row. */
function keyOf(then: RowsOutcome): Range {
  const { line, character } = then.range.start;
  return { start: then.range.start, end: { line, character: character + 'rows'.length } };
}

/** A field written in the scenario, from its key to the end of its value. */
function span(entry: MapEntry): Range {
  return { start: entry.keyRange.start, end: entry.value.range.end };
}

function show(v: JsonValue): string {
  const text = JSON.stringify(v);
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text;
}
