/// <reference lib="dom" />
// The Replay panel's real webview bundle in headless Chromium, behind a strict CSP, against a
// host played by the test over the real replay timeline: it draws the examples, steps by button
// and keyboard, shows a diff, filters, shows problems, findings and upcasts, revives from its
// saved state, and stays quick over a million events.
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { parseSamples, ReplayTimeline, buildTimelineInSlices, toReplayEvent, arraySource } from '../../../src/core/index.js';
import type { ReplayFinding, ReplayPanelState } from '../../../src/protocol/replay.js';
import {
  BUNDLE, TestHost, infoOf, loadModel, loadSamples, openPanel, received, rowsShown, screenshot, shopMillion, waitForRows, waitForStep,
} from '../support/replayPanelPage.js';
import { launchChromium } from '../support/chromium.js';

describe('Replay panel webview (headless Chromium, real bundle, real timeline)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  const shop = loadModel('shop');
  const shopEvents = loadSamples('shop', 'shop.samples.yaml');
  const shopTimeline = () => ReplayTimeline.build(shop, arraySource(shopEvents));

  before(async function () {
    browser = await launchChromium(this, BUNDLE);
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
      findingTitles: [...document.querySelectorAll('.findings li .message')].map((m) => (m as HTMLElement).title),
      markers: [...document.querySelectorAll('#events .row.has-problem .c-pos')].map((e) => e.textContent),
      count: document.querySelector('.problems-section summary .count')?.textContent,
    }));
    assert.equal(lists.problems.length, 3);
    assert.match(lists.problems[0]!, /#4.*OrderTeleported.*unknown-event/);
    assert.deepEqual(lists.markers, ['4', '8']);
    assert.equal(lists.count, '5', 'three problems and two findings');
    assert.match(lists.findings[0]!, /#6.*ShipmentApproved can arrive before ShipmentPrepared.*rule/);
    assert.match(lists.findingTitles[0]!, /ShipmentApproved can arrive before ShipmentPrepared\npolicy: ApproveShipmentWhenPaid\norder: by stream/, "the finding's other fields are in its tooltip");
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
