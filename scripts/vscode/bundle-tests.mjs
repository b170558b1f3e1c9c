// esbuild pieces shared by the bundles of in-editor test suites (build-integration.mjs for
// test/integration, test-vsix.mjs for test/vsix): one run() entry with mocha and the suite's
// *.test.ts files bundled in, so nothing is resolved from disk inside the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The `*.test.ts` files under `testDir`, as sorted `/`-separated relative paths. */
export function findTestFiles(testDir) {
  const files = fs
    .readdirSync(testDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.ts under ${testDir}`);
  return files;
}

/**
 * Resolves `virtual:integration-tests` (imported by test/integration/index.ts) to a module
 * listing `testFiles` of `testDir`, each loaded lazily.
 * @returns {import('esbuild').Plugin}
 */
export function testListPlugin(testDir, testFiles) {
  return {
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
}

/**
 * Options for a Node bundle run by the extension host. Its .map lets the runner print stacks in
 * .ts terms (VS Code's own Error.prepareStackTrace bypasses Node's mapping).
 * `vscode` stays external: the extension host provides it.
 * @type {import('esbuild').BuildOptions}
 */
export const testBundleOptions = {
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
