import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { generateModel } from '../../bench/generateModel.js';
import { complete } from '../../src/core/language/completion.js';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import type { CompletionItem } from '../../src/core/language/types.js';
import { fixture, repoFile } from './support/languageFixture.js';
import { MODEL_SEEDS, mutated, SAMPLE_SEEDS } from './support/mutations.js';
import { timed } from './support/timing.js';

/**
 * Completion, called directly against fixture files with the cursor written as `‸`: every kind
 * of completion the language server offers, in block and flow style, in half-written YAML, in
 * sample files, and that it never throws wherever the cursor is.
 */

const SHOP = repoFile('examples/shop/shop.events.yaml');
const SHOP_SAMPLES = repoFile('examples/shop/shop.samples.yaml');

/** The shop example with one piece of it rewritten, the cursor in the rewrite. */
function inShop(find: string, replace: string): CompletionItem[] {
  assert.ok(SHOP.includes(find), `the shop example holds ${JSON.stringify(find)}`);
  return at({ 'shop/shop.events.yaml': SHOP.replace(find, replace), 'shop/shop.samples.yaml': SHOP_SAMPLES });
}

/** Where the cursor of the last completion stood. */
let cursor = { line: 0, character: 0 };

function at(files: Record<string, string>): CompletionItem[] {
  const f = fixture(files);
  cursor = f.position;
  return complete(f.index, f.uri, f.position);
}

/** A range on the cursor's line, by its characters. */
const onCursorLine = (start: number, end: number) => ({ start: { line: cursor.line, character: start }, end: { line: cursor.line, character: end } });

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
/** Labels in the order an editor shows them (by sort text). */
const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
const item = (items: CompletionItem[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `${label} is offered among ${labels(items).join(', ')}`);
  return found;
};

const SMALL = `version: 1
context: Orders
types:
  Priority: { enum: [low, normal, high] }
aggregates:
  Order:
    id: orderId
    state:
      status: { type: string, enum: [none, placed] }
      total: number
      lines: string[]
      note: string?
    initial: { status: none, total: 0, lines: [] }
    evolve:
      OrderPlaced: { set: { status: placed } }
commands:
  PlaceOrder:
    aggregate: Order
    fields: { orderId: uuid, total: number, priority: Priority }
    emits: [OrderPlaced]
    errors: [OrderExists]
events:
  OrderPlaced:
    aggregate: Order
    fields: { orderId: uuid, total: number, priority: Priority, rush: boolean }
`;

describe('language completion', () => {
  describe('keys from the schema', () => {
    it('offers the top-level sections not written yet, with their descriptions', () => {
      const items = at({ 'm.events.yaml': 'version: 1\ncontext: X\nevents: {}\n‸\n' });
      assert.ok(labels(items).includes('aggregates'));
      assert.ok(!labels(items).includes('events'), 'events is written');
      assert.ok(!labels(items).includes('version'));
      assert.match(item(items, 'codegen').documentation ?? '', /Where code generated/);
      assert.equal(item(items, 'aggregates').insertText, 'aggregates:', 'a section goes on the lines below');
      assert.equal(item(items, 'description').insertText, 'description: ');
    });

    it("offers an element's keys not written yet, required ones first", () => {
      const items = at({ 'm.events.yaml': 'version: 1\ncontext: X\ncommands:\n  PlaceOrder:\n    emits: [OrderPlaced]\n    ‸\n    fields: {}\n' });
      assert.deepEqual(sorted(items), ['aggregate', 'description', 'errors', 'rules']);
      assert.match(item(items, 'aggregate').documentation ?? '', /aggregate that decides/);
    });

    it('offers the keys of a long-form field', () => {
      const items = at({ 'm.events.yaml': 'version: 1\ncontext: X\nevents:\n  A:\n    fields:\n      status: { type: string, ‸ }\n' });
      assert.deepEqual(labels(items).sort(), ['description', 'enum', 'optional']);
    });

    it('offers update operators, `delete` only in a projection', () => {
      const aggregate = inShop('      ShipmentApproved:   { set: { approved: true } }', '      ShipmentApproved:   { ‸ }');
      assert.deepEqual(labels(aggregate).sort(), ['inc', 'push', 'remove', 'set', 'unset']);
      assert.match(item(aggregate, 'inc').documentation ?? '', /Adds a number/);
      const projection = inShop('      StockReserved:   { set: { stockReserved: true } }', '      StockReserved:   { set: { stockReserved: true }, ‸ }');
      assert.deepEqual(labels(projection).sort(), ['delete', 'inc', 'push', 'remove', 'unset']);
    });

    it('offers the keys of a scenario, of its outcome, and fixed values such as `codegen.target`', () => {
      const scenario = inShop('  - name: an order needs at least one line\n', '  - name: an order needs at least one line\n    ‸\n');
      assert.deepEqual(labels(scenario).sort(), ['description', 'given', 'projection']);
      assert.deepEqual(sorted(at({ 'm.events.yaml': 'version: 1\ncontext: X\ncodegen: { target: ‸ }\n' })), ['emmett', 'plain']);
      assert.deepEqual(labels(at({ 'm.events.yaml': 'version: 1\ncontext: X\nevents:\n  A:\n    fields:\n      a: { type: string, optional: ‸ }\n' })), ['true', 'false']);
    });
  });

  describe('names where a reference is expected', () => {
    it('offers events in `emits` while the list is still open, those of the same aggregate first', () => {
      const items = inShop('    emits: [OrderShipped]\n', '    emits: [Ord‸\n');
      assert.equal(items[0]!.kind, 'event');
      assert.deepEqual(sorted(items).slice(0, 4), ['OrderCancelled', 'OrderPlaced', 'OrderShipped', 'PaymentReceived'], 'the events of Order');
      assert.deepEqual(item(items, 'OrderShipped').range, onCursorLine(12, 15));
      assert.equal(item(items, 'OrderPlaced').detail, 'event of Order');
      assert.equal(item(items, 'OrderPlaced').documentation, 'A customer placed an order.');
    });

    it('leaves out the events `emits` already lists, in flow and block style', () => {
      const flow = inShop('    emits: [StockReserved, StockReservationFailed]', '    emits: [StockReserved, ‸, StockReservationFailed]');
      assert.ok(!labels(flow).includes('StockReserved') && !labels(flow).includes('StockReservationFailed'));
      assert.ok(labels(flow).includes('StockReleased'));
      const block = inShop('    emits: [StockReserved, StockReservationFailed]', '    emits:\n      - StockReserved\n      - Stock‸');
      assert.ok(!labels(block).includes('StockReserved'));
      assert.ok(labels(block).includes('StockReservationFailed'));
    });

    it('offers the events an `evolve` does not handle yet, of its aggregate first, as keys', () => {
      const items = at({ 'm.events.yaml': `${SMALL.replace('      OrderPlaced: { set: { status: placed } }', '      OrderPlaced: { set: { status: placed } }\n      ‸')}  OrderShipped: { aggregate: Order, fields: { orderId: uuid } }\n  StockMoved: { fields: { sku: string } }\n` });
      assert.deepEqual(sorted(items), ['OrderShipped', 'StockMoved'], 'OrderPlaced is handled; OrderShipped is of Order');
      assert.equal(item(items, 'OrderShipped').insertText, 'OrderShipped: ');
    });

    it("offers events in a projection's `on`, those with its key field first", () => {
      const items = inShop('      StockReserved:   { set: { stockReserved: true } }\n', '      StockReserved:   { set: { stockReserved: true } }\n      Ship‸\n');
      assert.ok(!labels(items).includes('StockReserved'));
      assert.equal(item(items, 'ShipmentPrepared').sortText?.[0], '0', 'it carries orderId');
      assert.equal(item(items, 'StockReceived').sortText?.[0], '1', 'it has no orderId');
    });

    it("offers events in a policy's `when`", () => {
      const items = inShop('    when: PaymentDeclined', '    when: Pay‸');
      assert.ok(labels(items).includes('PaymentDeclined'));
      assert.ok(items.every((i) => i.kind === 'event'));
      assert.equal(item(items, 'PaymentDeclined').insertText, undefined, 'a value, written as it is');
    });

    it('offers commands in a policy, in flow and block style', () => {
      const flow = inShop('    then: [RecordPayment]', '    then: [Rec‸]');
      assert.ok(labels(flow).includes('RecordPayment'));
      assert.ok(flow.every((i) => i.kind === 'command'));
      const block = inShop('      - CancelOrder: { orderId: $event.orderId, reason: out of stock }', '      - ‸');
      assert.ok(labels(block).includes('CancelOrder'));
    });

    it('offers aggregates for `aggregate:`', () => {
      const items = inShop('    description: Goods arrive at the warehouse and are counted in.\n    aggregate: Inventory', '    description: Goods arrive at the warehouse and are counted in.\n    aggregate: Inv‸');
      assert.deepEqual(labels(items), ['Order', 'Inventory', 'Shipping', 'Payment']);
      assert.ok(items.every((i) => i.kind === 'aggregate'));
    });

    it('offers named and primitive types in field types, short and long form', () => {
      const short = inShop('      shippingAddress: Address\n    emits: [OrderPlaced]', '      shippingAddress: Addr‸\n    emits: [OrderPlaced]');
      assert.deepEqual(sorted(short).slice(0, 7), ['boolean', 'date', 'datetime', 'integer', 'number', 'string', 'uuid']);
      assert.ok(labels(short).includes('Address') && labels(short).includes('ShipmentStatus'));
      assert.equal(item(short, 'ShipmentStatus').detail, 'enum type');
      const long = at({ 'm.events.yaml': 'version: 1\ncontext: X\ntypes:\n  Line: { fields: { sku: string } }\nevents:\n  A:\n    fields:\n      lines: { type: Li‸, optional: true }\n' });
      assert.ok(labels(long).includes('Line') && labels(long).includes('uuid'));
    });

    it("offers error names in `errors`, and a scenario's command's errors first in `then.error`", () => {
      const errors = inShop('    errors: [OrderNotPaid, OrderAlreadyShipped]', '    errors: [OrderNotPaid, ‸]');
      assert.ok(labels(errors).includes('OrderAlreadyCancelled'), 'an error another command declares');
      assert.ok(!labels(errors).includes('OrderNotPaid'), 'already listed');
      assert.ok(errors.every((i) => i.kind === 'error'));
      const then = inShop('      error: ShipmentNotApproved', '      error: Ship‸');
      assert.deepEqual(sorted(then).slice(0, 3), ['ShipmentAlreadyDispatched', 'ShipmentNotApproved', 'ShipmentNotPrepared'], "DispatchShipment's errors");
    });

    it('offers events in a scenario: `given` by the aggregate of its command, `then` by what the command emits', () => {
      const given = inShop('  - name: a parcel waits for payment before it leaves\n    given:\n', '  - name: a parcel waits for payment before it leaves\n    given:\n      - ‸\n');
      assert.equal(item(given, 'ShipmentPrepared').sortText?.[0], '0', 'an event of Shipping, the aggregate of DispatchShipment');
      assert.equal(item(given, 'OrderPlaced').sortText?.[0], '1');
      assert.equal(item(given, 'ShipmentPrepared').insertText, 'ShipmentPrepared: ');
      const then = inShop('      events:\n        - StockReservationFailed:', '      events:\n        - Stock‸\n        - StockReservationFailed:');
      assert.deepEqual(sorted(then).slice(0, 2), ['StockReservationFailed', 'StockReserved'], 'what ReserveStock emits');
    });

    it('offers commands for `when`, as a key and as a value', () => {
      const block = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    when:\n      Pla‸\n    then: []\n` });
      assert.equal(item(block, 'PlaceOrder').insertText, 'PlaceOrder: ');
      const inline = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    when: Pla‸\n` });
      assert.equal(item(inline, 'PlaceOrder').insertText, '{ PlaceOrder: { $0 } }');
      assert.equal(item(inline, 'PlaceOrder').snippet, true);
    });

    it('offers projections for a scenario `projection:`', () => {
      assert.deepEqual(labels(inShop('    projection: OrderSummary', '    projection: Ord‸')), ['OrderSummary']);
    });

    it('offers names referenced but not declared yet for a new element', () => {
      const items = at({ 'm.events.yaml': `${SMALL.replace('emits: [OrderPlaced]', 'emits: [OrderPlaced, OrderShipped]')}  ‸\n` });
      assert.deepEqual(labels(items), ['OrderShipped']);
      assert.equal(item(items, 'OrderShipped').detail, 'referenced, not declared yet');
    });

    it("offers the aggregate's id field in an event's fields", () => {
      const items = at({ 'm.events.yaml': `${SMALL}  OrderShipped:\n    aggregate: Order\n    fields:\n      ‸\n` });
      assert.deepEqual(labels(items), ['orderId']);
      assert.match(item(items, 'orderId').detail ?? '', /the id of Order/);
    });
  });

  describe('references', () => {
    it("offers `$event.<field>` and `$state.<field>` for a value, the fields that fit the target's type first", () => {
      const items = inShop('      PaymentCharged:  { set: { status: charged, amount: $event.amount } }', '      PaymentCharged:  { set: { status: charged, amount: ‸ } }');
      assert.ok(labels(items).includes('$event.amount') && labels(items).includes('$state.amount') && labels(items).includes('$meta.timestamp'));
      assert.equal(item(items, '$event.amount').detail, 'number');
      assert.ok(item(items, '$event.amount').sortText! < item(items, '$event.chargedAt').sortText!, 'a number fits a number field');
      assert.equal(item(items, '$event.amount').kind, 'path');
    });

    it('offers the fields of the rule\'s event after `$event.`, replacing only the segment being typed', () => {
      const items = inShop('set: { status: placed, total: $event.total, customerId', 'set: { status: placed, total: $event.to‸, customerId');
      assert.deepEqual(labels(items), ['orderId', 'customerId', 'lines', 'shippingAddress', 'total', 'placedAt']);
      const total = item(items, 'total');
      assert.equal(total.detail, 'number');
      assert.equal(total.range!.end.character - total.range!.start.character, 2, 'the range is `to`');
      assert.equal(total.sortText?.[0], '0', 'the target is a number');
    });

    it('follows nested named types in `$event.` paths', () => {
      const items = inShop('destinationCity: $event.shippingAddress.city', 'destinationCity: $event.shippingAddress.‸');
      assert.deepEqual(labels(items), ['recipient', 'street', 'city', 'postalCode', 'country']);
      assert.equal(item(items, 'country').documentation, 'ISO 3166-1 alpha-2 country code');
    });

    it('offers `$state.` paths from the state of an aggregate and from the row of a projection', () => {
      const state = at({ 'm.events.yaml': SMALL.replace('{ set: { status: placed } }', '{ set: { status: placed, total: $state.‸ } }') });
      assert.deepEqual(labels(state), ['status', 'total', 'lines', 'note']);
      const row = inShop("cancellationReason: $event.reason } }\n\npolicies:", "cancellationReason: $state.‸ } }\n\npolicies:");
      assert.ok(labels(row).includes('stockReserved') && labels(row).includes('placedAt'), 'the fields of the OrderSummary row');
    });

    it('offers `$meta.` fields', () => {
      const items = inShop('set: { status: placed, total: $event.total, customerId', 'set: { status: placed, total: $meta.‸, customerId');
      assert.deepEqual(labels(items), ['timestamp', 'position', 'stream']);
    });

    it("offers `$event.` paths of a policy's event in its mapping, and no `$state.`", () => {
      const items = inShop('      - CancelOrder: { orderId: $event.orderId, reason: $event.reason }', '      - CancelOrder: { orderId: $event.orderId, reason: ‸ }');
      assert.ok(labels(items).includes('$event.reason'), 'PaymentDeclined has a reason');
      assert.ok(!labels(items).some((l) => l.startsWith('$state.')));
    });
  });

  describe('values', () => {
    it('offers enum values where a field with an enum gets a value', () => {
      const rule = inShop('OrderPlaced:     { set: { status: placed,', 'OrderPlaced:     { set: { status: pl‸,');
      assert.deepEqual(labels(rule).slice(0, 5), ['none', 'placed', 'paid', 'shipped', 'cancelled']);
      assert.equal(item(rule, 'placed').kind, 'value');
      const initial = at({ 'm.events.yaml': SMALL.replace('initial: { status: none,', 'initial: { status: ‸,') });
      assert.deepEqual(labels(initial), ['none', 'placed']);
      const payload = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    when:\n      PlaceOrder: { orderId: a, total: 1, priority: ‸ }\n    then: []\n` });
      assert.deepEqual(labels(payload), ['low', 'normal', 'high'], 'the values of the enum type');
    });

    it('offers true and false for a boolean field, and the rows of a projection scenario', () => {
      const items = inShop('          stockReserved: true\n          carrier: CJ Logistics', '          stockReserved: ‸\n          carrier: CJ Logistics');
      assert.deepEqual(labels(items), ['true', 'false']);
    });
  });

  describe('the fields of a payload', () => {
    it("offers the when command's fields not written yet, with their types", () => {
      const items = inShop('      DispatchShipment: { orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71, carrier: CJ Logistics, trackingNumber: "568912340017" }', '      DispatchShipment: { orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71, ‸ }');
      assert.deepEqual(labels(items), ['carrier', 'trackingNumber']);
      assert.equal(item(items, 'carrier').detail, 'string');
      assert.equal(item(items, 'carrier').insertText, 'carrier: ');
    });

    it('offers the fields of a given event in block style, the fields after the cursor counted as written', () => {
      const items = inShop(
        '      - ShipmentPrepared:\n          orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71\n',
        '      - ShipmentPrepared:\n          ‸\n          orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71\n',
      );
      assert.deepEqual(labels(items), []);
      const open = inShop('      - ShipmentPrepared:\n          orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71\n', '      - ShipmentPrepared:\n          orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71\n          ‸\n');
      assert.deepEqual(labels(open), [], 'every field is written');
      const fresh = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    given:\n      - OrderPlaced:\n          total: 1\n          ‸\n` });
      assert.deepEqual(sorted(fresh), ['orderId', 'priority', 'rush']);
      assert.equal(item(fresh, 'priority').detail, 'Priority');
    });

    it('offers the fields of a nested record and of a record in a list', () => {
      const record = inShop('          shippingAddress: { recipient: Kim Jiwoo, street: 12 Teheran-ro, city: Seoul, postalCode: "06236", country: KR }\n          preparedAt', '          shippingAddress: { recipient: Kim Jiwoo, ‸ }\n          preparedAt');
      assert.deepEqual(labels(record), ['street', 'city', 'postalCode', 'country']);
      const list = inShop('          lines: [{ sku: KB-MX-RED, quantity: 1, unitPrice: 79 }]\n          reservedAt', '          lines: [{ sku: KB-MX-RED, ‸ }]\n          reservedAt');
      assert.deepEqual(labels(list), ['quantity', 'unitPrice']);
    });

    it("offers a policy mapping's command fields not written yet", () => {
      const items = inShop('      - ReleaseStock: { warehouseId: WH-INCHEON-01, orderId: $event.orderId }', '      - ReleaseStock: { orderId: $event.orderId, ‸ }');
      assert.deepEqual(labels(items), ['warehouseId']);
    });

    it("offers a rule's target fields by operator: `set` any not written, `inc` numbers, `push` lists, `unset` optional ones", () => {
      const rule = (ops: string) => at({ 'm.events.yaml': SMALL.replace('{ set: { status: placed } }', ops) });
      assert.deepEqual(labels(rule('{ set: { status: placed, ‸ } }')), ['total', 'lines', 'note']);
      assert.deepEqual(labels(rule('{ inc: { ‸ } }')), ['total']);
      assert.deepEqual(labels(rule('{ push: { ‸ } }')), ['lines']);
      assert.deepEqual(labels(rule('{ unset: [‸] }')), ['note']);
    });

    it("offers the state fields an aggregate's `initial` does not set yet", () => {
      assert.deepEqual(labels(at({ 'm.events.yaml': SMALL.replace('initial: { status: none, total: 0, lines: [] }', 'initial: { status: none, ‸ }') })), ['total', 'lines', 'note']);
    });
  });

  describe('in half-written YAML', () => {
    it('reads a key being typed without its colon', () => {
      const items = inShop('    emits: [OrderShipped]\n', '    emi‸\n');
      assert.deepEqual(labels(items), ['emits']);
      assert.equal(item(items, 'emits').insertText, 'emits:', 'a list goes on the lines below, or in brackets after a space');
    });

    it('keeps the colon of a key being edited', () => {
      const items = inShop('    emits: [OrderShipped]\n', '    emi‸ts: [OrderShipped]\n');
      assert.equal(item(items, 'emits').insertText, undefined);
      assert.deepEqual(item(items, 'emits').range, onCursorLine(4, 9));
    });

    it('reads an unclosed flow mapping in a scenario', () => {
      const items = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    when:\n      PlaceOrder: { orderId: a, ‸\n    then: []\n` });
      assert.deepEqual(labels(items), ['total', 'priority']);
    });

    it('reads a list item being typed after the last one', () => {
      const items = at({ 'm.events.yaml': SMALL.replace('    errors: [OrderExists]', '    errors:\n      - OrderExists\n      ‸') });
      assert.equal(items.length, 0, 'no error is left to offer');
      const events = at({ 'm.events.yaml': SMALL.replace('    emits: [OrderPlaced]', '    emits:\n      - X\n      ‸') });
      assert.equal(item(events, 'OrderPlaced').insertText, '- OrderPlaced', 'the dash is written too');
    });

    it("reads the line below a list's key as its first item, and writes the dash", () => {
      const emits = at({ 'm.events.yaml': SMALL.replace('    emits: [OrderPlaced]', '    emits:\n      ‸') });
      assert.equal(item(emits, 'OrderPlaced').insertText, '- OrderPlaced');
      const given = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    given:\n      ‸\n` });
      assert.equal(item(given, 'OrderPlaced').insertText, '- OrderPlaced: ');
      const samples = at({ 'shop/shop.events.yaml': SHOP, 'shop/shop.samples.yaml': 'events:\n  ‸\n' });
      assert.equal(item(samples, 'PaymentReceived').insertText, '- PaymentReceived: ');
      assert.equal(item(samples, 'type').insertText, '- type: ');
    });

    it('offers the keys of a new scenario, with or without its dash', () => {
      const dash = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - ‸\n` });
      assert.equal(item(dash, 'name').insertText, 'name: ');
      assert.equal(item(dash, 'name').sortText?.[0], '0', 'required');
      const none = at({ 'm.events.yaml': `${SMALL}scenarios:\n  - name: x\n    when: { PlaceOrder: {} }\n    then: []\n  ‸\n` });
      assert.equal(item(none, 'name').insertText, '- name: ');
    });

    it('reads quoted keys and values', () => {
      const items = at({ 'm.events.yaml': SMALL.replace('emits: [OrderPlaced]', 'emits: ["Ord‸"]') });
      assert.equal(item(items, 'OrderPlaced').insertText, undefined, 'inside the quotes');
      assert.deepEqual(item(items, 'OrderPlaced').range, onCursorLine(13, 16));
    });
  });

  describe('sample files', () => {
    const samples = (text: string, name = 'shop/shop.samples.yaml') => at({ 'shop/shop.events.yaml': SHOP, [name]: text });

    it('offers the keys of a sample file', () => {
      assert.deepEqual(labels(samples('model: ./shop.events.yaml\n‸\n')), ['events']);
    });

    it('offers event types at an entry, in the long form and the short form', () => {
      const long = samples('events:\n  - type: Ord‸\n');
      assert.ok(labels(long).includes('OrderPlaced'));
      assert.ok(long.every((i) => i.kind === 'event'));
      const short = samples('events:\n  - ‸\n');
      assert.equal(item(short, 'OrderPlaced').insertText, 'OrderPlaced: ');
      assert.ok(labels(short).includes('type'), 'or the long form');
      const keys = samples('events:\n  - type: OrderPlaced\n    ‸\n');
      assert.deepEqual(sorted(keys), ['data', 'at', 'version']);
    });

    it("offers the data keys of the entry's event, not written yet, in block and flow style", () => {
      const block = samples('events:\n  - type: PaymentReceived\n    data:\n      orderId: x\n      ‸\n');
      assert.deepEqual(labels(block), ['amount']);
      assert.equal(item(block, 'amount').detail, 'number');
      const typeAfter = samples('events:\n  - data: { ‸ }\n    type: PaymentReceived\n');
      assert.deepEqual(labels(typeAfter), ['orderId', 'amount'], 'the type written after the data');
      const short = samples('events:\n  - ShipmentApproved: { orderId: x, ‸ }\n');
      assert.deepEqual(labels(short), ['approvedAt']);
    });

    it('offers enum values and nested fields in sample data', () => {
      const nested = samples('events:\n  - ShipmentPrepared: { shippingAddress: { city: Seoul, ‸ } }\n');
      assert.deepEqual(labels(nested), ['recipient', 'street', 'postalCode', 'country']);
      const bank = at({ 'bank/bank.events.yaml': repoFile('examples/bank/bank.events.yaml'), 'bank/bank.samples.yaml': 'events:\n  - AccountOpened: { currency: ‸ }\n' });
      assert.ok(bank.length > 0 && bank.every((i) => i.kind === 'value'), 'the values of the Currency enum');
    });

    it('offers the versions of an event for `version`', () => {
      assert.deepEqual(labels(samples('events:\n  - type: OrderPlaced\n    version: ‸\n')), ['1', '2']);
    });

    it('offers quoted keys and values in JSON Lines and JSON files', () => {
      const keys = samples('{"model":"./shop.events.yaml"}\n{"type":"PaymentReceived","data":{"orderId":"x",‸}}\n', 'shop/shop.samples.jsonl');
      assert.deepEqual(labels(keys), ['amount']);
      assert.equal(item(keys, 'amount').insertText, '"amount": ');
      const inQuotes = samples('{"type":"PaymentReceived","data":{"‸"}}\n', 'shop/shop.samples.jsonl');
      assert.equal(item(inQuotes, 'orderId').insertText, undefined);
      const type = samples('{"type":"Pay‸"}\n', 'shop/shop.samples.jsonl');
      assert.ok(labels(type).includes('PaymentReceived'));
      const json = samples('{\n  "events": [\n    { "type": "PaymentReceived", "data": { ‸ } }\n  ]\n}\n', 'shop/shop.samples.json');
      assert.deepEqual(labels(json), ['orderId', 'amount']);
      assert.equal(item(json, 'orderId').insertText, '"orderId": ');
    });

    it('offers nothing but the format without a model', () => {
      assert.deepEqual(labels(at({ 'x/lost.samples.yaml': 'events:\n  - type: ‸\n' })), []);
    });
  });

  describe('robustness and speed', () => {
    /** Every position of a text, as an editor counts lines and characters. */
    const positions = (text: string) => {
      const lines = text.split(/\r\n|\r|\n/);
      return fc.integer({ min: 0, max: lines.length - 1 }).chain((line) => fc.record({ line: fc.constant(line), character: fc.integer({ min: 0, max: lines[line]!.length + 2 }) }));
    };

    it('never throws at any position of every example and fixture model and sample file', () => {
      for (const seed of [...MODEL_SEEDS, ...SAMPLE_SEEDS]) {
        const name = seed.name.replace(/^.*\//, 'ws/');
        const index = new MemoryFileIndex();
        const uri = `file:///${name}`;
        index.set(uri, seed.text);
        fc.assert(
          fc.property(positions(seed.text), (position) => {
            for (const i of complete(index, uri, position)) assert.equal(typeof i.label, 'string');
          }),
          { numRuns: 60 },
        );
      }
    });

    it('never throws at any position of randomly edited models and sample files', () => {
      const run = (seeds: typeof MODEL_SEEDS, ext: string) =>
        fc.assert(
          fc.property(
            mutated(seeds).chain((m) => fc.record({ m: fc.constant(m), at: fc.nat({ max: Math.max(0, m.text.length) }) })),
            ({ m, at: offset }) => {
              const text = m.text;
              const before = text.slice(0, offset);
              const lines = before.split(/\r\n|\r|\n/);
              const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
              const index = new MemoryFileIndex();
              index.set(`file:///ws/f.${ext}`, text);
              complete(index, `file:///ws/f.${ext}`, position);
            },
          ),
          { numRuns: 150 },
        );
      run(MODEL_SEEDS, 'events.yaml');
      run(SAMPLE_SEEDS.filter((s) => !s.name.endsWith('.jsonl')), 'samples.yaml');
      run(SAMPLE_SEEDS.filter((s) => s.name.endsWith('.jsonl')), 'samples.jsonl');
    });

    it('completes at the end of a 5,000-element model well within 50 ms', function () {
      this.timeout(120_000);
      const report: string[] = [];
      for (const shape of ['rich', 'shop'] as const) {
        const base = generateModel(5000, shape).replace(/\n*$/, '\n');
        const command = shape === 'rich' ? 'DepositMoney1' : 'PlaceOrder1';
        for (const tail of ['  - name: extra\n    given:\n      - ‸', `  - name: extra\n    when:\n      ${command}: { ‸ }`, '  - name: extra\n    then:\n      error: ‸']) {
          const f = fixture({ 'big.events.yaml': base + tail });
          complete(f.index, f.uri, f.position); // once to warm up, as a server has
          const { result, ms } = timed(() => complete(f.index, f.uri, f.position), 50);
          report.push(`${shape} ${JSON.stringify(tail.split('\n').pop())}: ${result.length} items in ${ms.toFixed(1)} ms`);
          assert.ok(ms < 50, `${shape}, ${tail}: ${ms.toFixed(1)} ms`);
        }
      }
      if (process.env.LANGUAGE_REPORT === '1') console.log(report.map((r) => `      ${r}`).join('\n'));
    });
  });
});
