// The Replay panel host's answers over a timeline: list windows, filtered lists, and the state at
// a position with what its step's targets held before, in windows when the state is large.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseModel, parseSamples, type Model } from '../../src/core/index.js';
import { toReplayEvent } from '../../src/core/replay/replayer.js';
import { arraySource, ReplayTimeline } from '../../src/core/replay/timeline.js';
import type { ReplayEvent } from '../../src/core/replay/types.js';
import { MAX_AGGREGATES, MAX_ENTRIES, TimelineAnswers, touchedTargets } from '../../src/extension/replay/answers.js';
import { ALL_EVENTS } from '../../src/protocol/replay.js';
import { ROOT } from './support/golden.js';

const read = (file: string) => readFileSync(path.join(ROOT, 'examples', file), 'utf8');
const shopModel = (): Model => parseModel(read('shop/shop.events.yaml')).model;
const shopEvents = (): ReplayEvent[] => parseSamples(read('shop/shop.samples.yaml'), 'shop.samples.yaml').events.map(toReplayEvent);
const NO_FILTER = { types: [], streams: [], text: '', problemsOnly: false };

function answersOf(events: ReplayEvent[], model = shopModel()): TimelineAnswers {
  return new TimelineAnswers(ReplayTimeline.build(model, arraySource(events), { checkpointEvery: 4 }));
}

describe('Replay panel answers', () => {
  it('the whole list comes in windows of rows, row i being position i + 1, clamped to the list', () => {
    const events = shopEvents();
    const answers = answersOf(events);
    const window = answers.entries(ALL_EVENTS, 2, 6)!;
    assert.equal(window.from, 2);
    assert.deepEqual(window.items.map((e) => e.position), [3, 4, 5, 6]);
    assert.deepEqual(window.items.map((e) => e.type), events.slice(2, 6).map((e) => e.type));
    assert.deepEqual(window.items.map((e) => e.line), events.slice(2, 6).map((e) => e.range.start.line));
    assert.deepEqual(answers.entries(ALL_EVENTS, events.length - 1, events.length + 50)!.items.map((e) => e.position), [events.length]);
    assert.deepEqual(answers.entries(ALL_EVENTS, -5, 0)!.items, []);
    assert.equal(answers.entries(99, 0, 10), undefined, 'an unknown filter has no rows');
  });

  it('never answers with more than a window of rows', () => {
    const events = Array.from({ length: MAX_ENTRIES + 500 }, (_, i): ReplayEvent => ({ type: 'NotInTheModel', data: {}, range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } }));
    const answers = answersOf(events);
    assert.equal(answers.entries(ALL_EVENTS, 0, events.length)!.items.length, MAX_ENTRIES);
  });

  it('a filtered list holds the matching positions in order, with the row of the selection', () => {
    const events = shopEvents();
    const answers = answersOf(events);
    const type = events[0]!.type;
    const matching = events.flatMap((e, i) => (e.type === type ? [i + 1] : []));
    assert.ok(matching.length > 1);
    const filtered = answers.setFilter(3, { ...NO_FILTER, types: [type] }, matching[1]!);
    assert.deepEqual(filtered, { type: 'filtered', filterId: 3, count: matching.length, selectedIndex: 1 });
    assert.deepEqual(answers.entries(3, 0, 100)!.items.map((e) => e.position), matching);
    assert.deepEqual(answers.entries(3, 1, 2)!.items.map((e) => e.position), [matching[1]]);
    // The selection between two matches: the row of the next one; after the last: none.
    assert.equal(answers.setFilter(4, { ...NO_FILTER, types: [type] }, matching[0]! + 1).selectedIndex, 1);
    assert.equal(answers.setFilter(5, { ...NO_FILTER, types: [type] }, events.length + 1).selectedIndex, undefined);
    assert.equal(answers.setFilter(6, { ...NO_FILTER, text: 'no such text anywhere' }, 0).count, 0);
  });

  it('an empty filter is the whole list', () => {
    const events = shopEvents();
    assert.deepEqual(answersOf(events).setFilter(8, NO_FILTER, 4), { type: 'filtered', filterId: 8, count: events.length, selectedIndex: 3 });
  });

  it('the state at a position has its step, and what the targets it touched held before', () => {
    const events = shopEvents();
    const answers = answersOf(events);
    for (let position = 1; position <= events.length; position++) {
      const state = answers.state(position);
      assert.equal(state.position, position);
      assert.equal(state.step?.type, events[position - 1]!.type);
      const before = answers.timeline.stateAt(position - 1);
      const touched = touchedTargets(state.step);
      assert.equal(state.previous.length, touched.length);
      for (const p of state.previous) {
        const held =
          p.target.kind === 'aggregate'
            ? before.aggregates.find((a) => p.target.kind === 'aggregate' && a.aggregate === p.target.name && a.id === p.target.id)?.state
            : before.projections.find((x) => x.projection === p.target.name)?.rows.find((r) => p.target.kind === 'projection' && r.key === p.target.key)?.row;
        assert.deepEqual(p.state, held, `position ${position}: ${JSON.stringify(p.target)}`);
      }
    }
    const start = answers.state(0);
    assert.equal(start.step, undefined);
    assert.deepEqual(start.previous, []);
    assert.equal(answers.state(events.length + 10).position, events.length);
  });

  it('a large state comes as a window: the instance the step touched first', () => {
    const placed = shopEvents().find((e) => e.type === 'OrderPlaced')!;
    const data = placed.data as Record<string, unknown>;
    const events = Array.from({ length: MAX_AGGREGATES + 50 }, (_, i) => ({
      ...placed,
      data: { ...data, orderId: `order-${i}` } as ReplayEvent['data'],
      range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } },
    }));
    const answers = answersOf(events);
    const state = answers.state(events.length);
    assert.equal(state.aggregates.length, MAX_AGGREGATES);
    assert.equal(state.totalAggregates, events.length);
    assert.equal(state.aggregates[0]!.id, `order-${events.length - 1}`);
    const small = answers.state(3);
    assert.equal(small.aggregates.length, 3);
    assert.equal(small.totalAggregates, undefined);
  });
});
