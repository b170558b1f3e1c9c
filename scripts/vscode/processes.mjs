// Process bookkeeping through /proc (Linux only, as is the code-server setup): lets the runner
// prove that no code-server or chromium process outlives it.
import * as fs from 'node:fs';

/** @typedef {{ pid: number, ppid: number, pgrp: number, state: string, comm: string }} ProcInfo */

/**
 * Processes from /proc; zombies (already dead, not yet reaped by their parent) only when asked.
 * @param {{ zombies?: boolean }} [options]
 */
export function listProcesses({ zombies = false } = {}) {
  /** @type {ProcInfo[]} */
  const result = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const [state, ppid, pgrp] = stat.slice(close + 2).split(' ');
    if (!zombies && (state === 'Z' || state === 'X')) continue;
    result.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), state, comm: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return result;
}

/** The pid and all live descendants of `rootPid`. */
export function listProcessTree(rootPid) {
  const procs = listProcesses();
  const tree = new Set([rootPid]);
  // Parents may have larger pids than children after pid wrap-around: repeat until stable.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

/** Processes (zombies included) among `pids` or in process group `pgid`. */
function survivors(pids, pgid) {
  const wanted = new Set(pids);
  return listProcesses({ zombies: true }).filter((p) => wanted.has(p.pid) || p.pgrp === pgid);
}

const isZombie = (p) => p.state === 'Z' || p.state === 'X';

/**
 * Waits until every process in `pids` and in group `pgid` has ended; past `timeoutMs` the live
 * rest are killed with SIGKILL. Returns descriptions of those that had to be killed (empty when clean).
 * Chromium's helpers, orphaned when its main process exits first, stay zombies until pid 1 reaps
 * them: they are waited for briefly (so `ps` is clean afterwards) but are never counted as left.
 */
export async function waitForProcessesToEnd(pids, pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const zombieDeadline = Date.now() + Math.min(timeoutMs, 3000);
  let left = survivors(pids, pgid);
  const done = () =>
    left.every(isZombie) && (left.length === 0 || Date.now() >= zombieDeadline);
  // Polling /proc is the only way to see a process that is not our child end.
  while (!done() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = survivors(pids, pgid);
  }
  const live = left.filter((p) => !isZombie(p));
  for (const p of live) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
  }
  return live.map((p) => `${p.pid} (${p.comm})`);
}
