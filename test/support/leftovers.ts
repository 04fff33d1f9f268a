import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Live processes with `marker` in their command line or (when given) their cwd in `workDir`; polled, since
 * SIGKILL lands asynchronously. What a hostile program must not leave behind.
 */
export async function leftoversOf(marker: string, workDir: string | undefined): Promise<string[]> {
  let found: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    found = scanProcesses(marker, workDir);
    if (found.length === 0) break;
    await sleep(100);
  }
  return found;
}

/**
 * Every sandboxed worker's command line holds the whole harness script (about 80 KB), so the scan reads each
 * command line into one reused buffer and searches its bytes, making a string only of what it reports.
 */
let buffer = Buffer.alloc(1 << 17);

function scanProcesses(marker: string, workDir: string | undefined): string[] {
  const needle = Buffer.from(marker, 'latin1');
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const length = readCommandLine(pid);
    if (length === undefined) continue; // gone meanwhile
    const hit = buffer.subarray(0, length).includes(needle) || (workDir !== undefined && cwdOf(pid).startsWith(workDir));
    if (hit && !isGone(pid)) found.push(`${pid}: ${buffer.toString('latin1', 0, Math.min(length, 200)).replaceAll('\0', ' ')}`);
  }
  return found;
}

/** Reads /proc/<pid>/cmdline into `buffer` (grown to fit), returning its length. */
function readCommandLine(pid: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/cmdline`, 'r');
  } catch {
    return undefined;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)]);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return length;
      length += read;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Gone, or dead and waiting for a parent that may never reap (in a container PID 1 may never reap orphans). */
export function isGone(pid: number | string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function cwdOf(pid: string): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return ''; // not ours to inspect
  }
}
