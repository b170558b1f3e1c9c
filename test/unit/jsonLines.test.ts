import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  JsonLinesReader, parseSamples, validateJsonLines, validateModelText, validateSamples,
  type JsonLine, type Model,
} from '../../src/core/index.js';
import { toReplayEvent } from '../../src/core/replay/replayer.js';
import { arraySource, ReplayTimeline } from '../../src/core/replay/timeline.js';
import type { ReplayEvent } from '../../src/core/replay/types.js';
import { readJsonLineWithRanges } from '../../src/core/samples/parseSamples.js';
import { main } from '../../src/cli/main.js';
import { openJsonLinesSource, validateJsonLinesFile } from '../../src/node/jsonLinesFile.js';
import { readFixture, ROOT } from './support/golden.js';
import { shopLine, writeShopRecording } from './support/shopRecording.js';

/** Everything a reader hands on, pushed in the given pieces. */
function readAll(pieces: readonly string[], options = {}): JsonLine[] {
  const out: JsonLine[] = [];
  const reader = new JsonLinesReader((l) => out.push(l), options);
  for (const p of pieces) reader.push(p);
  reader.end();
  return out;
}

/** A text cut at the given places (sorted, deduplicated). */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((a) => a % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let prev = 0;
  for (const p of points) {
    pieces.push(text.slice(prev, p));
    prev = p;
  }
  pieces.push(text.slice(prev));
  return pieces;
}

const orders = validateModelText(readFixture('samples/orders.events.yaml')).parsed.model;
const shopModel = (): Model => validateModelText(readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8')).parsed.model;

/** What the events of a sample file are, as replay reads them: type, data, at, version and line. */
const plain = (e: ReplayEvent) => ({ type: e.type, data: e.data, at: e.at, version: e.version, line: e.range.start.line });

// Lines of all kinds, with the line breaks an editor knows (`\r\n`, a lone `\r` inside a line).
const lineArb = fc.oneof(
  fc.constant('{"model": "./orders.events.yaml"}'),
  fc.constant(''),
  fc.constant('   '),
  fc.constant('{"type": "OrderPlaced", "at": "2024-09-01T10:00:00Z", "data": {"orderId": "o-1", "total": 30, "placedAt": "2024-09-01T10:00:00Z"}}'),
  fc.constant('{"type": "OrderPlaced", "data": {"orderId": "o-2", "total": "30"}}'),
  fc.constant('{"type": "OrderPlaced",\r"data": {"orderId": "o-3", "total": 1, "placedAt": "2024-09-01T10:00:00Z", "__proto__": {"x": 1}}}'),
  fc.constant('{"type": "OrderPlaced", "version": 0, "data": null}'),
  fc.constant('{"type": "Nope", "extra": 1, "at": "never"}'),
  fc.constant('{"type": "OrderPlaced", "data": [1, 2]}'),
  fc.constant('{"type": 5}'),
  fc.constant('{"data": {}}'),
  fc.constant('["not", "an", "object"]'),
  fc.constant('{"type": "Caf\u00e9 \ud83d\ude00", "data": {"n\u00e4me": "\u65e5\u672c"}}'),
  fc.constant('{"type": "OrderPlaced", "data": {"orderId": "o-4"'),
  fc.constant('\uFEFF'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record({ type: fc.constantFrom('OrderPlaced', 'Other'), data: fc.dictionary(fc.constantFrom('orderId', 'total', 'placedAt', 'note', '__proto__'), fc.jsonValue({ maxDepth: 2 })) })
    .map((v) => JSON.stringify(v)),
);
const textArb = fc
  .array(fc.tuple(lineArb, fc.constantFrom('\n', '\r\n', '\n', '\r\r\n')), { maxLength: 14 })
  .chain((lines) => fc.boolean().map((last) => lines.map(([l, b], i) => l + (i < lines.length - 1 || last ? b : '')).join('')));

describe('JSON Lines: the reader', () => {
  it('any cutting of a text into chunks gives the same lines as one chunk, and the same events and findings as parseSamples', () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.nat(), { maxLength: 12 }), (text, at) => {
        const whole = readAll([text]);
        assert.deepEqual(readAll(cut(text, at)), whole);
        assert.deepEqual(readAll([...text]), whole, 'one character at a time');
        const parsed = parseSamples(text, 'x.samples.jsonl');
        assert.deepEqual(whole.filter((l) => l.event).map((l) => plain(l.event!)), parsed.events.map((e) => plain(toReplayEvent(e))));
        assert.deepEqual(whole.flatMap((l) => l.diagnostics), parsed.diagnostics);
        assert.deepEqual(whole.find((l) => l.model)?.model, parsed.model);
        // Checked against a model, streaming and in memory agree too.
        const streamed = validateJsonLines(text, orders, { maxListed: 1000 });
        assert.deepEqual(streamed.diagnostics, validateSamples(parsed, orders));
        assert.equal(streamed.total, streamed.diagnostics.length);
      }),
      { numRuns: 300 },
    );
  });

  it('the quick look at an event line finds what reading it with ranges finds', () => {
    const value = fc.oneof(fc.constantFrom('OrderPlaced', '2024-09-01T10:00:00Z', 'soon', 1, 2.5, 0, -3, null, true, {}), fc.jsonValue({ maxDepth: 2 }));
    const others = fc.uniqueArray(fc.tuple(fc.constantFrom('data', 'at', 'version', 'stream', '__proto__'), value), { selector: ([k]) => k, maxLength: 4 });
    fc.assert(
      fc.property(value, others, (type, pairs) => {
        const text = `{${[['type', type] as const, ...pairs].map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
        const [line] = readAll([text]);
        const exact = readJsonLineWithRanges(text, 0, false);
        assert.deepEqual(line!.diagnostics, exact.diagnostics, text);
        assert.equal(line!.event !== undefined, exact.event !== undefined, text);
        if (exact.event) assert.deepEqual(plain(line!.event!), plain(toReplayEvent(exact.event)), text);
      }),
      { numRuns: 500 },
    );
  });

  it('counts lines as an editor does: `\\r\\n` is one break, a lone `\\r` is a break too', () => {
    const text = '{"type": "A"}\r\n\r\n{"type": "B",\r"data": {}}\n{"type": "C"}\r';
    const lines = readAll([text]);
    assert.deepEqual(lines.map((l) => [l.event?.type, l.line, l.record]), [['A', 0, 0], ['B', 2, 2], ['C', 4, 3]]);
    assert.deepEqual(lines[1]!.range, { start: { line: 2, character: 0 }, end: { line: 3, character: 11 } });
    assert.deepEqual(lines[2]!.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 13 } });
    assert.equal(lines[0]!.text, '{"type": "A"}', 'no \\r in the text');
    // A \r\n cut between its two characters is still one line break.
    assert.deepEqual(readAll(['{"type": "A"}\r', '\n{"type": "B"}']).map((l) => l.line), [0, 1]);
  });

  it('reports a line that is not JSON at its line, in the words of the in-memory reader', () => {
    const [, bad] = readAll(['{"type": "A"}\n\n\n{"type": \n']);
    assert.equal(bad!.line, 3);
    assert.match(bad!.diagnostics[0]!.message, /^Line 4 is not valid JSON: /);
    assert.deepEqual(bad!.diagnostics[0]!.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } });
  });

  it('keeps __proto__ keys as data and pollutes no prototype', () => {
    const text = '{"type": "A", "data": {"__proto__": {"polluted": true}, "list": [{"__proto__": 1}]}}\n{"type": "B", "__proto__": {"polluted": true}}\n';
    const lines = readAll([text]);
    const data = lines[0]!.event!.data as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(data, '__proto__'));
    assert.deepEqual(Object.keys(data), ['__proto__', 'list']);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.match(lines[1]!.diagnostics[0]!.message, /Unknown key '__proto__' in a sample event/);
    assert.deepEqual(lines[1]!.diagnostics[0]!.range.start, { line: 1, character: 14 });
    const found = validateJsonLines(text, orders);
    assert.ok(found.total > 0);
    const events = parseSamples(text, 'x.samples.jsonl').events;
    assert.equal(events[0]!.data.kind === 'map' && events[0]!.data.entries.has('__proto__'), true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('takes the model from a first {"model": ...} line only, before any event', () => {
    const lines = readAll(['\uFEFF\n{"model": "./orders.events.yaml"}\n{"type": "OrderPlaced"}\n{"model": "./other.events.yaml"}\n']);
    assert.deepEqual(lines[0]!.model, { path: './orders.events.yaml', range: { start: { line: 1, character: 10 }, end: { line: 1, character: 32 } } });
    assert.equal(lines.filter((l) => l.model).length, 1);
    assert.match(lines[2]!.diagnostics[0]!.message, /^Each line is an object/);
    assert.match(readAll(['{"model": 5}'])[0]!.diagnostics[0]!.message, /`model` is the path of the model file/);
    // The validator picks the model once the model line is known.
    const named: string[] = [];
    validateJsonLines('{"model": "./orders.events.yaml"}\n{"type": "OrderPlaced"}\n', (m) => (named.push(m?.path ?? '-'), orders));
    assert.deepEqual(named, ['./orders.events.yaml']);
  });

  it('refuses a line over the limit without keeping it, and reads on', () => {
    const long = `{"type": "A", "data": {"x": "${'y'.repeat(300)}"}}`;
    const lines = readAll([long.slice(0, 100), long.slice(100), '\n{"type": "B"}\n'], { maxLineChars: 200 });
    assert.deepEqual(lines.map((l) => [l.line, l.event?.type, l.diagnostics.map((d) => d.message)]), [
      [0, undefined, ['Line 1 is over 0 MB; it is not read.']],
      [1, 'B', []],
    ]);
    assert.deepEqual(lines[0]!.range.end, { line: 0, character: long.length });
  });

  it('a line nested very deep is refused where it is read, not a crash', () => {
    for (const depth of [101, 1000, 50000]) {
      const deep = `{"type": "OrderPlaced", "data": {"orderId": ${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;
      const found = validateJsonLines(`${deep}\n{"type": "OrderPlaced", "data": {"orderId": "o-1", "total": 1, "placedAt": "2024-09-01T10:00:00Z"}}`, orders);
      assert.deepEqual(found.diagnostics.map((d) => [d.range.start.line, d.message]), [[0, 'Line 1 is nested more than 100 levels deep; it is not read.']]);
      assert.equal(found.events, 1);
      assert.equal(parseSamples(deep, 'x.samples.jsonl').events.length, 0);
    }
    // 100 levels are fine; brackets inside strings do not count.
    const hundred = `{"type": "OrderPlaced", "data": {"orderId": ${'['.repeat(98)}"[[[{{{\\\\"${']'.repeat(98)}}}`;
    assert.equal(readAll([hundred])[0]!.event?.type, 'OrderPlaced');
  });

  it('lists at most maxListed findings and counts them all', () => {
    const text = Array.from({ length: 250 }, (_, i) => (i % 2 ? '{"type": "Nope"}' : 'nope')).join('\n');
    const found = validateJsonLines(text, orders, { maxListed: 10 });
    assert.equal(found.diagnostics.length, 10);
    assert.equal(found.total, 250);
    assert.deepEqual(found.severities, { error: 250, warning: 0, info: 0 });
    assert.equal(found.events, 125);
  });
});

describe('JSON Lines files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'event-model-jsonl-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file-backed event source reads the same events as the whole text, for any span', async () => {
    await fc.assert(
      fc.asyncProperty(textArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), async (text, spans) => {
        const file = path.join(dir, 'x.samples.jsonl');
        writeFileSync(file, text);
        const events = readAll([text]).flatMap((l) => (l.event ? [l.event] : []));
        const source = await openJsonLinesSource(file);
        assert.equal(source.length, events.length);
        assert.deepEqual(source.read(0, source.length), events);
        for (const [a, b] of spans) {
          const from = a % (events.length + 1);
          const to = from + (b % (events.length - from + 1));
          assert.deepEqual(source.read(from, to), events.slice(from, to));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a file-backed event source replays like the events in memory', async () => {
    const file = path.join(dir, 'shop.samples.jsonl');
    writeFileSync(file, Array.from({ length: 3000 }, (_, i) => shopLine(i)).join('\n'));
    let progress = 0;
    const source = await openJsonLinesSource(file, { onProgress: (done, total) => (progress = done / total) });
    assert.equal(progress, 1);
    const events = source.read(0, source.length);
    assert.equal(events.length, 3000);
    const model = shopModel();
    const fromFile = ReplayTimeline.build(model, source, { checkpointEvery: 500 });
    const inMemory = ReplayTimeline.build(model, arraySource(events), { checkpointEvery: 500 });
    assert.deepEqual(fromFile.stateAt(2222), inMemory.stateAt(2222));
    assert.deepEqual(fromFile.entries(1, 3000), inMemory.entries(1, 3000));
  });

  it('opening is cancelled by its signal', async () => {
    const file = path.join(dir, 'cancel.samples.jsonl');
    writeFileSync(file, Array.from({ length: 20000 }, (_, i) => shopLine(i)).join('\n'));
    const controller = new AbortController();
    const opening = openJsonLinesSource(file, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(opening, { name: 'AbortError' });
  });

  it('validate lists the first 100 findings of a JSON Lines file and counts the rest', async () => {
    const file = path.join(dir, 'orders.many.samples.jsonl');
    const model = path.join(ROOT, 'test/fixtures/samples/orders.events.yaml');
    writeFileSync(file, [JSON.stringify({ model }), ...Array.from({ length: 150 }, (_, i) => (i % 3 ? '{"type": "Nope"}' : '{oops'))].join('\n'));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['validate', file], { out: (s) => out.push(s), err: (s) => err.push(s) }, dir);
    assert.equal(code, 1);
    assert.equal(out.length, 101);
    assert.match(out[0]!, /^orders\.many\.samples\.jsonl:2:1 error sample-invalid Line 2 is not valid JSON/);
    assert.match(out[1]!, /^orders\.many\.samples\.jsonl:3:10 error sample-unknown-event Sample event #1 /);
    assert.equal(out[100], 'orders.many.samples.jsonl: ... and 50 more (the first 100 are listed)');
    assert.match(err.join('\n'), /1 file checked: 150 errors/);
    const json: string[] = [];
    await main(['validate', file, '--format', 'json'], { out: (s) => json.push(s), err: () => {} }, dir);
    const report = JSON.parse(json.join('')) as { diagnostics: unknown[]; omitted: unknown };
    assert.equal(report.diagnostics.length, 100);
    assert.deepEqual(report.omitted, [{ file: 'orders.many.samples.jsonl', error: 50, warning: 0, info: 0 }]);
  });

  it('validateJsonLinesFile finds what the in-memory check finds', async () => {
    const text = readFixture('samples/orders.broken.samples.jsonl');
    const file = path.join(dir, 'orders.broken.samples.jsonl');
    writeFileSync(file, text);
    const found = await validateJsonLinesFile(file, orders);
    assert.deepEqual(found.diagnostics, validateSamples(parseSamples(text, file), orders));
  });
});

describe('event-model validate on a JSON Lines file of a million events', function () {
  this.timeout(120_000);
  const cli = path.join(ROOT, 'dist/cli.js');
  const cache = path.join(ROOT, '.cache/jsonl-test');
  const file = path.join(cache, 'shop.million.samples.jsonl');
  after(() => rmSync(file, { force: true }));

  it('reports exactly its three bad lines, at their line numbers, in a heap far smaller than the file', async function () {
    if (!existsSync(cli)) this.skip(); // `npm test` builds first; a bare `mocha` run may not have
    mkdirSync(cache, { recursive: true });
    const { expected } = writeShopRecording(file, 1_000_000);
    // 48 MB of heap: the file is over 150 MB, so it cannot be held, as text or as events.
    const r = await run(process.execPath, ['--max-old-space-size=48', cli, 'validate', path.relative(ROOT, file)]);
    assert.equal(r.code, 1, r.err);
    const found = r.out.trim().split('\n').map((l) => l.replace(/^[^:]+:(\d+):(\d+) error (\S+) .*$/, '$1:$2 $3'));
    assert.deepEqual(found, expected, r.out);
    assert.match(r.err, /1 file checked: 3 errors/);
  });
});

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
