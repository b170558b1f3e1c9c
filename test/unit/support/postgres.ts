import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT } from './golden.js';

const execFileAsync = promisify(execFile);

/** A private PostgreSQL server for one test file: its own folder, a unix socket there, no TCP. */
export interface PostgresServer {
  /** For `pg` and Emmett's event store: the socket folder goes in `host=`. */
  connectionString: string;
  /** The folder holding the data directory, the log and the socket. */
  folder: string;
  /** The postmaster's process id, to check that nothing is left after `stop()`. */
  pid: number;
  /** Stops the server (fast shutdown) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

const ensureModule = pathToFileURL(path.join(ROOT, 'scripts/postgres/ensure-postgresql.mjs')).href;

// The script is a plain ES module without type declarations: loaded by URL, typed here.
async function postgresBin(): Promise<string> {
  const { ensurePostgresql } = (await import(ensureModule)) as { ensurePostgresql(): string };
  return ensurePostgresql();
}

/** The server refuses to run as root, so as root every server program runs as `postgres`. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root, but there is no `postgres` system user to run the server as (Debian\'s postgresql package creates it)');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isProcessRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function logTail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '(no log)';
}

/**
 * Starts a private PostgreSQL server in a new temporary folder (installing Debian's PostgreSQL
 * first when it is missing and we are root; see scripts/postgres/ensure-postgresql.mjs). Resolves
 * once the server accepts connections; rejects with the reason when it cannot start.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await postgresBin();
  const user = serverUser();
  const folder = mkdtempSync(path.join(tmpdir(), 'ems-pg-'));
  if (user) chownSync(folder, user.uid, user.gid);
  const data = path.join(folder, 'data');
  const log = path.join(folder, 'log');
  const command = (program: string, args: string[]): [string, string[]] =>
    user ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]] : [path.join(bin, program), args];
  // The folder as working directory: as `postgres`, the caller's one may not be readable.
  const run = (program: string, args: string[]) => execFileAsync(...command(program, args), { cwd: folder });
  const stopSync = () => {
    spawnSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), { cwd: folder, stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true });
  };
  // A test run that ends early (an exception, Ctrl-C) still takes its server down.
  const onSignal = (signal: NodeJS.Signals) => {
    stopSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const unregister = () => {
    process.off('exit', stopSync);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', stopSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    // No TCP at all (listen_addresses empty): the socket in the private folder is the only way in.
    // fsync off: the data is thrown away after the test anyway.
    await run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-k '${folder}' -c listen_addresses='' -c fsync=off`, 'start']);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const tail = logTail(log);
    stopSync();
    unregister();
    throw new Error(`PostgreSQL did not start (${bin}): ${reason}\nserver log:\n${tail}`);
  }
  const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);

  let stopped = false;
  return {
    connectionString: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(folder)}`,
    folder,
    pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      } catch (err) {
        // pg_ctl failed or timed out: end it the hard way, but say so.
        stopSync();
        throw new Error(`pg_ctl stop failed: ${err instanceof Error ? err.message : String(err)}\nserver log:\n${logTail(log)}`);
      } finally {
        rmSync(folder, { recursive: true, force: true });
        unregister();
      }
    },
  };
}
