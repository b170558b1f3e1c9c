import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fc from 'fast-check';
import { parseModel, parseSamples, provenanceOf, replayEvents, validateModel, type Model, type Replay, type SampleEvent, type ValueNode } from '../../src/core/index.js';
import { expectGolden, ROOT } from './support/golden.js';
import { describeInput, mutated, SAMPLE_SEEDS } from './support/mutations.js';

const EXAMPLES = path.join(ROOT, 'examples');

/** A model from inline text; it must have no errors. */
function model(text: string): Model {
  const parsed = parseModel(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return parsed.model;
}

function samples(text: string): SampleEvent[] {
  const parsed = parseSamples(text, 'test.samples.yaml');
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.events;
}

function json(v: ValueNode): unknown {
  switch (v.kind) {
    case 'scalar':
      return v.value;
    case 'ref':
      return v.text;
    case 'list':
      return v.items.map(json);
    case 'map':
      return Object.fromEntries([...v.entries].map(([k, e]) => [k, json(e.value)]));
  }
}

const rowsOf = (r: Replay, name: string) => r.projections.find((p) => p.projection === name)!.rows.map((x) => x.row);
const kinds = (r: Replay) => r.steps.flatMap((s) => s.problems.map((p) => p.kind));

const BASE = `
version: 1
context: Test
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
    initial: { count: 0, lines: [], tags: [] }
    evolve:
      Counted: { inc: { count: $event.by } }
      Labelled: { set: { label: $event.label } }
      Cleared: { unset: [label] }
      LineAdded: { push: { lines: { sku: $event.sku, quantity: $event.quantity } } }
      LineRemoved: { remove: { lines: { sku: $event.sku } } }
      Tagged: { push: { tags: $event.tag }, inc: { count: 1 } }
      Untagged: { remove: { tags: $event.tag } }
events:
  Counted: { aggregate: Tally, fields: { tallyId: string, by: integer } }
  Labelled: { aggregate: Tally, fields: { tallyId: string, label: string? } }
  Cleared: { aggregate: Tally, fields: { tallyId: string } }
  LineAdded: { aggregate: Tally, fields: { tallyId: string, sku: string, quantity: integer } }
  LineRemoved: { aggregate: Tally, fields: { tallyId: string, sku: string } }
  Tagged: { aggregate: Tally, fields: { tallyId: string, tag: string } }
  Untagged: { aggregate: Tally, fields: { tallyId: string, tag: string } }
projections:
  Board:
    key: tallyId
    fields: { tallyId: string, total: integer, stream: string?, at: datetime?, position: integer? }
    on:
      Counted: { set: { tallyId: $event.tallyId, stream: $meta.stream, at: $meta.timestamp, position: $meta.position }, inc: { total: $event.by } }
      Cleared: { delete: true }
`;

describe('replay engine', () => {
  const m = model(BASE);
  const state = (r: Replay, id = 't1') => r.aggregates.find((a) => a.id === id)?.state;

  it('inc adds to a field, counting from 0, and a negative amount decrements', () => {
    const r = replayEvents(m, samples('- Counted: { tallyId: t1, by: 5 }\n- Counted: { tallyId: t1, by: -2 }\n'));
    assert.deepEqual(kinds(r), []);
    assert.equal(state(r)!.count, 3);
    const rule = m.aggregates.get('Tally')!.evolve[0]!;
    const op = rule.ops[0]!;
    assert.ok(op.op === 'inc');
    assert.deepEqual(r.steps[1]!.changes.find((c) => c.target.kind === 'aggregate'), { target: { kind: 'aggregate', name: 'Tally', id: 't1' }, path: 'count', before: 5, after: 3, ruleRange: rule.range, opRange: op.pathRange });
    assert.deepEqual(rowsOf(r, 'Board'), [{ tallyId: 't1', stream: 'Tally-t1', position: 2, total: 3 }]);
  });

  it('set assigns, and an absent optional value unsets the field', () => {
    const r = replayEvents(m, samples('- Labelled: { tallyId: t1, label: hello }\n- Labelled: { tallyId: t1 }\n'));
    assert.deepEqual(kinds(r), []);
    assert.equal(r.steps[0]!.changes[0]!.after, 'hello');
    assert.deepEqual(state(r), { count: 0, lines: [], tags: [] });
  });

  it('unset removes an optional field', () => {
    const r = replayEvents(m, samples('- Labelled: { tallyId: t1, label: hello }\n- Cleared: { tallyId: t1 }\n'));
    assert.ok(!('label' in state(r)!));
    assert.deepEqual(r.steps[1]!.changes.find((c) => c.target.kind === 'aggregate')?.before, 'hello');
  });

  it('push appends a built record, and operators run in the order written', () => {
    const r = replayEvents(m, samples('- LineAdded: { tallyId: t1, sku: A, quantity: 2 }\n- Tagged: { tallyId: t1, tag: x }\n'));
    assert.deepEqual(state(r), { count: 1, lines: [{ sku: 'A', quantity: 2 }], tags: ['x'] });
  });

  it('remove drops the elements equal to a value, or matching a partial record', () => {
    const r = replayEvents(
      m,
      samples('- LineAdded: { tallyId: t1, sku: A, quantity: 2 }\n- LineAdded: { tallyId: t1, sku: B, quantity: 1 }\n- LineAdded: { tallyId: t1, sku: A, quantity: 5 }\n- LineRemoved: { tallyId: t1, sku: A }\n- Tagged: { tallyId: t1, tag: x }\n- Tagged: { tallyId: t1, tag: y }\n- Untagged: { tallyId: t1, tag: x }\n'),
    );
    assert.deepEqual(kinds(r), []);
    assert.deepEqual(state(r)!.lines, [{ sku: 'B', quantity: 1 }]);
    assert.deepEqual(state(r)!.tags, ['y']);
  });

  it('delete removes a row; deleting it again is a problem', () => {
    const r = replayEvents(m, samples('- Counted: { tallyId: t1, by: 1 }\n- Cleared: { tallyId: t1 }\n- Cleared: { tallyId: t1 }\n'));
    assert.deepEqual(rowsOf(r, 'Board'), []);
    assert.deepEqual(kinds(r), ['row-deleted-twice']);
    const p = r.steps[2]!.problems[0]!;
    assert.deepEqual(p.eventRange, r.steps[2]!.eventRange);
    assert.deepEqual(p.ruleRange, m.projections.get('Board')!.on[1]!.range);
  });

  it('an event unknown to the model is a problem, and the replay goes on', () => {
    const r = replayEvents(m, samples('- Nonsense: { tallyId: t1 }\n- Counted: { tallyId: t1, by: 1 }\n'));
    assert.deepEqual(kinds(r), ['unknown-event']);
    assert.equal(state(r)!.count, 1);
  });

  it('an aggregate event without its id has no stream, and is a problem', () => {
    const r = replayEvents(m, samples('- Labelled: { label: x }\n'));
    assert.deepEqual(kinds(r), ['missing-stream-id']);
    assert.equal(r.steps[0]!.stream, undefined);
    assert.deepEqual(r.aggregates, []);
  });

  it('a required $event value that is missing is a problem, and the operator is skipped', () => {
    const r = replayEvents(m, samples('- Counted: { tallyId: t1 }\n'));
    assert.deepEqual(kinds(r), ['missing-value', 'missing-value']);
    assert.equal(state(r)!.count, 0);
    assert.deepEqual(r.steps[0]!.problems[0]!.ruleRange, m.aggregates.get('Tally')!.evolve[0]!.range);
  });

  it('inc on a value that is not a number is a problem', () => {
    const r = replayEvents(m, samples('- Counted: { tallyId: t1, by: lots }\n'));
    assert.ok(kinds(r).includes('not-a-number'));
    assert.equal(state(r)!.count, 0);
  });

  it('push or remove on a value that is not a list is a problem, and the list is left as it is', () => {
    const listModel = model(
      BASE.replace('      Untagged: { remove: { tags: $event.tag } }', '      Untagged: { remove: { tags: $event.tag } }\n      TagsSet: { set: { tags: $event.tags } }').replace(
        '  Untagged: { aggregate: Tally, fields: { tallyId: string, tag: string } }',
        '  Untagged: { aggregate: Tally, fields: { tallyId: string, tag: string } }\n  TagsSet: { aggregate: Tally, fields: { tallyId: string, tags: "string[]" } }',
      ),
    );
    const r = replayEvents(listModel, samples('- TagsSet: { tallyId: t1, tags: oops }\n- Tagged: { tallyId: t1, tag: y }\n- Untagged: { tallyId: t1, tag: y }\n'));
    assert.deepEqual(kinds(r), ['not-a-list', 'not-a-list']);
    assert.equal(state(r)!.tags, 'oops');
    assert.equal(state(r)!.count, 1, "the rule's other operators still ran");
    const push = listModel.aggregates.get('Tally')!.evolve.find((x) => x.event.name === 'Tagged')!.ops[0]!;
    assert.deepEqual(r.steps[1]!.problems[0]!.opRange, push.op === 'delete' ? undefined : push.pathRange);
  });

  it('a path that is not a field of the target (a model with errors) is a problem at the operator', () => {
    const parsed = parseModel(BASE.replace('Labelled: { set: { label: $event.label } }', 'Labelled: { set: { lable: $event.label } }'));
    assert.ok(validateModel(parsed).some((d) => d.severity === 'error'));
    const r = replayEvents(parsed.model, samples('- Labelled: { tallyId: t1, label: x }\n'));
    assert.deepEqual(kinds(r), ['unknown-path']);
    assert.equal(state(r)!.label, undefined);
    const op = parsed.model.aggregates.get('Tally')!.evolve.find((x) => x.event.name === 'Labelled')!.ops[0]!;
    assert.deepEqual(r.steps[0]!.problems[0]!.opRange, op.op === 'delete' ? undefined : op.pathRange);
  });

  it('a missing projection key is a problem', () => {
    const r = replayEvents(m, samples('- Cleared: {}\n'));
    assert.deepEqual(kinds(r), ['missing-stream-id', 'missing-row-key']);
  });

  it('$meta reads the position, the stream and the sample time; without metadata they are absent', () => {
    const events = samples('- type: Counted\n  at: 2024-01-01T00:00:00Z\n  data: { tallyId: t1, by: 1 }\n');
    assert.deepEqual(rowsOf(replayEvents(m, events), 'Board'), [{ tallyId: 't1', stream: 'Tally-t1', at: '2024-01-01T00:00:00Z', position: 1, total: 1 }]);
    assert.deepEqual(rowsOf(replayEvents(m, events, { metadata: false }), 'Board'), [{ tallyId: 't1', total: 1 }]);
  });

  it('provenance tells which event and rule last wrote a value', () => {
    const r = replayEvents(m, samples('- Counted: { tallyId: t1, by: 1 }\n- LineAdded: { tallyId: t1, sku: A, quantity: 2 }\n'));
    const tally = r.aggregates[0]!;
    assert.equal(provenanceOf(tally.provenance, 'count')?.position, 1);
    assert.deepEqual(provenanceOf(tally.provenance, 'lines.0.sku')?.ruleRange, m.aggregates.get('Tally')!.evolve[3]!.range);
    assert.equal(provenanceOf(tally.provenance, 'tags')?.position, 0);
  });

  it('never throws on odd input, and keeps names such as __proto__ as data', () => {
    const odd = model('version: 1\ncontext: Odd\nprojections:\n  P:\n    fields: { __proto__: string?, n: integer }\n    on:\n      E: { set: { __proto__: $event.__proto__ }, inc: { n: $event.n } }\nevents:\n  E: { fields: { __proto__: string?, n: integer } }\n');
    const r = replayEvents(odd, samples('- E: { __proto__: polluted, n: [1] }\n- E: { n: 2 }\n'));
    assert.equal(Object.getPrototypeOf(rowsOf(r, 'P')[0]), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(kinds(r).includes('not-a-number'));
  });

  it('never fails inside on randomly edited sample files of the examples', () => {
    const models = new Map<string, Model>();
    fc.assert(
      fc.property(mutated(SAMPLE_SEEDS), (input) => {
        const dir = path.dirname(input.seed.name);
        const file = path.join(ROOT, dir, `${path.basename(dir)}.events.yaml`);
        if (!models.has(file)) models.set(file, existsSync(file) ? parseModel(readFileSync(file, 'utf8')).model : m);
        const r = replayEvents(models.get(file)!, parseSamples(input.text, path.basename(input.seed.name)).events);
        assert.deepEqual(kinds(r).filter((k) => k === 'internal'), [], describeInput(input));
        JSON.stringify(r);
      }),
      { numRuns: 200 },
    );
  });

  it('policies fan out to commands with payloads from their mappings and by name', () => {
    const text = readFileSync(path.join(EXAMPLES, 'shop/shop.events.yaml'), 'utf8');
    const shop = parseModel(text).model;
    const events = parseSamples(readFileSync(path.join(EXAMPLES, 'shop/shop.samples.yaml'), 'utf8'), 'shop.samples.yaml').events;
    const placed = replayEvents(shop, events).steps.find((s) => s.type === 'OrderPlaced')!;
    assert.ok(placed.commands.length >= 2);
    for (const c of placed.commands) assert.deepEqual(c.missing, [], `${c.policy} fills ${c.command}`);
    const data = placed.data as Record<string, unknown>;
    assert.ok(placed.commands.some((c) => c.payload.orderId === data.orderId));
  });
});

describe('replay of the examples', () => {
  const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of folders) {
    const dir = path.join(EXAMPLES, name);
    const files = readdirSync(dir);
    const modelFile = files.find((f) => f.endsWith('.events.yaml'))!;
    const ex = parseModel(readFileSync(path.join(dir, modelFile), 'utf8')).model;
    for (const sampleFile of files.filter((f) => /\.samples\.(ya?ml|json|jsonl)$/.test(f))) {
      it(`${name}: ${sampleFile} replays without problems, to the golden final states`, () => {
        const events = parseSamples(readFileSync(path.join(dir, sampleFile), 'utf8'), sampleFile).events;
        const r = replayEvents(ex, events);
        assert.deepEqual(r.steps.flatMap((s) => s.problems.map((p) => `${s.position} ${p.kind}: ${p.message}`)), []);
        const final = {
          aggregates: r.aggregates.map((a) => ({ aggregate: a.aggregate, id: a.id, state: a.state })),
          projections: r.projections.map((p) => ({ projection: p.projection, rows: p.rows.map((x) => ({ key: x.key, row: x.row })) })),
        };
        const stem = sampleFile.replace(/\.samples\.[a-z]+$/, '').replace(`${name}.`, '');
        expectGolden(`replay/${name}.${stem === name ? 'samples' : stem}.json`, JSON.stringify(final, null, 2) + '\n');
      });
    }
    for (const scenario of ex.scenarios.filter((s) => s.projection && s.then?.kind === 'rows')) {
      it(`${name}: replaying the given events of "${scenario.name}" gives its rows`, () => {
        const given: SampleEvent[] = scenario.given.map((g) => ({ type: g.name, typeRange: g.nameRange, range: g.range, data: g.payload ?? { kind: 'map', entries: new Map(), range: g.range } }));
        const r = replayEvents(ex, given, { metadata: false });
        const then = scenario.then as Extract<NonNullable<typeof scenario.then>, { kind: 'rows' }>;
        assert.deepEqual(rowsOf(r, scenario.projection!.name), then.rows.map(json));
      });
    }
  }
});

/**
 * The engine against the committed generated code of the examples: the same sample events, folded
 * through each generated `evolve` (with the same metadata), give the same states and rows.
 */
describe('replay agrees with the generated code of the examples', () => {
  const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of folders) {
    const dir = path.join(EXAMPLES, name);
    const files = readdirSync(dir);
    const ex = parseModel(readFileSync(path.join(dir, files.find((f) => f.endsWith('.events.yaml'))!), 'utf8')).model;
    const out = path.join(dir, ex.codegen?.out ?? 'generated');
    for (const sampleFile of files.filter((f) => /\.samples\.(ya?ml|json|jsonl)$/.test(f))) {
      it(`${name}: ${sampleFile}`, async () => {
        const r = replayEvents(ex, parseSamples(readFileSync(path.join(dir, sampleFile), 'utf8'), sampleFile).events);
        const stored = r.steps.map((s) => ({
          type: s.type,
          data: s.data,
          metadata: { globalPosition: s.position, ...(s.stream ? { streamName: s.stream.name } : {}), ...(s.at !== undefined ? { timestamp: s.at } : {}) },
        }));
        for (const p of ex.projections.values()) {
          const generated = (await import(pathToFileURL(path.join(out, `${kebab(p.name)}.projection.ts`)).href)) as { applyAll: (rows: Map<string, unknown>, events: unknown[]) => Map<string, unknown> };
          const on = new Set(p.on.map((o) => o.event.name));
          const expected = [...generated.applyAll(new Map(), stored.filter((e) => on.has(e.type))).values()];
          assert.deepEqual(rowsOf(r, p.name), expected, `${p.name} rows`);
        }
        for (const a of ex.aggregates.values()) {
          const generated = (await import(pathToFileURL(path.join(out, `${kebab(a.name)}.decider.ts`)).href)) as { initialState: () => unknown; evolve: (s: unknown, e: unknown) => unknown };
          for (const instance of r.aggregates.filter((i) => i.aggregate === a.name)) {
            const own = stored.filter((e, i) => r.steps[i]!.stream?.name === instance.stream);
            assert.deepEqual(instance.state, own.reduce(generated.evolve, generated.initialState()), `${instance.stream} state`);
          }
        }
      });
    }
  }
});
