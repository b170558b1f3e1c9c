import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { JsonLinesReader, parseModel, parseSamples, quickReading, Replayer, toReplayEvent, type JsonLine, type Model, type ReplayEvent } from '../../src/core/index.js';
import { ROOT } from './support/golden.js';

/**
 * The bulk replay's short ways, held against the general ones: the quick reading of JSON Lines
 * (a scan, and only the members the rules read) against JSON.parse, and `applyQuick` with its
 * prepared rules against `apply`: the same states, provenance, problems and change counts.
 */

const EXAMPLES = path.join(ROOT, 'examples');

function model(text: string): Model {
  const parsed = parseModel(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return parsed.model;
}

/** Every line of a text through the reader, quick or not. */
function readLines(text: string, m?: Model): JsonLine[] {
  const out: JsonLine[] = [];
  const reader = new JsonLinesReader((l) => out.push(l), m ? { quick: quickReading(m) } : {});
  reader.push(text);
  reader.end();
  return out;
}

/** The whole replay, as plain data, and each step's stream, change count and problems. */
function replayAll(m: Model, events: readonly ReplayEvent[], quick: boolean): unknown {
  const replayer = new Replayer(m);
  const steps = events.map((e) => {
    if (quick) {
      const s = replayer.applyQuick(e);
      return { stream: s.stream, changes: s.changes, problems: s.problems };
    }
    const s = replayer.apply(e, { commands: false });
    return { stream: s.stream?.name, changes: s.changes.length, problems: s.problems };
  });
  return { steps, aggregates: replayer.aggregates(), projections: replayer.projections() };
}

const TALLY = model(`
version: 1
context: Tally
types:
  Line: { fields: { sku: string, quantity: integer, note: string? } }
aggregates:
  Tally:
    id: tallyId
    state:
      count: integer
      label: string?
      lines: Line[]
      tags: string[]
      note: string?
    initial: { count: 0, lines: [], tags: [] }
    evolve:
      Counted: { inc: { count: $event.by }, set: { note: $event.note } }
      Labelled: { set: { label: $event.label, note: null } }
      Cleared: { unset: [label, count] }
      LineAdded: { push: { lines: { sku: $event.sku, quantity: $event.quantity, note: $event.note } } }
      LineRemoved: { remove: { lines: { sku: $event.sku, note: null } } }
      Tagged: { push: { tags: $event.tag }, inc: { count: 2 } }
      Untagged: { remove: { tags: $event.tag } }
      Reset: { set: { count: $event.by } }
projections:
  Board:
    key: tallyId
    fields: { tallyId: string, total: integer, label: string?, last: string? }
    on:
      Counted: { set: { tallyId: $event.tallyId }, inc: { total: $event.by } }
      Labelled: { set: { label: $event.label, last: Labelled } }
      Cleared: { unset: [label] }
      Tagged: { set: { last: $event.tag } }
events:
  Counted: { aggregate: Tally, fields: { tallyId: string, by: integer, note: string? } }
  Labelled: { aggregate: Tally, fields: { tallyId: string, label: string? } }
  Cleared: { aggregate: Tally, fields: { tallyId: string } }
  LineAdded: { aggregate: Tally, fields: { tallyId: string, sku: string, quantity: integer?, note: string? } }
  LineRemoved: { aggregate: Tally, fields: { tallyId: string, sku: string } }
  Tagged: { aggregate: Tally, fields: { tallyId: string, tag: string } }
  Untagged: { aggregate: Tally, fields: { tallyId: string, tag: string } }
  Reset: { aggregate: Tally, fields: { tallyId: string, by: integer? } }
`);

const TALLY_TYPES = ['Counted', 'Labelled', 'Cleared', 'LineAdded', 'LineRemoved', 'Tagged', 'Untagged', 'Reset', 'Unknown'];
const TALLY_FIELDS = ['tallyId', 'by', 'note', 'label', 'sku', 'quantity', 'tag', '__proto__', 'extra'];

/** A value of any JSON kind, often of the kind a field wants, sometimes not. */
const anyValue = fc.oneof(
  fc.constantFrom('t1', 't2', 'A', 'B', 'x', '', false, 0),
  fc.constantFrom<unknown>([1, 2], { a: 1 }, [[1]], [{ x: 'y' }], {}, []),
  fc.integer({ min: -3, max: 5 }),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(1.5, 1e21, -0),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Data with a few streams' ids (mostly present), the fields the rules read (mostly well typed), and now and then a stray key. */
const tallyData = fc
  .tuple(
    fc.option(fc.constantFrom('t1', 't2'), { freq: 8 }),
    fc.dictionary(fc.constantFrom(...TALLY_FIELDS.slice(1)), fc.oneof({ weight: 3, arbitrary: fc.constantFrom('A', 'B', 1, 2) }, { weight: 1, arbitrary: anyValue }), { maxKeys: 4 }),
    fc.option(anyValue, { freq: 6 }),
  )
  .map(([id, rest, oddId]) => ({ ...(id !== null ? { tallyId: id } : oddId !== null ? { tallyId: oddId } : {}), ...rest }));

const tallyEvent = fc.record(
  {
    type: fc.constantFrom(...TALLY_TYPES),
    data: tallyData,
    version: fc.constantFrom(1, 2),
  },
  { requiredKeys: ['type', 'data'] },
);

/** A line with one of its structural characters changed or removed: the scan must not take what JSON.parse refuses. */
const brokenStructure = fc.tuple(tallyEvent, fc.nat(1000), fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', ' ')).map(([e, at, by]) => {
  const text = JSON.stringify(e);
  const places = [...text].flatMap((c, i) => ('{}[],:"'.includes(c) ? [i] : []));
  const i = places[at % places.length]!;
  return text.slice(0, i) + by + text.slice(i + 1);
});

describe('bulk replay: the quick reading of JSON Lines', () => {
  it('reads what JSON.parse reads, and gives up on anything it is not sure of', () => {
    const reading = quickReading(TALLY);
    const line = fc.oneof(
      tallyEvent.map((e) => JSON.stringify(e)),
      // Spacing, reordering, duplicates, odd keys and broken text.
      fc.tuple(tallyEvent, fc.constantFrom(' ', '\t', '', '  ')).map(([e, sp]) => JSON.stringify(e, null, sp === '' ? undefined : 1).replace(/\n/g, sp)),
      tallyEvent.map((e) => `{"data":${JSON.stringify(e.data)},"type":${JSON.stringify(e.type)},"at":"2024-09-01T10:00:00.000Z"}`),
      tallyEvent.map((e) => `{"type":${JSON.stringify(e.type)},"type":"Counted","data":${JSON.stringify(e.data)}}`),
      tallyEvent.map((e) => `{"type":${JSON.stringify(e.type)},"data":${JSON.stringify(e.data)},"data":{"tallyId":"t9"}}`),
      tallyEvent.map((e) => `{"type":${JSON.stringify(e.type)},"data":${JSON.stringify(e.data).replace(/}$/, ',"tallyId":"dup"}')}}`),
      fc.tuple(tallyEvent, fc.constantFrom('2024-09-01T10:00:00Z', '2024-02-30T10:00:00Z', '2024-09-01T24:00:00Z', 'yesterday', '2024-13-01T00:00:00.000Z', '2024-09-01')).map(
        ([e, at]) => JSON.stringify({ ...e, at }),
      ),
      fc.tuple(tallyEvent, fc.nat(200), fc.constantFrom('', '}', '{', '"', ',', ':', '\\', '\u0001', '-', '0', 'e', ']', 'tru', 'nul')).map(([e, at, insert]) => {
        const text = JSON.stringify(e);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i);
      }),
      fc.tuple(tallyEvent, fc.nat(200)).map(([e, at]) => {
        const text = JSON.stringify(e);
        const i = at % text.length;
        return text.slice(0, i) + text.slice(i + 1);
      }),
      brokenStructure,
      brokenStructure,
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.join('\n') + '\n';
        const quick = readLines(text, TALLY);
        const full = readLines(text);
        assert.equal(quick.length, full.length);
        quick.forEach((q, i) => {
          const f = full[i]!;
          assert.deepEqual(q.range, f.range);
          if (!q.event?.partial) {
            // Not taken the quick way: read the ordinary way, to the letter.
            assert.deepEqual(q, f);
            return;
          }
          assert.deepEqual(f.diagnostics, [], `the quick reading took a line with findings: ${q.text}`);
          assert.ok(f.event, q.text);
          assert.equal(q.event.type, f.event.type);
          assert.equal(q.event.version, f.event.version);
          if (reading.at) assert.equal(q.event.at, f.event.at);
          const keys = reading.data(f.event.type, f.event.version) ?? [];
          const expected = Object.fromEntries(keys.filter((k) => Object.prototype.hasOwnProperty.call(f.event!.data, k)).map((k) => [k, (f.event!.data as Record<string, unknown>)[k]]));
          assert.deepEqual(q.event.data, expected, q.text);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('takes none of these broken or unusual lines, and each reads as the ordinary reading reads it', () => {
    const lines = [
      '{"type":"Counted","data":{"tallyId":"t1","x":[1}}}',
      '{"type":"Counted","data":{"tallyId":"t1","x":{"a":1]}}',
      '{"type":"Counted","data":{"tallyId":"t1","x":[1,]}}',
      '{"type":"Counted","data":{"tallyId":"t1","x":{"a":1,}}}',
      '{"type":"Counted","data":{"tallyId":"t1",}}',
      '{"type":"Counted","data":{"tallyId":"t1"},}',
      '{"type":"Counted","data":{"tallyId" "t1"}}',
      '{"type":"Counted","data":{"tallyId":01}}',
      '{"type":"Counted","data":{"tallyId":1.}}',
      '{"type":"Counted","data":{"tallyId":-}}',
      '{"type":"Counted","data":{"tallyId":1e}}',
      '{"type":"Counted","data":{"tallyId":tru}}',
      '{"type":"Counted","data":{"tallyId":"t1"}} x',
      '{"type":"Counted","data":[1]}',
      '{"type":"Counted","data":"t1"}',
      '{"type":1,"data":{}}',
      '{"type":"Counted","version":0,"data":{}}',
      '{"type":"Counted","version":1.5,"data":{}}',
      '{"type":"Counted","version":"1","data":{}}',
      '{"type":"Counted","at":"2024-02-30T00:00:00Z","data":{}}',
      '{"type":"Counted","at":"2024-09-01T25:00:00Z","data":{}}',
      '{"type":"Counted","at":"someday","data":{}}',
      '{"type":"Counted","extra":1,"data":{}}',
      '{"data":{}}',
      '{}',
      '[]',
      '{"type":"Counted","data":{"tallyId":"t\\u0031"}}',
      '{"type":"Counted","data":{"tallyId":"t\t1"}}',
      `{"type":"Counted","data":${'['.repeat(70)}${']'.repeat(70)}}`,
    ];
    const text = lines.join('\n') + '\n';
    const quick = readLines(text, TALLY);
    const full = readLines(text);
    quick.forEach((q, i) => {
      assert.ok(!q.event?.partial || full[i]!.diagnostics.length === 0, `taken the quick way: ${q.text}`);
      if (!q.event?.partial) assert.deepEqual(q, full[i], q.text);
    });
    // A few of them are fine JSON: an event with data as a list, say, is read the ordinary way and reported there.
    assert.ok(full.filter((l) => l.diagnostics.length > 0).length >= 20);
  });

  it('takes the plain lines of a real export the quick way', () => {
    const shop = parseModel(readFileSync(path.join(EXAMPLES, 'shop/shop.events.yaml'), 'utf8')).model;
    const events = parseSamples(readFileSync(path.join(EXAMPLES, 'shop/shop.samples.yaml'), 'utf8'), 'shop.samples.yaml').events.map(toReplayEvent);
    const text = events.map((e) => JSON.stringify({ type: e.type, at: e.at ?? '2024-09-01T10:00:00Z', data: e.data })).join('\n') + '\n';
    const lines = readLines(text, shop);
    assert.equal(lines.filter((l) => l.event?.partial).length, events.length);
  });
});

describe('bulk replay: applyQuick against apply', () => {
  it('random events through a model of every simple operator: the same replay', () => {
    fc.assert(
      fc.property(fc.array(tallyEvent, { maxLength: 30 }), (drawn) => {
        const text = drawn.map((e) => JSON.stringify(e)).join('\n') + '\n';
        const quick = readLines(text, TALLY).flatMap((l) => (l.event ? [l.event] : []));
        const full = readLines(text).flatMap((l) => (l.event ? [l.event] : []));
        assert.deepEqual(replayAll(TALLY, quick, true), replayAll(TALLY, full, false));
      }),
      { numRuns: 500 },
    );
  });

  it('each operator at its edges: the same replay either way', () => {
    const cases: [string, ...object[]][] = [
      ['a match on an absent field', { type: 'LineAdded', data: { tallyId: 't1', sku: 'A', quantity: 1, note: 'n' } }, { type: 'LineAdded', data: { tallyId: 't1', sku: 'A', quantity: 2 } }, { type: 'LineRemoved', data: { tallyId: 't1', sku: 'A' } }],
      ['an inc on a string, false, null and 0', { type: 'Reset', data: { tallyId: 't1', by: '' } }, { type: 'Counted', data: { tallyId: 't1', by: 1 } }, { type: 'Reset', data: { tallyId: 't1', by: false } }, { type: 'Counted', data: { tallyId: 't1', by: 1 } }, { type: 'Reset', data: { tallyId: 't1', by: null } }, { type: 'Counted', data: { tallyId: 't1', by: 1 } }, { type: 'Reset', data: { tallyId: 't1', by: 0 } }, { type: 'Counted', data: { tallyId: 't1', by: 1 } }],
      ['an inc by a string, and by nothing', { type: 'Counted', data: { tallyId: 't1', by: '2' } }, { type: 'Counted', data: { tallyId: 't1' } }],
      ['a record pushed without an optional value a required field needs', { type: 'LineAdded', data: { tallyId: 't1', sku: 'A' } }, { type: 'LineAdded', data: { tallyId: 't1', sku: 'B', quantity: 3 } }],
      ['a record pushed without a required value', { type: 'LineAdded', data: { tallyId: 't1', quantity: 3 } }],
      ['a push and a remove on a list that is not one', { type: 'Reset', data: { tallyId: 't1', by: 1 } }, { type: 'Tagged', data: { tallyId: 't1', tag: 'x' } }, { type: 'Untagged', data: { tallyId: 't1', tag: 'x' } }, { type: 'Untagged', data: { tallyId: 't1', tag: 'y' } }, { type: 'Untagged', data: { tallyId: 't1' } }],
      ['a set of null, an unset, an absent optional value', { type: 'Labelled', data: { tallyId: 't1', label: 'L' } }, { type: 'Counted', data: { tallyId: 't1', by: 1, note: 'n' } }, { type: 'Labelled', data: { tallyId: 't1' } }, { type: 'Cleared', data: { tallyId: 't1' } }, { type: 'Counted', data: { tallyId: 't1', by: 1 } }],
      ['ids and keys of other kinds, and none', { type: 'Counted', data: { tallyId: 7, by: 1 } }, { type: 'Counted', data: { tallyId: { a: 1 }, by: 1 } }, { type: 'Counted', data: { tallyId: null, by: 1 } }, { type: 'Counted', data: { by: 1 } }],
      ['names that are not data', { type: 'Counted', data: { tallyId: '__proto__', by: 1, __proto__: 'x' } }, { type: 'Labelled', data: { tallyId: 'constructor', label: 'toString' } }],
      ['an unknown event and an older version', { type: 'Unknown', data: { tallyId: 't1' } }, { type: 'Counted', version: 2, data: { tallyId: 't1', by: 1 } }],
    ];
    for (const [what, ...events] of cases) {
      const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
      const quick = readLines(text, TALLY).flatMap((l) => (l.event ? [l.event] : []));
      const full = readLines(text).flatMap((l) => (l.event ? [l.event] : []));
      assert.deepEqual(replayAll(TALLY, quick, true), replayAll(TALLY, full, false), what);
    }
  });

  const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of folders) {
    it(`${name}: its sample events, shuffled and edited, replay the same either way`, () => {
      const dir = path.join(EXAMPLES, name);
      const files = readdirSync(dir);
      const ex = parseModel(readFileSync(path.join(dir, files.find((f) => f.endsWith('.events.yaml'))!), 'utf8')).model;
      const events = files
        .filter((f) => /\.samples\.(ya?ml|json|jsonl)$/.test(f))
        .flatMap((f) => parseSamples(readFileSync(path.join(dir, f), 'utf8'), f).events.map(toReplayEvent));
      const edit = fc.record({ pick: fc.nat(events.length - 1), drop: fc.option(fc.nat(8)), set: fc.option(fc.tuple(fc.nat(8), anyValue)) });
      fc.assert(
        fc.property(fc.array(edit, { maxLength: 30 }), (edits) => {
          const lines = edits.map(({ pick, drop, set }) => {
            const e = events[pick]!;
            const data = { ...(e.data as Record<string, unknown>) };
            const keys = Object.keys(data);
            if (drop !== null && keys.length > 0) delete data[keys[drop % keys.length]!];
            if (set !== null && keys.length > 0) data[keys[set[0] % keys.length]!] = set[1];
            return JSON.stringify({ type: e.type, ...(e.at !== undefined ? { at: e.at } : {}), ...(e.version !== undefined ? { version: e.version } : {}), data });
          });
          const text = lines.join('\n') + '\n';
          const quick = readLines(text, ex).flatMap((l) => (l.event ? [l.event] : []));
          const full = readLines(text).flatMap((l) => (l.event ? [l.event] : []));
          assert.deepEqual(replayAll(ex, quick, true), replayAll(ex, full, false));
        }),
        { numRuns: 60 },
      );
    });
  }
});
