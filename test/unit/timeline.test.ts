import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  arraySource, buildTimelineInSlices, parseModel, parseSamples, Replayer, replayEvents, ReplayTimeline, toReplayEvent,
  type Model, type Range, type ReplayEvent,
} from '../../src/core/index.js';
import { ROOT } from './support/golden.js';
import { modelTextArbitrary } from './support/modelArbitrary.js';
import { editorLines, outsideDocument } from './support/mutations.js';

// The timeline keeps a replay for stepping and seeking: these tests hold it to a straight replay.

function exampleEvents(name: string, sample = `${name}.samples.yaml`): { model: Model; events: ReplayEvent[] } {
  const model = parseModel(readFileSync(path.join(ROOT, 'examples', name, `${name}.events.yaml`), 'utf8')).model;
  const parsed = parseSamples(readFileSync(path.join(ROOT, 'examples', name, sample), 'utf8'), sample);
  return { model, events: parsed.events.map(toReplayEvent) };
}

/** The states a straight replay of the first n events reaches. */
function straight(model: Model, events: readonly ReplayEvent[], n: number) {
  const r = replayEvents(model, events.slice(0, n));
  return { aggregates: r.aggregates, projections: r.projections, step: r.steps[n - 1] };
}

describe('replay timeline', () => {
  it('gives, at every position, the states of a straight replay to there, in any order of seeks', () => {
    const { model, events } = exampleEvents('shop');
    const timeline = ReplayTimeline.build(model, arraySource(events), { checkpointEvery: 3 });
    assert.equal(timeline.length, events.length);
    assert.ok(timeline.checkpointCount > 2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: events.length }), { minLength: 1, maxLength: 12 }), (positions) => {
        for (const n of positions) {
          const at = timeline.stateAt(n);
          const want = straight(model, events, n);
          assert.equal(at.position, n);
          assert.deepEqual(at.aggregates, want.aggregates, `aggregates at ${n}`);
          assert.deepEqual(at.projections, want.projections, `projections at ${n}`);
          assert.deepEqual(at.step, want.step, `step at ${n}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('restores through change sets: rows deleted, created again and kept in their order, instances added', () => {
    const model = parseModel(`version: 1
context: T
aggregates:
  Tally:
    id: tallyId
    state: { count: integer }
    initial: { count: 0 }
    evolve:
      Counted: { inc: { count: $event.by } }
events:
  Counted: { aggregate: Tally, fields: { tallyId: string, by: integer } }
  Cleared: { fields: { tallyId: string } }
projections:
  Board:
    key: tallyId
    fields: { tallyId: string, total: integer }
    on:
      Counted: { set: { tallyId: $event.tallyId }, inc: { total: $event.by } }
      Cleared: { delete: true }
`).model;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    // Episodes over 24 keys: a count, a delete, or a delete and a count of the same key again, so
    // rows are deleted and created again between checkpoints while most rows stay untouched.
    const key = fc.constantFrom(...'abcdefghijklmnopqrstuvwx');
    const counted = (tallyId: string, by: number) => ({ type: 'Counted', data: { tallyId, by } });
    const cleared = (tallyId: string) => ({ type: 'Cleared', data: { tallyId } });
    const episode = fc.oneof(
      fc.tuple(key, fc.integer({ min: -3, max: 3 })).map(([k, by]) => [counted(k, by)]),
      key.map((k) => [cleared(k)]),
      fc.tuple(key, key).map(([k, other]) => [cleared(k), counted(other, 1), counted(k, 2)]),
    );
    const event = fc.array(episode, { minLength: 1, maxLength: 40 }).map((es) => es.flat());
    let changeSets = 0;
    fc.assert(
      fc.property(event, fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(120), { maxLength: 10 }), (drawn, every, seeks) => {
        const events = drawn.map((e, i) => ({ ...e, range: { ...range, start: { line: i, character: 0 }, end: { line: i, character: 1 } } }));
        const timeline = ReplayTimeline.build(model, arraySource(events), { checkpointEvery: every });
        changeSets += timeline.checkpointCount - timeline.snapshotCount;
        for (const n of [...seeks.map((x) => Math.min(x, events.length)), events.length, 0, 1]) {
          const at = timeline.stateAt(n);
          const want = straight(model, events, n);
          assert.deepEqual(at.projections, want.projections, `rows at ${n}`);
          assert.deepEqual(at.aggregates, want.aggregates, `instances at ${n}`);
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(changeSets > 100, `only ${changeSets} change sets were taken`);
  });

  it('spaces checkpoints further apart in a long source, so there are at most about maxCheckpoints', () => {
    const { model, events } = exampleEvents('shop');
    const long = Array.from({ length: 20 }, () => events).flat();
    const timeline = ReplayTimeline.build(model, arraySource(long), { checkpointEvery: 1, maxCheckpoints: 10 });
    assert.ok(timeline.checkpointCount <= 11, `${timeline.checkpointCount} checkpoints`);
    for (const n of [long.length, 137, 1, 0, 99]) assert.deepEqual(timeline.stateAt(n).projections, straight(model, long, n).projections, `at ${n}`);
  });

  it('restoring a snapshot leaves the snapshot as it was, however far the replay goes on', () => {
    const { model, events } = exampleEvents('bank');
    const replayer = new Replayer(model);
    events.slice(0, 3).forEach((e) => replayer.apply(e));
    const snapshot = replayer.snapshot();
    const before = { aggregates: replayer.aggregates(), projections: replayer.projections() };
    for (let round = 0; round < 2; round++) {
      events.slice(3).forEach((e) => replayer.apply(e));
      replayer.restore(snapshot);
      assert.equal(replayer.position, 3);
      assert.deepEqual({ aggregates: replayer.aggregates(), projections: replayer.projections() }, before);
    }
  });

  it('lists entries with type, stream, time and line, and filters by type, stream, text and problems', () => {
    const { model, events } = exampleEvents('shop');
    const timeline = ReplayTimeline.build(model, arraySource(events));
    const entries = timeline.entries(1, timeline.length);
    assert.equal(entries.length, events.length);
    entries.forEach((e, i) => {
      assert.equal(e.position, i + 1);
      assert.equal(e.type, events[i]!.type);
      assert.equal(e.line, events[i]!.range.start.line);
      assert.equal(e.at, events[i]!.at);
    });
    assert.deepEqual(timeline.entries(-5, 0), []);
    assert.equal(timeline.entries(timeline.length - 1, timeline.length + 10).length, 2);

    const type = events[0]!.type;
    const byType = [...timeline.filter({ types: [type] })];
    assert.deepEqual(byType, events.flatMap((e, i) => (e.type === type ? [i + 1] : [])));
    const stream = entries.find((e) => e.stream)!.stream!;
    assert.deepEqual([...timeline.filter({ streams: [stream] })], entries.filter((e) => e.stream === stream).map((e) => e.position));
    const noStream = [...timeline.filter({ streams: [''] })];
    assert.deepEqual(noStream, entries.filter((e) => e.stream === undefined).map((e) => e.position));
    const word = JSON.stringify(events[2]!.data).slice(2, 8).toLowerCase();
    const byText = [...timeline.filter({ text: word.toUpperCase() })];
    assert.ok(byText.includes(3));
    assert.deepEqual([...timeline.filter({ problemsOnly: true })], []);
    assert.equal(timeline.nextProblem(0), undefined);
    assert.equal(timeline.positionOfLine(events[4]!.range.start.line), 5);
    assert.equal(timeline.positionOfLine(events[4]!.range.end.line), 5);
  });

  it('limits a state to the targets asked for first and a window of the others, saying how many there are', () => {
    const { model, events } = exampleEvents('shop');
    const timeline = ReplayTimeline.build(model, arraySource(events));
    const end = events.length;
    const whole = timeline.stateAt(end);
    assert.ok(whole.aggregates.length > 3);
    const last = whole.aggregates.at(-1)!;
    const row = whole.projections.find((p) => p.rows.length > 0)!;
    const limited = timeline.stateAt(end, {
      limit: 2,
      first: [{ kind: 'aggregate', name: last.aggregate, id: last.id }, { kind: 'projection', name: row.projection, key: row.rows.at(-1)!.key }, { kind: 'aggregate', name: 'Nope', id: 'x' }],
    });
    assert.deepEqual(limited.aggregates, [last, whole.aggregates[0]]);
    assert.equal(limited.totalAggregates, whole.aggregates.length);
    const limitedRows = limited.projections.find((p) => p.projection === row.projection)!;
    assert.deepEqual(limitedRows.rows[0], row.rows.at(-1));
    assert.equal(limitedRows.rows.length, Math.min(2, row.rows.length));
    assert.equal(limitedRows.totalRows, row.rows.length > limitedRows.rows.length ? row.rows.length : undefined);
    assert.deepEqual(timeline.stateAt(end, { limit: 0 }).aggregates, []);
    assert.equal(whole.totalAggregates, undefined);
  });

  it('finds the next and previous problem, counts all problems and keeps the first few', () => {
    const model = parseModel('version: 1\ncontext: T\nevents:\n  Counted:\n    fields: { by: integer }\nprojections:\n  Total:\n    fields: { sum: integer }\n    on:\n      Counted: { inc: { sum: $event.by } }\n').model;
    const text = ['- Counted: { by: 1 }', '- Odd: {}', '- Counted: { by: 2 }', '- Odd: {}', '- Odd: {}'].join('\n');
    const events = parseSamples(text, 't.samples.yaml').events.map(toReplayEvent);
    const timeline = ReplayTimeline.build(model, arraySource(events), { maxProblems: 2 });
    assert.equal(timeline.problemCount, 3);
    assert.deepEqual(timeline.problems.map((p) => p.position), [2, 4]);
    assert.equal(timeline.nextProblem(0), 2);
    assert.equal(timeline.nextProblem(2), 4);
    assert.equal(timeline.nextProblem(5), undefined);
    assert.equal(timeline.previousProblem(4), 2);
    assert.equal(timeline.previousProblem(2), undefined);
    assert.deepEqual(timeline.stateAt(5).projections[0]!.rows[0]!.row, { sum: 3 });
  });

  it('builds in slices with progress, the same timeline as in one go, and stops when aborted', async () => {
    const { model, events } = exampleEvents('ship-tracking', 'ship-tracking.voyage.samples.jsonl');
    const progress: number[] = [];
    const sliced = await buildTimelineInSlices(model, arraySource(events), { checkpointEvery: 2 }, { events: 3, onProgress: (done) => progress.push(done) });
    assert.ok(sliced);
    assert.equal(progress.at(-1), events.length);
    assert.ok(progress.length >= Math.ceil(events.length / 3));
    const whole = ReplayTimeline.build(model, arraySource(events), { checkpointEvery: 2 });
    assert.deepEqual(sliced.stateAt(events.length), whole.stateAt(events.length));
    assert.deepEqual(sliced.entries(1, events.length), whole.entries(1, events.length));
    const controller = new AbortController();
    controller.abort();
    assert.equal(await buildTimelineInSlices(model, arraySource(events), {}, { signal: controller.signal }), undefined);
  });

  it('ends where a source gives fewer events than it said', () => {
    const { model, events } = exampleEvents('cart');
    const short = { length: events.length + 50, read: (from: number, to: number) => events.slice(from, to) };
    const timeline = ReplayTimeline.build(model, short);
    assert.equal(timeline.length, events.length);
    assert.deepEqual(timeline.stateAt(1e9).aggregates, replayEvents(model, events).aggregates);
  });
});

/** A random sample file for a model, as JSON Lines or YAML: known and unknown types, fields of the events with random values. */
function sampleTextArbitrary(model: Model): fc.Arbitrary<{ text: string; file: string }> {
  const types = [...model.events.keys(), 'NotAnEvent', '__proto__'];
  const fieldsOf = (type: string) => [...(model.events.get(type)?.fields.keys() ?? []), 'extra', '__proto__'];
  const event = fc.constantFrom(...types).chain((type) =>
    fc.record({
      type: fc.constant(type),
      data: fc.dictionary(fc.constantFrom(...fieldsOf(type)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
    }),
  );
  return fc.record({ events: fc.array(event, { maxLength: 25 }), jsonl: fc.boolean() }).map(({ events, jsonl }) =>
    jsonl
      ? { text: events.map((e) => JSON.stringify(e)).join('\n'), file: 'random.samples.jsonl' }
      : { text: `events:\n${events.map((e) => `  - ${JSON.stringify(e)}`).join('\n')}\n`, file: 'random.samples.yaml' },
  );
}

describe('replay of random sample files against random models', () => {
  it('never fails inside, reports ranges inside the files, and seeks to the states of a straight replay', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        modelTextArbitrary.chain((modelText) => {
          const parsed = parseModel(modelText);
          const valid = !parsed.diagnostics.some((d) => d.severity === 'error');
          return fc.record({
            modelText: fc.constant(modelText),
            model: fc.constant(parsed.model),
            valid: fc.constant(valid),
            sample: sampleTextArbitrary(parsed.model),
            seeks: fc.array(fc.nat(30), { minLength: 1, maxLength: 5 }),
            every: fc.integer({ min: 1, max: 6 }),
          });
        }),
        ({ modelText, model, valid, sample, seeks, every }) => {
          if (!valid) return;
          checked += 1;
          const events = parseSamples(sample.text, sample.file).events.map(toReplayEvent);
          const timeline = ReplayTimeline.build(model, arraySource(events), { checkpointEvery: every });
          const modelLines = editorLines(modelText);
          const sampleLines = editorLines(sample.text);
          const inside = (r: Range | undefined, lines: string[], what: string) => {
            if (r) assert.equal(outsideDocument(r, lines), undefined, what);
          };
          for (const p of timeline.problems) {
            assert.notEqual(p.kind, 'internal', p.message);
            inside(p.eventRange, sampleLines, 'event range');
            inside(p.ruleRange, modelLines, 'rule range');
            inside(p.opRange, modelLines, 'operator range');
          }
          for (const seek of seeks) {
            const n = Math.min(seek, events.length);
            const at = timeline.stateAt(n);
            const want = straight(model, events, n);
            assert.deepEqual(at.aggregates, want.aggregates);
            assert.deepEqual(at.projections, want.projections);
            for (const c of at.step?.changes ?? []) inside(c.ruleRange, modelLines, 'change rule range');
          }
          JSON.stringify(timeline.stateAt(events.length));
        },
      ),
      { numRuns: 150 },
    );
    assert.ok(checked > 50, `only ${checked} of the random models were valid`);
  });
});
