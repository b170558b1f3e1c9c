// Makes sure PostgreSQL's server programs (initdb, pg_ctl, postgres) are on this machine, for the
// tests that run a private server (test/unit/support/postgres.ts calls this before each start).
// Debian's packages put them under /usr/lib/postgresql/<version>/bin, off PATH. When none is there
// and we run as root, Debian's `postgresql` package is installed with apt-get (after an
// `apt-get update` when the first try fails, as a fresh machine has no package lists); otherwise
// it fails and says what to install. Prints the bin folder it found.
//
// POSTGRESQL_LIB_DIR replaces /usr/lib/postgresql, so tests can point it at a folder without one.
//
// Usage: node scripts/postgres/ensure-postgresql.mjs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const PACKAGE = 'postgresql';

/** The folder holding Debian's PostgreSQL versions, `/usr/lib/postgresql` unless overridden. */
export function postgresLibDir(env = process.env) {
  return env.POSTGRESQL_LIB_DIR || '/usr/lib/postgresql';
}

/** Compares version folder names like `9.6`, `15`, `16` numerically, as `sort -V` does. */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The bin folder of the newest version under `libDir` that has initdb and pg_ctl, or undefined. */
export function findPostgresBin(libDir = postgresLibDir()) {
  let versions;
  try {
    versions = fs.readdirSync(libDir).filter((name) => /^\d+(\.\d+)*$/.test(name));
  } catch {
    return undefined;
  }
  versions.sort(compareVersions).reverse();
  for (const version of versions) {
    const bin = path.join(libDir, version, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/** Runs a command and returns its combined output; throws with the output's tail when it fails. */
function runCommand(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) {
    const tail = output.trimEnd().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${tail}`);
  }
  return output;
}

/**
 * Returns the bin folder of PostgreSQL's server programs, installing Debian's `postgresql` first
 * when they are missing and we are root. Throws, saying what to install, when it cannot.
 * `run` and `isRoot` are replaceable so the install logic can be tested without apt-get.
 */
export function ensurePostgresql({
  libDir = postgresLibDir(),
  isRoot = process.getuid?.() === 0,
  run = runCommand,
  say = (message) => console.error(`[ensure-postgresql] ${message}`),
} = {}) {
  const found = findPostgresBin(libDir);
  if (found) return found;
  const hint = `Debian/Ubuntu: apt-get install -y ${PACKAGE} (as root); elsewhere install the PostgreSQL server so that ${path.join(libDir, '<version>', 'bin', 'initdb')} exists`;
  if (!isRoot) throw new Error(`PostgreSQL's initdb was not found under ${libDir}, and only root can install it. ${hint}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', PACKAGE];
  const started = Date.now();
  say(`initdb not found under ${libDir}; installing Debian's ${PACKAGE} with apt-get`);
  try {
    run('apt-get', install, env);
  } catch {
    say('apt-get install failed; running apt-get update and retrying');
    run('apt-get', ['update'], env);
    run('apt-get', install, env);
  }
  const bin = findPostgresBin(libDir);
  if (!bin) throw new Error(`apt-get installed ${PACKAGE} but no <version>/bin/initdb appeared under ${libDir}. ${hint}`);
  say(`installed ${PACKAGE} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${bin}`);
  return bin;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensurePostgresql());
  } catch (err) {
    console.error(`[ensure-postgresql] FAILED: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
