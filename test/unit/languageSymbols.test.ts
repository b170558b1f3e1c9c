import * as assert from 'node:assert/strict';
import { MemoryFileIndex } from '../../src/core/language/fileIndex.js';
import { codeLensPlaces, codeLenses, documentSymbols, matchScore, resolveCodeLens, workspaceSymbols } from '../../src/core/language/symbols.js';
import { CODE_LENS_MAX_ITEMS, isLensData, toDocumentSymbols, toLensPlaces } from '../../src/server/convert.js';
import { generateModel } from '../../bench/generateModel.js';
import type { DocumentSymbol, Range } from '../../src/core/language/types.js';
import { rangeContains } from '../../src/core/source.js';
import { repoFile } from './support/languageFixture.js';

/** The outline, the workspace symbols and the reference counts of the shop fixture and the examples. */

const MODEL_URI = 'file:///ws/shop/shop.events.yaml';
const SAMPLES_URI = 'file:///ws/shop/shop.samples.yaml';
const JSON_URI = 'file:///ws/shop/shop.samples.json';
const BANK_URI = 'file:///ws/bank/bank.events.yaml';

function index(): MemoryFileIndex {
  return new MemoryFileIndex({
    [MODEL_URI]: repoFile('test/fixtures/navigation/shop.events.yaml'),
    [SAMPLES_URI]: repoFile('test/fixtures/navigation/shop.samples.yaml'),
    [JSON_URI]: repoFile('test/fixtures/navigation/shop.samples.json'),
    [BANK_URI]: repoFile('examples/bank/bank.events.yaml'),
  });
}

const contains = (outer: Range, inner: Range) => rangeContains(outer, inner.start) && rangeContains(outer, inner.end);

/** Every symbol's selection range lies in its range, and every child's range in its parent's. */
function checkNesting(list: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of list) {
    assert.ok(contains(s.range, s.selectionRange), `${s.name}: the selection range is inside the range`);
    if (parent) assert.ok(contains(parent.range, s.range), `${s.name} is inside ${parent.name}`);
    checkNesting(s.children, s);
  }
}

describe('language features: document symbols', () => {
  it('a model by section, each element with its fields', () => {
    const symbols = documentSymbols(index(), MODEL_URI);
    assert.deepEqual(symbols.map((s) => s.name), ['Types', 'Aggregates', 'Commands', 'Events', 'Projections', 'Policies', 'Scenarios']);
    assert.ok(symbols.every((s) => s.kind === 'section'));
    const events = symbols.find((s) => s.name === 'Events')!;
    assert.deepEqual(events.children.map((e) => e.name), ['OrderPlaced', 'PaymentReceived', 'AddressChanged', 'ReceiptSent', 'ShipmentPrepared']);
    const placed = events.children[0]!;
    assert.equal(placed.kind, 'event');
    assert.equal(placed.detail, 'Order');
    assert.deepEqual(placed.children.map((f) => [f.name, f.kind, f.detail]), [['orderId', 'field', 'uuid'], ['lines', 'field', 'OrderLine[]'], ['address', 'field', 'Address']]);
    const order = symbols.find((s) => s.name === 'Aggregates')!.children[0]!;
    assert.deepEqual([order.name, order.detail, order.children.map((f) => f.name)], ['Order', 'id: orderId', ['status', 'lines', 'shipTo', 'paid']]);
    assert.equal(order.children.find((f) => f.name === 'shipTo')!.detail, 'Address?');
    const summary = symbols.find((s) => s.name === 'Projections')!.children[0]!;
    assert.deepEqual([summary.kind, summary.detail], ['projection', 'key: orderId']);
    const policy = symbols.find((s) => s.name === 'Policies')!.children[0]!;
    assert.deepEqual([policy.kind, policy.detail, policy.children], ['policy', 'when OrderPlaced → PrepareShipment', []]);
    const scenarios = symbols.find((s) => s.name === 'Scenarios')!.children;
    assert.deepEqual(scenarios.map((s) => [s.name, s.kind, s.detail]), [
      ['paying a placed order', 'scenario', 'when PayOrder'],
      ['an order must be placed before it is paid', 'scenario', 'when PayOrder'],
      ['the summary follows the order', 'scenario', 'projection OrderSummary'],
    ]);
    checkNesting(symbols);
  });

  it('a sample file: its events in order, by type', () => {
    const idx = index();
    for (const uri of [SAMPLES_URI, JSON_URI]) {
      const symbols = documentSymbols(idx, uri);
      assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['OrderPlaced', 'sample'], ['PaymentReceived', 'sample']]);
      assert.match(symbols[0]!.detail!, /^#1/);
      checkNesting(symbols);
    }
    assert.equal(documentSymbols(idx, SAMPLES_URI)[0]!.detail, '#1 · 2024-09-01T10:00:00Z');
  });

  it('the examples nest properly; an unknown file has none', () => {
    for (const name of ['shop', 'bank', 'cart', 'blog', 'ship-tracking']) {
      const uri = `file:///ws/${name}/${name}.events.yaml`;
      const idx = new MemoryFileIndex({ [uri]: repoFile(`examples/${name}/${name}.events.yaml`) });
      const symbols = documentSymbols(idx, uri);
      assert.ok(symbols.length >= 5, name);
      checkNesting(symbols);
    }
    assert.deepEqual(documentSymbols(index(), 'file:///ws/none.events.yaml'), []);
  });

  it('a broken model still outlines what it can read', () => {
    const uri = 'file:///ws/x/x.events.yaml';
    const idx = new MemoryFileIndex({ [uri]: 'version: 1\ncontext: X\nevents:\n  A1Happened:\n    fields: { a: [\n' });
    assert.doesNotThrow(() => documentSymbols(idx, uri));
  });
});

describe('language features: workspace symbols', () => {
  it('finds names by substring or by their characters in order, ignoring case, across models', () => {
    const idx = index();
    const found = workspaceSymbols(idx, 'orderplaced').map((s) => `${s.kind} ${s.name} (${s.container})`);
    assert.equal(found[0], 'event OrderPlaced (Shop)', 'the whole name first');
    assert.ok(found.indexOf('policy PrepareShipmentWhenOrderPlaced (Shop)') < found.indexOf('error OrderAlreadyPlaced (Shop)'), found.join(', '));
    assert.equal(workspaceSymbols(idx, 'OrderPlaced')[0]!.location.uri, MODEL_URI);
    const opl = workspaceSymbols(idx, 'opl').map((s) => s.name);
    assert.ok(opl.includes('OrderPlaced'));
    const containers = new Set(workspaceSymbols(idx, 'account').map((s) => s.container));
    assert.deepEqual([...containers], ['Bank']);
    assert.ok(workspaceSymbols(idx, 'deposit').some((s) => s.name === 'MoneyDeposited' && s.location.uri === BANK_URI));
    assert.deepEqual(workspaceSymbols(idx, 'zzzz'), []);
    assert.ok(workspaceSymbols(idx, '').length > 30, 'an empty query lists everything');
    assert.equal(workspaceSymbols(idx, '', 5).length, 5);
  });

  it('scores whole, leading, inner and scattered matches in that order', () => {
    assert.equal(matchScore('OrderPlaced', 'orderplaced'), 0);
    assert.equal(matchScore('OrderPlaced', 'order'), 1);
    assert.equal(matchScore('OrderPlaced', 'placed'), 2);
    assert.ok(matchScore('OrderPlaced', 'opd')! >= 3);
    assert.equal(matchScore('OrderPlaced', 'dx'), undefined);
  });
});

describe('language features: code lenses', () => {
  it('the number of references above each element, leading to them', () => {
    const idx = index();
    const lenses = codeLenses(idx, MODEL_URI);
    const text = repoFile('test/fixtures/navigation/shop.events.yaml').split('\n');
    const at = (name: string) => lenses.find((l) => text[l.range.start.line]!.slice(l.range.start.character, l.range.end.character) === name)!;
    assert.equal(at('OrderPlaced').title, '8 references', 'emits, evolve, on, when, two scenarios, two sample files');
    assert.equal(at('OrderPlaced').locations.filter((l) => l.uri !== MODEL_URI).length, 2);
    assert.equal(at('PrepareShipmentWhenOrderPlaced').title, '0 references');
    assert.equal(at('OrderSummary').title, '1 reference');
    assert.equal(at('Address').title, '7 references');
    assert.equal(lenses.length, 2 + 2 + 5 + 5 + 1 + 2, 'one per element');
    assert.deepEqual(codeLenses(idx, SAMPLES_URI), []);
  });

  it('listed without counts, each resolved to the count it would have had, also after the file changed', () => {
    const idx = index();
    const places = codeLensPlaces(idx, MODEL_URI);
    const full = codeLenses(idx, MODEL_URI);
    assert.deepEqual(places.map((p) => p.range), full.map((l) => l.range));
    assert.deepEqual(places.map((p) => resolveCodeLens(idx, MODEL_URI, p.kind, p.name, p.range)), full);
    const placed = places.find((p) => p.kind === 'event' && p.name === 'OrderPlaced')!;
    // One use fewer since the lens was listed: resolved against the new parse.
    const text = repoFile('test/fixtures/navigation/shop.events.yaml');
    const fewer = text.replace(/(evolve:[\s\S]*?)\bOrderPlaced\b/, '$1OrderPlacedX');
    assert.notEqual(fewer, text);
    idx.set(MODEL_URI, fewer);
    assert.equal(resolveCodeLens(idx, MODEL_URI, placed.kind, placed.name, placed.range)?.title, '7 references');
    assert.equal(resolveCodeLens(idx, SAMPLES_URI, placed.kind, placed.name, placed.range), undefined);
  });

  it('past the cap, the first elements get lenses and the next one says where they stop', () => {
    const idx = new MemoryFileIndex({ [MODEL_URI]: generateModel(300, 'rich') });
    const places = codeLensPlaces(idx, MODEL_URI);
    assert.ok(places.length > 150);
    const sent = toLensPlaces(places, 7, 150);
    assert.equal(sent.length, 151);
    assert.deepEqual(sent.slice(0, 150).map((l) => [l.range, l.data]), places.slice(0, 150).map((p) => [p.range, [7, p.kind, p.name]]));
    assert.ok(sent.slice(0, 150).every((l) => isLensData(l.data) && l.command === undefined), 'listed without counts');
    const notice = sent[150]!;
    assert.deepEqual(notice.range, places[150]!.range, 'on the first element without a count');
    assert.equal(notice.command?.title, `References counted on the first 150 of ${places.length.toLocaleString('en')} elements (eventModel.codeLens.maxItems)`);
    assert.deepEqual([notice.command?.command, notice.command?.arguments], ['workbench.action.openSettings', ['eventModel.codeLens.maxItems']]);
    assert.equal(notice.data, undefined, 'resolved already');
    // At the cap or under it, a lens on each element and nothing said.
    assert.equal(toLensPlaces(places, 7, places.length).length, places.length);
    assert.ok(toLensPlaces(places, 7, places.length).every((l) => l.command === undefined));
    assert.equal(toLensPlaces(places, 7).length, Math.min(places.length, CODE_LENS_MAX_ITEMS) + (places.length > CODE_LENS_MAX_ITEMS ? 1 : 0));
  });
});

describe('language server: the outline as sent', () => {
  it('leaves out empty children and details, and keeps fields in a model of ordinary size', () => {
    const sent = toDocumentSymbols(documentSymbols(index(), MODEL_URI));
    const all = JSON.stringify(sent);
    assert.doesNotMatch(all, /"children":\[\]/);
    assert.doesNotMatch(all, /"detail":""/);
    assert.ok(sent.some((s) => s.children?.some((el) => el.children?.some((f) => f.kind === 8))), 'fields listed under their element');
  });

  it('lists elements without their fields past the limit, sections and elements all kept while they fit', () => {
    const idx = new MemoryFileIndex({ 'file:///ws/large.events.yaml': generateModel(5000, 'rich') });
    const symbols = documentSymbols(idx, 'file:///ws/large.events.yaml');
    const sent = toDocumentSymbols(symbols, 10_000);
    assert.deepEqual(sent.map((s) => [s.name, s.children?.length]), symbols.map((s) => [s.name, s.children.length]));
    assert.ok(sent.every((s) => s.children?.every((el) => el.children === undefined)), 'no fields');
    assert.ok(sent.every((s) => s.detail === undefined), 'nothing said of a cut');
    // The same outline under a higher limit keeps them.
    const withFields = toDocumentSymbols(symbols, Infinity);
    assert.ok(withFields.some((s) => s.children?.some((el) => (el.children?.length ?? 0) > 0)));
  });

  it('lists at most the limit: every section, each with its first elements in order, saying how many of how many', () => {
    const idx = new MemoryFileIndex({ 'file:///ws/large.events.yaml': generateModel(5000, 'rich') });
    const symbols = documentSymbols(idx, 'file:///ws/large.events.yaml');
    const count = (l: readonly { children?: readonly unknown[] }[]): number => l.reduce((n, x) => n + 1 + count((x.children ?? []) as { children?: unknown[] }[]), 0);
    for (const limit of [100, 2000, 4000]) {
      const sent = toDocumentSymbols(symbols, limit);
      assert.equal(count(sent), limit, `exactly the limit of ${limit} (each element alone is one symbol)`);
      assert.deepEqual(sent.map((s) => s.name), symbols.map((s) => s.name), 'every section');
      let cut = false;
      for (const [i, section] of sent.entries()) {
        const all = symbols[i]!.children;
        const kept = section.children ?? [];
        assert.deepEqual(kept.map((el) => el.name), all.slice(0, kept.length).map((el) => el.name), 'the first, in order');
        if (cut) assert.equal(kept.length, 0, 'nothing after the first cut section');
        if (kept.length < all.length) {
          assert.equal(section.detail, `first ${kept.length.toLocaleString('en')} of ${all.length.toLocaleString('en')} (eventModel.outline.maxItems)`);
          cut = true;
        } else assert.equal(section.detail, undefined);
      }
      assert.ok(cut);
    }
    // At the limit, nothing is cut.
    const lean = count(toDocumentSymbols(symbols, 10_000));
    assert.equal(count(toDocumentSymbols(symbols, lean)), lean);
    assert.ok(toDocumentSymbols(symbols, lean).every((s) => s.detail === undefined));
  });

  it('cuts a list without sections (a sample file\'s events) itself', () => {
    const samples = Array.from({ length: 30 }, (_, i) => ({ name: `E${i}`, kind: 'sample' as const, range: { start: { line: i, character: 0 }, end: { line: i, character: 5 } }, selectionRange: { start: { line: i, character: 0 }, end: { line: i, character: 2 } }, children: [] }));
    const cut = toDocumentSymbols(samples, 10);
    assert.deepEqual(cut.map((s) => s.name), samples.slice(0, 10).map((s) => s.name));
    assert.equal(cut[9]!.detail, 'the first 10 of 30 listed (eventModel.outline.maxItems)', 'the last one listed says so');
    assert.ok(cut.slice(0, 9).every((s) => s.detail === undefined));
    assert.ok(toDocumentSymbols(samples, 30).every((s) => s.detail === undefined), 'nothing said at the limit');
    assert.equal(toDocumentSymbols(samples, 30).length, 30);
  });
});
