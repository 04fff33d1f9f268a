import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { treeKillCommand, type TreeKillCommand } from '../../platform/tree-kill.js';

/** Rounds of "find descendants, kill them": a fork bomb's last children appear after their parents die. */
const MAX_ROUNDS = 50;
const ROUND_PAUSE_MS = 10;

/**
 * Kills a process and everything it started, including descendants that left its process group
 * (setsid), as long as `pid` has not exited. On Linux the descendants are found through /proc parent
 * links and killed first, while the root (the harness's subreaper) still holds the orphans of killed
 * ones; then the root's process group, the root included.
 * What this cannot reach: a process whose parent chain to the root was cut before the kill (its
 * parent died and the subreaper was not there, e.g. because user code killed the harness's
 * supervisor), and anything started through another process (a daemon, cron, systemd).
 * `rootFirst`, for a root whose death ends everything below it (a sandbox that takes its PID namespace down with
 * it): the root is killed before what is below it, so that it cannot act on its child's death (util-linux 2.38's
 * `unshare --kill-child` writes an error of its own to the stderr it shares with the program, which is not the
 * program's output), then what was below it a moment before (a child that had not yet asked for its parent's
 * death signal), then its group; all in one tick, before Node can reap the root and free its pid for another
 * process to take.
 * On Windows, `taskkill /T` kills the tree as far as Windows records parents.
 */
export async function killProcessTree(pid: number, { rootFirst = false } = {}): Promise<void> {
  const command = treeKillCommand(pid, process.platform);
  if (command !== undefined) return runTreeKill(command);
  if (rootFirst) {
    const descendants = findDescendants(pid);
    sigkill(pid);
    for (const descendant of descendants) sigkill(descendant);
    killProcessGroup(pid);
    return;
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const descendants = findDescendants(pid);
    if (descendants.length === 0) break;
    for (const descendant of descendants) sigkill(descendant);
    await sleep(ROUND_PAUSE_MS);
  }
  killProcessGroup(pid);
}

/** Kills the group a detached child leads; safe after the leader has exited (the group id is not reused while in use). */
export function killProcessGroup(leader: number): void {
  if (process.platform !== 'win32') sigkill(-leader);
}

function sigkill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}

/** Live descendants of `root` (zombies are dead already); empty where there is no /proc. */
function findDescendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, parent, zombie } of readProcessTable()) {
    if (zombie) continue;
    const siblings = children.get(parent) ?? [];
    siblings.push(pid);
    children.set(parent, siblings);
  }
  const found: number[] = [];
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    const next = children.get(pid) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function readProcessTable(): { pid: number; parent: number; zombie: boolean }[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const table = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // The command name may contain spaces and parentheses; the fields after the last ")" do not.
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(name), parent: Number(parent), zombie: state === 'Z' });
    } catch {
      // Gone meanwhile.
    }
  }
  return table;
}

function runTreeKill({ command, args }: TreeKillCommand): Promise<void> {
  return new Promise((resolve) => {
    execFile(command, args, { windowsHide: true }, () => resolve());
  });
}
