import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../src/core/index.js';
import { FileChecks } from '../../src/server/fileChecks.js';
import { DEFAULT_SETTINGS, validationSettingsOf, type ValidationSettings } from '../../src/server/settings.js';
import { canonicalUri, WorkspaceIndex } from '../../src/server/workspaceIndex.js';
import { ROOT } from './support/golden.js';

/** The server's workspace index and its checks, in process: scanning, pairing, edits, stale checks. */

const MODEL = `version: 1
context: Orders
aggregates:
  Order: { id: orderId, state: { total: number }, initial: { total: 0 }, evolve: { OrderPlaced: { set: { total: $event.total } } } }
commands:
  PlaceOrder: { aggregate: Order, fields: { orderId: uuid, total: number }, emits: [OrderPlaced] }
events:
  OrderPlaced: { aggregate: Order, fields: { orderId: uuid, total: number } }
`;
const SAMPLES = 'events:\n  - OrderPlaced: { orderId: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f, total: 1 }\n';

function jsonLine(type: string, i: number): string {
  return JSON.stringify({ type, data: { orderId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', total: i } });
}

describe('language server: workspace index', () => {
  let dir: string;
  const uriOf = (rel: string) => canonicalUri(pathToFileURL(path.join(dir, rel)).href);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ems-index-'));
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('orders/orders.events.yaml', MODEL);
    write('orders/orders.samples.yaml', SAMPLES);
    write('orders/notes.txt', 'not indexed');
    for (const skipped of ['node_modules', '.git', 'dist', 'generated', '.vscode-test', '.cache']) write(`${skipped}/x.events.yaml`, MODEL);
    write('orders/big.samples.jsonl', `{"model": "orders.events.yaml"}\n${Array.from({ length: 50 }, (_, i) => jsonLine(i === 7 ? 'OrderPlacd' : 'OrderPlaced', i)).join('\n')}\n`);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scans models and sample files, skipping dependency, build and cache folders', async () => {
    const index = new WorkspaceIndex({ largeJsonLinesChars: 200 });
    assert.equal(await index.scan(pathToFileURL(dir).href), 3);
    assert.deepEqual(index.uris().sort(), [uriOf('orders/big.samples.jsonl'), uriOf('orders/orders.events.yaml'), uriOf('orders/orders.samples.yaml')].sort());
    assert.equal(index.modelOf(uriOf('orders/orders.samples.yaml'))?.uri, uriOf('orders/orders.events.yaml'));
    assert.deepEqual(index.samplesOf(uriOf('orders/orders.events.yaml')).map((s) => s.uri).sort(), [uriOf('orders/big.samples.jsonl'), uriOf('orders/orders.samples.yaml')].sort());
  });

  it('indexes a large JSON Lines file by its model line, without its events', async () => {
    const index = new WorkspaceIndex({ largeJsonLinesChars: 200 });
    await index.scan(pathToFileURL(dir).href);
    const big = index.get(uriOf('orders/big.samples.jsonl'));
    assert.ok(big?.kind === 'samples');
    assert.equal(big.eventsUnread, true);
    assert.deepEqual(big.parsed.events, []);
    assert.equal(big.parsed.model?.path, 'orders.events.yaml');
    assert.equal(big.modelUri, uriOf('orders/orders.events.yaml'));
    assert.ok(big.text.length < 100, 'only the first line is kept');
  });

  it('parses a text when it is read, and keeps the editor version of an open file', () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/shop.events.yaml';
    index.openDocument(uri, MODEL, 3);
    assert.equal(index.versionOf(uri), 3);
    index.openDocument(uri, MODEL.replace('Orders', 'Shop'), 4);
    assert.equal(index.versionOf(uri), 4);
    const file = index.get(uri);
    assert.ok(file?.kind === 'model');
    assert.equal(file.parsed.model.context, 'Shop');
    assert.equal(file.version, 4);
    assert.equal(index.get(uri), file, 'the same parse until the text changes');
  });

  it('completion while typing reads the last parse with the newest text, when no line was added', () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/shop.events.yaml';
    index.openDocument(uri, MODEL, 1);
    const parsed = index.get(uri)!;
    index.openDocument(uri, MODEL.replace('context: Orders', 'context: Ord'), 2);
    const typing = index.forTyping(uri).get(uri)!;
    assert.equal(typing.parsed, parsed.parsed, 'not parsed again');
    assert.equal(typing.version, 2);
    assert.match(typing.text, /context: Ord\n/);
    // A line added: positions below it moved, so the text is parsed.
    index.openDocument(uri, MODEL.replace('context: Orders', 'context: Orders\ndescription: x'), 3);
    const fresh = index.forTyping(uri).get(uri)!;
    assert.notEqual(fresh.parsed, parsed.parsed);
    assert.equal(fresh.version, 3);
  });

  it('completion while typing in a sample file finds its model without parsing the sample file again', () => {
    const index = new WorkspaceIndex();
    index.openDocument('file:///ws/orders.events.yaml', MODEL, 1);
    const uri = 'file:///ws/orders.samples.yaml';
    index.openDocument(uri, SAMPLES, 1);
    const parsed = index.get(uri)!.parsed;
    index.openDocument(uri, SAMPLES.replace('OrderPlaced', 'OrderPla'), 2);
    const typing = index.forTyping(uri);
    assert.equal(typing.modelOf(uri)?.uri, 'file:///ws/orders.events.yaml');
    // Still unparsed: a new view still reads the last parse.
    assert.equal(index.forTyping(uri).get(uri)!.parsed, parsed);
    assert.equal(index.forTyping(uri).get(uri)!.version, 2);
  });

  it('an open file keeps the editor text over the disk, and gets the disk text back when closed', async () => {
    const index = new WorkspaceIndex();
    await index.scan(pathToFileURL(dir).href);
    const uri = uriOf('orders/orders.events.yaml');
    index.openDocument(uri, MODEL.replace('Orders', 'Edited'), 1);
    assert.equal(await index.refresh(uri), true);
    assert.equal(index.get(uri)?.text.includes('Edited'), true);
    assert.equal(await index.closeDocument(uri), true);
    assert.equal(index.get(uri)?.text, MODEL);
    rmSync(path.join(dir, 'orders/orders.events.yaml'));
    assert.equal(await index.refresh(uri), false);
    assert.equal(index.has(uri), false);
    assert.equal(index.modelOf(uriOf('orders/orders.samples.yaml')), undefined);
  });

  it('spells file URIs one way, whatever the editor encodes', () => {
    assert.equal(canonicalUri('file:///ws/a%2Bb/x.events.yaml'), canonicalUri('file:///ws/a+b/x.events.yaml'));
    assert.equal(canonicalUri('file:///ws/my%20model.events.yaml'), 'file:///ws/my%20model.events.yaml');
    assert.equal(canonicalUri('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
});

describe('language server: checks', () => {
  const settings = (s: Partial<ValidationSettings> = {}) => () => Promise.resolve({ ...DEFAULT_SETTINGS, debounceMs: 0, ...s });

  /** Checks over an index, recording every publication. */
  function checker(index: WorkspaceIndex, s = settings()) {
    const published: { uri: string; found: Diagnostic[]; version: number | undefined }[] = [];
    const checks = new FileChecks(index, s, (uri, found, version) => published.push({ uri, found, version }));
    return { checks, published };
  }

  it('publishes only the findings of the latest text when edits come faster than checks', async () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/orders.events.yaml';
    const { checks, published } = checker(index);
    for (let v = 1; v <= 5; v++) {
      index.openDocument(uri, v % 2 === 0 ? MODEL : MODEL.replace('emits: [OrderPlaced]', 'emits: [OrderPlacd]'), v);
      checks.schedule(uri);
    }
    await checks.whenIdle();
    assert.deepEqual(published.map((p) => p.version), [5]);
    assert.deepEqual(published[0]!.found.filter((d) => d.severity === 'error').map((d) => d.code), ['unknown-event']);
  });

  it('a long sample check under way when a newer edit arrives publishes nothing', async () => {
    const index = new WorkspaceIndex();
    const model = 'file:///ws/orders.events.yaml';
    const samples = 'file:///ws/orders.samples.jsonl';
    index.openDocument(model, MODEL, 1);
    const many = (type: string) => Array.from({ length: 20000 }, (_, i) => jsonLine(i === 0 ? type : 'OrderPlaced', i)).join('\n');
    index.openDocument(samples, many('OrderPlacd'), 1);
    const { checks, published } = checker(index);
    const first = checks.check(samples);
    // The check yields between slices of events: the newer text arrives meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    index.openDocument(samples, many('OrderPlaced'), 2);
    checks.schedule(samples);
    await first;
    await checks.whenIdle();
    assert.deepEqual(published.map((p) => [p.uri, p.version, p.found.length]), [[samples, 2, 0]]);
  });

  it('checks a sample file against its model, and again when the model changes', async () => {
    const index = new WorkspaceIndex();
    const model = 'file:///ws/orders.events.yaml';
    const samples = 'file:///ws/orders.samples.yaml';
    index.openDocument(model, MODEL, 1);
    index.openDocument(samples, SAMPLES, 1);
    const { checks, published } = checker(index);
    await checks.check(samples);
    assert.deepEqual(published.at(-1)!.found, []);
    index.openDocument(model, MODEL.replaceAll('OrderPlaced', 'OrderSubmitted'), 2);
    await checks.check(model);
    await checks.whenIdle();
    const last = published.filter((p) => p.uri === samples).at(-1)!;
    assert.deepEqual(last.found.map((d) => d.code), ['sample-unknown-event']);
    assert.match(last.found[0]!.message, /OrderPlaced/);
  });

  it('reports a sample file without a model, and nothing while validation is off', async () => {
    const index = new WorkspaceIndex();
    const orphan = 'file:///ws/orphan.samples.yaml';
    index.openDocument(orphan, SAMPLES, 1);
    const on = checker(index);
    await on.checks.check(orphan);
    assert.deepEqual(on.published[0]!.found.map((d) => d.code), ['sample-model-not-found']);
    const off = checker(index, settings({ enabled: false }));
    await off.checks.check(orphan);
    assert.deepEqual(off.published, [{ uri: orphan, found: [], version: undefined }]);
  });

  it('streams a large JSON Lines file from disk against its model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ems-checks-'));
    try {
      writeFileSync(path.join(dir, 'orders.events.yaml'), MODEL);
      writeFileSync(path.join(dir, 'orders.samples.jsonl'), `${Array.from({ length: 50 }, (_, i) => jsonLine(i === 7 ? 'OrderPlacd' : 'OrderPlaced', i)).join('\n')}\n`);
      const index = new WorkspaceIndex({ largeJsonLinesChars: 200 });
      await index.scan(pathToFileURL(dir).href);
      const uri = canonicalUri(pathToFileURL(path.join(dir, 'orders.samples.jsonl')).href);
      const { checks, published } = checker(index);
      await checks.check(uri);
      assert.deepEqual(published[0]!.found.map((d) => [d.code, d.range.start.line]), [['sample-unknown-event', 7]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the eventModel.validation settings, with defaults for what is missing or wrong', () => {
    assert.deepEqual(validationSettingsOf(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(validationSettingsOf({ validation: { enabled: false, debounceMs: 99999, namingConventions: 'no' } }), { enabled: false, debounceMs: 5000, namingConventions: true, outlineMaxItems: 1000, codeLensMaxItems: 1000 });
    assert.equal(validationSettingsOf({ outline: { maxItems: 3 } }).outlineMaxItems, 100);
    assert.equal(validationSettingsOf({ outline: { maxItems: 12345.6 } }).outlineMaxItems, 12345);
    assert.equal(validationSettingsOf({ outline: { maxItems: 'many' } }).outlineMaxItems, 1000);
    assert.deepEqual([validationSettingsOf({ codeLens: { maxItems: 3 } }).codeLensMaxItems, validationSettingsOf({ codeLens: { maxItems: 2500.5 } }).codeLensMaxItems], [100, 2500]);
    assert.equal(validationSettingsOf({ codeLens: { maxItems: null }, outline: { maxItems: 200 } }).codeLensMaxItems, 1000, 'each cap read from its own section');
    assert.deepEqual(validationSettingsOf({ validation: { debounceMs: -3 }, ['__proto__']: { validation: { enabled: false } } }).debounceMs, 0);
  });
});

describe('language server: layering', () => {
  it('src/server imports neither vscode nor the extension (it runs in its own Node process)', () => {
    const dir = path.join(ROOT, 'src/server');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => {
        const specs = [...readFileSync(path.join(dir, f), 'utf8').matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]!);
        return specs.some((x) => x === 'vscode' || x.startsWith('vscode/') || /(^|\/)extension(\/|$)/.test(x));
      });
    assert.deepEqual(offenders, []);
  });
});
