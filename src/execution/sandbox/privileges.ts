import { randomInt } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
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
/**
 * Where attempts' users come from: ids no account, service or container has, by systemd's allocation
 * (docs/UIDS-GIDS.md): above the range it leaves to containers (up to 0x6FFFFFFF), below its "foreign" range
 * (0x7FFE0000) and the ids some software takes for negative (from 2^31).
 */
export const ATTEMPT_UID_RANGE = { first: 0x70000000, end: 0x7ffe0000 } as const;
/** Who all attempts run as where the user namespace maps too few ids for a range of their own (a rootless container). */
const NOBODY: AttemptUser = { uid: 65534, gid: 65534 };

/**
 * The first uid of this process's block of `ATTEMPT_USER_SLOTS`: a block drawn at random from the range, so that
 * two selfbench processes (in two containers, whose pids may well be equal) have one each but by a chance of about
 * one in a million; or undefined where this user namespace does not map the whole range (uids and gids alike).
 */
function blockStart(): number | undefined {
  const mapsRange = (file: string) => mappedRanges(file).some(([first, count]) => first <= ATTEMPT_UID_RANGE.first && first + count >= ATTEMPT_UID_RANGE.end);
  if (!mapsRange('/proc/self/uid_map') || !mapsRange('/proc/self/gid_map')) return undefined;
  const blocks = (ATTEMPT_UID_RANGE.end - ATTEMPT_UID_RANGE.first) / ATTEMPT_USER_SLOTS;
  return ATTEMPT_UID_RANGE.first + randomInt(blocks) * ATTEMPT_USER_SLOTS;
}

/** The ids this user namespace maps, as [first inside, count]; none where the file cannot be read. */
function mappedRanges(file: string): [number, number][] {
  try {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .map(([inside = 0, , count = 0]) => [inside, count]);
  } catch {
    return [];
  }
}

/** This process's block (blockStart), drawn at its first attempt. */
let drawnBlock: { start: number | undefined } | undefined;
// First in, first out: a user is given again only after every other, long after its attempt's processes are gone.
const freeSlots = Array.from({ length: ATTEMPT_USER_SLOTS }, (_, slot) => slot);
const slots = new Semaphore(ATTEMPT_USER_SLOTS);

/**
 * Runs `work` as an attempt with a user of its own: one no other attempt running at the same time has, in this
 * selfbench process or (but by chance) another. RLIMIT_NPROC counts a user's processes on the whole machine, so
 * attempts sharing one user (nobody) let one program's processes make another's forks fail: a right answer graded
 * as failed because of another task's program. A user of its own also cannot signal or trace another attempt's
 * processes, on a back-end that does not hide them. The uid names no account (the environment names the user:
 * scrubbedEnvironment). Where the user namespace maps too few ids, every attempt runs as nobody, as before.
 */
export function withAttemptUser<T>(work: (user: AttemptUser) => Promise<T>): Promise<T> {
  drawnBlock ??= { start: blockStart() };
  const { start } = drawnBlock;
  if (start === undefined) return work(NOBODY);
  return slots.run(async () => {
    const slot = freeSlots.shift() as number; // the semaphore leaves one free
    try {
      return await work({ uid: start + slot, gid: start + slot });
    } finally {
      freeSlots.push(slot);
    }
  });
}
