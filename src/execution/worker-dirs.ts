import { rmSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from './remove-tree.js';

/**
 * Pool workers' directories (where their attempts' work directories are made). Each is named after the
 * selfbench process that made it: removed when that process exits, or, if a signal ended it (no 'exit'
 * event), by the next selfbench that starts a worker.
 */

const PREFIX = 'selfbench-pool-';
const OWNER = new RegExp(`^${PREFIX}(\\d+)-`);

const liveDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});
let staleDirsRemoved: Promise<void> | undefined;

export async function createWorkerDir(): Promise<string> {
  staleDirsRemoved ??= removeStaleDirs();
  await staleDirsRemoved;
  const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
  liveDirs.add(dir);
  await chmod(dir, 0o755); // user code, as nobody, must reach its work directory inside
  return dir;
}

export async function removeWorkerDir(dir: string): Promise<void> {
  await removeTree(dir);
  liveDirs.delete(dir);
}

/** Only empty ones: a directory with attempts in flight is not. */
async function removeStaleDirs(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => []);
  for (const name of names) {
    const owner = OWNER.exec(name)?.[1];
    if (owner !== undefined && !isRunning(Number(owner))) await rmdir(join(tmpdir(), name)).catch(() => {});
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
