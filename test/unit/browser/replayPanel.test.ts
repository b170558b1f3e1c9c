/// <reference lib="dom" />
// The Replay panel's real webview bundle in headless Chromium, behind a strict CSP, against a
// host played by the test over the real replay timeline: it draws the examples, steps by button
// and keyboard, shows a diff, filters, shows problems, findings and upcasts, revives from its
// saved state, and stays quick over a million events.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  parseModel, parseSamples, ReplayTimeline, buildTimelineInSlices, toReplayEvent, arraySource,
  type EventSource, type Model, type ReplayEvent,
} from '../../../src/core/index.js';
import {
  ALL_EVENTS, type HostToReplayMessage, type ReplayEntry, type ReplayFinding, type ReplayPanelState, type ReplayStateMessage,
  type ReplayTimelineInfo, type ReplayToHostMessage,
} from '../../../src/protocol/replay.js';
import { FIXTURES, ROOT } from '../support/golden.js';

const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = path.join(ROOT, 'dist/webview/replay.js');
const STYLE = path.join(ROOT, 'dist/webview/replay-style.css');
const SHOTS = path.join(ROOT, '.cache');
const ORIGIN = 'https://replay-webview.test';

type Theme = 'light' | 'dark';

/**
 * Plays the extension host: answers the webview's messages from a real `ReplayTimeline`, as the
 * panel does (a window of entries, filters by id, the state with the touched targets' previous
 * values), and records what the webview asked for.
 */
class TestHost {
  page: Page | undefined;
  readonly received: ReplayToHostMessage[] = [];
  private readonly filters = new Map<number, Uint32Array>();
  /** Whether `state` carries what the touched targets held before the step. */
  sendPrevious = true;
  /** What to do on `ready`; by default send `init`. */
  onReady: (() => Promise<void>) | undefined;

  constructor(
    readonly timeline: ReplayTimeline,
    readonly info: ReplayTimelineInfo,
  ) {}

  async receive(m: ReplayToHostMessage): Promise<void> {
    this.received.push(m);
    switch (m.type) {
      case 'ready':
        if (this.onReady) await this.onReady();
        else await this.post({ type: 'init', ...this.info });
        break;
      case 'requestEntries':
        await this.post({ type: 'entries', filterId: m.filterId, from: m.from, items: this.entries(m.filterId, m.from, m.to) });
        break;
      case 'setFilter': {
        const positions = this.timeline.filter({ types: m.types, streams: m.streams, text: m.text, problemsOnly: m.problemsOnly });
        this.filters.set(m.filterId, positions);
        const at = positions.findIndex((p) => p >= m.selected);
        await this.post({ type: 'filtered', filterId: m.filterId, count: positions.length, ...(at >= 0 ? { selectedIndex: at } : {}) });
        break;
      }
      case 'select':
        await this.post(this.state(m.position));
        break;
      case 'jumpToProblem': {
        const p = m.direction === 'next' ? this.timeline.nextProblem(m.from) : this.timeline.previousProblem(m.from);
        await this.post(p === undefined ? { type: 'notice', message: 'No later problem.' } : this.state(p));
        break;
      }
      default:
        break; // reveals, playback and rebuilds are only recorded
    }
  }

  post(m: HostToReplayMessage): Promise<void> {
    // Through `unknown`: the page's argument type would otherwise expand the JSON types deeply.
    return this.page!.evaluate((message: unknown) => window.postMessage(message, '*'), m as unknown);
  }

  private entries(filterId: number, from: number, to: number): ReplayEntry[] {
    if (filterId === ALL_EVENTS) return this.timeline.entries(from + 1, to);
    const positions = this.filters.get(filterId)?.subarray(from, to) ?? new Uint32Array();
    return [...positions].flatMap((p) => this.timeline.entries(p, p));
  }

  /** The state at a position: the step's targets first, a window of the others, and what the targets held before. */
  state(position: number): ReplayStateMessage {
    // About what the panel draws at first: 25 instances and 50 rows a projection.
    const at = this.timeline.stateAt(position, { limit: 25, rowLimit: 50, touchedFirst: true });
    // Without `previous` (the protocol allows it) the webview undoes the step's changes itself.
    const previous = this.sendPrevious ? at.before.map((b) => ({ ...b })) : [];
    return {
      type: 'state',
      position: at.position,
      ...(at.step ? { step: at.step } : {}),
      aggregates: at.aggregates,
      ...(at.totalAggregates !== undefined ? { totalAggregates: at.totalAggregates } : {}),
      projections: at.projections,
      previous,
    };
  }

  last<T extends ReplayToHostMessage['type']>(type: T): Extract<ReplayToHostMessage, { type: T }> | undefined {
    return this.received.filter((m): m is Extract<ReplayToHostMessage, { type: T }> => m.type === type).at(-1);
  }
}

function loadModel(example: string): Model {
  const parsed = parseModel(readFileSync(path.join(ROOT, 'examples', example, `${example}.events.yaml`), 'utf8'));
  return parsed.model;
}

function loadSamples(example: string, file: string): ReplayEvent[] {
  const parsed = parseSamples(readFileSync(path.join(ROOT, 'examples', example, file), 'utf8'), file);
  return parsed.events.map(toReplayEvent);
}

function infoOf(timeline: ReplayTimeline, sampleFile: string, findings: ReplayFinding[] = []): ReplayTimelineInfo {
  return {
    title: sampleFile,
    sampleFile,
    sampleUri: `file:///workspace/${sampleFile}`,
    modelFile: sampleFile.replace(/\.[a-z]+\.samples\.yaml$|\.samples\.yaml$/, '.events.yaml'),
    length: timeline.length,
    types: timeline.types,
    streams: timeline.streams,
    problemCount: timeline.problemCount,
    problems: timeline.problems.slice(0, 1000),
    findings,
    checkpointEvery: 1000,
  };
}

/**
 * A million shop events made on demand: the ten events of one order's happy path from the
 * example, for 5,000 orders over 1,000 warehouses, again and again, with an event of an unknown
 * type every 50,000 events. Nothing is held in memory but the ten templates.
 */
function shopMillion(): EventSource {
  const templates = loadSamples('shop', 'shop.samples.yaml');
  const length = 1_000_000;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const make = (i: number): ReplayEvent => {
    const t = templates[i % templates.length]!;
    const order = Math.floor(i / templates.length) % 5000;
    const data: Record<string, unknown> = { ...(t.data as Record<string, unknown>) };
    if ('orderId' in data) data.orderId = `order-${pad(order, 5)}`;
    if ('warehouseId' in data) data.warehouseId = `WH-${pad(order % 1000, 4)}`;
    // One event a second from 2024-01-01 (cheaper than a Date per event).
    const day = Math.floor(i / 86400);
    const s = i % 86400;
    const at = `2024-01-${pad(day + 1, 2)}T${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}Z`;
    const range = { start: { line: i, character: 0 }, end: { line: i, character: 120 } };
    return { type: i % 50_000 === 49_999 ? 'OrderTeleported' : t.type, data: data as ReplayEvent['data'], at, range };
  };
  return {
    length,
    read(from, to) {
      const out: ReplayEvent[] = [];
      for (let i = Math.max(0, from); i < Math.min(length, to); i++) out.push(make(i));
      return out;
    },
  };
}

/** The page VS Code would build (a strict CSP, the bundle by URL with a nonce), served to Chromium. */
async function openPanel(browser: Browser, host: TestHost, theme: Theme, saved?: ReplayPanelState, viewport = { width: 1280, height: 820 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  host.page = page;
  const csp = `default-src 'none'; style-src ${ORIGIN}; img-src ${ORIGIN} data:; font-src ${ORIGIN}; script-src 'nonce-test'`;
  const files: Record<string, [string, string]> = {
    '/index.html': ['text/html', `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/replay-style.css"><title>Replay</title></head><body class="vscode-${theme}"><script nonce="test" src="/replay.js"></script></body></html>`],
    '/theme.css': ['text/css', readFileSync(path.join(FIXTURES, 'webview-themes', `${theme}.css`), 'utf8')],
    '/replay-style.css': ['text/css', readFileSync(STYLE, 'utf8')],
    '/replay.js': ['text/javascript', readFileSync(BUNDLE, 'utf8')],
  };
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file ? route.fulfill({ status: 200, contentType: file[0], body: file[1] }) : route.fulfill({ status: 404, body: '' });
  });
  await page.exposeFunction('__toHost', (m: ReplayToHostMessage) => host.receive(m));
  // A string, not a function: the test runner's compiler would wrap named functions in helpers
  // that do not exist in the page.
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    window.__state = ${JSON.stringify(saved ?? null)} ?? undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => { window.__toHost(m); },
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.goto(`${ORIGIN}/index.html`);
  return page;
}

/** Waits until the panel shows a position and the state of it. */
async function waitForStep(page: Page, position: number, length: number): Promise<void> {
  const label = `${position.toLocaleString('en-US')} / ${length.toLocaleString('en-US')}`;
  const heading = position === 0 ? 'Before the first event' : `#${position.toLocaleString('en-US')}`;
  await page.waitForFunction(
    ([l, h]) => document.getElementById('position')?.textContent === l && (document.querySelector('.step-title h2')?.textContent ?? '').startsWith(h!),
    [label, heading],
  );
}

/** Waits, frame by frame, until the host has received a message of a type (the exposed function is asynchronous). */
async function received<T extends ReplayToHostMessage['type']>(page: Page, host: TestHost, type: T, count = 1): Promise<Extract<ReplayToHostMessage, { type: T }>> {
  for (let frames = 0; host.received.filter((m) => m.type === type).length < count; frames++) {
    if (frames > 600) assert.fail(`no ${type} message reached the host`);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  }
  return host.last(type)!;
}

/** Waits until the list shows `count` loaded rows (the host's entries arrived). */
async function waitForRows(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#events .row:not([hidden]):not(.loading)').length === n, count);
}

const rowsShown = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#events .row:not([hidden]):not(.loading)')].map((r) => ({
    position: r.querySelector('.c-pos')?.textContent ?? '',
    type: r.querySelector('.c-type')?.textContent ?? '',
    stream: r.querySelector('.c-stream')?.textContent ?? '',
    selected: r.getAttribute('aria-selected') === 'true',
  })));

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

describe('Replay panel webview (headless Chromium, real bundle, real timeline)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  const shop = loadModel('shop');
  const shopEvents = loadSamples('shop', 'shop.samples.yaml');
  const shopTimeline = () => ReplayTimeline.build(shop, arraySource(shopEvents));

  before(async function () {
    if (!existsSync(CHROMIUM) || !existsSync(BUNDLE)) {
      if (process.env.CI) throw new Error(`${existsSync(CHROMIUM) ? BUNDLE : CHROMIUM} is missing`);
      this.skip();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('draws the shop example under a strict CSP and steps with the buttons', async () => {
    const timeline = shopTimeline();
    const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
    const page = await openPanel(browser!, host, 'light');
    await waitForStep(page, 0, 10);
    await waitForRows(page, 10);
    const rows = await rowsShown(page);
    assert.deepEqual(rows.map((r) => r.type), shopEvents.map((e) => e.type));
    assert.equal(rows[2]!.stream, 'Order-7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71');
    assert.equal(await page.locator('#filter-count').textContent(), '10 events');

    await page.click('#step-forward');
    await waitForStep(page, 1, 10);
    await page.click('#step-forward');
    await page.click('#step-forward');
    await waitForStep(page, 3, 10);
    const state = await page.evaluate(() => ({
      title: document.querySelector('.step-title h2')?.textContent,
      touched: [...document.querySelectorAll('.state .card.touched .name')].map((e) => e.textContent),
      changed: [...document.querySelectorAll('.state .card.touched .field.changed dt')].map((e) => e.textContent),
      selectedRow: document.querySelector('#events .row.selected .c-type')?.textContent,
      commands: [...document.querySelectorAll('.commands .command strong')].map((e) => e.textContent),
    }));
    assert.equal(state.title, '#3 OrderPlaced');
    assert.deepEqual(state.touched, ['Order', 'OrderSummary']);
    assert.deepEqual(state.changed.slice(0, 3), ['status', 'total', 'customerId']);
    assert.equal(state.selectedRow, 'OrderPlaced', 'the list follows the selection');
    assert.deepEqual(state.commands, ['ReserveStock', 'PrepareShipment', 'ChargePayment'], 'the fan-out of OrderPlaced');

    // A value links to the rule that wrote it.
    await page.locator('.state .card.touched .field.changed .value-link').first().click();
    const reveal = await received(page, host, 'revealRule');
    const written = timeline.stateAt(3).step!.changes.find((c) => c.path === 'status')!;
    assert.deepEqual(reveal.range, written.opRange ?? written.ruleRange);

    await page.click('#end');
    await waitForStep(page, 10, 10);
    assert.equal(await page.locator('#step-forward').isDisabled(), true);
    await page.click('#start');
    await waitForStep(page, 0, 10);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'nothing blocked by the CSP');
    await page.close();
  });

  it('steps with the keyboard in the list and across the panel, and Enter reveals the event', async () => {
    const timeline = shopTimeline();
    const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
    const page = await openPanel(browser!, host, 'light');
    await waitForStep(page, 0, 10);
    await page.focus('#events');
    await page.keyboard.press('ArrowDown');
    await waitForStep(page, 1, 10);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await waitForStep(page, 3, 10);
    await page.keyboard.press('Enter');
    assert.equal((await received(page, host, 'revealEvent')).position, 3);
    await page.keyboard.press('End');
    await waitForStep(page, 10, 10);
    await page.keyboard.press('Home');
    await waitForStep(page, 1, 10);
    await page.keyboard.press('PageDown');
    await waitForStep(page, 10, 10); // the whole list fits on one page
    await page.keyboard.press('ArrowLeft');
    await waitForStep(page, 9, 10);
    const focus = await page.evaluate(() => ({ id: document.activeElement?.id, active: document.getElementById('events')?.getAttribute('aria-activedescendant') }));
    assert.equal(focus.id, 'events');
    assert.ok(focus.active, 'the listbox names its selected option');
    // Outside the list: arrows step, Space plays.
    await page.focus('#step');
    await page.keyboard.press('ArrowRight');
    await waitForStep(page, 10, 10);
    await page.keyboard.press('Home');
    await waitForStep(page, 0, 10);
    await page.keyboard.press(' ');
    assert.equal(await page.getAttribute('#play', 'aria-label'), 'Pause');
    await waitForStep(page, 1, 10);
    await page.keyboard.press(' ');
    assert.equal(await page.getAttribute('#play', 'aria-label'), 'Play');
    assert.equal((await received(page, host, 'setPlaying', 2)).playing, false, 'playback started and stopped');
    await page.close();
  });

  for (const sendPrevious of [true, false]) {
    it(`shows a diff against the previous step, each new value a link to its rule (${sendPrevious ? 'previous values from the host' : 'undone in the webview'})`, async () => {
      const timeline = shopTimeline();
      const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
      host.sendPrevious = sendPrevious;
      const page = await openPanel(browser!, host, 'light');
      await waitForStep(page, 0, 10);
      await page.evaluate(() => {
        const s = document.getElementById('slider') as HTMLInputElement;
        s.value = '3';
        s.dispatchEvent(new Event('input'));
      });
      await waitForStep(page, 3, 10);
      await page.click('#show-diff');
      await page.waitForSelector('.diff-table');
      const diff = await page.evaluate(() =>
        [...document.querySelectorAll('.diff .card')].map((card) => ({
          name: card.querySelector('.name')?.textContent,
          sub: card.querySelector('.sub')?.textContent,
          badge: card.querySelector('.badge')?.textContent,
          changed: [...card.querySelectorAll('tr.changed')].map((tr) => [...tr.children].map((c) => c.textContent).join(' ')),
        })),
      );
      const order = diff.find((d) => d.name === 'Order')!;
      assert.equal(order.sub, '7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71');
      assert.ok(order.changed.includes('status "none" → "placed"'), order.changed.join(' | '));
      assert.ok(order.changed.includes('total 0 → 128'), order.changed.join(' | '));
      assert.ok(order.changed.includes('customerId — → "C-10482"'), order.changed.join(' | '));
      assert.equal(diff.find((d) => d.name === 'OrderSummary')!.badge, 'created');
      assert.equal(order.badge, sendPrevious ? 'created' : 'changed', 'the host says the instance is new; the step alone does not');
      assert.equal((await page.evaluate(() => (window as unknown as { __state: ReplayPanelState }).__state)).diff, true, 'the diff view is saved');
      // The next step keeps the diff view.
      await page.click('#step-forward');
      await waitForStep(page, 4, 10);
      assert.ok(await page.locator('.diff-table').count() > 0);
      await page.keyboard.press('d');
      await page.waitForSelector('.state .cards');
      await page.close();
    });
  }

  it('filters by type, stream and text, keeping the selection when it matches', async () => {
    const timeline = shopTimeline();
    const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
    const page = await openPanel(browser!, host, 'light');
    await waitForStep(page, 0, 10);
    const types = async (count: number) => {
      await waitForRows(page, count);
      return (await rowsShown(page)).map((r) => r.type);
    };

    await page.selectOption('#filter-type', 'StockReceived');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '2 of 10 events');
    assert.deepEqual(await types(2), ['StockReceived', 'StockReceived']);
    await page.selectOption('#filter-type', '');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '10 events');

    const stream = 'Payment-7f0c2e1a-4b3d-4c8e-9a1f-2d6b8e3c5a71';
    await page.fill('#filter-stream', 'Payment-7f0c');
    assert.equal(await page.getAttribute('#filter-stream', 'aria-invalid'), 'true', 'a partial name is not a stream');
    await page.press('#filter-stream', 'Enter');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '1 of 10 events');
    assert.equal(await page.inputValue('#filter-stream'), stream, 'Enter takes the suggestion');
    assert.deepEqual(await types(1), ['PaymentCharged']);
    await page.fill('#filter-stream', '');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '10 events');

    await page.fill('#filter-text', 'cj logistics');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '2 of 10 events');
    assert.deepEqual(await types(2), ['ShipmentDispatched', 'OrderShipped']);
    // Keyboard in a filtered list moves between its rows.
    await page.focus('#events');
    await page.keyboard.press('ArrowDown');
    await waitForStep(page, 9, 10);
    await page.keyboard.press('ArrowDown');
    await waitForStep(page, 10, 10);
    await page.keyboard.press('ArrowUp');
    await waitForStep(page, 9, 10);
    assert.equal((await rowsShown(page)).find((r) => r.selected)?.type, 'ShipmentDispatched');

    await page.check('#filter-problems');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '0 of 10 events');
    assert.equal(await page.locator('.list-empty').textContent(), 'No events match the filter.');
    const saved = await page.evaluate(() => (window as unknown as { __state: ReplayPanelState }).__state);
    assert.deepEqual(saved.filter, { types: [], streams: [], text: 'cj logistics', problemsOnly: true });
    await page.close();
  });

  it('lists problems and findings as links, and F8 goes from problem to problem', async () => {
    const bad = parseSamples(
      [
        'events:',
        '  - OrderTeleported: { orderId: x-1 }',
        '  - PaymentReceived: { amount: 5 }',
      ].join('\n'),
      'bad.samples.yaml',
    ).events.map(toReplayEvent);
    const events = [...shopEvents.slice(0, 3), bad[0]!, ...shopEvents.slice(3, 6), bad[1]!];
    const timeline = ReplayTimeline.build(shop, arraySource(events));
    assert.equal(timeline.problemCount, 3, 'an unknown event; an event without its stream id and row key');
    const findings: ReplayFinding[] = [
      { message: 'ShipmentApproved can arrive before ShipmentPrepared', position: 6, ruleRange: timeline.stateAt(3).step!.changes[0]!.ruleRange, policy: 'ApproveShipmentWhenPaid', order: 'by stream' },
      { message: 'A finding with no position' },
    ];
    const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml', findings));
    const page = await openPanel(browser!, host, 'dark');
    await waitForStep(page, 0, 8);
    const lists = await page.evaluate(() => ({
      problems: [...document.querySelectorAll('.problems-section .problems li')].map((li) => li.textContent),
      findings: [...document.querySelectorAll('.findings li')].map((li) => li.textContent),
      markers: [...document.querySelectorAll('#events .row.has-problem .c-pos')].map((e) => e.textContent),
      count: document.querySelector('.problems-section summary .count')?.textContent,
    }));
    assert.equal(lists.problems.length, 3);
    assert.match(lists.problems[0]!, /#4.*OrderTeleported.*unknown-event/);
    assert.deepEqual(lists.markers, ['4', '8']);
    assert.equal(lists.count, '5', 'three problems and two findings');
    assert.match(lists.findings[0]!, /#6.*ShipmentApproved can arrive before ShipmentPrepared.*policy: ApproveShipmentWhenPaid.*order: by stream.*rule/);
    assert.match(lists.findings[1]!, /A finding with no position/);

    await page.focus('#step');
    await page.keyboard.press('F8');
    await waitForStep(page, 4, 8);
    assert.ok(await page.locator('.step-problems li').count() === 1, 'the step shows its problem');
    await page.keyboard.press('F8');
    await waitForStep(page, 8, 8);
    await page.keyboard.press('F8');
    await page.waitForFunction(() => document.getElementById('notice')?.textContent === 'No later problem.');
    await page.keyboard.press('Shift+F8');
    await waitForStep(page, 4, 8);

    await page.locator('.findings li').first().locator('button.pos').click();
    await waitForStep(page, 6, 8);
    await page.locator('.findings li').first().locator('button', { hasText: 'rule' }).click();
    assert.deepEqual((await received(page, host, 'revealRule')).range, findings[0]!.ruleRange);
    await page.locator('.problems-section .problems li').nth(1).locator('button.item-main').click();
    await waitForStep(page, 8, 8);
    await page.locator('.problems-section .problems li').nth(1).locator('button.link').click();
    assert.equal((await received(page, host, 'revealProblem')).problem.position, 8);
    await screenshot(page, 'replay-panel-problems-dark.png');
    await page.close();
  });

  it('shows an upcast event as written and as read', async () => {
    const bank = loadModel('bank');
    const events = loadSamples('bank', 'bank.history.samples.yaml');
    const timeline = ReplayTimeline.build(bank, arraySource(events));
    const first = events.findIndex((e) => e.version !== undefined) + 1;
    const host = new TestHost(timeline, infoOf(timeline, 'bank.history.samples.yaml'));
    const page = await openPanel(browser!, host, 'light');
    await waitForStep(page, 0, timeline.length);
    await page.focus('#events');
    for (let i = 0; i < first; i++) await page.keyboard.press('ArrowDown');
    await waitForStep(page, first, timeline.length);
    const upcast = await page.evaluate(() => ({
      chip: document.querySelector('.step-title .chip.upcast')?.textContent,
      captions: [...document.querySelectorAll('.upcast figcaption')].map((e) => e.textContent),
      written: document.querySelectorAll('.upcast pre')[0]?.textContent ?? '',
      read: document.querySelectorAll('.upcast pre')[1]?.textContent ?? '',
    }));
    const step = timeline.stateAt(first).step!;
    assert.ok(step.upcast, 'the bank history starts with an old event');
    assert.equal(upcast.chip, `v${step.upcast.from} → v${step.upcast.to}`);
    assert.deepEqual(upcast.captions, [`As written (v${step.upcast.from})`, `As read (v${step.upcast.to})`]);
    assert.deepEqual(JSON.parse(upcast.written), step.upcast.original);
    assert.deepEqual(JSON.parse(upcast.read), step.data);
    await page.locator('.upcast-rules button').first().click();
    assert.deepEqual((await received(page, host, 'revealRule')).range, step.upcast.ruleRanges[0]);
    await page.close();
  });

  it('shows the build in progress, an error with Retry, an empty file, and keeps its place after a rebuild', async () => {
    const timeline = shopTimeline();
    const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
    host.onReady = async () => {
      await host.post({ type: 'loading', title: 'shop.samples.yaml' });
      await host.post({ type: 'progress', done: 250, total: 1000 });
    };
    const page = await openPanel(browser!, host, 'light');
    await page.waitForFunction(() => document.querySelector('.meter')?.getAttribute('aria-valuenow') === '25');
    assert.equal(await page.locator('.overlay .headline').textContent(), 'Replaying shop.samples.yaml…');
    assert.equal(await page.locator('.overlay .detail').textContent(), '250 of 1,000 events');
    await host.post({ type: 'error', message: 'The model file cannot be read (line 3: bad indentation).' });
    await page.waitForSelector('.overlay [role=alert]');
    await page.click('.overlay button.primary');
    await received(page, host, 'rebuild');

    const empty = ReplayTimeline.build(shop, arraySource([]));
    await host.post({ type: 'init', ...infoOf(empty, 'empty.samples.yaml') });
    await page.waitForFunction(() => document.querySelector('.overlay .headline')?.textContent === 'No events to replay');
    await waitForStep(page, 0, 0);

    await host.post({ type: 'init', ...host.info });
    await page.waitForFunction(() => (document.getElementById('overlay') as HTMLElement).hidden);
    await page.click('#step-forward');
    await page.click('#step-forward');
    await waitForStep(page, 2, 10);
    await host.post({ type: 'replayed', ...host.info });
    await waitForStep(page, 2, 10);
    assert.equal(host.last('select')?.position, 2, 'the rebuilt timeline is asked for the same position');
    await page.close();
  });

  it('revives from its saved state: position, filter and diff view', async () => {
    const timeline = shopTimeline();
    const info = infoOf(timeline, 'shop.samples.yaml');
    const saved: ReplayPanelState = { sampleUri: info.sampleUri, position: 8, filter: { types: ['ShipmentPrepared'], streams: [], text: '', problemsOnly: false }, diff: true, eventsPerSecond: 10 };
    const host = new TestHost(timeline, info);
    const page = await openPanel(browser!, host, 'light', saved);
    await waitForStep(page, 8, 10);
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '1 of 10 events');
    assert.equal(await page.inputValue('#filter-type'), 'ShipmentPrepared');
    assert.equal(await page.inputValue('#speed'), '10');
    assert.ok(await page.locator('.diff-table').count() > 0);
    await waitForRows(page, 1);
    assert.deepEqual((await rowsShown(page)).map((r) => [r.type, r.selected]), [['ShipmentPrepared', true]]);
    await page.close();
  });

  it('looks like a VS Code panel in the light and dark themes (screenshots in .cache)', async () => {
    const timeline = shopTimeline();
    for (const theme of ['light', 'dark'] as const) {
      const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
      const page = await openPanel(browser!, host, theme);
      await waitForStep(page, 0, 10);
      await page.focus('#events');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      await waitForStep(page, 3, 10);
      await screenshot(page, `replay-panel-${theme}.png`);
      await page.click('#show-diff');
      await page.waitForSelector('.diff-table');
      await screenshot(page, `replay-panel-diff-${theme}.png`);
      await page.close();
    }
    // A narrow panel stacks the list above the step, and nothing runs off the side.
    const host = new TestHost(timeline, infoOf(timeline, 'shop.samples.yaml'));
    const narrow = await openPanel(browser!, host, 'dark', undefined, { width: 560, height: 900 });
    await waitForStep(narrow, 0, 10);
    await narrow.click('#step-forward');
    await narrow.click('#step-forward');
    await narrow.click('#step-forward');
    await waitForStep(narrow, 3, 10);
    assert.ok(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
    await screenshot(narrow, 'replay-panel-narrow-dark.png');
    await narrow.close();
  });

  it('stays quick over a million events (time to first draw, to the end, per step)', async function () {
    this.timeout(900_000);
    const source = shopMillion();
    let started = performance.now();
    const timeline = (await buildTimelineInSlices(shop, source, {}, { events: 50_000 }))!;
    const buildMs = performance.now() - started;
    assert.equal(timeline.length, 1_000_000);
    assert.equal(timeline.problemCount, 20);
    // Only the first problems cross, as from a host with a long list: F8 past them asks the host.
    const info = { ...infoOf(timeline, 'shop-million.samples.jsonl'), problems: timeline.problems.slice(0, 5), buildMs: Math.round(buildMs) };
    const host = new TestHost(timeline, info);
    host.sendPrevious = false;
    let initSent = 0;
    host.onReady = async () => {
      await host.post({ type: 'loading', title: info.title });
      initSent = performance.now();
      await host.post({ type: 'init', ...info });
    };
    const page = await openPanel(browser!, host, 'dark');
    await page.waitForFunction(() => document.querySelectorAll('#events .row:not([hidden]):not(.loading)').length > 10 && document.querySelector('.step-title h2'));
    const firstDraw = performance.now() - initSent;

    started = performance.now();
    await page.click('#end');
    await waitForStep(page, 1_000_000, 1_000_000);
    await page.waitForFunction(() => document.querySelector('#events .row.selected:not(.loading) .c-pos')?.textContent === '1,000,000');
    const toEnd = performance.now() - started;
    const dom = await page.evaluate(() => document.querySelectorAll('#events .row').length);
    assert.ok(dom < 80, `only the visible rows are in the DOM (${dom})`);

    // Steps back from the end (each from a checkpoint) and forward again (one event each), by key.
    await page.focus('#events');
    started = performance.now();
    for (let i = 1; i <= 5; i++) {
      await page.keyboard.press('ArrowUp');
      await waitForStep(page, 1_000_000 - i, 1_000_000);
    }
    const perStepBack = (performance.now() - started) / 5;
    started = performance.now();
    for (let i = 4; i >= 1; i--) {
      await page.keyboard.press('ArrowDown');
      await waitForStep(page, 1_000_000 - i, 1_000_000);
    }
    const perStep = (performance.now() - started) / 4;
    // A ShipmentDispatched: its diff comes from its own changes, undone.
    await page.click('#show-diff');
    await page.waitForSelector('.diff-table tr.changed');
    await page.click('#show-state');
    // The host sent 25 of the 16,000 instances (the step's first); the panel draws 24 at first, then the rest.
    assert.equal(await page.locator('.state .cards:not(.wide) > .card').count(), 24);
    await page.locator('.state p.more button', { hasText: 'Show more' }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('.state .cards:not(.wide) > .card').length === 25);
    assert.match((await page.locator('.state p.more').first().textContent())!, /Showing 25 of 16,000 instances/);

    // The middle, by the slider, and scrolling the list there.
    started = performance.now();
    await page.evaluate(() => {
      const s = document.getElementById('slider') as HTMLInputElement;
      s.value = '500000';
      s.dispatchEvent(new Event('input'));
    });
    await waitForStep(page, 500_000, 1_000_000);
    await page.waitForFunction(() => document.querySelector('#events .row.selected:not(.loading) .c-pos')?.textContent === '500,000');
    const toMiddle = performance.now() - started;

    started = performance.now();
    await page.selectOption('#filter-type', 'OrderPlaced');
    await page.waitForFunction(() => document.getElementById('filter-count')?.textContent === '100,000 of 1,000,000 events');
    await page.waitForFunction(() => document.querySelectorAll('#events .row:not([hidden]):not(.loading)').length > 10);
    const filtered = performance.now() - started;
    assert.ok((await rowsShown(page)).every((r) => r.type === 'OrderPlaced'));

    started = performance.now();
    await page.keyboard.press('F8');
    await waitForStep(page, 550_000, 1_000_000);
    const toProblem = performance.now() - started;
    assert.equal(host.last('jumpToProblem')?.from, 500_000);
    assert.match((await page.locator('.problems-section p.more').textContent())!, /first 5 of 20 problems/);
    await screenshot(page, 'replay-panel-million-dark.png');
    console.log(
      `      (1,000,000 shop events: timeline built in ${Math.round(buildMs)} ms; first draw ${Math.round(firstDraw)} ms after init; ` +
        `jump to the end ${Math.round(toEnd)} ms; a step forward ${Math.round(perStep)} ms, back ${Math.round(perStepBack)} ms; to the middle by the slider ${Math.round(toMiddle)} ms; ` +
        `type filter ${Math.round(filtered)} ms; next problem ${Math.round(toProblem)} ms)`,
    );
    // Generous: the machine may be busy; what matters is seconds, not minutes.
    assert.ok(firstDraw < 10_000, `first draw ${firstDraw} ms`);
    assert.ok(toEnd < 20_000, `jump to the end ${toEnd} ms`);
    assert.ok(perStep < 5_000, `a step forward ${perStep} ms`);
    assert.ok(perStepBack < 20_000, `a step back ${perStepBack} ms`);
    await page.close();
  });
});
