import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { Backend } from './backend.js';

/** Read-only system directories; on merged-/usr systems the top-level ones are symlinks into /usr. */
const SYSTEM_DIRS = ['/usr', '/etc'];
const TOP_LEVEL_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * bubblewrap: an empty root with the system directories and the interpreter read-only, a private /tmp,
 * /proc and /dev, the work directory as the only writable place from the host, and no network.
 */
export const bwrapBackend: Backend = {
  name: 'bwrap',
  mountsInterpreter: true,
  wrap: (command, { workDir, interpreterDirs }) => ({
    file: 'bwrap',
    args: [
      // Not --unshare-all: as root its user namespace maps user code to uid 0, which RLIMIT_NPROC exempts;
      // the harness switches to nobody instead. Run unprivileged, bwrap adds a user namespace by itself.
      ...['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try'],
      '--die-with-parent', // the whole sandbox goes when selfbench (or the executor's kill) ends bwrap
      '--new-session', // no TIOCSTI into the user's terminal
      ...SYSTEM_DIRS.flatMap((dir) => ['--ro-bind', dir, dir]),
      ...TOP_LEVEL_LINKS.flatMap(topLevelEntry),
      ...interpreterDirs.filter((dir) => !isUnder(dir, SYSTEM_DIRS)).flatMap((dir) => [...parents(dir), '--ro-bind', dir, dir]),
      ...['--proc', '/proc', '--dev', '/dev', '--perms', '1777', '--tmpfs', '/tmp'],
      ...parents(workDir),
      ...['--bind', workDir, workDir, '--chdir', workDir],
      '--',
      command.file,
      ...command.args,
    ],
  }),
  // What an attempt could change for the next one in a long-lived instance: /tmp (anyone's), the worker's
  // directory, and when selfbench is not root (bwrap's user namespace then makes user code their owner) /, /dev and /dev/shm.
  attemptIsolation: {
    namespaces: true,
    freshDirs: (workParent) => ['/tmp', '/dev/shm', workParent],
    readOnlyDirs: ['/', '/dev'],
  },
};

function topLevelEntry(path: string): string[] {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(path), path];
    return stat.isDirectory() ? ['--ro-bind', path, path] : [];
  } catch {
    return []; // e.g. no /lib32 here
  }
}

/** `--dir` for each ancestor, so bwrap creates them world-traversable (mode 0755) for nobody. */
function parents(path: string): string[] {
  const ancestors: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) ancestors.unshift(dir);
  return ancestors.flatMap((dir) => ['--dir', dir]);
}

function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root + sep));
}
