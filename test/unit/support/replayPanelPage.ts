/// <reference lib="dom" />
// The Replay panel's webview in headless Chromium, as VS Code would show it (the page behind a
// strict CSP, the real bundle), and a test host that answers its messages from a real timeline.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseModel, parseSamples, toReplayEvent, type EventSource, type Model, type ReplayEvent, type ReplayTimeline } from '../../../src/core/index.js';
import {
  ALL_EVENTS, type HostToReplayMessage, type ReplayEntry, type ReplayFinding, type ReplayPanelState, type ReplayStateMessage,
  type ReplayTimelineInfo, type ReplayToHostMessage,
} from '../../../src/protocol/replay.js';
import { FIXTURES, ROOT } from './golden.js';

export const BUNDLE = path.join(ROOT, 'dist/webview/replay.js');
const STYLE = path.join(ROOT, 'dist/webview/replay-style.css');
const SHOTS = path.join(ROOT, '.cache');
const ORIGIN = 'https://replay-webview.test';

export type Theme = 'light' | 'dark';

/**
 * Plays the extension host: answers the webview's messages from a real `ReplayTimeline`, as the
 * panel does (a window of entries, filters by id, the state with the touched targets' previous
 * values), and records what the webview asked for.
 */
export class TestHost {
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

export function loadModel(example: string): Model {
  const parsed = parseModel(readFileSync(path.join(ROOT, 'examples', example, `${example}.events.yaml`), 'utf8'));
  return parsed.model;
}

export function loadSamples(example: string, file: string): ReplayEvent[] {
  const parsed = parseSamples(readFileSync(path.join(ROOT, 'examples', example, file), 'utf8'), file);
  return parsed.events.map(toReplayEvent);
}

export function infoOf(timeline: ReplayTimeline, sampleFile: string, findings: ReplayFinding[] = []): ReplayTimelineInfo {
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
export function shopMillion(): EventSource {
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
export async function openPanel(browser: Browser, host: TestHost, theme: Theme, saved?: ReplayPanelState, viewport = { width: 1280, height: 820 }): Promise<Page> {
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
export async function waitForStep(page: Page, position: number, length: number): Promise<void> {
  const label = `${position.toLocaleString('en-US')} / ${length.toLocaleString('en-US')}`;
  const heading = position === 0 ? 'Before the first event' : `#${position.toLocaleString('en-US')}`;
  await page.waitForFunction(
    ([l, h]) => document.getElementById('position')?.textContent === l && (document.querySelector('.step-title h2')?.textContent ?? '').startsWith(h!),
    [label, heading],
  );
}

/** Waits, frame by frame, until the host has received a message of a type (the exposed function is asynchronous). */
export async function received<T extends ReplayToHostMessage['type']>(page: Page, host: TestHost, type: T, count = 1): Promise<Extract<ReplayToHostMessage, { type: T }>> {
  for (let frames = 0; host.received.filter((m) => m.type === type).length < count; frames++) {
    if (frames > 600) assert.fail(`no ${type} message reached the host`);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  }
  return host.last(type)!;
}

/** Waits until the list shows `count` loaded rows (the host's entries arrived). */
export async function waitForRows(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#events .row:not([hidden]):not(.loading)').length === n, count);
}

export const rowsShown = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#events .row:not([hidden]):not(.loading)')].map((r) => ({
    position: r.querySelector('.c-pos')?.textContent ?? '',
    type: r.querySelector('.c-type')?.textContent ?? '',
    stream: r.querySelector('.c-stream')?.textContent ?? '',
    selected: r.getAttribute('aria-selected') === 'true',
  })));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}
