import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Semaphore } from '../../util/semaphore.js';

/** A user (and group of the same number) that user code runs as instead of root. */
export interface AttemptUser {
  uid: number;
  gid: number;
}

/**
 * Whether the harness should switch user code away from root (which ignores RLIMIT_NPROC and may do anything):
 * only when running as root, and only where any other user can still reach the interpreter's files (always inside
 * bwrap's own file system; on the host, not under a private home such as /root/.pyenv, where user code would fail
 * to import the standard library).
 */
export function dropsRoot(interpreterDirs: readonly string[], mountsInterpreter: boolean): boolean {
  if (process.getuid?.() !== 0) return false;
  return mountsInterpreter || interpreterDirs.every(othersCanTraverse);
}

/** The directory and each ancestor is searchable by "others" (mode o+x). */
function othersCanTraverse(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (current === dirname(current)) return true;
  }
}

/**
 * Attempts of this process that may hold a user at once; more wait for one. Far above any grading concurrency:
 * each attempt is a process with a core's worth of work.
 */
export const ATTEMPT_USER_SLOTS = 256;
/** The first uid of the range attempts' users come from: above the ids of accounts and of containers' subordinate ranges. */
export const ATTEMPT_UID_BASE = 2 ** 30;
/** The kernel's largest `pid_max`: below it, each running selfbench process has a block of uids of its own. */
const PID_LIMIT = 2 ** 22;

const freeSlots = Array.from({ length: ATTEMPT_USER_SLOTS }, (_, slot) => slot);
const slots = new Semaphore(ATTEMPT_USER_SLOTS);

/**
 * Runs `work` as an attempt with a user of its own: one no other attempt running at the same time has, in this
 * selfbench process or another (a block per process id). RLIMIT_NPROC counts a user's processes on the whole
 * machine, so attempts sharing one user (such as nobody) let one program's processes make another's forks fail: a
 * right answer graded as failed because of another task's program. A user of its own also cannot signal or trace
 * another attempt's processes, on a back-end that does not hide them. The uid names no account: user code looks
 * itself up in no password file (`getpass.getuser()` fails there as in a container run with `--user <uid>`).
 */
export function withAttemptUser<T>(work: (user: AttemptUser) => Promise<T>): Promise<T> {
  return slots.run(async () => {
    const slot = freeSlots.pop() as number; // the semaphore leaves one free
    const uid = ATTEMPT_UID_BASE + (process.pid % PID_LIMIT) * ATTEMPT_USER_SLOTS + slot;
    try {
      return await work({ uid, gid: uid });
    } finally {
      freeSlots.push(slot);
    }
  });
}
