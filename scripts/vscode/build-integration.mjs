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
import { repoRoot } from './paths.mjs';

const testDir = path.join(repoRoot, 'test', 'integration');
const outDir = path.join(repoRoot, 'out', 'integration');

const testFiles = fs
  .readdirSync(testDir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => f.split(path.sep).join('/'))
  .sort();
if (testFiles.length === 0) throw new Error(`no *.test.ts under ${testDir}`);

/** Resolves `virtual:integration-tests` to a module listing the test files, each loaded lazily. */
const testListPlugin = {
  name: 'integration-test-list',
  setup(build) {
    build.onResolve({ filter: /^virtual:integration-tests$/ }, () => ({ path: 'tests', namespace: 'integration-tests' }));
    build.onLoad({ filter: /.*/, namespace: 'integration-tests' }, () => ({
      // require() inside a thunk: the module body must run after mocha's globals exist.
      contents:
        'export const testModules = [\n' +
        testFiles.map((f) => `  { file: ${JSON.stringify(f)}, load: () => require(${JSON.stringify('./' + f)}) },`).join('\n') +
        '\n];\n',
      resolveDir: testDir,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // mocha's parallel mode (unused here) require.resolve()s worker files; bundling it is harmless.
  logOverride: { 'require-resolve-not-external': 'silent' },
  external: ['vscode'],
};

fs.rmSync(outDir, { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [path.join(testDir, 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    plugins: [testListPlugin],
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
