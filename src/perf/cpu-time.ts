import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc's times: fixed at 100 by the kernel's ABI whatever the kernel's own tick rate. */
const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  parent: number;
  /** Its own CPU and that of its children that have ended and been waited for, in ticks. */
  ticks: number;
}

/**
 * CPU time, in ms, of this process and of every process below it: the live ones (a sandbox's workers, with the
 * attempts they have reaped) and those that have ended and been waited for. What a grading cost the machine, whoever
 * else shares it: a busy machine slows what is measured by wall clock, and the two sides of a comparison unequally
 * when they run at different moments; their CPU time much less. (A sandbox's own processes are not all waited for
 * by their parents, so a worker's time is read while it lives.) Undefined where there is no /proc.
 */
export function treeCpuMs(): number | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const table = new Map<number, ProcessTimes>();
  for (const name of names) {
    const times = processTimes(name);
    if (times !== undefined) table.set(Number(name), times);
  }
  const self = table.get(process.pid);
  if (self === undefined) return undefined;
  let ticks = 0;
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { parent }] of table) {
      if (tree.has(pid) || !tree.has(parent)) continue;
      tree.add(pid);
      grew = true;
    }
  }
  for (const pid of tree) ticks += table.get(pid)?.ticks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function processTimes(pid: string): ProcessTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // After the command name (which may hold spaces): the parent is the 4th field; utime, stime, cutime and cstime the 14th to 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), ticks: [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) };
  } catch {
    return undefined; // gone meanwhile
  }
}
