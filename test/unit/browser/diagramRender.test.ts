/// <reference lib="dom" />
// The real Mermaid, in headless Chromium, through the real webview bundle: every example, view and
// aggregate filter draws without error, every node is clickable, and hostile names stay text.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseModel, renderDiagram, type DiagramFilter, type DiagramView, type Model } from '../../../src/core/index.js';
import { diagramBodyMarkup } from '../../../src/protocol/diagramMarkup.js';
import { renderMessage, type DiagramToHostMessage } from '../../../src/protocol/diagram.js';
import { FIXTURES, ROOT } from '../support/golden.js';

const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = path.join(ROOT, 'dist/webview/diagram.js');
const STYLE = path.join(ROOT, 'dist/webview/diagram-style.css');

/** Opens a page that plays VS Code's part: the webview markup, a stub API recording messages, the bundle. */
async function openPreviewPage(browser: Browser, theme: 'vscode-light' | 'vscode-dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
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
    if (!existsSync(CHROMIUM) || !existsSync(BUNDLE)) {
      // CI installs Chromium and builds first; elsewhere say why this part did not run.
      if (process.env.CI) throw new Error(`${existsSync(CHROMIUM) ? BUNDLE : CHROMIUM} is missing`);
      this.skip();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
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
    assert.notEqual(await transform(), moved, 'another view is fitted to the window');
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
