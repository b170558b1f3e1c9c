// One run of a bundled in-editor test suite: a scratch copy of a workspace, the workbench
// (workbench.mjs) with the suite's run() entry, then each test's result printed from the results
// file the entry writes (test/integration/results.ts). Shared by run-integration.mjs (the
// extension under development) and test-vsix.mjs (the extension installed from its .vsix).
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, repoRoot } from './paths.mjs';
import { openWorkbench } from './workbench.mjs';

/**
 * @typedef {object} TestSessionOptions
 * @property {string} name                   label for the session folder and log file
 * @property {string} workspaceSource        folder copied to a scratch workspace the tests may edit
 * @property {string} testIndex              bundled run() entry (with a .map beside it)
 * @property {number} timeoutSeconds         limit for the whole run, startup included
 * @property {string} [extensionDevelopmentPath]  see workbench.mjs (default: this repo)
 * @property {string} [extensionsDir]        see workbench.mjs (default: an empty one)
 * @property {Record<string, string>} [extensionEnvironment]  extra env for the extension host
 * @property {string} [grep]                 only tests whose full title contains this
 * @property {boolean} [verbose]             echo the filtered log
 */

/** Reads the results the test index wrote (see test/integration/results.ts). */
function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { done: false, tests: [] };
  }
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Maps `<testIndex>:L:C` in a stack to the .ts source through the bundle's .map. */
function sourceMapper(testIndex) {
  let map;
  try {
    map = new SourceMap(JSON.parse(fs.readFileSync(`${testIndex}.map`, 'utf8')));
  } catch {
    return (line) => line;
  }
  // VS Code's extension host shortens paths inside the extension to repo-relative ones.
  const frame = new RegExp(`(?:${escapeRegExp(repoRoot + path.sep)})?${escapeRegExp(path.relative(repoRoot, testIndex))}:(\\d+):(\\d+)`);
  return (line) =>
    line.replace(frame, (whole, l, c) => {
      const entry = map.findEntry(Number(l) - 1, Number(c) - 1);
      if (!entry?.originalSource) return whole;
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(testIndex), entry.originalSource);
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
}

/** The failure in source terms, without harness frames, paths relative to the repo. */
function formatError(error, testIndex) {
  const toSource = sourceMapper(testIndex);
  // Locations in mocha, Node, VS Code and the bundle's glue: never where a test went wrong.
  const harnessLocation = new RegExp(
    `node_modules[\\\\/]mocha|node:internal|\\.vscode-test[\\\\/]|^<anonymous>$|integration-tests:tests|${escapeRegExp(path.relative(repoRoot, testIndex))}`,
  );
  // Only the location is tested: a test's own frame is named `Context.<anonymous>`.
  const location = (frame) => /\(([^()]*)\)\s*$/.exec(frame)?.[1] ?? frame.replace(/^\s+at /, '');
  return String(error ?? '')
    .split('\n')
    .map(toSource)
    .filter((line) => !/^\s+at /.test(line) || !harnessLocation.test(location(line)))
    .map((line) => `      ${line.replaceAll(repoRoot + path.sep, '')}`)
    .join('\n');
}

/**
 * Runs the suite, prints `✓`/`✗` per test, stops every process it started.
 * @param {TestSessionOptions} options
 * @returns {Promise<{ passed: number, failed: number, ok: boolean }>} ok: all passed, at least one ran, clean shutdown
 */
export async function runTestSession(options) {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const workspace = path.join(cacheDir, 'workspaces', `${path.basename(options.workspaceSource)}-${process.pid}`);
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(workspace), { recursive: true });
  fs.cpSync(options.workspaceSource, workspace, { recursive: true });

  let ok = false;
  let passed = 0;
  let failed = 0;
  let workbench;
  try {
    // Inside the session folder, so concurrent runs never share a results file.
    const resultsFile = (dir) => path.join(dir, 'results.json');
    workbench = await openWorkbench({
      name: options.name,
      workspace,
      extensionTestsPath: options.testIndex,
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionsDir: options.extensionsDir,
      verbose: options.verbose,
      extensionEnvironment: (sessionDir) => ({
        EMS_INTEGRATION_RESULTS: resultsFile(sessionDir),
        EMS_REPO_ROOT: repoRoot,
        ...(options.grep ? { EMS_INTEGRATION_GREP: options.grep } : {}),
        ...options.extensionEnvironment,
      }),
    });

    let timer;
    const outcome = await Promise.race([
      workbench.exited.then((code) => ({ code })),
      workbench.failed.then((reason) => ({ reason })),
      new Promise((resolve) => {
        const reason = `timed out after ${options.timeoutSeconds} s waiting for the tests to finish`;
        timer = setTimeout(() => resolve({ reason }), Math.max(0, deadline - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    workbench.step(outcome.reason ? `aborted: ${outcome.reason}` : `tests finished, run() ${outcome.code === 0 ? 'resolved' : 'rejected'}`);

    const results = readResults(resultsFile(workbench.sessionDir));
    if (results.vscodeVersion) workbench.step(`the tests ran inside VS Code ${results.vscodeVersion} (code-server)`);
    for (const t of results.tests) {
      if (t.state === 'passed') {
        passed++;
        console.log(`  ✓ ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
      } else {
        failed++;
        console.log(`  ✗ ${t.title}`);
        console.log(formatError(t.error, options.testIndex));
      }
    }
    if (outcome.reason) console.error(`${options.name} run failed: ${outcome.reason}`);
    else if (!results.done) console.error(`${options.name} run failed: the test index did not report completion`);
    else if (passed + failed === 0) console.error(`${options.name} run failed: no test ran`);
    else if (outcome.code !== 0 && failed === 0) console.error(`${options.name} run failed: run() rejected (exit code ${outcome.code})`);
    if (outcome.reason || !results.done || outcome.code !== 0 || failed > 0 || passed === 0) {
      console.error(`log: ${path.relative(repoRoot, workbench.logFile)}`);
    } else {
      ok = true;
    }
  } catch (err) {
    console.error(`${options.name} run failed: ${err instanceof Error ? err.message : err}`);
  } finally {
    try {
      await workbench?.close();
    } catch (err) {
      console.error(`cleanup: ${err instanceof Error ? err.message : err}`);
      ok = false;
    }
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  return { passed, failed, ok };
}
