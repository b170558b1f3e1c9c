import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  modelSemanticTokens, parseModel, parseSamples, replayEvents, ReplayTimeline, toReplayEvent, validateModelText, validateSamples,
  type Diagnostic, type JsonValue, type Model, type Range,
} from '../../src/core/index.js';
import { upcastEvent } from '../../src/core/replay/upcast.js';
import { expectGolden, formatDiagnostics, readFixture, ROOT } from './support/golden.js';

/** A model from inline text; it must parse without errors. */
function model(text: string): Model {
  const parsed = parseModel(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return parsed.model;
}

/** One event `Noted` (with `version` and `upcast` as given) and a projection that uses it. */
function oneEvent(version: number | undefined, upcast: string, fields: string): string {
  return [
    'version: 1',
    'context: T',
    'events:',
    '  Noted:',
    ...(version !== undefined ? [`    version: ${version}`] : []),
    '    upcast:',
    ...upcast.split('\n').map((l) => `      ${l}`),
    `    fields: ${fields}`,
    'projections:',
    '  P:',
    '    fields: { n: integer }',
    '    on:',
    '      Noted: { inc: { n: 1 } }',
    '',
  ].join('\n');
}

/** `line:col-line:col` (1-based), as the goldens write ranges. */
function at(r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

function codes(text: string): string[] {
  return validateModelText(text).diagnostics.map((d: Diagnostic) => `${at(d.range)} ${d.code}`);
}

const frozen = <T>(v: T): T => {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
};

const ledger = model(readFixture('upcast/ledger.events.yaml'));
const entry = ledger.events.get('EntryPosted')!;
const stepRanges = entry.upcast!.steps.map((s) => s.range);

describe('upcastEvent', () => {
  it('leaves an event without a version, or at the model\'s version, as it is', () => {
    const data = frozen({ bookId: 'b-1', amount: 1, party: { name: 'Kim', country: 'KR' } });
    for (const version of [undefined, 4]) {
      const r = upcastEvent(ledger, 'EntryPosted', version, data);
      assert.equal(r.data, data);
      assert.equal(r.upcast, undefined);
      assert.deepEqual(r.problems, []);
    }
    assert.equal(upcastEvent(ledger, 'Unknown', 1, data).data, data);
  });

  it('chains the steps from the event\'s version to the model\'s, recording each step', () => {
    const data = frozen({ bookId: 'b-1', value: 10, partyName: 'Kim', zip: '06236', clerk: 'Lee' });
    const r = upcastEvent(ledger, 'EntryPosted', 1, data);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.data, { bookId: 'b-1', amount: 10, party: { name: 'Kim', postalCode: '06236', country: 'KR' } });
    assert.deepEqual(r.upcast, { from: 1, to: 4, original: data, ruleRanges: stepRanges });
    const fromTwo = upcastEvent(ledger, 'EntryPosted', 2, frozen({ bookId: 'b-1', value: 5, party: { name: 'Park', country: 'JP' }, clerk: 'Lee' }));
    assert.deepEqual(fromTwo.data, { bookId: 'b-1', amount: 5, party: { name: 'Park', country: 'JP' } });
    assert.deepEqual(fromTwo.upcast?.ruleRanges, stepRanges.slice(1));
    // A step with no operations still counts: the version changed, the data did not.
    const fromThree = upcastEvent(ledger, 'EntryPosted', 3, frozen({ bookId: 'b-1', amount: 2, party: { name: 'Choi', country: 'KR' } }));
    assert.deepEqual(fromThree.upcast, { from: 3, to: 4, original: { bookId: 'b-1', amount: 2, party: { name: 'Choi', country: 'KR' } }, ruleRanges: stepRanges.slice(2) });
  });

  it('applies drop, then rename, then default within a step, whatever order they are written in', () => {
    const m = model(oneEvent(2, '- from: 1\n  default: { b: 0, c: filled }\n  rename: { a: b }\n  drop: [b, x]', '{ b: integer?, c: string? }'));
    // `b` of version 1 is dropped before `a` takes its name; the default fills `b` only when no `a` came.
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ a: 7, b: 1, x: 'gone' })).data, { b: 7, c: 'filled' });
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ b: 1 })).data, { b: 0, c: 'filled' });
    // A default fills an absent or null field, and leaves a value alone.
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ c: null })).data, { c: 'filled', b: 0 });
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ c: 'kept' })).data, { c: 'kept', b: 0 });
  });

  it('renames all at once, so two fields can swap, and a field keeps its place among the others', () => {
    const m = model(oneEvent(2, '- from: 1\n  rename: { a: b, b: a, old: new }', '{ a: string?, b: string?, new: string?, z: string? }'));
    const r = upcastEvent(m, 'Noted', 1, frozen({ a: 'A', old: 'O', b: 'B', z: 'Z' }));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(Object.entries(r.data as object), [['b', 'A'], ['new', 'O'], ['a', 'B'], ['z', 'Z']]);
  });

  it('moves values along dot paths, making the record a rename needs, but not one for a default', () => {
    const m = model(oneEvent(2, '- from: 1\n  rename: { zip: address.zip, address.town: city }\n  default: { address.country: KR, billing.country: KR }', '{ address: A?, city: string?, billing: A? }').replace('events:', 'types:\n  A: { fields: { zip: string?, country: string } }\nevents:'));
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ zip: '06236', address: { town: 'Seoul' } })).data, { address: { zip: '06236', country: 'KR' }, city: 'Seoul' });
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ zip: '06236' })).data, { address: { zip: '06236', country: 'KR' } });
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({})).data, {});
  });

  it('reports an event newer than the model, and reads it as the model\'s version', () => {
    const data = frozen({ bookId: 'b-1' });
    const r = upcastEvent(ledger, 'EntryPosted', 5, data);
    assert.equal(r.data, data);
    assert.equal(r.upcast, undefined);
    assert.deepEqual(r.problems.map((p) => [p.kind, p.ruleRange]), [['newer-version', entry.versionRange]]);
    assert.match(r.problems[0]!.message, /written with version 5, but the model declares version 4/);
  });

  it('stops at a missing step and says how far the data got', () => {
    const m = model(oneEvent(4, '- from: 2\n  rename: { a: b }\n- from: 3\n  rename: { b: c }', '{ c: string? }'));
    const below = upcastEvent(m, 'Noted', 1, frozen({ a: 'x' }));
    assert.deepEqual(below.data, { a: 'x' });
    assert.equal(below.upcast, undefined);
    assert.deepEqual(below.problems.map((p) => p.kind), ['missing-upcast']);
    assert.match(below.problems[0]!.message, /no upcast step leads from version 1 to 2, so its data is read as written, at version 1; the model's is 4/);
    assert.deepEqual(below.problems[0]!.ruleRange, m.events.get('Noted')!.upcast!.range);
    // A model with a gap (reported by the validator) upcasts as far as the gap.
    const gap = model(oneEvent(4, '- from: 1\n  rename: { a: b }\n- from: 3\n  rename: { b: c }', '{ c: string? }'));
    const partial = upcastEvent(gap, 'Noted', 1, frozen({ a: 'x' }));
    assert.deepEqual(partial.data, { b: 'x' });
    assert.deepEqual([partial.upcast?.from, partial.upcast?.to], [1, 2]);
    assert.match(partial.problems[0]!.message, /from version 2 to 3, so its data is read as upcast to version 2/);
  });

  it('reports a rename that replaces a value, or that cannot write into a value that is not a record', () => {
    const m = model(oneEvent(2, '- from: 1\n  rename: { a: b, c: d.e }\n  default: { d.f: 1 }', '{ b: string?, d: D? }').replace('events:', 'types:\n  D: { fields: { e: string?, f: integer? } }\nevents:'));
    const step = m.events.get('Noted')!.upcast!.steps[0]!;
    const replaced = upcastEvent(m, 'Noted', 1, frozen({ a: 'new', b: 'old' }));
    assert.deepEqual(replaced.data, { b: 'new' });
    assert.deepEqual(replaced.problems.map((p) => [p.kind, p.ruleRange, p.opRange]), [['upcast-conflict', step.range, step.rename[0]!.to.range]]);
    assert.match(replaced.problems[0]!.message, /renaming 'a' to 'b' replaced the value 'b' already had \("old"\)/);
    // Replacing a null is no conflict.
    assert.deepEqual(upcastEvent(m, 'Noted', 1, frozen({ a: 'new', b: null })).problems, []);
    const blocked = upcastEvent(m, 'Noted', 1, frozen({ c: 'x', d: 'text' }));
    assert.deepEqual(blocked.data, { d: 'text', c: 'x' });
    assert.deepEqual(blocked.problems.map((p) => p.kind), ['upcast-conflict', 'upcast-conflict']);
    assert.match(blocked.problems[0]!.message, /'c' cannot move to 'd.e', because 'd' holds "text", not a record; it stays where it was/);
    assert.match(blocked.problems[1]!.message, /the default of 'd.f' is not set/);
  });

  it('treats a version that is not a whole number from 1 as a problem, and data that is not a record as is', () => {
    for (const version of [0, -1, 1.5, Number.NaN]) {
      const r = upcastEvent(ledger, 'EntryPosted', version, frozen({ value: 1 }));
      assert.deepEqual(r.data, { value: 1 });
      assert.deepEqual(r.problems.map((p) => p.kind), ['missing-upcast'], String(version));
    }
    for (const data of [null, 'text', 3, [1, 2]] as JsonValue[]) {
      const r = upcastEvent(ledger, 'EntryPosted', 1, data);
      assert.equal(r.data, data);
      assert.deepEqual(r.problems, []);
    }
  });

  it('keeps __proto__ keys as data, renamed or renamed to', () => {
    const m = model(oneEvent(2, '- from: 1\n  rename: { __proto__: legacy, old: constructor }', '{ legacy: string? }'));
    const data = JSON.parse('{"__proto__": {"polluted": true}, "old": "x"}') as JsonValue;
    const r = upcastEvent(m, 'Noted', 1, data);
    assert.deepEqual(Object.keys(r.data as object), ['legacy', 'constructor']);
    assert.deepEqual((r.data as Record<string, unknown>).legacy, { polluted: true });
    assert.equal(Object.getPrototypeOf(r.data), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('never throws and never changes its input, for any steps and any data', () => {
    const paths = fc.constantFrom('a', 'b', 'c', 'a.b', 'b.c', 'a.b.c', '__proto__', 'a..b', 'x');
    const step = fc.record({
      drop: fc.array(paths, { maxLength: 2 }),
      rename: fc.array(fc.tuple(paths, paths), { maxLength: 3 }),
      default: fc.array(fc.tuple(paths, fc.constantFrom('1', 'null', 'text', '{ b: 2 }', '[1]')), { maxLength: 2 }),
    });
    const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
    const data = fc.oneof(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'x', '__proto__'), json, { maxKeys: 4 }) as fc.Arbitrary<JsonValue>, json);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 3 }), data, fc.option(fc.integer({ min: -1, max: 5 })), (steps, input, version) => {
        const upcast = steps
          .map((s, i) => [
            `- from: ${i + 1}`,
            `  drop: [${s.drop.map((p) => JSON.stringify(p)).join(', ')}]`,
            `  rename: { ${s.rename.map(([a, b]) => `${JSON.stringify(a)}: ${JSON.stringify(b)}`).join(', ')} }`,
            `  default: { ${s.default.map(([p, v]) => `${JSON.stringify(p)}: ${v}`).join(', ')} }`,
          ].join('\n'))
          .join('\n');
        const m = parseModel(oneEvent(steps.length + 1, upcast, '{ a: string? }')).model;
        const before = JSON.stringify(input);
        const r = upcastEvent(m, 'Noted', version ?? undefined, input);
        assert.equal(JSON.stringify(input), before);
        assert.doesNotThrow(() => JSON.stringify(r));
        if (r.upcast) assert.equal(r.upcast.original, input);
      }),
      { numRuns: 300 },
    );
  });
});

describe('upcast rules in the validator', () => {
  it('upcast-from-out-of-range: a step from the event\'s own version or later, or on an event without a version', () => {
    assert.deepEqual(codes(oneEvent(undefined, '- from: 1', '{ a: string }')), ['6:15-6:16 upcast-from-out-of-range']);
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n- from: 2\n- from: 3', '{ a: string }')), ['8:15-8:16 upcast-from-out-of-range', '9:15-9:16 upcast-from-out-of-range']);
  });

  it('upcast-duplicate-step: two steps from one version, at the second', () => {
    const d = validateModelText(oneEvent(2, '- from: 1\n  rename: { b: a }\n- from: 1', '{ a: string }')).diagnostics;
    assert.deepEqual(d.map((x) => `${at(x.range)} ${x.code} ${x.related?.map((r) => at(r.range)).join()}`), ['9:15-9:16 upcast-duplicate-step 7:15-7:16']);
  });

  it('upcast-gap: a version between the lowest step and the event\'s own has no step, at the upcast key', () => {
    assert.deepEqual(codes(oneEvent(4, '- from: 1\n- from: 3', '{ a: string }')), ['6:5-6:11 upcast-gap']);
    assert.deepEqual(codes(oneEvent(3, '- from: 1', '{ a: string }')), ['6:5-6:11 upcast-gap']);
    // Steps may start later than version 1: older events are then not read.
    assert.deepEqual(codes(oneEvent(4, '- from: 2\n- from: 3', '{ a: string }')), []);
    const many = validateModelText(oneEvent(100000000, '- from: 1', '{ a: string }')).diagnostics[0]!;
    assert.match(many.message, /no step reads versions 2, 3, 4, 5, 6 and 99999993 more/);
  });

  it('upcast-conflict: a value taken twice, or two renames to one place, in one step', () => {
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  drop: [a]\n  rename: { a: b, c.d: e, c: f }', '{ b: string?, e: string?, f: string? }')), [
      '9:19-9:20 upcast-conflict',
      '9:33-9:34 upcast-conflict',
    ]);
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  rename: { x: a, y: a }', '{ a: string? }')), ['8:28-8:29 upcast-conflict']);
    // A default may fill what the same step drops or renames away.
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  drop: [a]\n  rename: { b: c }\n  default: { a: "", b: "" }', '{ a: string, b: string, c: string? }')), []);
  });

  it('upcast-unknown-field: a rename target or a default that is not a field at the current version, followed through later steps', () => {
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  rename: { a: bb }\n  default: { cc: 1 }', '{ b: string? }')), ['8:22-8:24 upcast-unknown-field', '9:20-9:22 upcast-unknown-field']);
    // Renamed again by the next step: only the next step's target is checked; dropped later: not checked.
    assert.deepEqual(codes(oneEvent(3, '- from: 1\n  rename: { a: b, x: y }\n- from: 2\n  rename: { b: c }\n  drop: [y]', '{ c: string? }')), []);
    assert.deepEqual(codes(oneEvent(3, '- from: 1\n  rename: { a: b }\n- from: 2\n  rename: { b: cc }', '{ c: string? }')), ['10:22-10:24 upcast-unknown-field']);
  });

  it('upcast-default-mismatch: a default that does not fit the field it fills, at the value', () => {
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  default: { a: many, b: 1.5, c: x }', '{ a: integer, b: integer, c: { enum: [y, z] } }')), [
      '8:23-8:27 upcast-default-mismatch',
      '8:32-8:35 upcast-default-mismatch',
      '8:40-8:41 upcast-default-mismatch',
    ]);
    // Followed through a later rename to the field it lands on.
    assert.deepEqual(codes(oneEvent(3, '- from: 1\n  default: { a: text }\n- from: 2\n  rename: { a: n }', '{ n: integer }')), ['8:23-8:27 upcast-default-mismatch']);
  });

  it('upcast-removes-field: a required field dropped or renamed away, with nothing after that sets it again', () => {
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  drop: [a]\n  rename: { b: c }', '{ a: string, b: string, c: string }')), ['8:16-8:17 upcast-removes-field', '9:19-9:20 upcast-removes-field']);
    // Optional, given a default, or set by a later step: fine.
    assert.deepEqual(codes(oneEvent(3, '- from: 1\n  drop: [a, b, c]\n  default: { b: x }\n- from: 2\n  rename: { d: c }', '{ a: string?, b: string, c: string }')), []);
  });

  it('paths are field names separated by dots', () => {
    assert.deepEqual(codes(oneEvent(2, '- from: 1\n  drop: [".a", "a."]', '{ b: string? }')), ['8:16-8:20 invalid-value', '8:22-8:26 invalid-value']);
  });

  it('the schema refuses a step without a whole-number from, and unknown keys', () => {
    const d = validateModelText(oneEvent(2, '- from: 1.5\n- rename: {}\n- from: 1\n  renames: {}', '{ a: string }')).diagnostics;
    assert.deepEqual(d.map((x) => x.code), ['invalid-value', 'missing-key', 'unknown-key']);
  });
});

describe('upcast steps in the editor', () => {
  it('colour drop, rename and default as operators, like the operators of update rules', () => {
    const text = oneEvent(2, '- from: 1\n  drop: [a]\n  rename: { b: c }\n  default: { d: 1 }', '{ c: string?, d: integer? }');
    const lines = text.split('\n');
    const operators = modelSemanticTokens(parseModel(text).model)
      .filter((t) => t.type === 'operator')
      .map((t) => lines[t.range.start.line]!.slice(t.range.start.character, t.range.end.character));
    assert.deepEqual(operators, ['drop', 'rename', 'default', 'inc']);
  });
});

describe('older sample events', () => {
  const broken = (file: string) => formatDiagnostics(validateSamples(parseSamples(readFixture(`upcast/${file}`), file), ledger));

  it('are upcast before their data is checked, so a file of every version is clean', () => {
    assert.equal(broken('ledger.samples.yaml'), '\n');
  });

  it('report a newer version and an upcast that cannot be done cleanly at the version, and data problems after upcasting', () => {
    expectGolden('upcast/ledger.broken.samples.yaml.txt', broken('ledger.broken.samples.yaml'));
    expectGolden('upcast/ledger.broken.samples.jsonl.txt', broken('ledger.broken.samples.jsonl'));
  });

  it('older than the oldest step: reported at the version, and the data is checked as written', () => {
    const m = model(oneEvent(3, '- from: 2\n  rename: { a: b }', '{ b: string }'));
    const text = 'events:\n  - type: Noted\n    version: 1\n    data: { a: x }\n';
    assert.equal(
      formatDiagnostics(validateSamples(parseSamples(text, 'x.samples.yaml'), m)),
      [
        "2:11-2:16 error payload-missing-field Noted (#1, version 1): Missing required field: b.",
        "3:14-3:15 error sample-upcast-problem Noted (#1) was written with version 1, but no upcast step leads from version 1 to 2, so its data is read as written, at version 1; the model's is 3.",
        "4:13-4:14 error payload-unknown-field Noted (#1, version 1): 'a' is not a field here; the fields are b.",
        '',
      ].join('\n'),
    );
  });

  it('keep the place of a moved value in the file, so its problems point there', () => {
    const text = 'events:\n  - type: EntryPosted\n    version: 2\n    data: { bookId: b-1, value: wrong, party: { name: Kim, country: KR } }\n';
    const [d] = validateSamples(parseSamples(text, 'x.samples.yaml'), ledger);
    assert.equal(d?.code, 'payload-type-mismatch');
    assert.equal(at(d!.range), '4:33-4:38');
    assert.match(d!.message, /EntryPosted \(#1, version 2 upcast to 4\): 'amount' should be number/);
  });
});

describe('replay of older events', () => {
  const events = parseSamples(readFixture('upcast/ledger.samples.yaml'), 'ledger.samples.yaml').events;

  it('records the upcast of each older step and replays the upcast data', () => {
    const r = replayEvents(ledger, events);
    assert.equal(r.problemCount, 0);
    assert.deepEqual(r.steps.map((s) => s.upcast && [s.upcast.from, s.upcast.to, s.upcast.ruleRanges.length]), [[1, 4, 3], [2, 4, 2], [3, 4, 1], undefined, undefined]);
    assert.deepEqual(r.steps[0]!.upcast!.original, toReplayEvent(events[0]!).data);
    assert.deepEqual(r.steps[0]!.data, { bookId: 'b-1', amount: 10, party: { name: 'Kim', postalCode: '06236', country: 'KR' } });
    assert.deepEqual(r.aggregates.map((a) => [a.id, a.state]), [['b-1', { total: 18.5, lastParty: 'Jung' }], ['b-2', { total: 7, lastParty: 'Han' }]]);
    assert.deepEqual(r.projections[0]!.rows.map((x) => x.row), [{ bookId: 'b-1', name: 'Jung', country: 'US' }, { bookId: 'b-2', name: 'Han', country: 'KR' }]);
  });

  it('reports upcast problems as replay problems at the event and the model, and goes on', () => {
    const bad = parseSamples(readFixture('upcast/ledger.broken.samples.yaml'), 'ledger.broken.samples.yaml').events;
    const r = replayEvents(ledger, bad);
    const first = r.steps.map((s) => s.problems[0]?.kind);
    assert.deepEqual(first, ['newer-version', 'upcast-conflict', 'missing-value', 'upcast-conflict']);
    assert.deepEqual(r.steps[0]!.problems[0]!.ruleRange, entry.versionRange);
    assert.deepEqual(r.steps[1]!.problems[0]!.ruleRange, entry.upcast!.steps[1]!.range);
    assert.deepEqual(r.steps[1]!.problems[0]!.eventRange, bad[1]!.range);
  });

  it('gives the same states through the timeline, from any position', () => {
    const replayed = replayEvents(ledger, events);
    const source = events.map(toReplayEvent);
    const timeline = ReplayTimeline.build(ledger, { length: source.length, read: (from, to) => source.slice(from, to) }, { checkpointEvery: 2 });
    for (let n = 0; n <= source.length; n++) {
      const want = replayEvents(ledger, events.slice(0, n));
      const state = timeline.stateAt(n);
      assert.deepEqual(state.aggregates, want.aggregates, `aggregates at ${n}`);
      if (n > 0) assert.deepEqual(state.step?.upcast, replayed.steps[n - 1]!.upcast, `upcast at ${n}`);
    }
  });
});

describe('the bank example\'s history', () => {
  const dir = path.join(ROOT, 'examples/bank');
  const bank = validateModelText(readFileSync(path.join(dir, 'bank.events.yaml'), 'utf8'));
  const history = parseSamples(readFileSync(path.join(dir, 'bank.history.samples.yaml'), 'utf8'), 'bank.history.samples.yaml');

  it('has versioned events with upcast steps, and sample events of older versions that check clean', () => {
    assert.deepEqual(bank.diagnostics, []);
    assert.equal(bank.parsed.model.events.get('AccountOpened')!.version, 2);
    assert.equal(bank.parsed.model.events.get('MoneyDeposited')!.version, 3);
    assert.deepEqual(history.events.map((e) => e.version), [1, 1, 2, undefined, undefined, undefined, 3]);
    assert.equal(formatDiagnostics(validateSamples(history, bank.parsed.model)), '\n');
  });

  it('replays through the upcast rules: version 1 accounts get their owner and currency, deposits their balance', () => {
    const r = replayEvents(bank.parsed.model, history.events);
    assert.equal(r.problemCount, 0);
    const [opened, deposited, depositedV2] = r.steps;
    assert.deepEqual(opened!.upcast?.original, { accountId: '3b0f6c2e-5a41-4d8e-9f73-1c2d3e4f5a60', owner: 'Park Minseo', branch: 'Gangnam', openedAt: '2023-03-15T11:20:00Z' });
    assert.deepEqual(opened!.data, { accountId: '3b0f6c2e-5a41-4d8e-9f73-1c2d3e4f5a60', ownerName: 'Park Minseo', openedAt: '2023-03-15T11:20:00Z', currency: 'KRW' });
    assert.deepEqual([deposited!.upcast?.from, deposited!.upcast?.to, deposited!.upcast?.ruleRanges.length], [1, 3, 2]);
    assert.deepEqual([depositedV2!.upcast?.from, depositedV2!.upcast?.to], [2, 3]);
    assert.equal((depositedV2!.data as Record<string, unknown>).balanceAfter, 350000);
    assert.deepEqual(r.steps.slice(3).map((s) => s.upcast), [undefined, undefined, undefined, undefined]);
    assert.deepEqual(r.aggregates.map((a) => a.state), [
      { status: 'open', balance: 320000, ownerName: 'Park Minseo', currency: 'KRW' },
      { status: 'open', balance: 800, ownerName: 'Lee Seojun', currency: 'EUR' },
    ]);
  });
});
