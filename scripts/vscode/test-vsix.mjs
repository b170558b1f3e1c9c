// Proves the packaged extension works: checks the .vsix's file list and size, installs it with
// code-server's own CLI into a fresh, private extensions folder, then runs test/vsix inside the
// workbench with only a stub as the extension under development, so the installed copy is what
// runs. `npm run test:vsix` packages first (`npm run package`); this script builds only test/vsix.
//
// Usage: node scripts/vscode/test-vsix.mjs [--vsix FILE] [--timeout SECONDS] [--verbose]
//   --vsix     the package to test (default: <name>-<version>.vsix in the repo root)
//   --timeout  limit for the in-editor run (default 300 s, env EMS_INTEGRATION_TIMEOUT)
//   --verbose  echo the filtered code-server/browser log (always in .vscode-test/logs/)
// Prints each check, then `N passed, M failed`; exits 1 on any failure.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findTestFiles, testBundleOptions, testListPlugin } from './bundle-tests.mjs';
import { cacheDir, codeServerMarker, codeServerPackageDir, nodeExe, repoRoot } from './paths.mjs';
import { runTestSession } from './test-session.mjs';
import { checkVsixFiles, readZipEntries } from './vsix-contents.mjs';
import { withoutNpmEnv } from './without-npm-env.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const defaultVsix = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
const { values } = parseArgs({
  options: {
    vsix: { type: 'string', default: defaultVsix },
    timeout: { type: 'string', default: process.env.EMS_INTEGRATION_TIMEOUT ?? '300' },
    verbose: { type: 'boolean', default: process.env.EMS_VSCODE_VERBOSE === '1' },
  },
});

/**
 * Budgets that catch a bundled dependency tree or shipped source maps; raise them on purpose
 * when a feature needs it. The webview panels (Mermaid) will be most of the package.
 */
const maxVsixBytes = 3 * 1024 * 1024;
// The host bundle carries the language server's client library (vscode-languageclient) since the
// server took over the language features; the same 800 KB cap as test/unit/bundle.test.ts.
const maxExtensionJsBytes = 800 * 1024;

const testDir = path.join(repoRoot, 'test', 'vsix');
const testIndex = path.join(repoRoot, 'out', 'vsix', 'index.js');
const extensionId = `${manifest.publisher}.${manifest.name}`;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

let passed = 0;
let failed = 0;
/** Prints a host-side check like the in-editor tests are printed; returns whether it held. */
function check(title, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`  ✓ ${title}`);
    return true;
  }
  failed++;
  console.log(`  ✗ ${title}`);
  for (const p of problems) console.log(`      ${p}`);
  return false;
}

/** Installs the .vsix with code-server's CLI, run by the Node 24 the workbench uses. */
function installVsix(vsix, installDir, extensionsDir) {
  const r = spawnSync(
    nodeExe,
    [
      path.join(codeServerPackageDir, 'out', 'node', 'entry.js'),
      '--install-extension', vsix,
      '--extensions-dir', extensionsDir,
      '--user-data-dir', path.join(installDir, 'user-data'),
      '--config', path.join(installDir, 'config.yaml'),
    ],
    {
      encoding: 'utf8',
      timeout: 120_000,
      // As in workbench.mjs: code-server's logs and state stay out of the home folder, and no npm
      // state from an outer `npm run` reaches it.
      env: {
        ...withoutNpmEnv(process.env),
        XDG_DATA_HOME: path.join(installDir, 'xdg-data'),
        XDG_CONFIG_HOME: path.join(installDir, 'xdg-config'),
        XDG_CACHE_HOME: path.join(installDir, 'xdg-cache'),
      },
    },
  );
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error || r.status !== 0) return [`code-server --install-extension failed (${r.error?.message ?? `exit ${r.status}`}):`, output];
  const folder = path.join(extensionsDir, `${extensionId}-${manifest.version}`);
  if (!fs.existsSync(path.join(folder, 'package.json'))) return [`${path.basename(folder)} is not in the extensions folder; code-server said:`, output];
  return [];
}

if (!fs.existsSync(values.vsix)) {
  console.error(`${values.vsix} is missing: run \`npm run package\` first (or \`npm run test:vsix\`)`);
  process.exit(1);
}
const builtExtension = path.join(repoRoot, 'dist', 'extension.js');
// Only for the repo's own package: one given with --vsix is tested as it is.
if (values.vsix === defaultVsix && fs.existsSync(builtExtension) && fs.statSync(values.vsix).mtimeMs < fs.statSync(builtExtension).mtimeMs) {
  console.error(`${path.basename(values.vsix)} is older than dist/extension.js: run \`npm run package\` to test what would ship`);
  process.exit(1);
}
if (!fs.existsSync(codeServerMarker)) {
  console.error('code-server is not installed: run `node scripts/vscode/install-code-server.mjs` first');
  process.exit(1);
}

// 1. The package itself.
const entries = readZipEntries(values.vsix);
const vsixBytes = fs.statSync(values.vsix).size;
const extensionJs = entries.find((e) => e.name === 'extension/dist/extension.js');
console.log(`${path.relative(repoRoot, values.vsix)}: ${kb(vsixBytes)}, ${entries.length} files`);
for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
// The panels load their bundles by path at run time, so no manifest entry names them.
const webviewDir = path.join(repoRoot, 'dist', 'webview');
const webviewBundles = fs.existsSync(webviewDir)
  ? fs.readdirSync(webviewDir, { recursive: true }).map((f) => `dist/webview/${String(f).split(path.sep).join('/')}`).filter((f) => !f.endsWith('.map') && fs.statSync(path.join(repoRoot, f)).isFile())
  : [];
check(`the .vsix holds only what a user needs (${entries.length} files)`, checkVsixFiles(entries, manifest, webviewBundles));
check(`the .vsix is ${kb(vsixBytes)} (budget ${kb(maxVsixBytes)})`, vsixBytes > maxVsixBytes ? ['over budget'] : []);
check(
  `dist/extension.js in it is ${kb(extensionJs?.size ?? 0)}, ${kb(extensionJs?.compressedSize ?? 0)} compressed (budget ${kb(maxExtensionJsBytes)})`,
  !extensionJs ? ['missing'] : extensionJs.size > maxExtensionJsBytes ? ['over budget'] : [],
);

// 2. Installed by VS Code's own machinery into a folder nothing else uses. Under sessions/ with
// this pid, so workbench.mjs removes it if this run is killed before its own cleanup.
const installDir = path.join(cacheDir, 'sessions', `vsix-install-${process.pid}`);
fs.rmSync(installDir, { recursive: true, force: true });
fs.mkdirSync(installDir, { recursive: true });
fs.writeFileSync(path.join(installDir, 'config.yaml'), 'auth: none\ncert: false\n');
// Real path: the extension host reports extensionPath resolved, and the test compares prefixes.
const extensionsDir = path.join(fs.realpathSync(installDir), 'extensions');
fs.mkdirSync(extensionsDir);
const installStarted = Date.now();
const installProblems = installVsix(values.vsix, installDir, extensionsDir);
const installed = check(`code-server --install-extension installs ${extensionId} (${((Date.now() - installStarted) / 1000).toFixed(1)} s)`, installProblems);

// 3. The installed copy inside the workbench.
if (installed) {
  const testFiles = findTestFiles(testDir);
  await esbuild.build({
    ...testBundleOptions,
    entryPoints: [path.join(testDir, 'index.ts')],
    outfile: testIndex,
    plugins: [testListPlugin(testDir, testFiles)],
  });
  // esbuild's service process would outlive the build, and the workbench's cleanup rightly
  // reports every child still running as left behind.
  await esbuild.stop();
  console.log(`built ${path.relative(repoRoot, testIndex)} with ${testFiles.join(', ')} (${elapsed()})`);
  const session = await runTestSession({
    name: 'vsix',
    workspaceSource: path.join(repoRoot, 'examples'),
    testIndex,
    timeoutSeconds: Number(values.timeout),
    // A stub with no code: VS Code runs extension tests only with some extension under development.
    extensionDevelopmentPath: path.join(testDir, 'host'),
    extensionsDir,
    extensionEnvironment: { EMS_VSIX_EXTENSIONS_DIR: extensionsDir },
    verbose: values.verbose,
  });
  passed += session.passed;
  failed += session.failed;
  if (!session.ok && session.failed === 0) failed++; // a run that broke before any test failed
}

if (process.env.EMS_VSCODE_KEEP_SESSION !== '1') fs.rmSync(installDir, { recursive: true, force: true });
console.log(`done in ${elapsed()}`);
// Printed last, after cleanup: CI reads the closing `N passed, M failed` line.
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
