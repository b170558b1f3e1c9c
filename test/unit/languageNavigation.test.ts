import * as assert from 'node:assert/strict';
import { parseModel } from '../../src/core/model/parse.js';
import { definition, references } from '../../src/core/language/navigation.js';
import { occurrenceAt, occurrencesOfSymbol, modelOccurrences } from '../../src/core/language/occurrences.js';
import { prepareRename, rename } from '../../src/core/language/rename.js';
import type { FileIndex, Location, WorkspaceEdit } from '../../src/core/language/types.js';
import { validateModel } from '../../src/core/validate/validate.js';
import { validateSamples } from '../../src/core/samples/validateSamples.js';
import { parseSamples } from '../../src/core/samples/parseSamples.js';
import { CURSOR, fixture, repoFile } from './support/languageFixture.js';

/**
 * Go to definition, find references and rename, against a small shop model and two sample
 * files (YAML and JSON), with the cursor written into the text as ‸.
 */

const MODEL = repoFile('test/fixtures/navigation/shop.events.yaml');
const SAMPLES = repoFile('test/fixtures/navigation/shop.samples.yaml');
const JSON_SAMPLES = repoFile('test/fixtures/navigation/shop.samples.json');
const MODEL_URI = 'file:///ws/shop/shop.events.yaml';
const SAMPLES_URI = 'file:///ws/shop/shop.samples.yaml';
const JSON_URI = 'file:///ws/shop/shop.samples.json';
const FILES: Record<string, string> = { [MODEL_URI]: MODEL, [SAMPLES_URI]: SAMPLES, [JSON_URI]: JSON_SAMPLES };

/**
 * The fixture with the cursor at `‸` in `snippet`, which (without the marker) stands once in
 * the file `uri`.
 */
function at(snippet: string, uri = MODEL_URI) {
  const plain = snippet.replace(CURSOR, '');
  const text = FILES[uri]!;
  const first = text.indexOf(plain);
  assert.ok(first >= 0, `'${plain}' is not in ${uri}`);
  assert.equal(text.indexOf(plain, first + 1), -1, `'${plain}' stands more than once in ${uri}`);
  return fixture({ ...FILES, [uri]: text.slice(0, first) + snippet + text.slice(first + plain.length) });
}

/** Each location as its file and its line, with the range in «»: `shop.events.yaml: emits: [«OrderPlaced»]`. */
function show(index: FileIndex, list: readonly Location[]): string[] {
  return list.map((l) => {
    const line = index.get(l.uri)!.text.split(/\r?\n/)[l.range.start.line]!;
    assert.equal(l.range.start.line, l.range.end.line);
    const marked = `${line.slice(0, l.range.start.character)}«${line.slice(l.range.start.character, l.range.end.character)}»${line.slice(l.range.end.character)}`;
    return `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}: ${marked.trim()}`;
  });
}

function applyEdits(text: string, edits: WorkspaceEdit['changes'][string]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line]! + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

/** The files after a rename. */
function renamed(index: FileIndex, edit: WorkspaceEdit | { refused: string }): Record<string, string> {
  assert.ok(!('refused' in edit), 'refused' in edit ? edit.refused : '');
  const out: Record<string, string> = {};
  for (const file of index.files()) out[file.uri] = applyEdits(file.text, edit.changes[file.uri] ?? []);
  return out;
}

/** Every finding of the model and its sample files, as `file code message`. */
function findings(files: Record<string, string>): string[] {
  const parsed = parseModel(files[MODEL_URI]!);
  const out = validateModel(parsed).map((d) => `model ${d.code} ${d.message}`);
  for (const uri of [SAMPLES_URI, JSON_URI]) {
    for (const d of validateSamples(parseSamples(files[uri]!, uri), parsed.model)) out.push(`${uri.slice(uri.lastIndexOf('.') + 1)} ${d.code} ${d.message}`);
  }
  return out;
}

describe('language features: go to definition', () => {
  const cases: [string, string, string?][] = [
    ['event in emits', 'emits: [Order‸Placed]', 'shop.events.yaml: «OrderPlaced»:'],
    ['event as an evolve key', 'Payment‸Received:\n        inc: { paid: $event.amount }\n        set', 'shop.events.yaml: «PaymentReceived»:'],
    ['event as an on key', '      ReceiptSent:\n        set: { rec‸', undefined],
    ['event in a policy when', 'when: Payment‸Received', 'shop.events.yaml: «PaymentReceived»:'],
    ['event in scenario given', '      - Order‸Placed: { orderId: o-1, lines: [{', 'shop.events.yaml: «OrderPlaced»:'],
    ['event in scenario then', '      - Payment‸Received: { orderId: o-1, amount: 20 }\n  - name', 'shop.events.yaml: «PaymentReceived»:'],
    ['command in a policy step by name', 'then: [Prepare‸Shipment]', 'shop.events.yaml: «PrepareShipment»:'],
    ['command in a policy mapping', '- Send‸Receipt: {', 'shop.events.yaml: «SendReceipt»:'],
    ['command in scenario when', '      Pay‸Order: { orderId: o-1, amount: 20 }\n    then:\n      -', 'shop.events.yaml: «PayOrder»:'],
    ['aggregate of a command', '  PrepareShipment:\n    aggregate: Ship‸ment', 'shop.events.yaml: «Shipment»:'],
    ['type in a list field type', '      lines: Order‸Line[]\n      shipTo', 'shop.events.yaml: «OrderLine»:'],
    ['type in a long-form field type', 'shipTo: { type: Add‸ress', 'shop.events.yaml: «Address»:'],
    ['projection in a scenario', 'projection: Order‸Summary', 'shop.events.yaml: «OrderSummary»:'],
  ];
  for (const [what, snippet, expected] of cases) {
    if (!expected) continue;
    it(what, () => {
      const f = at(snippet);
      assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), [expected]);
    });
  }

  it('event as an on key', () => {
    const f = at('      Receipt‸Sent:\n        set: { receiptTotal');
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), ['shop.events.yaml: «ReceiptSent»:']);
  });

  it('event type of a sample file, long and short form, YAML and JSON', () => {
    for (const [snippet, uri] of [['type: Order‸Placed', SAMPLES_URI], ['- Payment‸Received:', SAMPLES_URI], ['"type": "Order‸Placed"', JSON_URI], ['{ "Payment‸Received"', JSON_URI]] as const) {
      const f = at(snippet, uri);
      assert.equal(show(f.index, definition(f.index, f.uri, f.position)).length, 1, snippet);
      assert.equal(definition(f.index, f.uri, f.position)[0]!.uri, MODEL_URI);
    }
  });

  it('error in then.error leads to every command that declares it', () => {
    const f = at('error: OrderNot‸Placed');
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), ['shop.events.yaml: errors: [«OrderNotPlaced»]', 'shop.events.yaml: errors: [«OrderNotPlaced»]']);
  });

  it('fields along a $event path, through a named type', () => {
    let f = at('city: $event.address.ci‸ty, paid: 0');
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), ['shop.events.yaml: «city»: string']);
    assert.equal(definition(f.index, f.uri, f.position)[0]!.range.start.line, 9, 'the field of type Address');
    f = at('city: $event.addr‸ess.city, paid: 0');
    const [loc] = definition(f.index, f.uri, f.position);
    assert.equal(MODEL.split('\n')[loc!.range.start.line], '      address: Address');
    assert.equal(occurrenceAt(f.index, f.uri, f.position)?.owner?.name, 'OrderPlaced');
  });

  it('a $state path reads the state or the row', () => {
    let f = at('set: { status: $state.sta‸tus }');
    assert.deepEqual(occurrenceAt(f.index, f.uri, f.position)?.owner, { kind: 'state', name: 'Order' });
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), ['shop.events.yaml: «status»: string']);
    f = at('receiptTotal: $state.pa‸id');
    assert.deepEqual(occurrenceAt(f.index, f.uri, f.position)?.owner, { kind: 'row', name: 'OrderSummary' });
  });

  it('rule paths: a set key, a dotted path segment, an unset item', () => {
    let f = at('set: { status: placed, li‸nes: $event.lines');
    assert.deepEqual(occurrenceAt(f.index, f.uri, f.position)?.owner, { kind: 'state', name: 'Order' });
    f = at('set: { shipTo.ci‸ty:');
    assert.deepEqual(occurrenceAt(f.index, f.uri, f.position)?.owner, { kind: 'type', name: 'Address' });
    f = at('set: { ship‸To.city:');
    assert.deepEqual(occurrenceAt(f.index, f.uri, f.position)?.owner, { kind: 'state', name: 'Order' });
    f = at('unset: [ship‸To]');
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), ['shop.events.yaml: «shipTo»: { type: Address, optional: true }']);
  });

  it('payload keys: scenario given, when and rows, policy mapping, initial, sample data', () => {
    const owner = (snippet: string, uri = MODEL_URI) => {
      const f = at(snippet, uri);
      const o = occurrenceAt(f.index, f.uri, f.position);
      return o && `${o.owner?.kind} ${o.owner?.name}.${o.name}`;
    };
    assert.equal(owner('lines: [{ sku: A-1, quantity: 2 }], add‸ress'), 'event OrderPlaced.address');
    assert.equal(owner('address: { ci‸ty: Seoul, zip: "06236" } }\n    when'), 'type Address.city');
    assert.equal(owner('PayOrder: { orderId: o-1, amo‸unt: 20 }\n    then:\n      -'), 'command PayOrder.amount');
    assert.equal(owner('- PaymentReceived: { orderId: o-1, amo‸unt: 20 }\n  - name'), 'event PaymentReceived.amount');
    assert.equal(owner('- { orderId: o-1, status: placed, ci‸ty: Seoul'), 'row OrderSummary.city');
    assert.equal(owner('- SendReceipt: { orderId: $event.orderId, to‸tal'), 'command SendReceipt.total');
    assert.equal(owner('$event.orderId, total: $event.amo‸unt'), 'event PaymentReceived.amount');
    assert.equal(owner('initial: { sta‸tus: none'), 'state Order.status');
    assert.equal(owner('initial: { pre‸pared'), 'state Shipment.prepared');
    assert.equal(owner('      order‸Id: o-1\n      lines:', SAMPLES_URI), 'event OrderPlaced.orderId');
    assert.equal(owner('- { sk‸u: A-1', SAMPLES_URI), 'type OrderLine.sku');
    assert.equal(owner('"city": "Bu‸', JSON_URI), undefined, 'a value is not a key');
    assert.equal(owner('{ "ci‸ty": "Busan"', JSON_URI), 'type Address.city');
  });

  it('a projection key and an aggregate id name the field of each of their events', () => {
    let f = at('  OrderSummary:\n    key: order‸Id');
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)).length, 3, 'OrderPlaced, PaymentReceived, ReceiptSent');
    f = at('  Shipment:\n    id: order‸Id');
    const defs = definition(f.index, f.uri, f.position);
    assert.equal(defs.length, 2, 'PrepareShipment and ShipmentPrepared');
  });

  it('on a declaration, the declaration itself; nowhere, nothing', () => {
    let f = at('  Order‸Placed:\n    aggregate: Order');
    assert.deepEqual(show(f.index, definition(f.index, f.uri, f.position)), ['shop.events.yaml: «OrderPlaced»:']);
    f = at('version: ‸1');
    assert.deepEqual(definition(f.index, f.uri, f.position), []);
  });

  it('a sample file without a model has event references but no definitions', () => {
    const f = fixture({ 'lone/lone.samples.yaml': 'events:\n  - Order‸Placed: {}\n' });
    assert.equal(occurrenceAt(f.index, f.uri, f.position)?.kind, 'event');
    assert.deepEqual(definition(f.index, f.uri, f.position), []);
  });
});

describe('language features: find references', () => {
  it('an event everywhere it is named, in the model and both sample files', () => {
    const f = at('  Order‸Placed:\n    aggregate: Order');
    assert.deepEqual(show(f.index, references(f.index, f.uri, f.position, false)), [
      'shop.events.yaml: «OrderPlaced»:',
      'shop.events.yaml: emits: [«OrderPlaced»]',
      'shop.events.yaml: «OrderPlaced»:',
      'shop.events.yaml: when: «OrderPlaced»',
      'shop.events.yaml: - «OrderPlaced»: { orderId: o-1, lines: [{ sku: A-1, quantity: 2 }], address: { city: Seoul, zip: "06236" } }',
      'shop.events.yaml: - «OrderPlaced»: { orderId: o-1, lines: [], address: { city: Seoul, zip: "06236" } }',
      'shop.samples.json: { "type": "«OrderPlaced»", "data": { "orderId": "o-2", "lines": [], "address": { "city": "Busan", "zip": "48058" } } },',
      'shop.samples.yaml: - type: «OrderPlaced»',
    ]);
    const withDeclaration = references(f.index, f.uri, f.position, true);
    assert.equal(withDeclaration.length, 9);
  });

  it('from a sample file too', () => {
    const f = at('- Payment‸Received:', SAMPLES_URI);
    const list = show(f.index, references(f.index, f.uri, f.position, true));
    assert.ok(list.includes('shop.events.yaml: «PaymentReceived»:'));
    assert.ok(list.includes('shop.events.yaml: when: «PaymentReceived»'));
    assert.ok(list.includes('shop.samples.yaml: - «PaymentReceived»: { orderId: o-1, amount: 20 }'));
    assert.ok(list.includes('shop.samples.json: { "«PaymentReceived»": { "orderId": "o-2", "amount": 5 } }'));
  });

  it("a field's references are those of its owner only", () => {
    const f = at('$event.orderId, total: $event.amo‸unt');
    assert.deepEqual(show(f.index, references(f.index, f.uri, f.position, true)), [
      'shop.events.yaml: inc: { paid: $event.«amount» }',
      'shop.events.yaml: «amount»: number',
      'shop.events.yaml: inc: { paid: $event.«amount» }',
      'shop.events.yaml: - SendReceipt: { orderId: $event.orderId, total: $event.«amount» }',
      'shop.events.yaml: - PaymentReceived: { orderId: o-1, «amount»: 20 }',
      'shop.events.yaml: - PaymentReceived: { orderId: o-1, «amount»: 20 }',
      'shop.samples.json: { "PaymentReceived": { "orderId": "o-2", "«amount»": 5 } }',
      'shop.samples.yaml: - PaymentReceived: { orderId: o-1, «amount»: 20 }',
    ]);
    assert.ok(!show(f.index, references(f.index, f.uri, f.position, true)).some((l) => l.includes('PayOrder')), "PayOrder's amount is another field");
  });

  it('a field of a named type, wherever a value of that type is written', () => {
    const f = at('      ci‸ty: string\n      zip');
    const list = show(f.index, references(f.index, f.uri, f.position, false));
    assert.deepEqual(list, [
      'shop.events.yaml: set: { shipTo.«city»: $event.address.city }',
      'shop.events.yaml: set: { shipTo.city: $event.address.«city» }',
      'shop.events.yaml: set: { orderId: $event.orderId, status: placed, city: $event.address.«city», paid: 0 }',
      'shop.events.yaml: - OrderPlaced: { orderId: o-1, lines: [{ sku: A-1, quantity: 2 }], address: { «city»: Seoul, zip: "06236" } }',
      'shop.events.yaml: - OrderPlaced: { orderId: o-1, lines: [], address: { «city»: Seoul, zip: "06236" } }',
      'shop.samples.json: { "type": "OrderPlaced", "data": { "orderId": "o-2", "lines": [], "address": { "«city»": "Busan", "zip": "48058" } } },',
      'shop.samples.yaml: address: { «city»: Seoul, zip: "06236" }',
    ]);
  });

  it('a type in field types', () => {
    const f = at('  Add‸ress:\n    fields:');
    assert.equal(references(f.index, f.uri, f.position, false).length, 7, 'state, three commands, three events');
  });

  it('occurrencesOfSymbol lists the definition first', () => {
    const f = at('emits: [Receipt‸Sent]');
    const o = occurrenceAt(f.index, f.uri, f.position)!;
    assert.equal(occurrencesOfSymbol(f.index, o)[0]!.role, 'definition');
    assert.ok(modelOccurrences(f.index, MODEL_URI).length > 100);
  });
});

describe('language features: rename', () => {
  const before = findings(FILES);

  /** Renames at the cursor; the result must validate with exactly the findings of before. */
  function renameAt(snippet: string, newName: string, uri = MODEL_URI): Record<string, string> {
    const f = at(snippet, uri);
    const files = renamed(f.index, rename(f.index, f.uri, f.position, newName));
    assert.deepEqual(findings(files), before, 'the rename adds no finding');
    return files;
  }

  it('an event, in emits, rules, policies, scenarios and both sample files', () => {
    const files = renameAt('emits: [Order‸Placed]', 'OrderSubmitted');
    assert.equal(files[MODEL_URI]!.match(/OrderSubmitted/g)!.length, 7);
    assert.ok(!/OrderPlaced\b/.test(files[MODEL_URI]!.replace('PrepareShipmentWhenOrderPlaced', '')), 'a policy named after it keeps its name');
    assert.match(files[SAMPLES_URI]!, /type: OrderSubmitted/);
    assert.match(files[JSON_URI]!, /"type": "OrderSubmitted"/);
  });

  it('an event from a sample file', () => {
    const files = renameAt('{ "Payment‸Received"', 'PaymentSettled', JSON_URI);
    assert.match(files[MODEL_URI]!, /when: PaymentSettled/);
    assert.match(files[SAMPLES_URI]!, /- PaymentSettled: \{/);
    assert.match(files[JSON_URI]!, /\{ "PaymentSettled": \{/);
  });

  it('a command, from a scenario', () => {
    const files = renameAt('      Pay‸Order: { orderId: o-1, amount: 20 }\n    then:\n      -', 'SettleOrder');
    assert.equal(files[MODEL_URI]!.match(/SettleOrder/g)!.length, 3);
  });

  it('a command in a policy', () => {
    const files = renameAt('then: [Prepare‸Shipment]', 'PackShipment');
    assert.match(files[MODEL_URI]!, /then: \[PackShipment\]/);
    assert.match(files[MODEL_URI]!, /^ {2}PackShipment:$/m);
  });

  it('an aggregate', () => {
    const files = renameAt('  PrepareShipment:\n    aggregate: Ship‸ment', 'Parcel');
    assert.equal(files[MODEL_URI]!.match(/aggregate: Parcel/g)!.length, 2);
  });

  it('a type, inside its field types', () => {
    const files = renameAt('shipTo: { type: Add‸ress', 'PostalAddress');
    assert.match(files[MODEL_URI]!, /shipTo: \{ type: PostalAddress, optional: true \}/);
    assert.equal(files[MODEL_URI]!.match(/address: PostalAddress$/gm)!.length, 6);
  });

  it('an error, in every errors list and then.error', () => {
    const files = renameAt('error: OrderNot‸Placed', 'OrderNotYetPlaced');
    assert.equal(files[MODEL_URI]!.match(/OrderNotYetPlaced/g)!.length, 3);
  });

  it("a field through a $event path: the owner's payload keys and paths, and the command a by-name policy fills", () => {
    const files = renameAt('shipTo: $event.addr‸ess', 'deliverTo');
    const m = files[MODEL_URI]!;
    assert.match(m, /shipTo: \$event\.deliverTo \}/);
    assert.match(m, /city: \$event\.deliverTo\.city/);
    assert.match(m, /lines: \[\{ sku: A-1, quantity: 2 \}\], deliverTo:/);
    assert.match(files[SAMPLES_URI]!, /deliverTo: \{ city: Seoul/);
    assert.match(files[JSON_URI]!, /"deliverTo": \{ "city": "Busan"/);
    // PrepareShipment is filled from OrderPlaced by name, so its field follows; PlaceOrder's is its own.
    assert.match(m, / {2}PrepareShipment:\n {4}aggregate: Shipment\n {4}fields:\n {6}orderId: uuid\n {6}deliverTo: Address/);
    assert.match(m, / {2}PlaceOrder:\n {4}aggregate: Order\n {4}fields:\n {6}orderId: uuid\n {6}lines: OrderLine\[\]\n {6}address: Address/);
  });

  it('a field of a named type: nested paths and nested payload keys', () => {
    const files = renameAt('      ci‸ty: string\n      zip', 'town');
    assert.match(files[MODEL_URI]!, /set: \{ shipTo\.town: \$event\.address\.town \}/);
    assert.match(files[SAMPLES_URI]!, /\{ town: Seoul/);
    assert.match(files[JSON_URI]!, /\{ "town": "Busan"/);
    assert.match(files[MODEL_URI]!, /city: string\?/, "the row's own city stays");
  });

  it("an aggregate's id field: every command and event of the aggregate, and what is tied to them", () => {
    const files = renameAt('  Order:\n    id: order‸Id', 'orderNumber');
    const m = files[MODEL_URI]!;
    assert.equal(m.match(/orderNumber/g)!.length, 22, 'the ids, the key, the $event paths, the policy mapping and the payload keys');
    assert.deepEqual(m.match(/.*\borderId\b.*/g)!.map((l) => l.trim()), [
      'orderId: uuid',
      'set: { orderId: $event.orderNumber, status: placed, city: $event.address.city, paid: 0 }',
      '- { orderId: o-1, status: placed, city: Seoul, paid: 20 }',
    ], "the row's own orderId stays");
    assert.match(m, /key: orderNumber/);
    assert.match(m, / {2}Shipment:\n {4}id: orderNumber/, 'tied through the by-name policy');
    assert.match(files[SAMPLES_URI]!, /orderNumber: o-1/);
  });

  it('a state field from a rule path: initial, $state and other paths', () => {
    const files = renameAt('set: { sta‸tus: placed, lines', 'stage');
    const m = files[MODEL_URI]!;
    assert.match(m, /initial: \{ stage: none/);
    assert.match(m, /set: \{ stage: \$state\.stage \}/);
    assert.match(m, /^ {6}status: string$/m, "the projection row's status stays");
  });

  it('a row field from a scenario row', () => {
    const files = renameAt('- { orderId: o-1, status: placed, city: Seoul, pa‸id: 20 }', 'paidTotal');
    const m = files[MODEL_URI]!;
    assert.match(m, /inc: \{ paidTotal: \$event\.amount \}/);
    assert.match(m, /receiptTotal: \$state\.paidTotal/);
    assert.match(m, /inc: \{ paid: \$event\.amount \}/, "the state's paid stays");
  });

  it('a command field from a policy mapping', () => {
    const files = renameAt('- SendReceipt: { orderId: $event.orderId, to‸tal', 'amountPaid');
    assert.match(files[MODEL_URI]!, /amountPaid: \$event\.amount/);
  });

  it('prepareRename gives the name and its range', () => {
    const f = at('when: Payment‸Received');
    const p = prepareRename(f.index, f.uri, f.position);
    assert.ok(p && 'placeholder' in p);
    assert.equal(p.placeholder, 'PaymentReceived');
    assert.equal(p.range.end.character - p.range.start.character, 'PaymentReceived'.length);
    assert.equal(prepareRename(f.index, f.uri, { line: 0, character: 0 }), undefined);
  });

  describe('refuses, with the reason', () => {
    const refusal = (snippet: string, newName: string, uri = MODEL_URI) => {
      const f = at(snippet, uri);
      const r = rename(f.index, f.uri, f.position, newName);
      assert.ok('refused' in r, `expected a refusal, got ${JSON.stringify(r)}`);
      return r.refused;
    };
    it('a name taken by an element of any kind', () => {
      assert.equal(refusal('emits: [Order‸Placed]', 'PayOrder'), "The name 'PayOrder' is already used by the command 'PayOrder'; names are unique across the model.");
      assert.equal(refusal('emits: [Order‸Placed]', 'PaymentReceived'), "The name 'PaymentReceived' is already used by the event 'PaymentReceived'; names are unique across the model.");
    });
    it("an error's name for an element, and an element's for an error", () => {
      assert.match(refusal('emits: [Order‸Placed]', 'OrderNotPlaced'), /is the name of an error of command 'PayOrder'/);
      assert.match(refusal('error: OrderNot‸Placed', 'Order'), /is the name of the aggregate 'Order'/);
      assert.match(refusal('error: OrderNot‸Placed', 'OrderAlreadyPlaced'), /would merge two errors/);
    });
    it('not an identifier, a reserved word, a prototype member', () => {
      assert.match(refusal('emits: [Order‸Placed]', '2Fast'), /is not a valid TypeScript identifier/);
      assert.match(refusal('emits: [Order‸Placed]', 'Order Placed'), /is not a valid TypeScript identifier/);
      assert.match(refusal('emits: [Order‸Placed]', 'class'), /reserved word/);
      assert.match(refusal('emits: [Order‸Placed]', 'Promise'), /built-in TypeScript type/);
      assert.match(refusal('emits: [Order‸Placed]', '__proto__'), /object prototypes/);
      assert.match(refusal('shipTo: $event.addr‸ess', 'to-do'), /field name 'to-do' is not a valid TypeScript identifier/);
      assert.match(refusal('shipTo: $event.addr‸ess', 'constructor'), /object prototypes/);
    });
    it('a field name its owner, or a field tied to it, already has', () => {
      assert.equal(refusal('shipTo: $event.addr‸ess', 'lines'), "Event 'OrderPlaced' already has a field 'lines'.");
      const changed = { ...FILES, [MODEL_URI]: MODEL.replace('    fields:\n      orderId: uuid\n      address: Address\n    emits: [ShipmentPrepared]', '    fields:\n      orderId: uuid\n      address: Address\n      via: string?\n    emits: [ShipmentPrepared]') };
      const g = fixture({ ...changed, [MODEL_URI]: changed[MODEL_URI]!.replace('shipTo: $event.address', `shipTo: $event.addr${CURSOR}ess`) });
      const r = rename(g.index, g.uri, g.position, 'via');
      assert.ok('refused' in r);
      assert.equal(r.refused, "Command 'PrepareShipment' already has a field 'via'.");
    });
    it('a scenario name, an undeclared name, nothing at all', () => {
      assert.match(refusal('name: paying a pla‸ced order', 'x'), /scenario's name is a sentence/);
      const f = fixture({ ...FILES, [MODEL_URI]: MODEL.replace('emits: [ReceiptSent]', `emits: [Receipt${CURSOR}Mailed]`) });
      const r = rename(f.index, f.uri, f.position, 'ReceiptPosted');
      assert.ok('refused' in r && /declares no event 'ReceiptMailed'/.test(r.refused));
      assert.match(refusal('version: ‸1', 'x'), /nothing to rename here/);
    });
  });

  it('a quoted name: from its opening quote, and the quotes stay', () => {
    const quoted = MODEL.replace('  OrderPlaced:\n    aggregate: Order', `  ${CURSOR}"OrderPlaced":\n    aggregate: Order`);
    const f = fixture({ ...FILES, [MODEL_URI]: quoted });
    const files = renamed(f.index, rename(f.index, f.uri, f.position, 'OrderSubmitted'));
    assert.match(files[MODEL_URI]!, /^ {2}"OrderSubmitted":$/m);
    assert.match(files[MODEL_URI]!, /emits: \[OrderSubmitted\]/);
  });

  it('renaming to the same name changes nothing', () => {
    const f = at('emits: [Order‸Placed]');
    assert.deepEqual(rename(f.index, f.uri, f.position, 'OrderPlaced'), { changes: {} });
  });
});

describe('language features: fields across event versions', () => {
  const BANK = 'file:///ws/bank/bank.events.yaml';
  const HISTORY = 'file:///ws/bank/bank.history.samples.yaml';
  const bank = { [BANK]: repoFile('examples/bank/bank.events.yaml'), [HISTORY]: repoFile('examples/bank/bank.history.samples.yaml') };
  const open = (marked: string) => {
    const text = bank[BANK]!;
    const plain = marked.replace(CURSOR, '');
    assert.equal(text.split(plain).length, 2, `'${plain}' stands once`);
    return fixture({ ...bank, [BANK]: text.replace(plain, marked) });
  };

  it('an upcast step writes a current field; an older sample event keeps the names of its version', () => {
    const f = open('rename: { owner: owner‸Name }');
    assert.equal(occurrenceAt(f.index, f.uri, f.position)?.owner?.name, 'AccountOpened');
    const edit = rename(f.index, f.uri, f.position, 'holderName');
    const files = renamed(f.index, edit);
    assert.match(files[BANK]!, /rename: \{ owner: holderName \}/);
    assert.match(files[HISTORY]!, /data: \{ accountId: 3b0f6c2e-5a41-4d8e-9f73-1c2d3e4f5a60, owner: Park Minseo, branch: Gangnam/, 'version 1 data keeps `owner`');
    const p = parseModel(files[BANK]!);
    assert.deepEqual(validateModel(p).map((d) => d.message), []);
    assert.deepEqual(validateSamples(parseSamples(files[HISTORY]!, HISTORY), p.model).map((d) => d.message), []);
  });

  it("a key an upcast step renames is not the current field's", () => {
    const f = open('rename: { balance: balance‸After }');
    const refs = show(f.index, references(f.index, f.uri, f.position, false));
    assert.ok(refs.some((l) => l.startsWith('bank.events.yaml: rename: { balance: «balanceAfter» }')));
    assert.ok(!refs.some((l) => l.includes('«balance»')));
    const historyRefs = refs.filter((l) => l.startsWith('bank.history'));
    assert.ok(historyRefs.every((l) => l.includes('«balanceAfter»')), historyRefs.join('\n'));
  });
});
