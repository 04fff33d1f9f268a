import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

function scanProcesses(marker: string, workDir: string | undefined): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // dead, waiting for a parent that may never reap
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
      if (commandLine.includes(marker) || (workDir !== undefined && cwdOf(pid).startsWith(workDir))) found.push(`${pid}: ${commandLine.slice(0, 200)}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

function cwdOf(pid: string): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return ''; // not ours to inspect
  }
}
