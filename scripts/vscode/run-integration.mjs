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
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, testIndex } from './paths.mjs';
import { runTestSession } from './test-session.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    timeout: { type: 'string', default: process.env.EMS_INTEGRATION_TIMEOUT ?? '300' },
    grep: { type: 'string', default: process.env.EMS_INTEGRATION_GREP ?? '' },
    verbose: { type: 'boolean', default: process.env.EMS_VSCODE_VERBOSE === '1' },
  },
});

if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first');
  process.exit(1);
}
if (!fs.existsSync(testIndex)) {
  console.error(`${path.relative(repoRoot, testIndex)} is missing: run \`npm run build:integration\` first`);
  process.exit(1);
}

const { passed, failed, ok } = await runTestSession({
  name: 'integration',
  workspaceSource: path.resolve(repoRoot, positionals[0] ?? 'examples'),
  testIndex,
  timeoutSeconds: Number(values.timeout),
  grep: values.grep,
  verbose: values.verbose,
});
// Printed last, after cleanup: CI reads the closing `N passed, M failed` line.
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
