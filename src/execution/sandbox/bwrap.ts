import type { Backend } from './backend.js';
import { CLOSED_VIEW_ATTEMPT_ISOLATION, closedView, TMPFS_LIMITS, type ViewEntry } from './file-system-view.js';

/** bubblewrap: the closed file system (file-system-view.ts), its own namespaces and no network. */
export const bwrapBackend: Backend = {
  name: 'bwrap',
  mountsInterpreter: true,
  landlock: false,
  wrap: (command, { workDir, interpreter, interpreterDirs }) => ({
    file: 'bwrap',
    endsItsTree: true, // --die-with-parent, --unshare-pid
    args: [
      // Not --unshare-all: as root its user namespace maps user code to uid 0, which RLIMIT_NPROC exempts;
      // the harness switches to a user of the attempt's own instead. Run unprivileged, bwrap adds a user namespace by itself.
      ...['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try'],
      '--die-with-parent', // the whole sandbox goes when selfbench (or the executor's kill) ends bwrap
      // Not --new-session: its setsid takes the sandbox's first process out of bwrap's process group before that
      // process asks for its parent's death signal, where a kill of bwrap and its group in that moment missed it
      // (and the sandbox ran on). bwrap is spawned detached, in a session of its own with no controlling terminal,
      // so no TIOCSTI reaches the user's terminal without it either.
      ...closedView(workDir, interpreter, interpreterDirs).flatMap(bwrapOptions),
      ...['--chdir', workDir],
      '--',
      command.file,
      ...command.args,
    ],
  }),
  attemptIsolation: CLOSED_VIEW_ATTEMPT_ISOLATION,
};

function tmpfsOptions(mode: number, path: string): string[] {
  return ['--perms', mode.toString(8), '--size', String(TMPFS_LIMITS.bytes), '--tmpfs', path];
}

function bwrapOptions(entry: ViewEntry): string[] {
  switch (entry.kind) {
    case 'ro-bind':
    case 'bind':
      return [`--${entry.kind}`, entry.source, entry.path];
    case 'symlink':
      return ['--symlink', entry.target, entry.path];
    case 'dir':
    case 'proc':
      return [`--${entry.kind}`, entry.path];
    case 'dev':
      // bwrap's /dev/shm is part of its /dev tmpfs, which has no size: a tmpfs of its own instead.
      return ['--dev', entry.path, ...tmpfsOptions(0o1777, `${entry.path}/shm`)];
    case 'tmpfs':
      return tmpfsOptions(entry.mode, entry.path);
  }
}
