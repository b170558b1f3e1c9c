// Bundles the integration tests with esbuild (`npm run build:integration`):
//   out/integration/index.js        run() entry with mocha and every *.test.ts bundled in; used by
//                                   the code-server runner and any @vscode/test-electron runner.
//                                   Its .map lets run-integration.mjs print stacks in .ts terms
//                                   (VS Code's own Error.prepareStackTrace bypasses Node's mapping).
//   out/integration/tests/*.test.js one file per test, mocha left to the runner; used by
//                                   @vscode/test-cli (.vscode-test.mjs), which brings its own mocha.
// `vscode` stays external: the extension host provides it.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTestFiles, testBundleOptions as common, testListPlugin } from './bundle-tests.mjs';
import { repoRoot } from './paths.mjs';

const testDir = path.join(repoRoot, 'test', 'integration');
const outDir = path.join(repoRoot, 'out', 'integration');
const testFiles = findTestFiles(testDir);

fs.rmSync(outDir, { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [path.join(testDir, 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    plugins: [testListPlugin(testDir, testFiles)],
  }),
  esbuild.build({
    ...common,
    entryPoints: testFiles.map((f) => path.join(testDir, f)),
    outdir: path.join(outDir, 'tests'),
    outbase: testDir,
    external: ['vscode', 'mocha'],
  }),
]);
console.log(`built ${path.relative(repoRoot, outDir)}/index.js with ${testFiles.length} test file(s): ${testFiles.join(', ')}`);
