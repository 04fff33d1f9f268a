import { chmodSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from '../process/remove-tree.js';

/**
 * Pool workers' directories (where their attempts' work directories are made). Each is named after the
 * selfbench process that made it: removed when that process exits, or, if a signal ended it (no 'exit'
 * event), by the next selfbench that starts a worker.
 */

const PREFIX = 'selfbench-pool-';
/** Where a worker whose attempts copy their directory into a tmpfs of their own puts its directory, if it is a tmpfs. */
const MEMORY_DIR = '/dev/shm';
const TMPFS_MAGIC = 0x01021994;
/** The worker's script as bytecode (zygote-bytecode.ts), there until the worker has loaded it. */
export const WORKER_BYTECODE_FILE = 'zygote.pyc';
const OWNER = new RegExp(`^${PREFIX}(\\d+)-`);

const liveDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});
let staleDirsRemoved = false;

/**
 * Synchronous, so that a worker's process is started in the same turn as the request for it, before whatever
 * the caller does next (a command reads its dataset meanwhile) can hold the thread.
 */
export function createWorkerDir({ inMemory }: { inMemory: boolean }): string {
  if (!staleDirsRemoved) for (const parent of parentDirs()) removeStaleDirs(parent);
  staleDirsRemoved = true;
  const dir = mkdtempSync(join(inMemory && process.env.TMPDIR === undefined && isTmpfs(MEMORY_DIR) ? MEMORY_DIR : tmpdir(), `${PREFIX}${process.pid}-`));
  liveDirs.add(dir);
  chmodSync(dir, 0o755); // user code, as a user of its own, must reach its work directory inside
  return dir;
}

export async function removeWorkerDir(dir: string): Promise<void> {
  await removeTree(dir);
  liveDirs.delete(dir);
}

/**
 * Where a worker's directory may be. An attempt that copies its directory into a tmpfs of its own (zygote.py) writes
 * nothing to the worker's: in memory, what selfbench writes there (the program) and removes costs no disk (grading
 * about 8% faster where /tmp is on ext4, in interleaved runs). A TMPDIR the user set is where everything goes.
 */
function parentDirs(): string[] {
  return [tmpdir(), ...(isTmpfs(MEMORY_DIR) ? [MEMORY_DIR] : [])];
}

function isTmpfs(dir: string): boolean {
  try {
    return statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false; // not Linux, or no such directory
  }
}

/** Only empty ones: a directory with attempts in flight is not. */
function removeStaleDirs(parent: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = OWNER.exec(name)?.[1];
    if (owner === undefined || isRunning(Number(owner))) continue;
    try {
      rmSync(join(parent, name, WORKER_BYTECODE_FILE), { force: true }); // a worker that was killed starting
      rmdirSync(join(parent, name));
    } catch {
      // not empty, or not ours to remove
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}
