import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Removes a directory that user code wrote in, however it was left: Node's `rm` first; where that fails (a
 * tree nested deeper than a path can name, a directory its owner took every permission from), coreutils,
 * which walk with file descriptors: `chmod -R u+rwx` (it does not follow symlinks) then `rm -rf`.
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    if (process.platform === 'win32') throw error;
    await run('chmod', ['-R', 'u+rwx', '--', dir]).catch(() => undefined); // what it cannot fix, rm reports
    await run('rm', ['-rf', '--one-file-system', '--', dir]);
  }
}
