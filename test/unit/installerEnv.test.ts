import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './support/golden.js';

type Env = Record<string, string | undefined>;
type CleanEnv = Record<string, string>;

const withoutNpmEnvModule = pathToFileURL(path.join(ROOT, 'scripts/vscode/without-npm-env.mjs')).href;
const installerModule = pathToFileURL(path.join(ROOT, 'scripts/vscode/install-code-server.mjs')).href;
const pathsModule = pathToFileURL(path.join(ROOT, 'scripts/vscode/paths.mjs')).href;

// The scripts are plain ES modules without type declarations: loaded by URL, typed here.
const load = async () => ({
  ...((await import(withoutNpmEnvModule)) as { withoutNpmEnv(env: Env): CleanEnv; registryAccessSettings: string[] }),
  ...((await import(installerModule)) as { codeServerInstallEnv(env?: Env): CleanEnv }),
  ...((await import(pathsModule)) as { nodeBinDir: string; nodePackageDir: string }),
});

/** What npm puts into a script's environment; none of it may reach the nested install. */
function npmLeftovers(env: CleanEnv, registryAccessSettings: string[]): string[] {
  const kept = new Set(['npm_config_nodedir', ...registryAccessSettings.map((name) => `npm_config_${name}`)]);
  const keys = Object.keys(env).filter((key) => (/^npm_/i.test(key) && !kept.has(key.toLowerCase())) || ['INIT_CWD', 'NODE', 'COLOR'].includes(key));
  const pathEntries = (env.PATH ?? '').split(path.delimiter).filter((entry) => /node_modules[/\\]\.bin$|node-gyp-bin$/.test(entry));
  return [...keys, ...pathEntries.map((entry) => `PATH entry ${entry}`)];
}

describe('installer environment: the nested code-server install inherits no npm state', () => {
  it('under `npm run`, the env handed to the nested npm has no npm_config_* (but nodedir), npm_lifecycle_*, npm_package_*, INIT_CWD or NODE, and Node 24 first on PATH', async () => {
    const { registryAccessSettings, nodeBinDir, nodePackageDir } = await load();
    const dir = mkdtempSync(path.join(tmpdir(), 'ems-installer-env-'));
    try {
      // A throwaway package whose script prints its own environment and the one the installer
      // would hand to `npm install code-server`: npm itself injects everything under test.
      writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'installer-env-probe', version: '1.2.3', private: true, scripts: { probe: 'node probe.mjs' } }),
      );
      writeFileSync(
        path.join(dir, 'probe.mjs'),
        `const { codeServerInstallEnv } = await import(${JSON.stringify(installerModule)});\n` +
          `console.log(JSON.stringify({ inherited: process.env, nested: codeServerInstallEnv() }));\n`,
      );
      const registry = process.env.npm_config_registry ?? 'https://registry.npmjs.org/';
      const r = spawnSync('npm', ['run', '--silent', '--omit=dev', '--node-options=--no-deprecation', 'probe'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 15_000,
        // A user's registry setting, as a CI job pointing npm at a mirror would give it.
        env: { ...process.env, npm_config_registry: registry, npm_config_update_notifier: 'false' },
      });
      assert.equal(r.status, 0, `npm run probe failed: ${r.error?.message ?? r.stderr}`);
      const { inherited, nested } = JSON.parse(r.stdout) as { inherited: CleanEnv; nested: CleanEnv };

      // npm really did inject its state into the installer's environment...
      assert.match(inherited.npm_config_user_agent ?? '', /^npm\/\S+ node\/v\d+/);
      assert.equal(inherited.npm_lifecycle_event, 'probe');
      assert.equal(inherited.npm_package_name, 'installer-env-probe');
      assert.ok(inherited.npm_node_execpath && inherited.NODE && inherited.INIT_CWD && inherited.npm_config_node_gyp);
      assert.equal(inherited.NODE_OPTIONS, '--no-deprecation');
      assert.equal(inherited.NODE_ENV, 'production');
      assert.ok(inherited.PATH?.split(path.delimiter).includes(path.join(dir, 'node_modules', '.bin')));

      // ...and none of it reaches the nested install.
      assert.deepEqual(npmLeftovers(nested, registryAccessSettings), []);
      assert.equal(nested.npm_config_user_agent, undefined);
      assert.equal(nested.NODE_OPTIONS, undefined);
      assert.equal(nested.NODE_ENV, undefined);
      assert.equal(nested.npm_config_nodedir, nodePackageDir);
      assert.equal(nested.npm_config_registry, registry);
      const [first, ...rest] = (nested.PATH ?? '').split(path.delimiter);
      assert.equal(first, nodeBinDir);
      const inheritedPath = new Set(inherited.PATH?.split(path.delimiter));
      assert.deepEqual(rest.filter((entry) => !inheritedPath.has(entry)), [], 'PATH gains nothing but Node 24');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outside an npm script the environment is copied as it is, the user’s npm_config_* included', async () => {
    const { withoutNpmEnv } = await load();
    const env = { PATH: '/repo/node_modules/.bin:/usr/bin', npm_config_omit: 'dev', NODE_ENV: 'production', HOME: '/home/u', UNSET: undefined };
    assert.deepEqual(withoutNpmEnv(env), { PATH: '/repo/node_modules/.bin:/usr/bin', npm_config_omit: 'dev', NODE_ENV: 'production', HOME: '/home/u' });
  });

  it('keeps the user’s own NODE_OPTIONS, NODE_ENV, PATH folders and registry settings under npm', async () => {
    const { withoutNpmEnv, codeServerInstallEnv, nodePackageDir } = await load();
    const env = {
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_lifecycle_event: 'test',
      npm_config_user_agent: 'npm/11.0.0 node/v20.0.0 linux x64 workspaces/false',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_REGISTRY: 'https://mirror.example/npm/',
      npm_config_https_proxy: 'http://proxy.example:3128',
      NODE_OPTIONS: '--max-old-space-size=4096',
      NODE_ENV: 'production',
      PATH: ['/repo/node_modules/.bin', '/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/opt/tools/bin', '/usr/bin'].join(path.delimiter),
    };
    assert.deepEqual(withoutNpmEnv(env), {
      NPM_CONFIG_REGISTRY: 'https://mirror.example/npm/',
      npm_config_https_proxy: 'http://proxy.example:3128',
      NODE_OPTIONS: '--max-old-space-size=4096',
      NODE_ENV: 'production',
      PATH: ['/opt/tools/bin', '/usr/bin'].join(path.delimiter),
    });
    assert.equal(codeServerInstallEnv(env).npm_config_nodedir, nodePackageDir, 'the machine’s nodedir gives way to Node 24’s');
    assert.equal(env.npm_config_nodedir, '/usr', 'the input is left alone');
  });
});
