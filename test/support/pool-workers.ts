import { readdirSync, readFileSync } from 'node:fs';

/** In a pool worker's command line (its config, whether it started from source or from bytecode), and so in its forks'. */
export const ZYGOTE_MARK = '"warmModules":';

export interface ProcessEntry {
  pid: number;
  parent: number;
  /** Its process group. */
  group: number;
  commandLine: string;
}

/** Live processes (zombies are dead already). */
export function processTable(): ProcessEntry[] {
  const table = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const [state, parent, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const commandLine = readFileSync(`/proc/${name}/cmdline`, 'latin1').replaceAll('\0', ' ');
      table.push({ pid: Number(name), parent: Number(parent), group: Number(group), commandLine });
    } catch {
      // Gone meanwhile.
    }
  }
  return table;
}

/** The pool workers this test process started (directly, or through a sandbox's process): not other files' in parallel. */
export function ownPoolWorkers(): number[] {
  const table = processTable();
  const byPid = new Map(table.map((entry) => [entry.pid, entry]));
  const below = (entry: ProcessEntry | undefined): boolean => entry !== undefined && (entry.parent === process.pid || below(byPid.get(entry.parent)));
  return table.filter((entry) => entry.commandLine.includes(ZYGOTE_MARK) && below(entry)).map((entry) => entry.pid);
}
