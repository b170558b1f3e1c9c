// Saves a PNG of the real VS Code workbench with this extension loaded (for the README and for
// checking UI by eye). Needs `npm run build` (dist/extension.js) and the code-server install.
//
// Usage: npm run screenshot -- [options]
//        node scripts/vscode/screenshot.mjs [options]
//   --workspace DIR    folder to open (default examples/), relative to the repo root
//   --open FILE        file to open in an editor, relative to the workspace; repeatable
//   --command ID       VS Code command to run after opening, e.g. workbench.actions.view.problems; repeatable
//   --keys KEYS        key chord pressed in the page afterwards, e.g. Control+Shift+M; repeatable
//   --wait-for SEL     CSS selector that must be visible before the shot; repeatable
//   --wait-for-webview SEL  the same, inside any webview (the extension's panels); repeatable
//   --reload           once the selectors show, reload the window (files and commands are not run
//                      again), then wait and shoot: shows what VS Code restores, panels included
//   --theme T          light, dark or a theme label (default dark)
//   --setting K=JSON   extra user setting, e.g. editor.fontSize=14; repeatable
//   --size WxH         viewport (default 1280x800); --scale N device pixel ratio (default 1)
//   --clip SEL         shoot only this element instead of the whole page
//   --out FILE         PNG path (default .vscode-test/screenshots/workbench.png)
//   --timeout S        overall limit (default 120)
//   --verbose          echo the filtered code-server/browser log (always in .vscode-test/logs/)
// Example: npm run screenshot -- --open shop/shop.events.yaml --command workbench.actions.view.problems \
//            --wait-for .markers-panel --theme light --out docs/images/problems.png
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, repoRoot } from './paths.mjs';
import { openWorkbench } from './workbench.mjs';

const { values } = parseArgs({
  options: {
    workspace: { type: 'string', default: 'examples' },
    open: { type: 'string', multiple: true, default: [] },
    command: { type: 'string', multiple: true, default: [] },
    keys: { type: 'string', multiple: true, default: [] },
    'wait-for': { type: 'string', multiple: true, default: [] },
    'wait-for-webview': { type: 'string', multiple: true, default: [] },
    reload: { type: 'boolean', default: false },
    theme: { type: 'string', default: 'dark' },
    setting: { type: 'string', multiple: true, default: [] },
    size: { type: 'string', default: '1280x800' },
    scale: { type: 'string', default: '1' },
    clip: { type: 'string' },
    out: { type: 'string', default: path.join(cacheDir, 'screenshots', 'workbench.png') },
    timeout: { type: 'string', default: '120' },
    verbose: { type: 'boolean', default: process.env.EMS_VSCODE_VERBOSE === '1' },
  },
});

const [width, height] = values.size.split('x').map(Number);
if (!width || !height) throw new Error(`--size must look like 1280x800, got ${values.size}`);
const settings = Object.fromEntries(
  values.setting.map((s) => {
    const eq = s.indexOf('=');
    if (eq < 0) throw new Error(`--setting must look like key=json, got ${s}`);
    const raw = s.slice(eq + 1);
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw; // plain strings need no quotes
    }
    return [s.slice(0, eq), value];
  }),
);
const out = path.resolve(values.out);
const deadline = Date.now() + Number(values.timeout) * 1000;

/** Resolves when the host entry has written its status file (watched, not polled). */
function waitForStatus(file) {
  return new Promise((resolve) => {
    const read = () => {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        return undefined; // not written yet, or mid-write
      }
    };
    const watcher = fs.watch(path.dirname(file), () => {
      const status = read();
      if (status) {
        watcher.close();
        resolve(status);
      }
    });
    const status = read();
    if (status) {
      watcher.close();
      resolve(status);
    }
  });
}

/** Waits until some frame of the page (webviews are nested iframes) shows `selector`. */
async function waitInFrames(page, selector) {
  for (;;) {
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${selector} in a webview`);
    // Frames come and go while a panel loads: each round waits briefly on every current frame.
    const found = await Promise.any(
      page.frames().map((f) => f.waitForSelector(selector, { state: 'visible', timeout: Math.min(2000, remaining()) }).then(() => true)),
    ).catch(() => false);
    if (found) return;
  }
}

function remaining() {
  return Math.max(1, deadline - Date.now());
}

let exitCode = 1;
let workbench;
try {
  const statusFile = (dir) => path.join(dir, 'screenshot-status.json');
  workbench = await openWorkbench({
    name: 'screenshot',
    workspace: values.workspace,
    extensionTestsPath: path.join(repoRoot, 'scripts', 'vscode', 'screenshot-host.cjs'),
    extensionEnvironment: (sessionDir) => ({
      EMS_SCREENSHOT_PLAN: JSON.stringify({ open: values.open, commands: values.command, statusFile: statusFile(sessionDir), reload: values.reload }),
    }),
    settings,
    theme: values.theme,
    viewport: { width, height },
    deviceScaleFactor: Number(values.scale),
    verbose: values.verbose,
  });
  const { page } = workbench;

  let timer;
  const status = await Promise.race([
    waitForStatus(statusFile(workbench.sessionDir)),
    workbench.exited.then((code) => ({ state: 'error', message: `the host entry exited with code ${code}` })),
    workbench.failed.then((message) => ({ state: 'error', message })),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve({ state: 'error', message: `timed out after ${values.timeout} s` }), remaining());
    }),
  ]);
  clearTimeout(timer);
  if (status.state !== 'ready') throw new Error(status.message);
  workbench.step(`opened ${values.open.length} file(s), ran ${values.command.length} command(s)`);

  for (const keys of values.keys) await page.keyboard.press(keys);
  const selectors = [...values['wait-for']];
  if (values.open.length > 0) selectors.push('.editor-group-container .monaco-editor .view-lines');
  for (const selector of selectors) await page.waitForSelector(selector, { state: 'visible', timeout: remaining() });
  for (const selector of values['wait-for-webview']) await waitInFrames(page, selector);
  if (values.reload) {
    fs.writeFileSync(`${statusFile(workbench.sessionDir)}.reload-now`, '');
    await waitForStatus(`${statusFile(workbench.sessionDir)}.reloaded`);
    workbench.step('reloaded the window');
    for (const selector of selectors) await page.waitForSelector(selector, { state: 'visible', timeout: remaining() });
    for (const selector of values['wait-for-webview']) await waitInFrames(page, selector);
  }
  // Fonts and one painted frame, so the picture shows the settled layout.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));

  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (values.clip) await page.locator(values.clip).first().screenshot({ path: out, timeout: remaining() });
  else await page.screenshot({ path: out });
  workbench.step(`saved ${path.relative(process.cwd(), out)}`);
  exitCode = 0;
} catch (err) {
  console.error(`screenshot failed: ${err instanceof Error ? err.message : err}`);
  if (workbench) console.error(`log: ${path.relative(repoRoot, workbench.logFile)}`);
} finally {
  try {
    await workbench?.close();
  } catch (err) {
    console.error(`cleanup: ${err instanceof Error ? err.message : err}`);
    exitCode = 1;
  }
}
process.exit(exitCode);
