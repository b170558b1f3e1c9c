import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './support/golden.js';
import { startPostgres } from './support/postgres.js';

type Run = (cmd: string, args: string[], env: Record<string, string | undefined>) => string;
interface EnsureOptions {
  libDir?: string;
  isRoot?: boolean;
  run?: Run;
  say?: (message: string) => void;
}

const script = path.join(ROOT, 'scripts/postgres/ensure-postgresql.mjs');

// The script is a plain ES module without type declarations: loaded by URL, typed here.
const load = async () =>
  (await import(pathToFileURL(script).href)) as {
    findPostgresBin(libDir: string): string | undefined;
    ensurePostgresql(options?: EnsureOptions): string;
  };

/** Fake server programs under `<libDir>/<version>/bin`; each prints a line and exits with `status`. */
function fakeVersion(libDir: string, version: string, programs = ['initdb', 'pg_ctl'], status = 0): string {
  const bin = path.join(libDir, version, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const program of programs) {
    const file = path.join(bin, program);
    writeFileSync(file, `#!/bin/sh\necho "${program}: simulated, exit ${status}" >&2\nexit ${status}\n`);
    chmodSync(file, 0o755);
  }
  return bin;
}

describe('ensure-postgresql: PostgreSQL for the tests, installed when missing', () => {
  let libDir: string;
  beforeEach(() => {
    libDir = mkdtempSync(path.join(tmpdir(), 'ems-pglib-'));
    // As root the server programs run as `postgres`, which must reach the fake ones.
    chmodSync(libDir, 0o755);
  });
  afterEach(() => rmSync(libDir, { recursive: true, force: true }));

  it('finds the newest version that has initdb and pg_ctl, comparing versions as numbers', async () => {
    const { findPostgresBin } = await load();
    assert.equal(findPostgresBin(libDir), undefined);
    fakeVersion(libDir, '9.6');
    fakeVersion(libDir, '10');
    const fifteen = fakeVersion(libDir, '15');
    fakeVersion(libDir, '16', ['pg_ctl']); // a client-only leftover: no initdb
    mkdirSync(path.join(libDir, 'extras'));
    assert.equal(findPostgresBin(libDir), fifteen);
    assert.equal(findPostgresBin(path.join(libDir, 'missing')), undefined);
  });

  it('when installed, returns the bin folder and runs nothing', async () => {
    const { ensurePostgresql } = await load();
    const bin = fakeVersion(libDir, '15');
    const run: Run = () => assert.fail('nothing to install');
    assert.equal(ensurePostgresql({ libDir, isRoot: true, run, say: () => {} }), bin);
  });

  it('when missing and not root, fails saying what to install', async () => {
    const { ensurePostgresql } = await load();
    const run: Run = () => assert.fail('only root installs');
    assert.throws(() => ensurePostgresql({ libDir, isRoot: false, run, say: () => {} }), /initdb was not found under .*apt-get install -y postgresql/s);
  });

  it('when missing and root, installs Debian\'s postgresql, updating the package lists when the first try fails', async () => {
    const { ensurePostgresql } = await load();
    const calls: string[] = [];
    let bin = '';
    const run: Run = (cmd, args, env) => {
      calls.push(`${cmd} ${args.join(' ')}`);
      assert.equal(env.DEBIAN_FRONTEND, 'noninteractive');
      // A fresh machine: no package lists until `apt-get update`.
      if (calls.length === 1) throw new Error('E: Unable to locate package postgresql');
      if (args[0] === 'install') bin = fakeVersion(libDir, '15');
      return '';
    };
    assert.equal(ensurePostgresql({ libDir, isRoot: true, run, say: () => {} }), path.join(libDir, '15', 'bin'));
    assert.equal(bin, path.join(libDir, '15', 'bin'));
    assert.deepEqual(calls, [
      'apt-get install -y --no-install-recommends postgresql',
      'apt-get update',
      'apt-get install -y --no-install-recommends postgresql',
    ]);
  });

  it('fails when apt-get succeeds but no initdb appears', async () => {
    const { ensurePostgresql } = await load();
    assert.throws(() => ensurePostgresql({ libDir, isRoot: true, run: () => '', say: () => {} }), /apt-get installed postgresql but no <version>\/bin\/initdb appeared/);
  });

  it('as a command, prints the bin folder, or exits 1 with the reason (POSTGRESQL_LIB_DIR points it elsewhere)', () => {
    const bin = fakeVersion(libDir, '15');
    const found = spawnSync(process.execPath, [script], { env: { ...process.env, POSTGRESQL_LIB_DIR: libDir }, encoding: 'utf8' });
    assert.equal(found.status, 0, found.stderr);
    assert.equal(found.stdout.trim(), bin);

    // Not root, nothing installed: run as `postgres` when we are root, so no apt-get happens here.
    rmSync(path.join(libDir, '15'), { recursive: true });
    const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', process.execPath] : [process.execPath];
    const missing = spawnSync(asUser[0]!, [...asUser.slice(1), script], { env: { ...process.env, POSTGRESQL_LIB_DIR: libDir }, encoding: 'utf8', cwd: tmpdir() });
    assert.equal(missing.status, 1, missing.stderr);
    assert.match(missing.stderr, /FAILED: PostgreSQL's initdb was not found under .* apt-get install -y postgresql/);
  });

  it('startPostgres fails with the reason, and leaves no folder, when the server cannot be set up', async () => {
    fakeVersion(libDir, '15', ['initdb', 'pg_ctl'], 1);
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('ems-pg-')));
    const saved = process.env.POSTGRESQL_LIB_DIR;
    process.env.POSTGRESQL_LIB_DIR = libDir;
    try {
      await assert.rejects(startPostgres(), /PostgreSQL did not start .*initdb: simulated, exit 1/s);
    } finally {
      if (saved === undefined) delete process.env.POSTGRESQL_LIB_DIR;
      else process.env.POSTGRESQL_LIB_DIR = saved;
    }
    const left = readdirSync(tmpdir()).filter((name) => name.startsWith('ems-pg-') && !before.has(name));
    assert.deepEqual(left.filter((name) => existsSync(path.join(tmpdir(), name))), []);
  });
});
