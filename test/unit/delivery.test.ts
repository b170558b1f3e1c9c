import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  checkDelivery, deliveryOrder, formatDeliveryFinding, parseModel, parseSamples, toReplayEvent,
  type DeliveryFinding, type DeliveryOptions, type DeliveryOrder, type DeliveryReport, type Model, type ReplayEvent,
} from '../../src/core/index.js';
import { FIXTURES, ROOT } from './support/golden.js';
import { describeInput, MODEL_SEEDS, mutated, SAMPLE_SEEDS } from './support/mutations.js';

const EXAMPLES = path.join(ROOT, 'examples');

/** A fixture model of test/fixtures/replay; it must have no errors. */
function fixtureModel(name: string): Model {
  const parsed = parseModel(readFileSync(path.join(FIXTURES, 'replay', `${name}.events.yaml`), 'utf8'));
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], name);
  return parsed.model;
}

function sampleEvents(file: string): ReplayEvent[] {
  const parsed = parseSamples(readFileSync(file, 'utf8'), path.basename(file));
  assert.deepEqual(parsed.diagnostics, [], file);
  return parsed.events.map(toReplayEvent);
}

function fixture(name: string, options?: DeliveryOptions): { model: Model; events: ReplayEvent[]; report: DeliveryReport } {
  const model = fixtureModel(name);
  const events = sampleEvents(path.join(FIXTURES, 'replay', `${name}.samples.yaml`));
  return { model, events, report: checkDelivery(model, events, options) };
}

/** A finding in one line: the check, the rule (owner and event), the operator and the paths. */
const label = (f: DeliveryFinding) => `${f.check} ${f.owner.name}.${f.event} ${f.operator ?? '-'} ${f.paths.join(',') || "''"}`;
const labels = (r: DeliveryReport) => r.findings.map(label);

describe('delivery checks', () => {
  it('a projection that counts with inc is not idempotent, at the rule and operator, and one written idempotently is clean', () => {
    const { model, events, report } = fixture('counting');
    const projection = report.findings.find((f) => f.owner.kind === 'projection')!;
    const rule = model.projections.get('PageViews')!.on[0]!;
    const inc = rule.ops.find((o) => o.op === 'inc')!;
    assert.ok(inc.op === 'inc');
    assert.deepEqual({ ...projection, message: '' }, {
      check: 'redelivery',
      severity: 'warning',
      owner: { kind: 'projection', name: 'PageViews' },
      event: 'PageViewed',
      ruleRange: rule.range,
      operator: 'inc',
      operatorRange: inc.operatorRange,
      opRange: inc.pathRange,
      target: { kind: 'projection', name: 'PageViews', key: 'home' },
      path: 'views',
      paths: ['views'],
      position: 1,
      eventRange: events[0]!.range,
      expected: 1,
      actual: 2,
      occurrences: 3,
      message: '',
    });
    assert.match(projection.message, /^Projection PageViews, on PageViewed: inc 'views' counts the event again when it is delivered twice: 1 becomes 2 \(row 'home', event 1\)\. Make the count idempotent: set it from a value the event carries/);
    // The aggregate's inc is reported too, as information: its stream version keeps each event once.
    const aggregate = report.findings.find((f) => f.owner.kind === 'aggregate')!;
    assert.equal(aggregate.severity, 'info');
    assert.deepEqual(aggregate.ruleRange, model.aggregates.get('Page')!.evolve[0]!.range);
    assert.match(aggregate.message, /stream version keeps each event once/);
    assert.deepEqual(labels(report), ['redelivery Page.PageViewed inc views', 'redelivery PageViews.PageViewed inc views']);

    const clean = fixture('counting-idempotent').report;
    assert.deepEqual(clean.findings, []);
    assert.equal(clean.events, 3);
    assert.equal(clean.problems, 0);
  });

  it('a push appends twice on redelivery; a remove before the push keeps the list a set', () => {
    const { model, report } = fixture('tagging');
    assert.deepEqual(labels(report), ['redelivery TagHistory.ArticleTagged push history']);
    const f = report.findings[0]!;
    assert.deepEqual([f.expected, f.actual], [['news'], ['news', 'news']]);
    assert.equal(f.occurrences, 3);
    const push = model.projections.get('TagHistory')!.on[0]!.ops.find((o) => o.op === 'push')!;
    assert.ok(push.op === 'push');
    assert.deepEqual([f.operatorRange, f.opRange], [push.operatorRange, push.pathRange]);
    assert.match(f.message, /remove the same element before pushing it/);
  });

  it('a single document set from events of several streams is order-dependent; one row per stream, $meta.position included, is not', () => {
    const { model, events, report } = fixture('dashboard');
    assert.deepEqual(labels(report), [
      'redelivery Sensor.ReadingTaken set previous',
      'redelivery Dashboard.ReadingTaken inc readings',
      'redelivery Dashboard.AlarmRaised push alarms',
      'interleaving Dashboard.AlarmRaised push alarms',
      'interleaving Dashboard.ReadingTaken set lastValue,lastSensor,lastPosition',
    ]);
    const last = report.findings.find((f) => f.check === 'interleaving' && f.event === 'ReadingTaken')!;
    const set = model.projections.get('Dashboard')!.on[0]!.ops.find((o) => o.op === 'set')!;
    assert.ok(set.op === 'set');
    assert.deepEqual(last.order, { kind: 'streams-reversed' });
    assert.deepEqual(last.target, { kind: 'projection', name: 'Dashboard', key: 'Dashboard' });
    assert.deepEqual([last.path, last.expected, last.actual], ['lastValue', 17.5, 21]);
    // The values agree right after each event (a set), so the positions are the final writers: s2's 17.5, s1's 21.
    assert.deepEqual([last.position, last.deliveredPosition, last.eventRange], [5, 3, events[4]!.range]);
    assert.deepEqual([last.operatorRange, last.opRange], [set.operatorRange, set.pathRange]);
    assert.match(last.message, /the one delivered last wins/);
    // Events with no stream (AlarmRaised) are reordered too; the push follows the delivery order.
    const alarms = report.findings.find((f) => f.check === 'interleaving' && f.event === 'AlarmRaised')!;
    assert.deepEqual([alarms.expected, alarms.actual, alarms.position], [['s2 is cold', 's2 is colder'], ['s2 is colder', 's2 is cold'], 4]);
    // A rule that reads $state is not idempotent, and says so.
    assert.match(report.findings[0]!.message, /reads \$state, which the first delivery already changed/);
    assert.equal(report.streams, 2);
    assert.deepEqual(report.orders.map((o) => o.kind), ['round-robin', 'stream-by-stream', 'streams-reversed']);
  });

  it('a redelivered or reordered event keeps its log position, so a checkpoint from $meta.position is clean', () => {
    const { report } = fixture('dashboard');
    assert.ok(!report.findings.some((f) => f.owner.name === 'SensorReadings'));
    // Without metadata the position is absent, and the dashboard's lastPosition no longer differs.
    const { report: bare } = fixture('dashboard', { metadata: false });
    assert.deepEqual(bare.findings.find((f) => f.check === 'interleaving' && f.event === 'ReadingTaken')?.paths, ['lastValue', 'lastSensor']);
  });

  it('a row created by one stream and deleted by another: both rules, at the whole row', () => {
    const { model, report } = fixture('rooms');
    assert.deepEqual(labels(report), ["interleaving RoomBookings.RoomBooked - ''", "interleaving RoomBookings.RoomClosed delete ''"]);
    const [booked, closed] = report.findings;
    // The straight replay deleted the row; the other order kept it: the rule that created it and the one that deleted it.
    assert.equal(closed!.path, '');
    assert.equal(closed!.expected, undefined);
    assert.deepEqual(closed!.actual, { roomId: 'r1', guest: 'Kim' });
    assert.deepEqual(closed!.otherRule?.ruleRange, model.projections.get('RoomBookings')!.on[0]!.range);
    assert.match(closed!.message, /deletes the row and another's writes it \(the rules on RoomClosed and RoomBooked\)/);
    assert.deepEqual(booked!.ruleRange, model.projections.get('RoomBookings')!.on[0]!.range);
    assert.equal(booked!.operator, undefined);
    assert.deepEqual([closed!.position, closed!.deliveredPosition], [2, 1]);
  });

  it('the stream window reorders events within one stream, when asked', () => {
    const { report } = fixture('dashboard', { window: 2, redelivery: false, interleaving: false });
    assert.deepEqual(labels(report), [
      'stream-window Sensor.ReadingTaken set previous,last,position',
      'stream-window SensorReadings.ReadingTaken set last,position,takenAt',
      'stream-window Dashboard.ReadingTaken set lastValue,lastPosition',
    ]);
    assert.deepEqual(report.findings.map((f) => f.severity), ['info', 'warning', 'warning']);
    assert.deepEqual(report.orders, [{ kind: 'window-reversed', size: 2 }]);
    assert.match(report.findings[1]!.message, /keeps each stream's order/);
    assert.deepEqual(fixture('dashboard', { window: 1, redelivery: false, interleaving: false }).report.findings, []);
  });

  it('is deterministic, and seeded shuffles give the same findings for the same seed', () => {
    const model = fixtureModel('dashboard');
    const events = sampleEvents(path.join(FIXTURES, 'replay', 'dashboard.samples.yaml'));
    const options = { shuffles: 3, seed: 7, window: 3 };
    const a = checkDelivery(model, events, options);
    assert.deepEqual(checkDelivery(model, events, options), a);
    // The shuffles use the seed and the integers after it (a shuffle that changes nothing is skipped).
    const seeds = a.orders.flatMap((o) => (o.kind === 'shuffle' || o.kind === 'window-shuffle' ? [o.seed] : []));
    assert.ok(seeds.length > 0 && seeds.every((s) => [7, 8, 9].includes(s)), `seeds ${seeds.join(', ')}`);
    // Plain data: the same after a trip through JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  });

  it('formats a finding as one line: severity, what it is, and the message', () => {
    const { report } = fixture('dashboard', { window: 2 });
    const lines = report.findings.map(formatDeliveryFinding);
    assert.match(lines[0]!, /^info not-idempotent Aggregate Sensor, on ReadingTaken: /);
    assert.ok(lines.some((l) => l.startsWith('warning order-dependent Projection Dashboard, on ReadingTaken: ')));
    assert.ok(lines.some((l) => l.startsWith('warning stream-order-dependent Projection SensorReadings, on ReadingTaken: ')));
    for (const l of lines) assert.doesNotMatch(l, /[\r\n]/);
  });

  it('odd events: unknown types, data that is not a record, __proto__ as a key and as a row key', () => {
    const model = fixtureModel('counting');
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const events: ReplayEvent[] = [
      { type: 'PageViewed', data: JSON.parse('{"__proto__": {"polluted": 1}, "pageId": "__proto__", "viewId": "v", "viewedAt": "x"}'), range: at },
      { type: 'Nonsense', data: 5, range: at },
      { type: 'PageViewed', data: null, range: at },
      { type: 'PageViewed', data: { pageId: '__proto__', viewId: 'w', viewedAt: 'y' }, range: at },
    ];
    const report = checkDelivery(model, events, { window: 2, shuffles: 2 });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(report.problems > 0);
    assert.deepEqual(labels(report), ['redelivery Page.PageViewed inc views', 'redelivery PageViews.PageViewed inc views', 'stream-window PageViews.PageViewed set lastViewedAt']);
    assert.deepEqual(report.findings[1]!.target, { kind: 'projection', name: 'PageViews', key: '__proto__' });
    for (const f of report.findings) wellFormed(f, model, events);
  });

  it('no events, no findings', () => {
    assert.deepEqual(checkDelivery(fixtureModel('counting'), [], { window: 4, shuffles: 2 }), { findings: [], orders: [], events: 0, streams: 0, problems: 0 });
  });
});

describe('delivery orders', () => {
  const streams = fc.array(fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: undefined }), { maxLength: 40 });
  const order: fc.Arbitrary<DeliveryOrder> = fc.oneof(
    fc.constant({ kind: 'round-robin' as const }),
    fc.constant({ kind: 'stream-by-stream' as const }),
    fc.constant({ kind: 'streams-reversed' as const }),
    fc.integer().map((seed) => ({ kind: 'shuffle' as const, seed })),
    fc.integer({ min: 1, max: 6 }).map((size) => ({ kind: 'window-reversed' as const, size })),
    fc.record({ size: fc.integer({ min: 1, max: 6 }), seed: fc.integer() }).map((o) => ({ kind: 'window-shuffle' as const, ...o })),
  );
  const ofStream = (s: readonly (string | undefined)[], perm: number[], name: string) => perm.filter((i) => s[i] === name);

  it('each is a permutation; an interleaving keeps each stream in order, a window keeps its places and moves an event less than a block', () => {
    fc.assert(
      fc.property(streams, order, (s, o) => {
        const perm = deliveryOrder(s, o);
        assert.deepEqual([...perm].sort((a, b) => a - b), s.map((_, i) => i));
        assert.deepEqual(deliveryOrder(s, o), perm);
        for (const name of ['A', 'B', 'C', 'D']) {
          const own = ofStream(s, perm, name);
          if (o.kind === 'window-reversed' || o.kind === 'window-shuffle') {
            // The stream's slots are its own; within it an event moves inside its block.
            const slots = perm.flatMap((i, slot) => (s[i] === name ? [slot] : []));
            const places = s.flatMap((x, i) => (x === name ? [i] : []));
            assert.deepEqual(slots, places);
            own.forEach((i, k) => assert.equal(Math.floor(places.indexOf(i) / o.size), Math.floor(k / o.size)));
          } else {
            assert.deepEqual(own, [...own].sort((a, b) => a - b));
          }
        }
        if (o.kind === 'window-reversed' || o.kind === 'window-shuffle') s.forEach((x, i) => x === undefined && assert.equal(perm[i], i));
      }),
      { numRuns: 300 },
    );
  });

  it('the fixed orders, on a small log', () => {
    const s = ['A', 'A', 'B', undefined, 'A', 'B'];
    assert.deepEqual(deliveryOrder(s, { kind: 'round-robin' }), [0, 2, 3, 1, 5, 4]);
    assert.deepEqual(deliveryOrder(s, { kind: 'stream-by-stream' }), [0, 1, 4, 2, 5, 3]);
    assert.deepEqual(deliveryOrder(s, { kind: 'streams-reversed' }), [3, 2, 5, 0, 1, 4]);
    assert.deepEqual(deliveryOrder(s, { kind: 'window-reversed', size: 2 }), [1, 0, 5, 3, 4, 2]);
  });

  it('a shuffle depends on its seed only', () => {
    const s = Array.from({ length: 60 }, (_, i) => `S${i % 7}`);
    assert.deepEqual(deliveryOrder(s, { kind: 'shuffle', seed: 3 }), deliveryOrder(s, { kind: 'shuffle', seed: 3 }));
    assert.notDeepEqual(deliveryOrder(s, { kind: 'shuffle', seed: 3 }), deliveryOrder(s, { kind: 'shuffle', seed: 4 }));
    assert.notDeepEqual(deliveryOrder(s, { kind: 'window-shuffle', size: 5, seed: 3 }), deliveryOrder(s, { kind: 'window-shuffle', size: 5, seed: 4 }));
  });
});

/**
 * The examples' sample files. Some rules of the examples are, by design or as they stand, not
 * idempotent (counters with inc, lists with push) or depend on the order of streams (a field
 * set by events of two streams); these are the findings, rule by rule.
 */
const EXAMPLE_FINDINGS: Record<string, string[]> = {
  'bank.samples.yaml': ['redelivery AccountBalances.MoneyDeposited inc totalDeposited,movementCount', 'redelivery AccountBalances.MoneyWithdrawn inc totalWithdrawn,movementCount'],
  'blog.samples.yaml': [
    'redelivery UserSummary.PostPublished inc postCount',
    'redelivery Post.CommentAdded push commentIds,commentCount',
    'redelivery UserSummary.CommentAdded inc commentCount',
    'redelivery PostFeed.CommentAdded inc commentCount',
    'interleaving UserSummary.UserCreated set postCount,commentCount',
    'interleaving UserSummary.PostPublished set lastActiveAt',
    'interleaving UserSummary.CommentAdded set lastActiveAt',
  ],
  'cart.samples.yaml': ['redelivery Cart.ItemAdded push items', 'redelivery CartContents.ItemAdded push items,lineCount', 'redelivery CartContents.ItemRemoved inc lineCount'],
  'ship-tracking.samples.yaml': [
    'redelivery FleetStatistics.ShipRegistered inc registeredShips',
    'redelivery FleetStatistics.ShipDeparted inc shipsAtSea',
    'redelivery FleetStatistics.LocationUpdated inc positionReports',
    'redelivery FleetStatistics.ShipArrived inc shipsAtSea,voyagesCompleted',
  ],
  'ship-tracking.voyage.samples.jsonl': [
    'redelivery FleetStatistics.ShipRegistered inc registeredShips',
    'redelivery FleetStatistics.ShipDeparted inc shipsAtSea',
    'redelivery FleetStatistics.LocationUpdated inc positionReports',
    'redelivery FleetStatistics.ShipArrived inc shipsAtSea,voyagesCompleted',
  ],
  'shop.samples.yaml': ['redelivery Inventory.StockReserved push reservations', 'interleaving OrderSummary.OrderPlaced set stockReserved', 'interleaving OrderSummary.StockReserved set stockReserved'],
};

describe('delivery checks of the examples', () => {
  const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of folders) {
    const dir = path.join(EXAMPLES, name);
    const files = readdirSync(dir);
    const model = parseModel(readFileSync(path.join(dir, files.find((f) => f.endsWith('.events.yaml'))!), 'utf8')).model;
    for (const sampleFile of files.filter((f) => /\.samples\.(ya?ml|json|jsonl)$/.test(f))) {
      it(`${name}: ${sampleFile}`, () => {
        const events = sampleEvents(path.join(dir, sampleFile));
        const report = checkDelivery(model, events);
        assert.equal(report.problems, 0);
        const expected = EXAMPLE_FINDINGS[sampleFile];
        // A sample file not listed yet is only checked for well-formed findings.
        if (expected) assert.deepEqual(labels(report), expected);
        for (const f of report.findings) wellFormed(f, model, events);
      });
    }
  }
});

/** A finding points at a rule of the model, an operator of that rule, and an event of the log. */
function wellFormed(f: DeliveryFinding, model: Model, events: readonly ReplayEvent[]): void {
  const rules = [...[...model.aggregates.values()].flatMap((a) => a.evolve), ...[...model.projections.values()].flatMap((p) => p.on)];
  const rule = rules.find((r) => JSON.stringify(r.range) === JSON.stringify(f.ruleRange));
  assert.ok(rule, `${label(f)}: its rule is in the model`);
  assert.equal(rule.event.name, f.event);
  if (f.operator !== undefined) assert.ok(rule.ops.some((o) => o.op === f.operator && JSON.stringify(o.operatorRange) === JSON.stringify(f.operatorRange)), `${label(f)}: its operator is in the rule`);
  assert.ok(f.position >= 1 && f.position <= events.length, `${label(f)}: position ${f.position}`);
  assert.deepEqual(f.eventRange, events[f.position - 1]!.range);
  if (f.deliveredPosition !== undefined) assert.ok(f.deliveredPosition >= 1 && f.deliveredPosition <= events.length);
  assert.equal(f.paths[0], f.path);
  assert.ok(f.occurrences >= 1);
  assert.ok(f.message.length > 0);
}

describe('delivery checks never fail on odd input', () => {
  /** The model a sample file of the examples or the replay fixtures is paired with by name. */
  const modelFiles = [...MODEL_SEEDS].filter((s) => s.name.startsWith('examples/') || s.name.startsWith('test/fixtures/replay/'));
  const models = new Map<string, Model>();
  const modelOf = (sampleName: string): Model | undefined => {
    const base = path.basename(sampleName).split('.')[0]!;
    const seed = modelFiles.find((s) => path.dirname(s.name) === path.dirname(sampleName) && path.basename(s.name) === `${base}.events.yaml`);
    if (!seed) return undefined;
    if (!models.has(seed.name)) models.set(seed.name, parseModel(seed.text).model);
    return models.get(seed.name);
  };
  const samples = SAMPLE_SEEDS.filter((s) => modelOf(s.name) !== undefined);
  const options: fc.Arbitrary<DeliveryOptions> = fc.record(
    { window: fc.integer({ min: -1, max: 5 }), shuffles: fc.integer({ min: 0, max: 2 }), seed: fc.integer(), metadata: fc.boolean() },
    { requiredKeys: [] },
  );

  it('randomly edited sample files of the examples and fixtures', () => {
    assert.ok(samples.length >= 8, `only ${samples.length} sample files`);
    fc.assert(
      fc.property(mutated(samples), options, (input, o) => {
        const model = modelOf(input.seed.name)!;
        const events = parseSamples(input.text, path.basename(input.seed.name)).events.map(toReplayEvent);
        const report = checkDelivery(model, events, o);
        for (const f of report.findings) wellFormed(f, model, events);
        // Plain data: it survives JSON, but for numbers JSON has no words for (a sample's 1e400 is
        // Infinity, which the sample check reports, and which JSON writes as null).
        assert.deepEqual(JSON.parse(JSON.stringify(report)), finiteOnly(report), describeInput(input));
      }),
      { numRuns: 60 },
    );
  });

  it('randomly edited models, with their own sample files', () => {
    const paired = modelFiles.flatMap((seed) => {
      const base = path.basename(seed.name).replace(/\.events\.yaml$/, '');
      const own = SAMPLE_SEEDS.filter((s) => path.dirname(s.name) === path.dirname(seed.name) && path.basename(s.name).split('.')[0] === base);
      return own.length > 0 ? [{ seed, events: own.flatMap((s) => parseSamples(s.text, path.basename(s.name)).events.map(toReplayEvent)) }] : [];
    });
    assert.ok(paired.length >= 8, `only ${paired.length} models with samples`);
    const byName = new Map(paired.map((p) => [p.seed.name, p.events]));
    fc.assert(
      fc.property(mutated(paired.map((p) => p.seed)), options, (input, o) => {
        const model = parseModel(input.text).model;
        const events = byName.get(input.seed.name)!;
        const report = checkDelivery(model, events, o);
        for (const f of report.findings) wellFormed(f, model, events);
        assert.deepEqual(JSON.parse(JSON.stringify(report)), report, describeInput(input));
      }),
      { numRuns: 30 },
    );
  });
});

/** A value with every number that is not finite as null, as JSON writes it. */
function finiteOnly(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(finiteOnly);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, finiteOnly(x)]));
  }
  return v;
}
