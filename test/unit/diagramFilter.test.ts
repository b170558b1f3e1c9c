import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  elementAt, LineIndex, MAX_TIMELINE_FRAMES, nodeIdFor, parseModel, renderDiagram, type DiagramResult, type Model,
} from '../../src/core/index.js';
import { goldenCases } from './diagram.test.js';
import { readFixture, ROOT } from './support/golden.js';

const shopText = readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8');
const shop = parseModel(shopText).model;
const cycle = parseModel(readFixture('diagrams/cycle.events.yaml')).model;

/** The node ids declared in a flowchart (not subgraph ids, not ids only named in edges or classes). */
function declaredIds(text: string): string[] {
  return [...text.matchAll(/^ {2,4}([A-Za-z0-9_]+)(?:\[\[|\[|\(\[|\{\{)"/gm)].map((m) => m[1]!);
}

function ids(result: DiagramResult): string[] {
  return result.nodes.map((n) => n.id).sort();
}

function dimmedIds(text: string): string[] {
  return text.match(/^ {2}class (\S+) dimmed$/m)?.[1]?.split(',').sort() ?? [];
}

describe('diagram filters', () => {
  it('aggregate: its subgraph, the projections and policies it touches, their other ends dimmed', () => {
    const r = renderDiagram(shop, { filter: { aggregate: 'Payment' } });
    assert.deepEqual(ids(r), [
      'agg_Payment', 'cmd_CancelOrder', 'cmd_ChargePayment', 'cmd_RecordPayment', 'evt_OrderPlaced', 'evt_PaymentCharged', 'evt_PaymentDeclined',
      'pol_CancelOrderWhenPaymentDeclined', 'pol_ChargePaymentWhenOrderPlaced', 'pol_RecordPaymentWhenCharged',
    ]);
    assert.deepEqual(dimmedIds(r.text), ['cmd_CancelOrder', 'cmd_RecordPayment', 'evt_OrderPlaced']);
    assert.match(r.text, /subgraph grp_Payment/);
    assert.doesNotMatch(r.text, /subgraph grp_Order/, 'context stays outside any subgraph');
  });

  it('aggregate: projections reading its events come along', () => {
    const r = renderDiagram(shop, { filter: { aggregate: 'Order' } });
    assert.ok(r.nodes.some((n) => n.id === 'prj_OrderSummary'));
    assert.match(r.text, /evt_OrderPlaced -\.-> prj_OrderSummary/);
  });

  it('projection: the events it reads and the commands and aggregates behind them', () => {
    const r = renderDiagram(shop, { filter: { projection: 'OrderSummary' } });
    assert.deepEqual(ids(r), [
      'agg_Inventory', 'agg_Order', 'cmd_CancelOrder', 'cmd_MarkOrderShipped', 'cmd_PlaceOrder', 'cmd_RecordPayment', 'cmd_ReserveStock',
      'evt_OrderCancelled', 'evt_OrderPlaced', 'evt_OrderShipped', 'evt_PaymentReceived', 'evt_StockReserved', 'prj_OrderSummary',
    ]);
    assert.doesNotMatch(r.text, /pol_/);
  });

  it('focus: what leads to the element and what follows, cut at the depth with a warning', () => {
    const near = renderDiagram(shop, { filter: { focus: 'PaymentReceived', depth: 1 } });
    assert.deepEqual(ids(near), ['agg_Order', 'cmd_RecordPayment', 'evt_PaymentReceived', 'pol_ApproveShipmentWhenPaid', 'prj_OrderSummary']);
    assert.match(near.warnings.join(), /cut after 1 steps/);
    const all = renderDiagram(shop, { filter: { focus: 'PaymentReceived', depth: 50 } });
    assert.deepEqual(all.warnings, []);
    assert.ok(all.nodes.some((n) => n.id === 'cmd_PlaceOrder'), 'upstream: PlaceOrder -> OrderPlaced -> ChargePayment... -> RecordPayment');
    assert.ok(all.nodes.some((n) => n.id === 'evt_ShipmentApproved'), 'downstream: ApproveShipment -> ShipmentApproved');
    assert.ok(!all.nodes.some((n) => n.id === 'evt_StockReceived'), 'unrelated: ReceiveStock');
  });

  it('focus ends on cycles and follows a chain only as far as the depth', () => {
    const r = renderDiagram(cycle, { filter: { focus: 'Ping' } });
    assert.deepEqual(r.warnings, []);
    assert.ok(r.nodes.some((n) => n.id === 'cmd_Pong') && r.nodes.some((n) => n.id === 'evt_BallServed'));
    const chain = renderDiagram(cycle, { filter: { focus: 'Step1', depth: 2 } });
    assert.deepEqual(ids(chain), ['agg_Chain', 'cmd_Step1', 'evt_Stepped1', 'pol_Step2WhenStepped1']);
    for (const view of ['flow', 'timeline'] as const) assert.ok(renderDiagram(cycle, { view, filter: { focus: 'PongWhenPinged', depth: 100 } }).nodes.length > 0);
  });

  it('several filters keep what all of them keep', () => {
    const r = renderDiagram(shop, { filter: { aggregate: 'Order', projection: 'OrderSummary' } });
    assert.deepEqual(ids(r), [
      'agg_Order', 'cmd_CancelOrder', 'cmd_MarkOrderShipped', 'cmd_PlaceOrder', 'cmd_RecordPayment', 'cmd_ReserveStock',
      'evt_OrderCancelled', 'evt_OrderPlaced', 'evt_OrderShipped', 'evt_PaymentReceived', 'prj_OrderSummary',
    ]);
    assert.deepEqual(dimmedIds(r.text), ['cmd_ReserveStock'], 'dimmed by one filter: dimmed');
  });

  it('an unknown name gives an empty diagram and a did-you-mean', () => {
    for (const view of ['flow', 'timeline'] as const) {
      const r = renderDiagram(shop, { view, filter: { aggregate: 'Ordr' } });
      assert.equal(r.text, view === 'flow' ? 'flowchart LR\n' : 'eventmodeling\n');
      assert.deepEqual(r.nodes, []);
      assert.deepEqual(r.warnings, ["No aggregate named 'Ordr' in the model. Did you mean 'Order'?"]);
    }
    assert.match(renderDiagram(shop, { filter: { projection: 'Order' } }).warnings[0]!, /No projection named 'Order'/);
    assert.match(renderDiagram(shop, { filter: { focus: 'OrderPlace' } }).warnings[0]!, /No element named 'OrderPlace' in the model\. Did you mean 'OrderPlaced'\?/);
  });
});

describe('diagram source map', () => {
  for (const c of goldenCases()) {
    it(`${c.file}: one entry per node drawn, at the element's name`, () => {
      const r = renderDiagram(c.model, { view: c.view, filter: c.filter });
      const mapped = r.nodes.map((n) => n.id);
      assert.equal(new Set(mapped).size, mapped.length, 'ids are unique');
      if (c.view === 'flow') {
        assert.deepEqual(declaredIds(r.text), mapped, 'declared ids and the source map agree, in order');
        assert.equal(r.frames, undefined);
      } else {
        assert.deepEqual([...new Set(r.frames)], mapped, 'every frame is mapped, every mapped node has a frame');
        assert.equal(r.frames!.length, r.text.trimEnd().split('\n').length - 1, 'one frame a line');
      }
      for (const n of r.nodes) {
        assert.equal(n.id, nodeIdFor(n.kind, n.name));
        assert.deepEqual(n.range, elementOf(c.model, n.kind, n.name)?.nameRange, n.id);
      }
    });
  }
});

describe('elementAt', () => {
  const lines = new LineIndex(shopText);
  const at = (needle: string, delta = 0) => lines.position(shopText.indexOf(needle) + delta);

  it('finds the element whose key or value holds the cursor', () => {
    assert.deepEqual(elementAt(shop, at('  PlaceOrder:\n', 4)), { kind: 'command', name: 'PlaceOrder' });
    assert.deepEqual(elementAt(shop, at('emits: [OrderPlaced]', 10)), { kind: 'command', name: 'PlaceOrder' }, 'a reference inside a command');
    assert.deepEqual(elementAt(shop, at('  OrderPlaced:\n    description: A customer placed', 20)), { kind: 'event', name: 'OrderPlaced' });
    assert.deepEqual(elementAt(shop, at('  OrderSummary:\n', 2)), { kind: 'projection', name: 'OrderSummary' });
    assert.deepEqual(elementAt(shop, at('  ReserveStockWhenOrderPlaced:', 5)), { kind: 'policy', name: 'ReserveStockWhenOrderPlaced' });
    assert.deepEqual(elementAt(shop, at('- name: an order is placed once', 12)), { kind: 'scenario', name: 'an order is placed once' });
    const agg = [...shop.aggregates.values()][0]!;
    assert.deepEqual(elementAt(shop, agg.nameRange.start), { kind: 'aggregate', name: agg.name });
    assert.deepEqual(elementAt(shop, agg.nameRange.end), { kind: 'aggregate', name: agg.name }, 'just after the name still counts');
  });

  it('finds nothing outside the drawn elements', () => {
    assert.equal(elementAt(shop, { line: 0, character: 0 }), undefined);
    assert.equal(elementAt(shop, at('  OrderLine:\n', 4)), undefined, 'types are not drawn');
    assert.equal(elementAt(shop, { line: 100_000, character: 0 }), undefined);
  });
});

describe('diagram size', () => {
  /** A model of `n` aggregates, each with a command, two events, a projection and a policy chaining to the next. */
  function bigModel(n: number): Model {
    const out = ['version: 1', 'context: Big', 'aggregates:'];
    for (let i = 0; i < n; i++) out.push(`  A${i}:`, `    id: id${i}`);
    out.push('commands:');
    for (let i = 0; i < n; i++) out.push(`  Do${i}:`, `    aggregate: A${i}`, `    fields: { id${i}: uuid }`, `    emits: [Done${i}, Failed${i}]`);
    out.push('events:');
    for (let i = 0; i < n; i++) out.push(`  Done${i}:`, `    aggregate: A${i}`, `    fields: { id${i}: uuid }`, `  Failed${i}:`, `    aggregate: A${i}`, `    fields: { id${i}: uuid }`);
    out.push('projections:');
    for (let i = 0; i < n; i++) out.push(`  View${i}:`, `    fields: { n: integer }`, `    on:`, `      Done${i}: { inc: { n: 1 } }`);
    out.push('policies:');
    for (let i = 0; i < n; i++) out.push(`  Next${i}:`, `    when: Done${i}`, `    then: [Do${(i + 1) % n}]`);
    return parseModel(out.join('\n')).model;
  }

  it('a 300-element model draws quickly, and its filters stay small', () => {
    const model = bigModel(50); // 50 x 6 = 300 elements
    const started = performance.now();
    const flow = renderDiagram(model);
    const timeline = renderDiagram(model, { view: 'timeline' });
    assert.ok(performance.now() - started < 2000);
    assert.equal(flow.nodes.length, 300);
    assert.equal(timeline.nodes.length, 250, 'aggregates are not timeline frames');
    assert.ok(renderDiagram(model, { filter: { aggregate: 'A7' } }).nodes.length <= 10);
    assert.ok(renderDiagram(model, { filter: { focus: 'Done7' } }).nodes.length < 40);
  });

  it('the timeline stops at the most frames Mermaid can number, with a warning', () => {
    const model = bigModel(400);
    const r = renderDiagram(model, { view: 'timeline' });
    assert.equal(r.frames!.length, MAX_TIMELINE_FRAMES);
    assert.match(r.text, /\n {2}tf 999 /);
    assert.match(r.warnings.join(), /stops after 999 frames/);
    assert.match(renderDiagram(model).warnings.join(), /2400 edges; Mermaid draws at most 500/);
  });
});

function elementOf(model: Model, kind: string, name: string): { nameRange: unknown } | undefined {
  switch (kind) {
    case 'command': return model.commands.get(name);
    case 'aggregate': return model.aggregates.get(name);
    case 'event': return model.events.get(name);
    case 'projection': return model.projections.get(name);
    case 'policy': return model.policies.get(name);
    default: return undefined;
  }
}
