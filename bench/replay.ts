/**
 * The replay engine against a floor, side by side, on a JSON Lines file of shop events.
 * Usage: npm run bench:replay [-- events=1000000 sizes=1000000,4000000 orders=10000 rounds=3 seeks=200]
 *
 * - floor: the file read in chunks, each line JSON.parse'd, and a hand-written `switch` over
 *   the event type keeping the same states the example's rules keep (aggregates by id, the
 *   OrderSummary rows), as a hand-written reducer would;
 * - engine: the same chunks through the product's JSON Lines reader and the replay engine,
 *   states only (the policies' fan-out is left out, as in a bulk replay);
 * - seek: the file-backed source and the timeline (index and checkpoints) built once, then
 *   seeks to random positions.
 *
 * Each run is a child process, so its peak RSS is its own; floor and engine alternate. The
 * ratio is the figure to watch: absolute times vary from machine to machine.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { quickReading, parseModel, Replayer, ReplayTimeline, type Model } from '../src/core/index.js';
import { JsonLinesReader } from '../src/core/samples/jsonLines.js';
import { openJsonLinesSource } from '../src/node/jsonLinesFile.js';
import { shopEventLine } from './shopEvents.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(ROOT, '.cache/bench');
const CHUNK = 1 << 20;

function loadModel(): Model {
  return parseModel(readFileSync(path.join(ROOT, 'examples/shop/shop.events.yaml'), 'utf8')).model;
}

/** Writes the events file once (it is kept under .cache/ for the next run), atomically. */
async function eventsFile(events: number, orders: number): Promise<string> {
  const file = path.join(CACHE, `shop-${events}-${orders}.samples.jsonl`);
  if (existsSync(file)) return file;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  let batch: string[] = [];
  for (let i = 0; i < events; i++) {
    batch.push(shopEventLine(i, orders));
    if (batch.length === 10_000 || i === events - 1) {
      await handle.write(batch.join('\n') + '\n');
      batch = [];
    }
  }
  await handle.close();
  renameSync(partial, file);
  return file;
}

/** The file's text in chunks, as both sides read it. */
async function* chunks(file: string): AsyncGenerator<string> {
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK })) yield chunk as string;
}

type Json = Record<string, any>;

/** The hand-written reducer: the states the shop example's rules keep, by type. */
async function floor(file: string): Promise<number> {
  const orders = new Map<string, Json>();
  const inventory = new Map<string, Json>();
  const shipping = new Map<string, Json>();
  const payment = new Map<string, Json>();
  const summary = new Map<string, Json>();
  let rest = '';
  let count = 0;
  const apply = (line: string) => {
    if (line.length === 0) return;
    const e = JSON.parse(line);
    const d = e.data;
    count++;
    switch (e.type) {
      case 'StockReceived': {
        const s = inventory.get(d.warehouseId) ?? { levels: [], reservations: [] };
        inventory.set(d.warehouseId, { ...s, levels: [...s.levels.filter((l: Json) => l.sku !== d.sku), { sku: d.sku, onHand: d.onHandAfter }] });
        break;
      }
      case 'StockReserved': {
        const s = inventory.get(d.warehouseId) ?? { levels: [], reservations: [] };
        inventory.set(d.warehouseId, { ...s, reservations: [...s.reservations, { orderId: d.orderId, lines: d.lines }] });
        summary.set(d.orderId, { ...summary.get(d.orderId), stockReserved: true });
        break;
      }
      case 'StockReleased': {
        const s = inventory.get(d.warehouseId) ?? { levels: [], reservations: [] };
        inventory.set(d.warehouseId, { ...s, reservations: s.reservations.filter((r: Json) => r.orderId !== d.orderId) });
        break;
      }
      case 'OrderPlaced':
        orders.set(d.orderId, { ...(orders.get(d.orderId) ?? { status: 'none', total: 0 }), status: 'placed', total: d.total, customerId: d.customerId });
        summary.set(d.orderId, { ...summary.get(d.orderId), orderId: d.orderId, customerId: d.customerId, status: 'placed', total: d.total, stockReserved: false, placedAt: d.placedAt });
        break;
      case 'PaymentReceived':
        orders.set(d.orderId, { ...orders.get(d.orderId), status: 'paid' });
        summary.set(d.orderId, { ...summary.get(d.orderId), status: 'paid' });
        break;
      case 'OrderShipped':
        orders.set(d.orderId, { ...orders.get(d.orderId), status: 'shipped' });
        summary.set(d.orderId, { ...summary.get(d.orderId), status: 'shipped', carrier: d.carrier, trackingNumber: d.trackingNumber });
        break;
      case 'ShipmentPrepared':
        shipping.set(d.orderId, { ...(shipping.get(d.orderId) ?? { status: 'none', approved: false }), status: 'preparing', destinationCity: d.shippingAddress.city });
        break;
      case 'ShipmentApproved':
        shipping.set(d.orderId, { ...shipping.get(d.orderId), approved: true });
        break;
      case 'ShipmentDispatched':
        shipping.set(d.orderId, { ...shipping.get(d.orderId), status: 'dispatched', carrier: d.carrier, trackingNumber: d.trackingNumber });
        break;
      case 'PaymentCharged':
        payment.set(d.orderId, { ...(payment.get(d.orderId) ?? { status: 'none', amount: 0 }), status: 'charged', amount: d.amount });
        break;
    }
  };
  for await (const chunk of chunks(file)) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) apply(line);
  }
  apply(rest);
  return count + orders.size * 0;
}

/** The product's reader and engine. */
async function engine(file: string, model: Model): Promise<number> {
  const replayer = new Replayer(model);
  let problems = 0;
  const reader = new JsonLinesReader(
    (line) => {
      if (line.event) problems += replayer.applyQuick(line.event).problems.length;
    },
    { quick: quickReading(model) },
  );
  for await (const chunk of chunks(file)) reader.push(chunk);
  reader.end();
  if (problems > 0) throw new Error(`the engine met ${problems} problems`);
  return replayer.position;
}

async function seek(file: string, model: Model, seeks: number): Promise<Json> {
  let t = performance.now();
  const source = await openJsonLinesSource(file);
  const indexMs = performance.now() - t;
  t = performance.now();
  const timeline = ReplayTimeline.build(model, source);
  const buildMs = performance.now() - t;
  // A fixed sequence of positions (a small linear congruential generator), ending at the end.
  let x = 12345;
  const positions = Array.from({ length: seeks }, () => (x = (x * 1103515245 + 12345) % 2147483648) % (timeline.length + 1));
  positions.push(timeline.length);
  const times = positions.map((p) => {
    const s = performance.now();
    // Only one instance is asked for: the figure is the seek, not the printing of ten thousand rows.
    timeline.stateAt(p, { stream: 'Inventory-WH-INCHEON-01' });
    return performance.now() - s;
  });
  times.sort((a, b) => a - b);
  return { indexMs, buildMs, checkpoints: timeline.checkpointCount, medianMs: times[Math.floor(times.length / 2)], p99Ms: times[Math.floor(times.length * 0.99)], maxMs: times[times.length - 1] };
}

async function child(mode: string, file: string): Promise<void> {
  const model = loadModel();
  const t = performance.now();
  let extra: Json = {};
  if (mode === 'floor') extra = { events: await floor(file) };
  else if (mode === 'engine') extra = { events: await engine(file, model) };
  else extra = await seek(file, model, Number(args.seeks ?? 200));
  const ms = performance.now() - t;
  console.log(JSON.stringify({ mode, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...extra }));
}

function run(mode: string, file: string): Json {
  const r = spawnSync(process.execPath, [__filename, `child=${mode}`, `file=${file}`, ...(args.seeks ? [`seeks=${args.seeks}`] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function parent(): Promise<void> {
  const orders = Number(args.orders ?? 10_000);
  const rounds = Number(args.rounds ?? 3);
  const sizes = (args.sizes ?? args.events ?? '1000000').split(',').map(Number);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const size of sizes) {
    const file = await eventsFile(size, orders);
    const mb = statSync(file).size / (1024 * 1024);
    console.log(`\n${size.toLocaleString('en')} shop events (${mb.toFixed(0)} MB, ${orders.toLocaleString('en')} orders cycling), ${rounds} rounds`);
    const floors: Json[] = [];
    const engines: Json[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate the order so neither side always runs second.
      if (i % 2 === 0) {
        floors.push(run('floor', file));
        engines.push(run('engine', file));
      } else {
        engines.push(run('engine', file));
        floors.push(run('floor', file));
      }
    }
    const f = median(floors.map((r) => r.ms));
    const e = median(engines.map((r) => r.ms));
    const rss = (rs: Json[]) => Math.max(...rs.map((r) => r.maxRssMb)).toFixed(0);
    console.log(`floor  (JSON.parse + switch)   median ${f.toFixed(0).padStart(6)} ms   ${(size / f).toFixed(0).padStart(5)} events/ms   peak RSS ${rss(floors)} MB`);
    console.log(`engine (reader + replay)       median ${e.toFixed(0).padStart(6)} ms   ${(size / e).toFixed(0).padStart(5)} events/ms   peak RSS ${rss(engines)} MB`);
    console.log(`engine / floor                 ${(e / f).toFixed(2)}×`);
    const s = run('seek', file);
    console.log(
      `seek: index ${s.indexMs.toFixed(0)} ms, timeline ${s.buildMs.toFixed(0)} ms (${s.checkpoints} checkpoints), ` +
        `then ${Number(args.seeks ?? 200) + 1} seeks: median ${s.medianMs.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms; peak RSS ${s.maxRssMb.toFixed(0)} MB`,
    );
  }
}

if (args.child) void child(args.child, args.file!).catch((e) => { console.error(e); process.exit(1); });
else void parent().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
