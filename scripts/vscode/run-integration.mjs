// Runs the integration tests inside a real VS Code (code-server + headless Chromium).
// Builds nothing: `npm run build` (dist/extension.js) and `npm run build:integration`
// (out/integration/index.js) come first; `npm run test:integration` does all of it.
//
// Usage: node scripts/vscode/run-integration.mjs [workspace-folder] [--timeout SECONDS] [--grep TEXT] [--verbose]
//   workspace-folder  folder opened in the workbench (default: examples/); the tests get a fresh
//                     copy of it, so they may create and edit files without touching the repo
//   --timeout         overall limit for the run (default 300 s, env EMS_INTEGRATION_TIMEOUT)
//   --grep            only tests whose full title contains TEXT (env EMS_INTEGRATION_GREP)
//   --verbose         echo the filtered code-server/browser log (always in .vscode-test/logs/)
// Prints each test, then `N passed, M failed`; exits 1 on any failure, if no test ran, or on timeout.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot, testIndex } from './paths.mjs';
import { openWorkbench } from './workbench.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    timeout: { type: 'string', default: process.env.EMS_INTEGRATION_TIMEOUT ?? '300' },
    grep: { type: 'string', default: process.env.EMS_INTEGRATION_GREP ?? '' },
    verbose: { type: 'boolean', default: process.env.EMS_VSCODE_VERBOSE === '1' },
  },
});
const workspaceSource = path.resolve(repoRoot, positionals[0] ?? 'examples');
const workspace = path.join(repoRoot, '.vscode-test', 'workspaces', `${path.basename(workspaceSource)}-${process.pid}`);
fs.rmSync(workspace, { recursive: true, force: true });
fs.mkdirSync(path.dirname(workspace), { recursive: true });
fs.cpSync(workspaceSource, workspace, { recursive: true });
// One deadline for the whole run, startup included.
const deadline = Date.now() + Number(values.timeout) * 1000;

if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first');
  process.exit(1);
}
if (!fs.existsSync(testIndex)) {
  console.error(`${path.relative(repoRoot, testIndex)} is missing: run \`npm run build:integration\` first`);
  process.exit(1);
}

/** Reads the results the test index wrote (see test/integration/results.ts). */
function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { done: false, tests: [] };
  }
}

/** Maps `out/integration/index.js:L:C` in a stack to the .ts source through the bundle's .map. */
function sourceMapper() {
  let map;
  try {
    map = new SourceMap(JSON.parse(fs.readFileSync(`${testIndex}.map`, 'utf8')));
  } catch {
    return (line) => line;
  }
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // VS Code's extension host shortens paths inside the extension to repo-relative ones.
  const frame = new RegExp(`(?:${escape(repoRoot + path.sep)})?${escape(path.relative(repoRoot, testIndex))}:(\\d+):(\\d+)`);
  return (line) =>
    line.replace(frame, (whole, l, c) => {
      const entry = map.findEntry(Number(l) - 1, Number(c) - 1);
      if (!entry?.originalSource) return whole;
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(testIndex), entry.originalSource);
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
}

/** Stack frames of mocha, Node, VS Code and the bundle's glue: never where a test went wrong. */
const harnessFrame = /node_modules[\\/]mocha|node:internal|\.vscode-test[\\/]|<anonymous>|integration-tests:tests|out[\\/]integration[\\/]index\.js/;

/** The failure in source terms, without harness frames, paths relative to the repo. */
function formatError(error) {
  const toSource = sourceMapper();
  return String(error ?? '')
    .split('\n')
    .map(toSource)
    .filter((line) => !/^\s+at /.test(line) || !harnessFrame.test(line))
    .map((line) => `      ${line.replaceAll(repoRoot + path.sep, '')}`)
    .join('\n');
}

let exitCode = 1;
let workbench;
// Printed last, after cleanup: CI reads the closing `N passed, M failed` line.
let summary = '0 passed, 0 failed';
try {
  // Inside the session folder, so concurrent runs never share a results file.
  const resultsFile = (dir) => path.join(dir, 'results.json');
  workbench = await openWorkbench({
    name: 'integration',
    workspace,
    extensionTestsPath: testIndex,
    verbose: values.verbose,
    extensionEnvironment: (sessionDir) => ({
      EMS_INTEGRATION_RESULTS: resultsFile(sessionDir),
      EMS_REPO_ROOT: repoRoot,
      ...(values.grep ? { EMS_INTEGRATION_GREP: values.grep } : {}),
    }),
  });

  let timer;
  const outcome = await Promise.race([
    workbench.exited.then((code) => ({ code })),
    workbench.failed.then((reason) => ({ reason })),
    new Promise((resolve) => {
      const reason = `timed out after ${values.timeout} s waiting for the tests to finish`;
      timer = setTimeout(() => resolve({ reason }), Math.max(0, deadline - Date.now()));
    }),
  ]);
  clearTimeout(timer);
  workbench.step(outcome.reason ? `aborted: ${outcome.reason}` : `tests finished, run() ${outcome.code === 0 ? 'resolved' : 'rejected'}`);

  const results = readResults(resultsFile(workbench.sessionDir));
  let passed = 0;
  let failed = 0;
  for (const t of results.tests) {
    if (t.state === 'passed') {
      passed++;
      console.log(`  ✓ ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
    } else {
      failed++;
      console.log(`  ✗ ${t.title}`);
      console.log(formatError(t.error));
    }
  }
  if (outcome.reason) console.error(`integration run failed: ${outcome.reason}`);
  else if (!results.done) console.error('integration run failed: the test index did not report completion');
  else if (passed + failed === 0) console.error('integration run failed: no test ran');
  else if (outcome.code !== 0 && failed === 0) console.error(`integration run failed: run() rejected (exit code ${outcome.code})`);
  if (outcome.reason || !results.done || outcome.code !== 0 || failed > 0 || passed === 0) {
    console.error(`log: ${path.relative(repoRoot, workbench.logFile)}`);
  } else {
    exitCode = 0;
  }
  summary = `${passed} passed, ${failed} failed`;
} catch (err) {
  console.error(`integration run failed: ${err instanceof Error ? err.message : err}`);
} finally {
  try {
    await workbench?.close();
  } catch (err) {
    console.error(`cleanup: ${err instanceof Error ? err.message : err}`);
    exitCode = 1;
  }
  fs.rmSync(workspace, { recursive: true, force: true });
}
console.log(summary);
process.exit(exitCode);
