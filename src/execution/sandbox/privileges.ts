import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Who user code runs as when selfbench runs as root: root ignores RLIMIT_NPROC and may do anything. */
export const NOBODY = { uid: 65534, gid: 65534 } as const;

/**
 * Whether the harness should switch user code to `NOBODY`: only when running as root, and only where nobody
 * can still reach the interpreter's files (always inside bwrap's own file system; on the host, not under a
 * private home such as /root/.pyenv, where user code would fail to import the standard library).
 */
export function dropsToNobody(interpreterDirs: readonly string[], mountsInterpreter: boolean): boolean {
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
