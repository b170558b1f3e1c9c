// Starts a real VS Code workbench for this extension: code-server (VS Code server + web
// workbench, installed by install-code-server.mjs) driven by headless Debian Chromium through
// playwright-core. Shared by run-integration.mjs (tests) and screenshot.mjs (README pictures).
//
// The workbench loads an extension under development (this repo unless told otherwise) and an
// extension-host entry (`extensionTestsPath`) through the URL payload; code-server honours those
// entries only with `--vscode-option enable-smoke-test-driver`. When that entry's run() settles,
// the workbench stops the extension host and calls window.codeAutomationExit(code, logs).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { cacheDir, chromiumPath, codeServerMarker, codeServerPackageDir, nodeExe, repoRoot } from './paths.mjs';
import { listProcessTree, waitForProcessesToEnd } from './processes.mjs';
import { SessionLog, forEachLine, formatConsoleMessage } from './session-log.mjs';
import { withoutNpmEnv } from './without-npm-env.mjs';

/** Quiet, deterministic user settings: no welcome page, telemetry, AI features or update checks. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  // Otherwise an empty secondary side bar (chat) takes a third of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Names accepted for `theme` besides full theme labels. */
const themeAliases = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

/**
 * @typedef {object} WorkbenchOptions
 * @property {string} name                    label for the session folder and log file
 * @property {string} workspace               folder to open (absolute or relative to the repo root)
 * @property {string} extensionTestsPath      extension-host entry whose run() the workbench awaits
 * @property {string} [extensionDevelopmentPath] extension folder loaded as under development
 *           (default: this repo); the .vsix test passes a stub so that only the installed copy runs
 * @property {string} [extensionsDir]         installed-extensions folder for code-server (default:
 *           an empty one in the session folder); must exist, and is left in place by close()
 * @property {Record<string, string> | ((sessionDir: string) => Record<string, string>)} [extensionEnvironment]
 *           env vars for the extension host (a function when they name files in the session folder)
 * @property {Record<string, unknown>} [settings]  user settings merged over the quiet defaults
 * @property {string} [theme]                 'light', 'dark' or a theme label
 * @property {{ width: number, height: number }} [viewport]
 * @property {number} [deviceScaleFactor]     2 for sharper screenshots
 * @property {boolean} [verbose]              echo the filtered log to stderr
 */

/**
 * @typedef {object} Workbench
 * @property {import('playwright-core').Page} page
 * @property {string} sessionDir         private folder of this session (removed by close())
 * @property {string} logFile            filtered log of code-server and the browser
 * @property {Promise<number>} exited    resolves with codeAutomationExit's code
 * @property {Promise<string>} failed    resolves with a reason if code-server or the page dies
 * @property {(message: string) => void} step   prints a timed progress line
 * @property {() => Promise<void>} close stops browser and code-server, checks nothing is left
 */

/** Finds a free loopback port (the small race until code-server binds it is acceptable here). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Removes session folders left by runs that were killed (their pid, the folder's suffix, is gone). */
function removeStaleSessions(sessionsDir) {
  for (const entry of fs.readdirSync(sessionsDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const pid = Number(/-(\d+)$/.exec(entry.name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(sessionsDir, entry.name), { recursive: true, force: true });
    }
  }
}

/**
 * Opens the workbench on a workspace with this repo (or `extensionDevelopmentPath`) as the
 * extension under development.
 * @param {WorkbenchOptions} options
 * @returns {Promise<Workbench>}
 */
export async function openWorkbench(options) {
  const started = Date.now();
  const step = (message) => console.log(`[vscode] ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s ${message}`);

  if (!fs.existsSync(codeServerMarker) || !fs.existsSync(nodeExe)) {
    throw new Error('code-server is not installed: run `node scripts/vscode/install-code-server.mjs` first');
  }
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium`);
  const workspace = path.resolve(repoRoot, options.workspace);
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`workspace folder not found: ${workspace}`);
  if (!fs.existsSync(options.extensionTestsPath)) throw new Error(`extension-host entry not found: ${options.extensionTestsPath}`);
  const extensionDevelopmentPath = path.resolve(repoRoot, options.extensionDevelopmentPath ?? '.');
  if (!fs.existsSync(path.join(extensionDevelopmentPath, 'package.json'))) {
    throw new Error(`extension under development has no package.json: ${extensionDevelopmentPath}`);
  }
  if (options.extensionsDir && !fs.statSync(options.extensionsDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`extensions folder not found: ${options.extensionsDir}`);
  }

  // A fresh private state per session: runs do not see each other's settings, editors or logs,
  // and nothing is written to the home folder.
  const sessionsDir = path.join(cacheDir, 'sessions');
  fs.mkdirSync(sessionsDir, { recursive: true });
  removeStaleSessions(sessionsDir);
  const sessionDir = path.join(sessionsDir, `${options.name}-${process.pid}`);
  fs.rmSync(sessionDir, { recursive: true, force: true });
  const userDataDir = path.join(sessionDir, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const extensionsDir = options.extensionsDir ?? path.join(sessionDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = { ...quietSettings, ...options.settings };
  if (options.theme) settings['workbench.colorTheme'] = themeAliases[options.theme] ?? options.theme;
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const configFile = path.join(sessionDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const logDir = path.join(cacheDir, 'logs');
  const workbenchLogDir = path.join(logDir, `${options.name}-workbench`);
  fs.rmSync(workbenchLogDir, { recursive: true, force: true });
  const log = new SessionLog(path.join(logDir, `${options.name}.log`), { verbose: options.verbose });
  const logFile = log.file;

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const server = spawn(
    nodeExe,
    [
      path.join(codeServerPackageDir, 'out', 'node', 'entry.js'),
      '--bind-addr', authority,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--config', configFile,
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    {
      // Own process group, so close() can end code-server and everything it forked at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // code-server keeps logs and state under XDG folders; keep them inside the session. No npm
      // state from an outer `npm run`: the workbench sees the same environment however started.
      env: {
        ...withoutNpmEnv(process.env),
        XDG_DATA_HOME: path.join(sessionDir, 'xdg-data'),
        XDG_CONFIG_HOME: path.join(sessionDir, 'xdg-config'),
        XDG_CACHE_HOME: path.join(sessionDir, 'xdg-cache'),
      },
    },
  );
  const serverPid = server.pid;
  // Last resort if this process dies without close(): never leave code-server running.
  const killOnExit = () => {
    try {
      process.kill(-serverPid, 'SIGKILL');
    } catch {}
  };
  process.on('exit', killOnExit);
  // Ctrl-C or a CI stop: the same cleanup as a normal end (Playwright's own handlers are off).
  const onSignal = (signal) => {
    console.error(`[vscode] ${signal}: stopping code-server and chromium`);
    close()
      .catch((err) => console.error(`[vscode] cleanup: ${err.message}`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let resolveListening;
  const listening = new Promise((resolve) => (resolveListening = resolve));
  const serverExit = new Promise((resolve) => {
    server.once('exit', (code, signal) => resolve({ code, signal }));
    server.once('error', (err) => resolve({ code: err.message, signal: null }));
  });
  for (const [stream, source] of [[server.stdout, 'code-server'], [server.stderr, 'code-server:err']]) {
    forEachLine(stream, (line) => {
      if (line.includes('HTTP server listening on')) resolveListening();
      log.write(source, line);
    });
  }

  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  let consoleQueue = Promise.resolve();
  let closed = false;
  /** @type {Promise<void> | undefined} */
  let closing;
  // Memoized: a signal handler and a failing startup may both call it; both wait for the one cleanup.
  const close = () => (closing ??= stop());
  const stop = async () => {
    closed = true;
    // code-server's SIGPIPE and hanging-socket complaints after this line are its shutdown.
    log.write('runner', 'closing the browser, then code-server');
    // Everything started for this session: the browser's and code-server's process trees.
    const tracked = listProcessTree(process.pid).filter((pid) => pid !== process.pid);
    await Promise.race([browser?.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
    try {
      process.kill(-serverPid, 'SIGTERM');
    } catch {}
    const left = await waitForProcessesToEnd(tracked, serverPid, 10_000);
    process.off('exit', killOnExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await consoleQueue;
    await log.end();
    if (process.env.EMS_VSCODE_KEEP_SESSION !== '1') fs.rmSync(sessionDir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`processes still running after cleanup (killed with SIGKILL): ${left.join(', ')}`);
    step(`stopped code-server and chromium (${tracked.length} processes, none left)`);
  };

  try {
    let startTimer;
    await Promise.race([
      listening,
      serverExit.then(({ code, signal }) => {
        throw new Error(`code-server exited before listening (code ${code}, signal ${signal}); see ${logFile}`);
      }),
      new Promise((_, reject) => {
        startTimer = setTimeout(() => reject(new Error(`code-server did not listen within 60 s; see ${logFile}`)), 60_000);
      }),
    ]).finally(() => clearTimeout(startTimer));
    step(`code-server ${authority} ready`);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
    });
    page.on('console', (msg) => {
      // Formatting needs async round trips; the queue keeps the log in order.
      consoleQueue = consoleQueue.then(async () => log.write(`browser:${msg.type()}`, await formatConsoleMessage(msg)));
    });
    page.on('pageerror', (err) => log.write('browser:pageerror', err.stack ?? err.message));

    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    // Registered before navigation: the workbench looks it up when the extension host exits.
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
        const target = path.join(workbenchLogDir, relativePath);
        if (!target.startsWith(workbenchLogDir + path.sep)) continue;
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, contents);
      }
      resolveExit(Number(code));
    });
    const failed = Promise.race([
      serverExit.then(({ code, signal }) => `code-server exited unexpectedly (code ${code}, signal ${signal})`),
      new Promise((resolve) => page.once('crash', () => resolve('the workbench page crashed'))),
      new Promise((resolve) => browser?.once('disconnected', () => resolve('chromium disconnected'))),
    ]).then((reason) => (closed ? new Promise(() => {}) : reason));

    const extensionEnvironment =
      typeof options.extensionEnvironment === 'function' ? options.extensionEnvironment(sessionDir) : (options.extensionEnvironment ?? {});
    const remote = (p) => `vscode-remote://${authority}${p.split(path.sep).join('/')}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(options.extensionTestsPath)],
      ['extensionDevelopmentKind', 'workspace'],
      ['skipWelcome', 'true'],
      ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
    ];
    const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    step(`workbench loaded on ${path.relative(repoRoot, workspace) || '.'}`);

    return { page, sessionDir, logFile, exited, failed, step, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
