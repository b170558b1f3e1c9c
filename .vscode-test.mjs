// Configuration for @vscode/test-cli: the same integration suite in desktop VS Code
// (`npm run test:integration:electron`). It downloads VS Code, so it needs internet; on machines
// without it use `npm run test:integration` (code-server + headless Chromium) instead.
// test-cli brings its own mocha and loads the per-file bundles from `npm run build:integration`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/integration/tests/**/*.test.js',
  // The smoke test pins the VS Code version that code-server 4.139.1 ships.
  version: '1.139.1',
  workspaceFolder: './examples',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 20_000 },
});
