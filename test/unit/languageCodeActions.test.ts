import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { validateModel, validateSamples, type Diagnostic } from '../../src/core/index.js';
import { codeActions, fixAll } from '../../src/core/language/codeActions.js';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import { composeEdits } from '../../src/core/language/fixChange.js';
import { FixFile } from '../../src/core/language/fixFile.js';
import { imperativeName, pastTenseName } from '../../src/core/language/fixWords.js';
import type { CodeAction, TextEdit } from '../../src/core/language/types.js';
import { FIXTURES } from './support/golden.js';
import { fixture, repoFile } from './support/languageFixture.js';
import { editorLines, mutated, MODEL_SEEDS, outsideDocument } from './support/mutations.js';
import { applyEdits, applyWorkspaceEdit } from './support/textEdits.js';

type Files = Record<string, string>;

const SHOP = 'file:///ws/shop/shop.events.yaml';
const SAMPLES = 'file:///ws/shop/shop.samples.yaml';
const RECORDING = 'file:///ws/shop/shop.recording.samples.jsonl';
const HISTORY = 'file:///ws/shop/shop.history.samples.json';

/** The shop fixture: a model with one of each finding, and its sample files (YAML, JSON Lines, JSON). */
function shop(): Files {
  const out: Files = {};
  for (const name of ['shop.events.yaml', 'shop.samples.yaml', 'shop.recording.samples.jsonl', 'shop.history.samples.json']) {
    out[`file:///ws/shop/${name}`] = repoFile(`test/fixtures/language/quickfix/${name}`);
  }
  return out;
}

/** What the validator reports for every file (or the ones named), by URI. */
function findings(files: Files, only?: string[]): Record<string, Diagnostic[]> {
  const index = new MemoryFileIndex(files);
  const out: Record<string, Diagnostic[]> = {};
  for (const uri of only ?? Object.keys(files)) {
    const f = index.get(uri)!;
    const model = index.modelOf(uri);
    out[uri] = f.kind === 'model' ? validateModel(f.parsed) : model ? validateSamples(f.parsed, model.parsed.model) : f.parsed.diagnostics;
  }
  return out;
}

/** The one finding of a code in a file whose range covers `text` as written. */
function finding(files: Files, uri: string, code: string, text: string): Diagnostic {
  const lines = files[uri]!.split('\n');
  const hits = findings(files)[uri]!.filter((d) => {
    if (d.code !== code) return false;
    const r = d.range;
    const written = r.start.line === r.end.line ? lines[r.start.line]!.slice(r.start.character, r.end.character) : lines[r.start.line]!.slice(r.start.character);
    return written.includes(text);
  });
  assert.equal(hits.length, 1, `one ${code} at '${text}' in ${uri}, found ${hits.length}`);
  return hits[0]!;
}

function actionsFor(files: Files, uri: string, d: Diagnostic): CodeAction[] {
  return codeActions(new MemoryFileIndex(files), uri, d.range, [d]);
}

/**
 * Applies the quick fix titled `title` for a finding, then checks with the validator that the
 * finding is gone and that no file has an error it did not have. `renamed` maps new names back
 * to old ones, so the findings of a renamed element compare equal.
 */
function applyFix(files: Files, uri: string, d: Diagnostic, title: string, renamed: [string, string][] = []): Files {
  const actions = actionsFor(files, uri, d);
  const action = actions.find((a) => a.title.startsWith(title));
  assert.ok(action, `no action '${title}' among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(action.diagnostics, [d]);
  const after = applyWorkspaceEdit(files, action.edit);
  assertFixed(files, after, uri, d, renamed);
  return after;
}

function assertFixed(before: Files, after: Files, uri: string, d: Diagnostic, renamed: [string, string][] = []): void {
  const was = findings(before);
  const now = findings(after);
  const back = (m: string) => renamed.reduce((text, [to, from]) => text.split(`'${to}'`).join(`'${from}'`), m);
  const count = (list: Diagnostic[], code: string, message: string) => list.filter((x) => x.code === code && back(x.message) === message).length;
  assert.ok(count(now[uri]!, d.code, d.message) < count(was[uri]!, d.code, d.message), `still reported: ${d.code} ${d.message}`);
  for (const u of Object.keys(after)) {
    const old = new Set(was[u]!.filter((x) => x.severity === 'error').map((x) => `${x.code}|${x.message}`));
    const fresh = now[u]!.filter((x) => x.severity === 'error' && !old.has(`${x.code}|${back(x.message)}`));
    assert.deepEqual(fresh.map((x) => `${u} ${x.range.start.line + 1}: ${x.code} ${x.message}`), [], 'the fix brought new errors');
  }
}

/** The lines of a text from the one that is `from`, `count` of them. */
function linesFrom(text: string, from: string, count: number): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l === from);
  assert.ok(i >= 0, `no line '${from}'`);
  return lines.slice(i, i + count).join('\n');
}

describe('quick fixes', function () {
  this.timeout(60000);

  describe('unknown names', () => {
    it('replaces an unknown event with the suggested one that fits the rule, leaving out one that would repeat a rule', () => {
      const files = shop();
      const d = finding(files, SHOP, 'unknown-event', 'OrderPayed');
      const titles = actionsFor(files, SHOP, d).map((a) => `${a.title}${a.preferred ? ' *' : ''}`);
      // OrderPlaced is as close, but the aggregate has a rule for it already.
      assert.deepEqual(titles, ["Change 'OrderPayed' to 'OrderPaid' *", "Create event 'OrderPayed' (aggregate Order; fields orderId)"]);
      const after = applyFix(files, SHOP, d, "Change 'OrderPayed' to 'OrderPaid'");
      assert.match(after[SHOP]!, /^ {6}OrderPaid: \{ set: \{ status: paid \} \}$/m);
    });

    it('replaces an unknown aggregate, type and projection with the names suggested', () => {
      let files = shop();
      files = applyFix(files, SHOP, finding(files, SHOP, 'unknown-aggregate', 'Ordr'), "Change 'Ordr' to 'Order'");
      assert.match(files[SHOP]!, /ShipOrder:\n {4}aggregate: Order\n/);
      files = applyFix(files, SHOP, finding(files, SHOP, 'unknown-type', 'Adress'), "Change 'Adress' to 'Address'");
      assert.match(files[SHOP]!, /^ {6}address: Address$/m);
      files = applyFix(files, SHOP, finding(files, SHOP, 'unknown-projection', 'OrderSumary'), "Change 'OrderSumary' to 'OrderSummary'");
      assert.match(files[SHOP]!, /projection: OrderSummary\n/);
    });

    it('replaces the base of a field type, keeping its list and optional marks, with a primitive too', () => {
      const { index, uri, position, text } = fixture({
        'm/m.events.yaml': 'version: 1\ncontext: M\ntypes:\n  Line: { fields: { sku: string } }\nevents:\n  ThingHappened:\n    fields:\n      lines: Lnie[]?\n      note: str‸ng\n',
      });
      let files: Files = { [uri]: text };
      // At the cursor, as an editor asks: the file's findings, and the place.
      const here = codeActions(index, uri, { start: position, end: position }, findings(files)[uri]!);
      assert.deepEqual(here.map((a) => `${a.title}${a.preferred ? ' *' : ''}`), ["Change 'strng' to 'string' *", "Create type 'strng'"]);
      files = applyFix(files, uri, finding(files, uri, 'unknown-type', 'Lnie'), "Change 'Lnie' to 'Line'");
      files = applyFix(files, uri, finding(files, uri, 'unknown-type', 'strng'), "Change 'strng' to 'string'");
      assert.match(files[uri]!, /lines: Line\[\]\?\n {6}note: string\n/);
    });

    it('replaces an unknown error with the declared one, or adds it to the command', () => {
      const files = shop();
      const d = finding(files, SHOP, 'unknown-error', 'OrderAlreadyPlacd');
      const replaced = applyFix(files, SHOP, d, "Change 'OrderAlreadyPlacd' to 'OrderAlreadyPlaced'");
      assert.match(replaced[SHOP]!, /error: OrderAlreadyPlaced\n/);
      const added = applyFix(files, SHOP, d, "Add 'OrderAlreadyPlacd' to the errors of command 'PlaceOrder'");
      assert.match(added[SHOP]!, /errors: \[OrderAlreadyPlaced, EmptyOrder, OrderAlreadyPlacd\]/);
    });

    it('replaces an unknown event type in a YAML sample file and, quoted, in JSON Lines', () => {
      let files = shop();
      files = applyFix(files, SAMPLES, finding(files, SAMPLES, 'sample-unknown-event', 'OrderShiped'), "Change 'OrderShiped' to 'OrderShipped'");
      assert.match(files[SAMPLES]!, /- OrderShipped: \{ orderId:/);
      files = applyFix(files, RECORDING, finding(files, RECORDING, 'sample-unknown-event', 'OrderPlacd'), "Change 'OrderPlacd' to 'OrderPlaced'");
      assert.equal(files[RECORDING]!.split('\n')[2]!.slice(0, 22), '{"type":"OrderPlaced",');
    });
  });

  describe('creating what is missing', () => {
    it('creates an event named in emits with the aggregate and its id field, at the end of its section', () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'unknown-event', 'OrderCancelled'), "Create event 'OrderCancelled'");
      assert.equal(
        linesFrom(after[SHOP]!, '  OrderArchived:', 9),
        ['  OrderArchived:', '    aggregate: Order', '    fields: { orderId: uuid }', '', '  OrderCancelled:', '    aggregate: Order', '    fields:', '      orderId: uuid', ''].join('\n'),
      );
    });

    it("creates an event an evolve rule applies with the fields its rule reads, typed by the state they go into", () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'unknown-event', 'OrderRefunded'), "Create event 'OrderRefunded' (aggregate Order; fields orderId, remaining)");
      assert.equal(linesFrom(after[SHOP]!, '  OrderRefunded:', 5), '  OrderRefunded:\n    aggregate: Order\n    fields:\n      orderId: uuid\n      remaining: number');
    });

    it("creates an event of a scenario's given with fields typed from its payload", () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'unknown-event', 'CouponApplied'), "Create event 'CouponApplied'");
      assert.equal(
        linesFrom(after[SHOP]!, '  CouponApplied:', 7),
        '  CouponApplied:\n    aggregate: Order\n    fields:\n      orderId: uuid\n      code: string\n      percent: integer\n      appliedAt: datetime',
      );
    });

    it('creates, from a sample file, the event in the model with fields typed from the data', () => {
      const files = shop();
      const d = finding(files, SAMPLES, 'sample-unknown-event', 'GiftCardIssued');
      const action = actionsFor(files, SAMPLES, d).find((a) => a.title.startsWith("Create event 'GiftCardIssued'"))!;
      assert.deepEqual(Object.keys(action.edit.changes), [SHOP]);
      const after = applyFix(files, SAMPLES, d, "Create event 'GiftCardIssued'");
      assert.equal(
        linesFrom(after[SHOP]!, '  GiftCardIssued:', 6),
        '  GiftCardIssued:\n    fields:\n      cardNumber: string\n      balance: integer\n      issuedAt: datetime\n      expires: date',
      );
    });

    it("creates a scenario's command with its payload's fields, the aggregate of the events it expects, and those events in emits", () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'unknown-command', 'RedeemGiftCard'), "Create command 'RedeemGiftCard'");
      assert.equal(
        linesFrom(after[SHOP]!, '  RedeemGiftCard:', 7),
        '  RedeemGiftCard:\n    aggregate: Order\n    fields:\n      orderId: uuid\n      cardNumber: string\n      amount: integer\n    emits: [OrderPaid]',
      );
    });

    it("creates a policy's command with the fields of its mapping, typed by the event's fields they read", () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'unknown-command', 'NotifyCustomer'), "Create command 'NotifyCustomer'");
      assert.equal(linesFrom(after[SHOP]!, '  NotifyCustomer:', 6), '  NotifyCustomer:\n    aggregate: Order\n    fields:\n      orderId: uuid\n      preparedAt: datetime\n      channel: string');
    });

    it('creates a record type from the values given to it, in a types section created before aggregates', () => {
      const files: Files = { 'file:///ws/lib/library.events.yaml': repoFile('test/fixtures/language/quickfix/library.events.yaml') };
      const uri = 'file:///ws/lib/library.events.yaml';
      const d = finding(files, uri, 'unknown-type', 'Shelf');
      const action = actionsFor(files, uri, d)[0]!;
      assert.equal(action.title, "Create type 'Shelf' (fields aisle, row)");
      const after = applyWorkspaceEdit(files, action.edit);
      assert.equal(linesFrom(after[uri]!, 'context: Library', 9), 'context: Library\n\ntypes:\n  Shelf:\n    fields:\n      aisle: integer\n      row: string\n\naggregates:');
      // The payload that lacks the field is reported before and after: no new error.
      assertFixed(files, after, uri, d);
    });

    it('creates an enum type from plain values', () => {
      const uri = 'file:///ws/m/m.events.yaml';
      const files: Files = {
        [uri]: [
          'version: 1', 'context: M', 'events:', '  TicketOpened:', '    fields:', '      ticketId: string', '      priority: Priority',
          'scenarios:', '  - name: one', '    projection: Tickets', '    given:', '      - TicketOpened: { ticketId: T-1, priority: high }',
          '      - TicketOpened: { ticketId: T-2, priority: low }', '    then: { rows: [{ ticketId: T-1 }, { ticketId: T-2 }] }', 'projections:', '  Tickets:', '    key: ticketId',
          '    fields: { ticketId: string }', '    on:', '      TicketOpened: { set: { ticketId: $event.ticketId } }', '',
        ].join('\n'),
      };
      const after = applyFix(files, uri, finding(files, uri, 'unknown-type', 'Priority'), "Create type 'Priority' (enum high, low)");
      // The file has no blank lines between its sections, and gets none.
      assert.match(after[uri]!, /^context: M\ntypes:\n {2}Priority:\n {4}enum: \[high, low\]\nevents:/m);
    });

    it('adds a field that a rule reads to its event, with a type that has the path read', () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'rule-unknown-event-field', 'destination'), "Add the field 'destination: Address' to event 'OrderShipped'");
      assert.equal(linesFrom(after[SHOP]!, '  OrderShipped:', 5), '  OrderShipped:\n    aggregate: Order\n    fields:\n      orderId: uuid\n      destination: Address');
    });

    it('keeps one section when two elements are created in it at once', () => {
      const uri = 'file:///ws/m/m.events.yaml';
      const files: Files = {
        [uri]: 'version: 1\ncontext: M\n\ncommands:\n  OpenTicket:\n    aggregate: Ticket\n    fields: { ticketId: string }\n    emits: [TicketOpened, TicketAssigned]\n\naggregates:\n  Ticket:\n    id: ticketId\n    state: {}\n    initial: {}\n',
      };
      const action = fixAll(new MemoryFileIndex(files), uri, findings(files)[uri]!)!;
      const after = applyWorkspaceEdit(files, action.edit);
      assert.equal((after[uri]!.match(/^events:/gm) ?? []).length, 1);
      assert.match(after[uri]!, /\n\nevents:\n {2}TicketOpened:\n {4}aggregate: Ticket\n {4}fields:\n {6}ticketId: string\n {2}TicketAssigned:\n/);
      assert.deepEqual(findings(after)[uri]!.filter((d) => d.severity === 'error'), []);
    });
  });

  describe('id fields', () => {
    it("adds the aggregate's id field to a command's block of fields", () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'missing-id-field', 'CancelOrder'), "Add the id field 'orderId: uuid' to command 'CancelOrder'");
      assert.equal(linesFrom(after[SHOP]!, '  CancelOrder:', 5), '  CancelOrder:\n    aggregate: Order\n    fields:\n      reason: string\n      orderId: uuid');
    });

    it("adds it inside an event's braces, and to its payloads, copying a neighbour's value", () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'missing-id-field', 'ShipmentPrepared'), "Add the id field 'shipmentId: uuid' to event 'ShipmentPrepared'");
      assert.match(after[SHOP]!, /fields: \{ orderId: uuid, preparedAt: datetime, shipmentId: uuid \}/);
      // The sample event before it carries the shipment's id.
      assert.match(after[SAMPLES]!, /- ShipmentPrepared: \{ orderId: [-0-9a-f]+, preparedAt: 2024-09-03T11:00:00Z, shipmentId: 0b6f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f \}/);
    });

    it('adds a fields key to an element that has none', () => {
      const uri = 'file:///ws/m/m.events.yaml';
      const files: Files = { [uri]: 'version: 1\ncontext: M\naggregates:\n  Cart:\n    id: cartId\n    state: {}\n    initial: {}\n    evolve:\n      CartOpened: {}\nevents:\n  CartOpened:\n    aggregate: Cart\n' };
      const after = applyFix(files, uri, finding(files, uri, 'missing-id-field', 'CartOpened'), "Add the id field 'cartId: uuid'");
      assert.match(after[uri]!, /CartOpened:\n {4}aggregate: Cart\n {4}fields:\n {6}cartId: uuid\n$/);
    });
  });

  describe('naming conventions', () => {
    it('renames an event to the past tense everywhere it is named, sample files included', () => {
      const files = shop();
      const d = finding(files, SHOP, 'event-tense', 'ShipmentDispatch');
      const action = actionsFor(files, SHOP, d)[0]!;
      assert.equal(action.title, "Rename event 'ShipmentDispatch' to 'ShipmentDispatched' (4 places in 2 files)");
      assert.equal(action.preferred, true);
      const after = applyFix(files, SHOP, d, 'Rename event', [['ShipmentDispatched', 'ShipmentDispatch']]);
      assert.ok(!Object.values(after).some((t) => /ShipmentDispatch\b/.test(t)));
      assert.match(after[SAMPLES]!, /- ShipmentDispatched: \{/);
    });

    it('renames a command to the imperative', () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'command-mood', 'ArchivingOrder'), "Rename command 'ArchivingOrder' to 'ArchiveOrder'", [['ArchiveOrder', 'ArchivingOrder']]);
      assert.match(after[SHOP]!, /^ {2}ArchiveOrder:$/m);
    });

    it('offers no rename to a name that is taken', () => {
      const uri = 'file:///ws/m/m.events.yaml';
      const files: Files = {
        [uri]: 'version: 1\ncontext: M\naggregates:\n  Order:\n    id: orderId\n    state: {}\n    initial: {}\n    evolve:\n      OrderPlace: {}\ncommands:\n  OrderPlaced:\n    aggregate: Cart\n    fields: { orderId: uuid }\n    emits: [OrderPlace]\nevents:\n  OrderPlace:\n    aggregate: Order\n    fields: { orderId: uuid }\n',
      };
      assert.deepEqual(actionsFor(files, uri, finding(files, uri, 'event-tense', 'OrderPlace')), []);
    });

    it('puts event names in the past tense and command names in the imperative by simple English rules', () => {
      const events: [string, string | undefined, string][] = [
        ['OrderPlace', undefined, 'OrderPlaced'], ['OrderPlacement', undefined, 'OrderPlaced'], ['OrderPlacing', undefined, 'OrderPlaced'],
        ['ShipOrder', 'Order', 'OrderShipped'], ['PlaceOrderEvent', 'Order', 'OrderPlaced'], ['CartCheckOut', undefined, 'CartCheckedOut'],
        ['CartCheckout', undefined, 'CartCheckedOut'], ['OrderCancellation', undefined, 'OrderCancelled'], ['PaymentApproval', undefined, 'PaymentApproved'],
        ['MoneyWithdraw', undefined, 'MoneyWithdrawn'], ['OrderPay', undefined, 'OrderPaid'], ['OrderSubmit', undefined, 'OrderSubmitted'],
        ['ShipmentPreparation', undefined, 'ShipmentPrepared'], ['OrderPlaceV2', undefined, 'OrderPlacedV2'], ['EmailSend', undefined, 'EmailSent'],
      ];
      for (const [name, aggregate, past] of events) assert.equal(pastTenseName(name, aggregate), past, name);
      const commands: [string, string | undefined, string | undefined][] = [
        ['OrderPlaced', 'Order', 'PlaceOrder'], ['PlacingOrder', undefined, 'PlaceOrder'], ['PlacedOrder', undefined, 'PlaceOrder'],
        ['CheckedOutOrder', undefined, 'CheckOutOrder'], ['CartCheckedOut', 'Cart', 'CheckOutCart'], ['ShippingOrder', undefined, 'ShipOrder'],
        ['ProcessingPayment', undefined, 'ProcessPayment'], ['PaidInvoice', undefined, 'PayInvoice'], ['CreatingUser', undefined, 'CreateUser'],
        ['CancelledOrder', undefined, 'CancelOrder'], ['BilledCustomer', undefined, 'BillCustomer'], ['RequiredDocument', undefined, 'RequireDocument'],
        ['OpeningAccount', undefined, 'OpenAccount'], ['AddingItem', undefined, 'AddItem'],
        // `Set` reads as a past form too: no suggestion the check would still flag.
        ['SettingPrice', undefined, undefined],
      ];
      for (const [name, aggregate, imperative] of commands) assert.equal(imperativeName(name, aggregate), imperative, name);
    });
  });

  describe('policies', () => {
    it('writes out a by-name step in a flow list as a mapping, with placeholders for what the event lacks', () => {
      let files = shop();
      files = applyFix(files, SHOP, finding(files, SHOP, 'unknown-type', 'Adress'), "Change 'Adress' to 'Address'");
      const after = applyFix(files, SHOP, finding(files, SHOP, 'policy-mapping-incomplete', 'PrepareShipment'), "Write out the payload of 'PrepareShipment'");
      assert.match(
        after[SHOP]!,
        /then: \[\{ PrepareShipment: \{ shipmentId: 00000000-0000-0000-0000-000000000000, orderId: \$event\.orderId, address: \{ street: TODO, city: TODO \} \} \}\]\n/,
      );
    });

    it('offers to write out a by-name step under the cursor, with no finding', () => {
      const marked = repoFile('test/fixtures/language/quickfix/shop.events.yaml').replace('      - ShipOrder\n', '      - Ship‸Order\n');
      const { index, uri, position, text } = fixture({ 'shop/shop.events.yaml': marked });
      const actions = codeActions(index, uri, { start: position, end: position }, []);
      assert.deepEqual(actions.map((a) => a.title), ["Write out the payload of 'ShipOrder'"]);
      assert.deepEqual(actions[0]!.diagnostics, []);
      const after = applyEdits(text, actions[0]!.edit.changes[uri]!);
      assert.match(after, /^ {6}- ShipOrder: \{ orderId: \$event\.orderId \}$/m);
    });
  });

  describe('payloads', () => {
    it('removes an unknown field from braces and from a block', () => {
      let files = shop();
      files = applyFix(files, SHOP, finding(files, SHOP, 'payload-unknown-field', 'coupon'), "Remove the field 'coupon'");
      assert.match(files[SHOP]!, /PlaceOrder: \{ orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71, customerId: C-1, lines: \[\], total: 10 \}\n {4}then:\n {6}- OrderPlaced/);
      files = applyFix(files, SHOP, finding(files, SHOP, 'payload-unknown-field', 'channel'), "Remove the field 'channel'");
      assert.match(files[SHOP]!, / {10}placedAt: 2024-09-01T10:00:00Z\n {4}when:/);
    });

    it('adds a missing field in braces, with a placeholder of its type', () => {
      const files = shop();
      const after = applyFix(files, SHOP, finding(files, SHOP, 'payload-missing-field', 'OrderPlaced'), "Add the missing field 'placedAt'");
      assert.match(after[SHOP]!, /- OrderPlaced: \{ orderId: 7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71, customerId: C-1, lines: \[\], total: 10, placedAt: 2024-01-01T00:00:00Z \}/);
    });

    it('adds a missing field to a block of sample data, at its indentation', () => {
      const files = shop();
      const after = applyFix(files, SAMPLES, finding(files, SAMPLES, 'payload-missing-field', 'OrderPaid'), "Add the missing field 'paidAt'");
      assert.match(after[SAMPLES]!, /\n {6}amount: 10\n {6}paidAt: 2024-01-01T00:00:00Z\n {2}- OrderShiped/);
    });

    it('adds and removes fields in JSON Lines, and adds one to JSON written one entry a line', () => {
      let files = shop();
      files = applyFix(files, RECORDING, finding(files, RECORDING, 'payload-unknown-field', 'source'), "Remove the field 'source'");
      assert.match(files[RECORDING]!.split('\n')[0]!, /"placedAt":"2024-09-05T10:00:00Z"\}\}$/);
      files = applyFix(files, RECORDING, finding(files, RECORDING, 'payload-missing-field', 'OrderPaid'), "Add the missing field 'paidAt'");
      assert.match(files[RECORDING]!.split('\n')[1]!, /"amount":5, "paidAt": "2024-01-01T00:00:00Z"\}\}$/);
      files = applyFix(files, HISTORY, finding(files, HISTORY, 'payload-missing-field', 'OrderPlaced'), "Add the missing field 'lines'");
      assert.match(files[HISTORY]!, /"placedAt": "2024-09-06T10:00:00Z",\n {8}"lines": \[\]\n {6}\}/);
    });

    it('removes the first entry of a list item, the only one in braces, and one in the middle', () => {
      const uri = 'file:///ws/m/m.events.yaml';
      const files: Files = {
        [uri]: [
          'version: 1', 'context: M', 'events:', '  TicketOpened:', '    fields: { ticketId: string, title: string }', 'projections:', '  Tickets:',
          '    key: ticketId', '    fields: { ticketId: string }', '    on:', '      TicketOpened: { set: { ticketId: $event.ticketId } }', 'scenarios:',
          '  - name: rows', '    projection: Tickets', '    given:', '      - TicketOpened: { ticketId: T-1, color: red, title: Printer }', '    then:',
          '      rows:', '        - state: open', '          ticketId: T-1', '        - { status: open }', '',
        ].join('\n'),
      };
      let after = applyFix(files, uri, finding(files, uri, 'payload-unknown-field', 'color'), "Remove the field 'color'");
      assert.match(after[uri]!, /- TicketOpened: \{ ticketId: T-1, title: Printer \}/);
      after = applyFix(after, uri, finding(after, uri, 'payload-unknown-field', 'state'), "Remove the field 'state'");
      assert.match(after[uri]!, /\n {8}- ticketId: T-1\n/);
      const last = finding(after, uri, 'payload-unknown-field', 'status');
      const removed = applyWorkspaceEdit(after, actionsFor(after, uri, last).find((a) => a.title === "Remove the field 'status'")!.edit);
      assert.match(removed[uri]!, /\n {8}- \{ \}\n/);
    });

    it('adds the fields of a nested record', () => {
      const uri = 'file:///ws/m/m.events.yaml';
      const files: Files = {
        [uri]: 'version: 1\ncontext: M\ntypes:\n  Address: { fields: { street: string, city: string } }\nevents:\n  Moved:\n    fields: { to: Address }\nscenarios:\n  - name: moving\n    projection: P\n    given:\n      - Moved: { to: { city: Seoul } }\n    then: { rows: [{ city: Seoul }] }\nprojections:\n  P:\n    fields: { city: string? }\n    on:\n      Moved: { set: { city: $event.to.city } }\n',
      };
      const after = applyFix(files, uri, finding(files, uri, 'payload-missing-field', '{ city: Seoul }'), "Add the missing field 'street'");
      assert.match(after[uri]!, /- Moved: \{ to: \{ city: Seoul, street: TODO \} \}/);
    });
  });

  describe('fix all', () => {
    it('fixes every finding of a file with one clear fix, in rounds, as one set of edits that do not overlap', () => {
      const uri = 'file:///ws/lib/library.events.yaml';
      const files: Files = { [uri]: repoFile('test/fixtures/language/quickfix/library.events.yaml') };
      const before = findings(files)[uri]!;
      assert.equal(before.length, 8);
      const action = fixAll(new MemoryFileIndex(files), uri, before)!;
      assert.equal(action.kind, 'source.fixAll');
      // Eight findings, and two that fixing them brought to light (the id field of a command whose
      // aggregate was misspelt, the fields of a record type created on the way).
      assert.equal(action.title, 'Fix all in this file (10 problems)');
      const edits = action.edit.changes[uri]!;
      const after = applyEdits(files[uri]!, edits);
      assert.deepEqual(findings({ [uri]: after })[uri], []);
      for (let i = 1; i < edits.length; i++) {
        const a = edits[i - 1]!.range.end;
        const b = edits[i]!.range.start;
        assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), 'edits in order, not overlapping');
      }
    });

    it('leaves no error in the shop model, and cleans its JSON Lines recording', () => {
      const files = shop();
      const model = fixAll(new MemoryFileIndex(files), SHOP, findings(files)[SHOP]!)!;
      const after = applyWorkspaceEdit(files, model.edit);
      assert.deepEqual(findings(after)[SHOP]!.filter((d) => d.severity === 'error').map((d) => d.message), []);
      const recording = fixAll(new MemoryFileIndex(files), RECORDING, findings(files)[RECORDING]!)!;
      assert.deepEqual(Object.keys(recording.edit.changes), [RECORDING]);
      assert.deepEqual(findings(applyWorkspaceEdit(files, recording.edit))[RECORDING], []);
    });

    it('has nothing to do for a clean file', () => {
      const files: Files = { 'file:///ws/shop/shop.events.yaml': repoFile('examples/shop/shop.events.yaml') };
      assert.equal(fixAll(new MemoryFileIndex(files), SHOP, findings(files)[SHOP]!), undefined);
    });
  });

  describe('robustness', () => {
    it('offers nothing for a finding that no longer holds, or a file with no model', () => {
      const files = shop();
      const d = finding(files, SHOP, 'unknown-aggregate', 'Ordr');
      const fixed = applyFix(files, SHOP, d, "Change 'Ordr' to 'Order'");
      assert.deepEqual(actionsFor(fixed, SHOP, d), []);
      const lone: Files = { 'file:///ws/x/lone.samples.yaml': 'events:\n  - Nope: {}\n' };
      assert.deepEqual(codeActions(new MemoryFileIndex(lone), 'file:///ws/x/lone.samples.yaml', d.range, [d]), []);
      assert.equal(fixAll(new MemoryFileIndex(lone), 'file:///ws/x/lone.samples.yaml', [d]), undefined);
    });

    it("applies every action offered on the repository's fixture models, and each preferred one removes its finding", () => {
      for (const dir of ['models', 'samples']) {
        const files: Files = {};
        for (const name of readdirSync(path.join(FIXTURES, dir))) if (/\.(events\.ya?ml|samples\.(ya?ml|json|jsonl))$/.test(name)) files[`file:///ws/${dir}/${name}`] = repoFile(`test/fixtures/${dir}/${name}`);
        const all = findings(files);
        for (const [uri, list] of Object.entries(all)) {
          for (const d of list) {
            for (const a of actionsFor(files, uri, d)) {
              const after = applyWorkspaceEdit(files, a.edit);
              if (!a.preferred || !a.diagnostics.length) continue;
              const still = findings(after, [uri])[uri]!.some((x) => x.code === d.code && x.message === d.message && x.range.start.line === d.range.start.line);
              assert.ok(!still, `${uri}: '${a.title}' leaves ${d.code} ${d.message}`);
            }
          }
          const every = fixAll(new MemoryFileIndex(files), uri, list);
          if (every) applyWorkspaceEdit(files, every.edit);
        }
      }
    });

    it('never throws on mutated models, and every edit offered lies in the file and applies', () => {
      fc.assert(
        fc.property(mutated(MODEL_SEEDS, 3), (input) => {
          const uri = 'file:///ws/m/m.events.yaml';
          const files: Files = { [uri]: input.text };
          const list = findings(files)[uri]!;
          const index = new MemoryFileIndex(files);
          const lines = editorLines(input.text);
          const offered = [...list.flatMap((d) => codeActions(index, uri, d.range, [d])), ...[fixAll(index, uri, list)].filter((a) => a !== undefined)];
          for (const a of offered) {
            for (const e of a.edit.changes[uri] ?? []) assert.equal(outsideDocument(e.range, lines), undefined, a.title);
            applyWorkspaceEdit(files, a.edit);
          }
        }),
        { numRuns: 60 },
      );
    });

    it('joins two rounds of edits into edits of the original text', () => {
      const unit = fc.constantFrom('a', 'b', ' ', '\n');
      const editsOf = (text: string) =>
        fc.array(fc.tuple(fc.nat(text.length), fc.nat(3), fc.string({ maxLength: 3, unit })), { maxLength: 4 }).map((picked) => {
          const file = new FixFile('file:///x.yaml', text);
          const out: TextEdit[] = [];
          let end = -1;
          for (const [s, len, t] of [...picked].sort((x, y) => x[0] - y[0])) {
            if (s < end) continue;
            const e = Math.min(text.length, s + len);
            out.push({ range: file.range(s, e), newText: t });
            end = e;
          }
          return out;
        });
      const rounds = fc
        .string({ maxLength: 24, unit })
        .chain((t0) => editsOf(t0).map((first) => ({ t0, first, t1: applyEdits(t0, first) })))
        .chain((r) => editsOf(r.t1).map((second) => ({ ...r, second })));
      fc.assert(
        fc.property(rounds, ({ t0, first, t1, second }) => {
          const joined = composeEdits(t0, 'file:///x.yaml', first, second);
          assert.equal(applyEdits(t0, joined.edits), applyEdits(t1, second));
        }),
        { numRuns: 500 },
      );
    });
  });
});
