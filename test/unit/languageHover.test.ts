import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { generateModel } from '../../bench/generateModel.js';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import { explainCode, hover } from '../../src/core/language/hover.js';
import type { Hover } from '../../src/core/language/types.js';
import { fixture, repoFile } from './support/languageFixture.js';
import { MODEL_SEEDS, mutated, SAMPLE_SEEDS } from './support/mutations.js';
import { timed } from './support/timing.js';

/**
 * Hover, called directly against fixture files with the cursor written as `‸`: elements with
 * their fields and connections, references one segment at a time, fields and their types, error
 * names, sample events, keys of the format, and diagnostic codes.
 */

const SHOP = repoFile('examples/shop/shop.events.yaml');
const SHOP_SAMPLES = repoFile('examples/shop/shop.samples.yaml');

/** Where the cursor of the last hover stood. */
let cursor = { line: 0, character: 0 };

function at(files: Record<string, string>): Hover | undefined {
  const f = fixture(files);
  cursor = f.position;
  return hover(f.index, f.uri, f.position);
}

/** The shop example (and its sample file) with one piece rewritten, the cursor in the rewrite. */
function inShop(find: string, replace: string, file: 'model' | 'samples' = 'model'): Hover {
  const base = file === 'model' ? SHOP : SHOP_SAMPLES;
  assert.ok(base.includes(find), `the shop ${file} holds ${JSON.stringify(find)}`);
  const h = at({
    'shop/shop.events.yaml': file === 'model' ? SHOP.replace(find, replace) : SHOP,
    'shop/shop.samples.yaml': file === 'samples' ? SHOP_SAMPLES.replace(find, replace) : SHOP_SAMPLES,
  });
  assert.ok(h, `a hover at ${JSON.stringify(replace)}`);
  return h;
}

/** A range on the cursor's line, by its characters. */
const onCursorLine = (start: number, end: number) => ({ start: { line: cursor.line, character: start }, end: { line: cursor.line, character: end } });

describe('language hover', () => {
  describe('elements', () => {
    it('shows an event with its kind, description, fields and who emits and uses it', () => {
      const h = inShop('  OrderPlaced:\n    description: A customer placed an order.', '  Order‸Placed:\n    description: A customer placed an order.');
      assert.deepEqual(h.range, onCursorLine(2, 13));
      const text = h.contents;
      assert.match(text, /^\*\*event\*\* `OrderPlaced` — in the stream of aggregate `Order`, version 2/);
      assert.match(text, /A customer placed an order\./);
      assert.match(text, /- `shippingAddress`: `Address`/);
      assert.match(text, /Emitted by: `PlaceOrder`/);
      assert.match(text, /Applied by: `Order`/);
      assert.match(text, /Projected by: `OrderSummary`/);
      assert.match(text, /Triggers: `ReserveStockWhenOrderPlaced` → `ReserveStock`, `PrepareShipmentWhenOrderPlaced` → `PrepareShipment`/);
      assert.match(text, /3 scenarios give it/);
      assert.match(text, /1 sample event\b/, 'shop.samples.yaml holds one');
    });

    it('shows the same at a reference to the event, over the reference', () => {
      const h = inShop('    emits: [OrderPlaced]', '    emits: [Order‸Placed]');
      assert.deepEqual(h.range, onCursorLine(12, 23));
      assert.match(h.contents, /^\*\*event\*\* `OrderPlaced`/);
    });

    it('shows an event no one uses, and an external event', () => {
      const h = at({ 'm.events.yaml': 'version: 1\ncontext: X\nevents:\n  Price‸Changed:\n    fields: { sku: string }\n' });
      assert.match(h!.contents, /external: produced by another context/);
      assert.match(h!.contents, /Used by nothing yet/);
    });

    it('shows a command with its aggregate, emits, errors and the policy that issues it', () => {
      const h = inShop('      - CancelOrder: { orderId: $event.orderId, reason: $event.reason }', '      - Cancel‸Order: { orderId: $event.orderId, reason: $event.reason }');
      assert.match(h.contents, /^\*\*command\*\* `CancelOrder` — decided by aggregate `Order`/);
      assert.match(h.contents, /Emits: `OrderCancelled`/);
      assert.match(h.contents, /Errors: `OrderNotPlaced`, `OrderAlreadyShipped`, `OrderAlreadyCancelled`/);
      assert.match(h.contents, /Issued by: `CancelOrderWhenPaymentDeclined` \(when `PaymentDeclined`\), `CancelOrderWhenStockUnavailable` \(when `StockReservationFailed`\)/);
      assert.match(h.contents, /A shipped order is never cancelled/, 'its rules');
    });

    it('shows an aggregate with its id, state, commands and events', () => {
      const h = inShop('    aggregate: Payment\n    fields:\n      orderId: uuid\n      customerId: string\n      amount: number\n    emits', '    aggregate: Pay‸ment\n    fields:\n      orderId: uuid\n      customerId: string\n      amount: number\n    emits');
      assert.match(h.contents, /^\*\*aggregate\*\* `Payment` — identified by `orderId`/);
      assert.match(h.contents, /State:\n\n- `status`: `PaymentStatus`\n- `amount`: `number`/);
      assert.match(h.contents, /Decides: `ChargePayment`/);
      assert.match(h.contents, /Its stream holds: `PaymentCharged`, `PaymentDeclined`/);
    });

    it('shows a projection with its key, row and events', () => {
      const h = inShop('    projection: OrderSummary', '    projection: Order‸Summary');
      assert.match(h.contents, /^\*\*projection\*\* `OrderSummary` — one row per `orderId`/);
      assert.match(h.contents, /Row:\n\n- `orderId`: `uuid`/);
      assert.match(h.contents, /Built from: `OrderPlaced`, `StockReserved`/);
      assert.match(h.contents, /1 scenario$/m);
    });

    it('shows a policy with its event and commands', () => {
      const h = inShop('  PrepareShipmentWhenOrderPlaced:', '  PrepareShipment‸WhenOrderPlaced:');
      assert.match(h.contents, /^\*\*policy\*\* `PrepareShipmentWhenOrderPlaced` — when `OrderPlaced` happens/);
      assert.match(h.contents, /Issues: `PrepareShipment` \(fields copied by name\)/);
    });

    it('shows a record type with its fields and users, and an enum type with its values', () => {
      const record = inShop('      lines: OrderLine[]\n      shippingAddress: Address\n      total', '      lines: Order‸Line[]\n      shippingAddress: Address\n      total');
      assert.match(record.contents, /^\*\*type\*\* `OrderLine`/);
      assert.match(record.contents, /- `quantity`: `integer`/);
      assert.match(record.contents, /Used by: `Reservation.lines`, `PlaceOrder.lines`/);
      const enumType = inShop('  ShipmentStatus:\n', '  Shipment‸Status:\n');
      assert.match(enumType.contents, /^\*\*enum type\*\* `ShipmentStatus`/);
      assert.match(enumType.contents, /Values: `none`, `preparing`, `dispatched`/);
    });

    it('says when a referenced name is not declared', () => {
      const h = inShop('    emits: [OrderShipped]', '    emits: [OrderSh‸ipt]');
      assert.match(h.contents, /^\*\*event\*\* `OrderShipt` — not declared in this model/);
    });
  });

  describe('references', () => {
    const shipping = (cursorAt: string) => inShop('destinationCity: $event.shippingAddress.city', `destinationCity: ${cursorAt}`);

    it('shows `$event` as the event the rule applies, with its fields', () => {
      const h = shipping('$ev‸ent.shippingAddress.city');
      assert.match(h.contents, /^\*\*`\$event`\*\* — the event `ShipmentPrepared`/);
      assert.match(h.contents, /- `preparedAt`: `datetime`/);
      assert.equal(h.range.end.character - h.range.start.character, '$event'.length);
    });

    it('shows the type of each segment of a `$event.` path, through named types', () => {
      const field = shipping('$event.shipping‸Address.city');
      assert.match(field.contents, /^\*\*`\$event.shippingAddress`\*\*: `Address`/);
      assert.match(field.contents, /`Address` fields:/);
      assert.equal(field.range.end.character - field.range.start.character, 'shippingAddress'.length);
      const nested = shipping('$event.shippingAddress.ci‸ty');
      assert.match(nested.contents, /^\*\*`\$event.shippingAddress.city`\*\*: `string`/);
      assert.match(nested.contents, /of type `Address`, in event `ShipmentPrepared`/);
    });

    it('says when a `$event.` path does not resolve', () => {
      const h = shipping('$event.shippingAddress.zi‸p');
      assert.match(h.contents, /event `ShipmentPrepared` has no field `shippingAddress.zip`/);
    });

    it("shows a `$state.` path in a projection as the row's field, and `$meta.` fields", () => {
      const state = at({ 'm.events.yaml': repoFile('examples/bank/bank.events.yaml').replace('$state.balance', '$state.bal‸ance') });
      assert.match(state!.contents, /^\*\*`\$state.balance`\*\*: `number`/);
      assert.match(state!.contents, /of the row of projection `AccountBalances`/);
      const meta = at({ 'm.events.yaml': repoFile('examples/ship-tracking/ship-tracking.events.yaml').replace('updatedAt: $meta.timestamp', 'updatedAt: $meta.time‸stamp') });
      assert.match(meta!.contents, /^\*\*`\$meta.timestamp`\*\*: `datetime`/);
    });

    it("shows a reference in a policy mapping as a field of the policy's event", () => {
      const h = inShop('      - ChargePayment: { orderId: $event.orderId, customerId: $event.customerId, amount: $event.total }', '      - ChargePayment: { orderId: $event.orderId, customerId: $event.customerId, amount: $event.to‸tal }');
      assert.match(h.contents, /^\*\*`\$event.total`\*\*: `number`/);
      assert.match(h.contents, /of event `OrderPlaced`/);
    });
  });

  describe('fields', () => {
    it('shows a declared field with its type, owner and description', () => {
      const h = inShop('      onHandAfter: { type: integer', '      onHand‸After: { type: integer');
      assert.match(h.contents, /^\*\*field\*\* `onHandAfter`: `integer` — of event `StockReceived`/);
      assert.match(h.contents, /Units on hand after the receipt/);
    });

    it('shows what a primitive type accepts, and a named type at a field type', () => {
      const primitive = inShop('      placedAt: datetime\n\n  PaymentReceived', '      placedAt: date‸time\n\n  PaymentReceived');
      assert.match(primitive.contents, /^\*\*primitive type\*\* `datetime`/);
      assert.match(primitive.contents, /ISO 8601/);
      const named = inShop('      status: PaymentStatus', '      status: Payment‸Status');
      assert.match(named.contents, /^\*\*enum type\*\* `PaymentStatus`/);
    });

    it('shows the field a payload key fills, nested records included', () => {
      const payload = inShop('      MarkOrderShipped: { orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71, carrier', '      MarkOrderShipped: { orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71, carr‸ier');
      assert.match(payload.contents, /^\*\*field\*\* `carrier`: `string` — of command `MarkOrderShipped`/);
      const nested = inShop('          shippingAddress: { recipient: Kim Jiwoo, street: 12 Teheran-ro, city: Seoul, postalCode: "06236", country: KR }\n          preparedAt', '          shippingAddress: { recipient: Kim Jiwoo, street: 12 Teheran-ro, city: Seoul, postalCode: "06236", coun‸try: KR }\n          preparedAt');
      assert.match(nested.contents, /^\*\*field\*\* `country`: `string` — in `shippingAddress`, of event `ShipmentPrepared`/);
      assert.match(nested.contents, /ISO 3166-1/);
    });

    it("shows the field a policy mapping key fills, a row key, and a rule's written path", () => {
      const mapping = inShop('      - ReserveStock: { warehouseId: WH-INCHEON-01', '      - ReserveStock: { warehouse‸Id: WH-INCHEON-01');
      assert.match(mapping.contents, /^\*\*field\*\* `warehouseId`: `string` — of command `ReserveStock`/);
      const row = inShop('          stockReserved: true\n          carrier: CJ Logistics', '          stockReserved: true\n          carr‸ier: CJ Logistics');
      assert.match(row.contents, /^\*\*field\*\* `carrier`: `string\?` — of the row of projection `OrderSummary`/);
      const target = inShop('      ShipmentApproved:   { set: { approved: true } }', '      ShipmentApproved:   { set: { appro‸ved: true } }');
      assert.match(target.contents, /^\*\*field\*\* `approved`: `boolean` — of the state of aggregate `Shipping`, written by `set`/);
    });

    it("shows an aggregate's id and a projection's key as fields", () => {
      const id = inShop('    id: warehouseId', '    id: warehouse‸Id');
      assert.match(id.contents, /^\*\*field\*\* `warehouseId`: `string` — the id of aggregate `Inventory`/);
      assert.match(id.contents, /Carried by all 7 of its commands and events/);
      const key = inShop('    key: orderId', '    key: order‸Id');
      assert.match(key.contents, /the key of projection `OrderSummary`/);
    });
  });

  describe('errors, samples and keys', () => {
    it('shows an error name with the commands that declare it and the scenarios that expect it', () => {
      const declared = inShop('    errors: [OrderAlreadyPlaced, EmptyOrder]', '    errors: [OrderAlreadyPlaced, Empty‸Order]');
      assert.match(declared.contents, /^\*\*error\*\* `EmptyOrder`/);
      assert.match(declared.contents, /Declared by: `PlaceOrder`/);
      assert.match(declared.contents, /1 scenario expects it/);
      const expected = inShop('      error: ShipmentNotApproved', '      error: Shipment‸NotApproved');
      assert.match(expected.contents, /Declared by: `DispatchShipment`/);
    });

    it("shows a sample event's type, long and short form, and a data key's field", () => {
      const long = inShop('  - type: OrderPlaced', '  - type: Order‸Placed', 'samples');
      assert.match(long.contents, /^\*\*event\*\* `OrderPlaced`/);
      const short = inShop('  - StockReceived: { warehouseId: WH-INCHEON-01, sku: MS-WL-01', '  - Stock‸Received: { warehouseId: WH-INCHEON-01, sku: MS-WL-01', 'samples');
      assert.match(short.contents, /^\*\*event\*\* `StockReceived`/);
      const data = inShop('      customerId: C-10482\n      lines:\n        - { sku: KB', '      custo‸merId: C-10482\n      lines:\n        - { sku: KB', 'samples');
      assert.match(data.contents, /^\*\*field\*\* `customerId`: `string` — of event `OrderPlaced`/);
      const nested = inShop('        city: Seoul\n', '        ci‸ty: Seoul\n', 'samples');
      assert.match(nested.contents, /^\*\*field\*\* `city`: `string` — in `shippingAddress`, of event `OrderPlaced`/);
    });

    it('says which version a sample event was written with', () => {
      const h = at({ 'bank/bank.events.yaml': repoFile('examples/bank/bank.events.yaml'), 'bank/bank.history.samples.yaml': repoFile('examples/bank/bank.history.samples.yaml').replace('  - type: AccountOpened\n    version: 1', '  - type: Account‸Opened\n    version: 1') });
      assert.match(h!.contents, /written with version 1; it is upcast to version 2 when read/);
    });

    it('shows what a key of the format means, in a model and in a sample file', () => {
      const model = inShop('    emits: [OrderPlaced]', '    em‸its: [OrderPlaced]');
      assert.equal(model.contents, '**`emits`** — The events this command may produce.');
      assert.deepEqual(model.range, onCursorLine(4, 9));
      const operator = inShop('      ShipmentApproved:   { set: { approved: true } }', '      ShipmentApproved:   { s‸et: { approved: true } }');
      assert.match(operator.contents, /Sets fields/);
      const sample = inShop('  - type: OrderPlaced', '  - ty‸pe: OrderPlaced', 'samples');
      assert.match(sample.contents, /The event type/);
      assert.match(inShop('model: ./shop.events.yaml', 'mo‸del: ./shop.events.yaml', 'samples').contents, /path of the model file/);
    });

    it('shows nothing on free text', () => {
      assert.equal(at({ 'shop/shop.events.yaml': SHOP.replace('description: Orders fan out', 'description: Orders f‸an out') }), undefined);
    });
  });

  describe('diagnostic codes', () => {
    it('explains every code with its severity, its summary and a link to its section', () => {
      for (const [name, [severity, summary]] of Object.entries(DIAGNOSTIC_CODES)) {
        const text = explainCode(name);
        assert.ok(text.startsWith(`**${name}** (${severity}): ${summary}`), name);
        assert.ok(text.includes(`(docs/diagnostics.md#${name})`), name);
      }
      assert.match(explainCode('unknown-event', 'https://example.com/diagnostics'), /\(https:\/\/example\.com\/diagnostics#unknown-event\)/);
    });

    it('says so for a code that does not exist, `__proto__` included', () => {
      assert.match(explainCode('no-such-code'), /not a diagnostic code/);
      assert.match(explainCode('__proto__'), /not a diagnostic code/);
      assert.match(explainCode('toString'), /not a diagnostic code/);
    });
  });

  describe('robustness and speed', () => {
    it('never throws at any position of every example and fixture, and its range holds the position', () => {
      for (const seed of [...MODEL_SEEDS, ...SAMPLE_SEEDS]) {
        const index = new MemoryFileIndex();
        const uri = `file:///ws/${seed.name.replace(/^.*\//, '')}`;
        index.set(uri, seed.text);
        const lines = seed.text.split(/\r\n|\r|\n/);
        const position = fc.integer({ min: 0, max: lines.length - 1 }).chain((line) => fc.record({ line: fc.constant(line), character: fc.integer({ min: 0, max: lines[line]!.length + 2 }) }));
        fc.assert(
          fc.property(position, (p) => {
            const h = hover(index, uri, p);
            if (!h) return;
            assert.ok(h.contents.length > 0);
            const { start, end } = h.range;
            assert.ok(start.line <= p.line && p.line <= end.line, `${seed.name}: the range ${JSON.stringify(h.range)} holds ${JSON.stringify(p)}`);
            const holds = `${seed.name}: the range ${JSON.stringify(h.range)} holds ${JSON.stringify(p)}`;
            if (start.line === p.line) assert.ok(start.character <= p.character, holds);
            if (end.line === p.line) assert.ok(p.character <= end.character, holds);
          }),
          { numRuns: 60 },
        );
      }
    });

    it('never throws at any position of randomly edited models and sample files', () => {
      // The shop model is parsed once; each input replaces the file under test.
      const index = new MemoryFileIndex({ 'file:///ws/shop.events.yaml': SHOP });
      const run = (seeds: typeof MODEL_SEEDS, name: string) =>
        fc.assert(
          fc.property(
            mutated(seeds).chain((m) => fc.record({ m: fc.constant(m), at: fc.nat({ max: Math.max(0, m.text.length) }) })),
            ({ m, at: offset }) => {
              const lines = m.text.slice(0, offset).split(/\r\n|\r|\n/);
              index.set(`file:///ws/${name}`, m.text);
              hover(index, `file:///ws/${name}`, { line: lines.length - 1, character: lines[lines.length - 1]!.length });
            },
          ),
          { numRuns: 100 },
        );
      run(MODEL_SEEDS, 'f.events.yaml');
      run(SAMPLE_SEEDS.filter((s) => !s.name.endsWith('.jsonl')), 'shop.samples.yaml');
      run(SAMPLE_SEEDS.filter((s) => s.name.endsWith('.jsonl')), 'shop.samples.jsonl');
    });

    it('answers at the end of a 5,000-element model within 50 ms', function () {
      this.timeout(60_000);
      const text = generateModel(5000, 'rich');
      const lines = text.split('\n');
      let last = lines.length - 1;
      while (!lines[last]!.includes('- MoneyDeposited')) last--;
      const f = fixture({ 'big.events.yaml': [...lines.slice(0, last), lines[last]!.replace('MoneyDeposited', 'Money‸Deposited'), ...lines.slice(last + 1)].join('\n') });
      hover(f.index, f.uri, f.position);
      const { result, ms } = timed(() => hover(f.index, f.uri, f.position), 50);
      assert.match(result!.contents, /^\*\*event\*\* `MoneyDeposited999`/);
      if (process.env.LANGUAGE_REPORT === '1') console.log(`      hover on the last scenario's event: ${ms.toFixed(1)} ms`);
      assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
    });
  });
});
