import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DiagramResult, DiagramView } from '../core/index.js';
import { diagramBodyMarkup } from '../protocol/diagramMarkup.js';
import { renderMessage, type DiagramToHostMessage } from '../protocol/diagram.js';

/** Where Chromium usually is; EVENT_MODEL_CHROMIUM names another. */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export type SvgOutcome = { ok: true; svg: string } | { ok: false; reason: string };

/**
 * Draws a diagram to SVG with the real Mermaid: the preview's own webview bundle in headless
 * Chromium, driven by playwright-core. Both are optional; without them the reason says what to install.
 */
export async function renderSvg(result: DiagramResult, view: DiagramView): Promise<SvgOutcome> {
  const chromium = process.env.EVENT_MODEL_CHROMIUM ?? CHROMIUM_CANDIDATES.find((c) => existsSync(c));
  if (!chromium || !existsSync(chromium)) {
    return { ok: false, reason: 'SVG export draws with Mermaid in headless Chromium, and no Chromium was found: install it (for example `apt-get install chromium`) or set EVENT_MODEL_CHROMIUM to its path. .mmd and .md need no browser.' };
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = require('playwright-core') as typeof import('playwright-core');
  } catch {
    return { ok: false, reason: 'SVG export drives Chromium with the npm package playwright-core, which is not installed: `npm install playwright-core`. .mmd and .md need no browser.' };
  }
  // Beside the bundled CLI (dist/cli.js), or built from the sources (running from src/cli).
  const bundle = [path.join(__dirname, 'webview', 'diagram.js'), path.join(__dirname, '..', '..', 'dist', 'webview', 'diagram.js')].find((b) => existsSync(b)) ?? path.join(__dirname, 'webview', 'diagram.js');
  if (!existsSync(bundle)) return { ok: false, reason: `the diagram renderer ${bundle} is missing: run \`npm run build\`.` };

  const browser = await playwright.chromium.launch({
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(`<!DOCTYPE html><html><body class="vscode-light">${diagramBodyMarkup()}</body></html>`);
    // The webview's VS Code API, played by the page: messages are collected for us to read.
    await page.evaluate(`window.__sent = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), getState: () => undefined, setState: () => {} });`);
    await page.addScriptTag({ content: readFileSync(bundle, 'utf8') });
    const message = renderMessage(result, view);
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    const answer = (await (
      await page.waitForFunction(`window.__sent.find((m) => m.type === 'rendered' || m.type === 'renderError')`, undefined, { timeout: 60_000 })
    ).jsonValue()) as DiagramToHostMessage;
    if (answer.type !== 'rendered') return { ok: false, reason: `Mermaid could not draw the diagram: ${answer.type === 'renderError' ? answer.message : answer.type}` };
    const svg = (await page.evaluate(`new XMLSerializer().serializeToString(document.querySelector('#canvas svg'))`)) as string;
    return { ok: true, svg: svg.replace(/ data-ems-node="[^"]*"| tabindex="0"| role="button"/g, '') + '\n' };
  } finally {
    await browser.close();
  }
}
