import * as assert from 'node:assert/strict';
import { nodeIdFor, type DiagramNodeKind } from '../../src/core/index.js';
import { hashName, idSuffix, timelineIdentifier } from '../../src/core/diagram/ids.js';

const KINDS: DiagramNodeKind[] = ['command', 'aggregate', 'event', 'projection', 'policy', 'scenario', 'error'];

/** Every string of up to `length` characters over `alphabet`. */
function allStrings(alphabet: string[], length: number): string[] {
  let level = [''];
  const out = [''];
  for (let i = 0; i < length; i++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...level);
  }
  return out;
}

describe('diagram node ids', () => {
  it('keep plain names readable: a kind prefix and the name', () => {
    assert.equal(nodeIdFor('command', 'PlaceOrder'), 'cmd_PlaceOrder');
    assert.equal(nodeIdFor('aggregate', 'Order'), 'agg_Order');
    assert.equal(nodeIdFor('event', 'OrderPlaced'), 'evt_OrderPlaced');
    assert.equal(nodeIdFor('projection', 'OrderSummary'), 'prj_OrderSummary');
    assert.equal(nodeIdFor('policy', 'ReserveStockWhenOrderPlaced'), 'pol_ReserveStockWhenOrderPlaced');
    assert.equal(nodeIdFor('scenario', 'x'), 'scn_x');
    assert.equal(nodeIdFor('error', 'OrderNotPaid'), 'err_OrderNotPaid');
  });

  it('are stable: the same kind and name give the same id, in this run and in every other', () => {
    assert.equal(nodeIdFor('event', 'Order Placed'), nodeIdFor('event', 'Order Placed'));
    // Pinned, so a change of the hash (which would break saved webview state and goldens) is noticed.
    assert.equal(nodeIdFor('event', 'Order Placed'), `evt_Order_Placed_${hashName('Order Placed')}`);
    assert.equal(hashName('Order Placed'), '05gdaivrw78');
    assert.equal(hashName(''), '0wvjl67o803');
  });

  it('use only [A-Za-z0-9_], whatever the name', () => {
    const names = ['', ' ', '"]; click x', 'a-->b', '%%{init}%%', '<script>', '주문', '🚀', '\n', 'x'.repeat(10_000), '__proto__', 'end'];
    for (const name of names) for (const kind of KINDS) assert.match(nodeIdFor(kind, name), /^[A-Za-z0-9_]+$/, JSON.stringify(name));
    assert.ok(nodeIdFor('event', 'x'.repeat(10_000)).length < 80);
  });

  it('never collide for distinct names, even when the names clean to the same text', () => {
    const names = allStrings(['a', 'B', '1', '_', '-', ' ', '.', 'é'], 4);
    const ids = new Map<string, string>();
    for (const name of names) {
      const id = nodeIdFor('command', name);
      assert.equal(ids.get(id), undefined, `${JSON.stringify(name)} and ${JSON.stringify(ids.get(id))} share ${id}`);
      ids.set(id, name);
    }
    // A plain name that spells out another name's cleaned id still differs: plain ids have no underscore.
    const tricky = idSuffix('a-b');
    assert.notEqual(nodeIdFor('event', tricky), nodeIdFor('event', 'a-b'));
  });

  it('differ by kind for the same name', () => {
    assert.equal(new Set(KINDS.map((k) => nodeIdFor(k, 'Order'))).size, KINDS.length);
  });

  it('timeline entities: the name when the eventmodeling lexer reads it as one identifier, else the node id', () => {
    assert.equal(timelineIdentifier('command', 'PlaceOrder'), 'PlaceOrder');
    assert.equal(timelineIdentifier('command', 'Place_Order'), 'Place_Order');
    assert.equal(timelineIdentifier('event', 'Data'), 'Data');
    for (const name of ['data', 'event', 'then', 'rf', 'title', 'titleX', 'accTitleX', 'accDescr', 'Place$Order', '주문', '2nd', 'a b']) {
      assert.equal(timelineIdentifier('event', name), nodeIdFor('event', name), name);
    }
  });
});
