/// <reference lib="dom" />
// The real Mermaid, in headless Chromium, through the real webview bundle: every example, view and
// aggregate filter draws without error, every node is clickable, and hostile names stay text; and in
// a 520 x 800 panel the diagram opens readable, Fit fits, and the cursor's node comes into view.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { allElements, parseModel, renderDiagram, type DiagramFilter, type DiagramView, type Model } from '../../../src/core/index.js';
import { diagramBodyMarkup } from '../../../src/protocol/diagramMarkup.js';
import { renderMessage, type DiagramElementChoice, type DiagramToHostMessage } from '../../../src/protocol/diagram.js';
import { launchChromium } from '../support/chromium.js';
import { FIXTURES, ROOT } from '../support/golden.js';

const BUNDLE = path.join(ROOT, 'dist/webview/diagram.js');
const STYLE = path.join(ROOT, 'dist/webview/diagram-style.css');

/** Opens a page that plays VS Code's part: the webview markup, a stub API recording messages, the bundle. */
async function openPreviewPage(browser: Browser, theme: 'vscode-light' | 'vscode-dark', viewport = { width: 1200, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.setContent(`<!DOCTYPE html><html><head><style>${readFileSync(STYLE, 'utf8')}</style></head><body class="${theme}">${diagramBodyMarkup()}</body></html>`);
  // A string, not a function: the test runner's compiler would wrap named functions in helpers
  // that do not exist in the page.
  await page.evaluate(`
    window.__sent = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__sent.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.addScriptTag({ content: readFileSync(BUNDLE, 'utf8') });
  await page.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'ready'));
  return page;
}

/** Sends one diagram and waits for the webview's answer: drawn, or a render error. */
async function draw(page: Page, model: Model, view: DiagramView, filter: DiagramFilter = {}): Promise<{ answer: DiagramToHostMessage; nodeIds: string[] }> {
  const result = renderDiagram(model, { view, filter });
  const message = renderMessage(result, view, {
    filter,
    title: 'test',
    aggregates: [...model.aggregates.keys()],
    projections: [...model.projections.keys()],
    elements: [...allElements(model)].filter((e): e is Exclude<typeof e, { kind: 'type' }> => e.kind !== 'type').map((e): DiagramElementChoice => ({ kind: e.kind, name: e.name })),
  });
  const before = await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length);
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  const handle = await page.waitForFunction(
    (n) => (window as unknown as { __sent: Array<{ type: string }> }).__sent.slice(n).find((m) => m.type === 'rendered' || m.type === 'renderError'),
    before,
  );
  return { answer: (await handle.jsonValue()) as DiagramToHostMessage, nodeIds: message.nodeIds };
}

function examples(): Array<{ name: string; model: Model }> {
  return readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, model: parseModel(readFileSync(path.join(ROOT, 'examples', name, `${name}.events.yaml`), 'utf8')).model }));
}

describe('diagrams in the real Mermaid (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    browser = await launchChromium(this, BUNDLE);
    page = await openPreviewPage(browser, 'vscode-light');
  });

  after(async () => {
    await browser?.close();
  });

  for (const { name, model } of examples()) {
    const cases: Array<[DiagramView, DiagramFilter, string]> = [
      ['flow', {}, 'flow'],
      ['timeline', {}, 'timeline'],
      ...[...model.aggregates.keys()].map((a): [DiagramView, DiagramFilter, string] => ['flow', { aggregate: a }, `aggregate ${a}`]),
    ];
    for (const [view, filter, label] of cases) {
      it(`${name}: ${label}`, async () => {
        const { answer, nodeIds } = await draw(page, model, view, filter);
        assert.equal(answer.type, 'rendered', JSON.stringify(answer));
        const dom = await page.evaluate(() => ({
          svg: document.querySelectorAll('#canvas svg').length,
          errors: document.querySelectorAll('#canvas .error-icon, #canvas .error-text').length,
          clickable: [...new Set([...document.querySelectorAll('[data-ems-node]')].map((e) => e.getAttribute('data-ems-node')))],
          banner: (document.getElementById('banner') as HTMLElement).hidden,
        }));
        assert.equal(dom.svg, 1);
        assert.equal(dom.errors, 0, 'no Mermaid error element');
        assert.ok(nodeIds.length > 0);
        if (view === 'flow') assert.deepEqual([...dom.clickable].sort(), [...nodeIds].sort(), 'every node is drawn and clickable');
        else assert.deepEqual([...dom.clickable].sort(), [...new Set(nodeIds)].sort(), 'every timeline element has a clickable box');
      });
    }
  }

  it('hostile names and descriptions render as literal text and run nothing', async () => {
    const hostile = path.join(FIXTURES, 'diagrams/hostile.events.yaml');
    const model = parseModel(readFileSync(hostile, 'utf8')).model;
    for (const view of ['flow', 'timeline'] as const) {
      const { answer } = await draw(page, model, view);
      assert.equal(answer.type, 'rendered', JSON.stringify(answer));
      const dom = await page.evaluate(() => ({
        scripts: document.querySelectorAll('#canvas script, #canvas foreignObject script, #canvas iframe').length,
        handlers: [...document.querySelectorAll('#canvas *')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
        links: document.querySelectorAll('#canvas a[href^="javascript"]').length,
        text: document.getElementById('canvas')!.textContent ?? '',
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      }));
      assert.equal(dom.scripts, 0, 'no script element');
      assert.equal(dom.handlers, 0, 'no event handler attribute');
      assert.equal(dom.links, 0);
      assert.equal(dom.pwned, undefined, 'nothing executed');
      if (view === 'flow') assert.match(dom.text, /<script>/, 'the markup shows as text');
    }
  });

  it('keeps pan and zoom when the same view is drawn again, and fits a new view', async () => {
    const model = examples().find((e) => e.name === 'bank')!.model;
    await draw(page, model, 'flow');
    const transform = () => page.evaluate(() => (document.getElementById('canvas') as HTMLElement).style.transform);
    await page.focus('#frame');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    const moved = await transform();
    await draw(page, model, 'flow');
    assert.equal(await transform(), moved, 'an update of the same view keeps the viewport');
    const saved = await page.evaluate(() => (window as unknown as { __state: { viewport: unknown } }).__state.viewport);
    assert.ok(saved, 'the viewport is saved with setState');
    await draw(page, model, 'timeline');
    assert.notEqual(await transform(), moved, 'another view opens anew');
  });

  it('draws in the dark theme too, and reports the largest example render time', async () => {
    const dark = await openPreviewPage(browser!, 'vscode-dark');
    const largest = examples().sort((a, b) => b.model.events.size + b.model.commands.size - (a.model.events.size + a.model.commands.size))[0]!;
    const { answer } = await draw(dark, largest.model, 'flow');
    assert.equal(answer.type, 'rendered');
    if (answer.type === 'rendered') console.log(`      (${largest.name}, flow: ${answer.nodeCount} nodes drawn in ${answer.durationMs} ms)`);
    await dark.close();
  });
});

/**
 * Measures in the page (a string, for the same reason as the stub API): the on-screen height of every
 * line of text in the drawn SVG, the applied scale, and which nodes lie outside the panel's frame.
 */
const MEASURE = `
  window.__measure = {
    scale() {
      const m = /scale\\(([^)]+)\\)/.exec(document.getElementById('canvas').style.transform);
      return m ? Number(m[1]) : 1;
    },
    text() {
      const heights = [];
      const walker = document.createTreeWalker(document.querySelector('#canvas svg'), NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim() || n.parentElement.closest('style')) continue;
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.height > 0) heights.push({ onScreen: r.height, text: n.textContent.slice(0, 40) });
      }
      heights.sort((a, b) => a.onScreen - b.onScreen);
      return { count: heights.length, smallest: heights[0] };
    },
    rectOf(id) {
      const el = document.querySelector('[data-ems-node="' + CSS.escape(id) + '"]');
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    },
    inFrame(r) {
      const f = document.getElementById('frame').getBoundingClientRect();
      return r.left >= f.left - 0.5 && r.top >= f.top - 0.5 && r.right <= f.right + 0.5 && r.bottom <= f.bottom + 0.5;
    },
    nodes() {
      return [...document.querySelectorAll('[data-ems-node]')].map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-ems-node'), inside: window.__measure.inFrame(r) };
      });
    },
  };
`;

interface Measure {
  scale(): number;
  text(): { count: number; smallest: { onScreen: number; text: string } | undefined };
  nodes(): Array<{ id: string; inside: boolean }>;
}
const measure = (page: Page) => page.evaluate(() => {
  const m = (window as unknown as { __measure: Measure }).__measure;
  return { scale: m.scale(), text: m.text(), nodes: m.nodes() };
});

describe('the diagram in a 520 x 800 panel (headless Chromium, real bundle)', function () {
  this.timeout(120_000);
  const PANEL = { width: 520, height: 800 };
  let browser: Browser | undefined;
  let page: Page;
  const all = examples();
  const byName = (name: string) => all.find((e) => e.name === name)!.model;
  // The largest example: the most elements drawn.
  const largest = [...all].sort((a, b) => [...allElements(b.model)].length - [...allElements(a.model)].length)[0]!;

  before(async function () {
    browser = await launchChromium(this, BUNDLE);
  });

  beforeEach(async () => {
    if (!browser) return;
    page = await openPreviewPage(browser, 'vscode-light', PANEL);
    await page.evaluate(MEASURE);
  });

  afterEach(async () => {
    await page?.close();
  });

  after(async () => {
    await browser?.close();
  });

  it('says it is loading until the first diagram, with no empty pickers', async () => {
    const before = await page.evaluate(() => ({
      toolbarLoading: document.getElementById('toolbar')!.classList.contains('loading'),
      controls: getComputedStyle(document.querySelector('#toolbar .controls')!).visibility,
      note: !(document.getElementById('loading') as HTMLElement).hidden,
      status: document.getElementById('status-text')!.textContent,
    }));
    assert.deepEqual(before, { toolbarLoading: true, controls: 'hidden', note: true, status: 'Loading the diagram…' });
    await draw(page, byName('shop'), 'flow');
    const after = await page.evaluate(() => ({
      controls: getComputedStyle(document.querySelector('#toolbar .controls')!).visibility,
      note: !(document.getElementById('loading') as HTMLElement).hidden,
      hintInDiagram: document.querySelector('#frame .hint') !== null,
      status: document.getElementById('status-text')!.textContent,
    }));
    assert.equal(after.controls, 'visible');
    assert.equal(after.note, false);
    assert.equal(after.hintInDiagram, false, 'no hint over the diagram');
    assert.match(after.status ?? '', /click one to show it in the model/, 'the hint is in the status line');
  });

  for (const [label, name, view] of [
    ['the shop flow', 'shop', 'flow'],
    [`the largest example's timeline (${largest.name})`, largest.name, 'timeline'],
  ] as const) {
    it(`${label} opens with its text at least 11 px high on screen, and something in view`, async () => {
      const { answer } = await draw(page, byName(name), view);
      assert.equal(answer.type, 'rendered');
      const m = await measure(page);
      assert.ok(m.text.count > 10, 'text was measured');
      const smallest = m.text.smallest!;
      console.log(`      (${name} ${view}: scale ${m.scale.toFixed(3)}, smallest text ${smallest.onScreen.toFixed(1)} px on screen: "${smallest.text}"; ${m.nodes.filter((n) => n.inside).length} of ${m.nodes.length} nodes in view)`);
      assert.ok(smallest.onScreen >= 11, `smallest text "${smallest.text}" is ${smallest.onScreen.toFixed(2)} px high at scale ${m.scale}`);
      assert.ok(m.nodes.some((n) => n.inside), 'at least one node is wholly in view');
    });
  }

  for (const { name } of all) {
    for (const view of ['flow', 'timeline'] as const) {
      it(`${name} ${view}: after Fit no node is outside the panel`, async () => {
        await draw(page, byName(name), view);
        await page.click('#fit');
        await page.waitForFunction(() => (window as unknown as { __measure: Measure }).__measure.nodes().every((n) => n.inside));
        const m = await measure(page);
        assert.ok(m.nodes.length > 0);
        assert.deepEqual(m.nodes.filter((n) => !n.inside), []);
        const overview = await page.evaluate(() => (document.getElementById('minimap') as HTMLElement).hidden);
        assert.equal(overview, true, 'no overview when the whole diagram is in view');
      });
    }
  }

  for (const view of ['flow', 'timeline'] as const) {
    it(`${view}: moving the highlight to a node outside the view brings it inside, highlighted`, async () => {
      await draw(page, byName('shop'), view);
      const outside = (await measure(page)).nodes.filter((n) => !n.inside);
      assert.ok(outside.length > 0, 'the diagram is larger than the panel');
      // The farthest node out: the last one in drawing order.
      const target = outside[outside.length - 1]!.id;
      await page.evaluate((id) => window.postMessage({ type: 'highlight', nodeId: id }, '*'), target);
      await page.waitForFunction((id) => {
        const m = (window as unknown as { __measure: Measure }).__measure;
        return m.nodes().some((n) => n.id === id && n.inside);
      }, target);
      const marked = await page.evaluate((id) => [...document.querySelectorAll('.ems-highlight')].map((e) => e.getAttribute('data-ems-node')).every((n) => n === id) && document.querySelectorAll('.ems-highlight').length > 0, target);
      assert.ok(marked, 'the node is highlighted');
      const glow = await page.evaluate(() => getComputedStyle(document.querySelector('.ems-highlight')!).filter);
      assert.match(glow, /drop-shadow/, 'with a glow');
      const after = await measure(page);
      assert.ok(after.text.smallest!.onScreen >= 11, 'still readable');
    });
  }

  it('a diagram that does not fit opens at the cursor\'s node when the host names one first', async () => {
    const model = byName('shop');
    // Where the shop flow opens without a cursor: the nodes out of view then.
    await draw(page, model, 'flow');
    const outside = (await measure(page)).nodes.filter((n) => !n.inside);
    const target = outside[outside.length - 1]!.id;
    const fresh = await openPreviewPage(browser!, 'vscode-light', PANEL);
    try {
      await fresh.evaluate(MEASURE);
      await fresh.evaluate((id) => window.postMessage({ type: 'highlight', nodeId: id }, '*'), target);
      await draw(fresh, model, 'flow');
      const m = await measure(fresh);
      assert.ok(m.nodes.find((n) => n.id === target)?.inside, `${target} is in view at open`);
      assert.ok(m.text.smallest!.onScreen >= 11, 'at a readable size');
    } finally {
      await fresh.close();
    }
  });

  it('the overview appears when the diagram is larger than the panel, and a click on it moves the view', async () => {
    await draw(page, byName('shop'), 'flow');
    assert.equal(await page.evaluate(() => (document.getElementById('minimap') as HTMLElement).hidden), false);
    const before = await page.evaluate(() => document.getElementById('canvas')!.style.transform);
    const box = (await page.locator('#minimap canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width - 3, box.y + box.height - 3);
    await page.waitForFunction((t) => document.getElementById('canvas')!.style.transform !== t, before);
    const m = await measure(page);
    const last = m.nodes.filter((n) => n.inside);
    assert.ok(last.length > 0, 'nodes in view at the bottom-right');
  });

  it('the focus picker is searched by typing, and a focus opens on its neighbourhood at a readable size', async () => {
    const model = byName('shop');
    await draw(page, model, 'flow');
    const options = await page.evaluate(() => [...document.querySelectorAll('#focus-list option')].map((o) => (o as HTMLOptionElement).value));
    assert.ok(options.includes('OrderPlaced'), 'the elements are offered as suggestions');
    const sent = await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length);
    await page.click('#focus');
    await page.keyboard.type('orderpla');
    await page.keyboard.press('Enter');
    const filter = await page.waitForFunction(
      (n) => (window as unknown as { __sent: Array<{ type: string; filter?: unknown }> }).__sent.slice(n).find((m) => m.type === 'changeFilter')?.filter,
      sent,
    );
    assert.deepEqual(await filter.jsonValue(), { focus: 'OrderPlaced' });
    await draw(page, model, 'flow', { focus: 'OrderPlaced' });
    const m = await measure(page);
    assert.ok(m.text.smallest!.onScreen >= 11, 'readable');
    assert.ok(m.nodes.find((n) => n.id === 'evt_OrderPlaced')?.inside, 'the focused element is in view');
    // Escape clears the focus.
    await page.focus('#focus');
    await page.keyboard.press('Escape');
    const cleared = await page.waitForFunction(
      (n) => (window as unknown as { __sent: Array<{ type: string; filter?: unknown }> }).__sent.slice(n).filter((m) => m.type === 'changeFilter').at(-1)?.filter,
      sent + 1,
    );
    assert.deepEqual(await cleared.jsonValue(), {});
  });

  it('the flow takes the direction that fits the panel better, and the toolbar button turns it', async () => {
    // The bank flow is wider than the 520 px panel left to right, and nearly fits.
    await draw(page, byName('bank'), 'flow');
    const shown = () => page.evaluate(() => {
      const r = document.querySelector('#canvas svg')!.getBoundingClientRect();
      const scale = Number(/scale\(([^)]+)\)/.exec(document.getElementById('canvas')!.style.transform)![1]);
      const f = document.getElementById('frame')!.getBoundingClientRect();
      return {
        fit: Math.min((f.width - 32) / (r.width / scale), (f.height - 32) / (r.height / scale)),
        pressed: document.getElementById('direction')!.getAttribute('aria-pressed'),
      };
    });
    const auto = await shown();
    assert.equal(auto.pressed, 'true', 'top to bottom in a tall panel');
    const before = await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length);
    await page.click('#direction');
    await page.waitForFunction((n) => (window as unknown as { __sent: Array<{ type: string }> }).__sent.slice(n).some((m) => m.type === 'rendered'), before);
    const turned = await shown();
    assert.equal(turned.pressed, 'false');
    assert.ok(auto.fit > turned.fit, `the chosen direction fits larger (${auto.fit.toFixed(3)} > ${turned.fit.toFixed(3)})`);
    assert.equal(await page.evaluate(() => (window as unknown as { __state: { direction?: string } }).__state.direction), 'LR', 'the choice is kept');
  });

  it('exports a light SVG on a white background, from the dark theme too', async () => {
    const dark = await openPreviewPage(browser!, 'vscode-dark', PANEL);
    try {
      await draw(dark, byName('bank'), 'flow');
      await dark.evaluate(() => window.postMessage({ type: 'exportSvg', requestId: 7 }, '*'));
      const handle = await dark.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string; requestId?: number }> }).__sent.find((m) => m.type === 'svg' && m.requestId === 7));
      const { svg } = (await handle.jsonValue()) as { svg?: string };
      assert.ok(svg?.startsWith('<svg'), 'an SVG');
      assert.match(svg!, /<rect [^>]*fill="#ffffff" class="ems-background"/, 'a white background');
      const wellFormed = await dark.evaluate((text) => new DOMParser().parseFromString(text, 'image/svg+xml').getElementsByTagName('parsererror').length === 0, svg!);
      assert.ok(wellFormed, 'well-formed XML, as an .svg file must be');
      assert.doesNotMatch(svg!, /#252526|#1e1e1e/i, 'none of the dark defaults');
      assert.doesNotMatch(svg!, /data-ems-node|ems-highlight/, 'none of the panel\'s own marks');
      // The panel still shows the dark drawing.
      const shown = await dark.evaluate(() => document.querySelector('#canvas svg')!.outerHTML);
      assert.doesNotMatch(shown, /ems-background/);
    } finally {
      await dark.close();
    }
  });
});
