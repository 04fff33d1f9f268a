import type { Backend } from './backend.js';
import { CLOSED_VIEW_ATTEMPT_ISOLATION, closedView, TMPFS_OPTIONS } from './file-system-view.js';
import { harnessFile } from '../harness/harness-files.js';
import { RESULT_FD } from '../harness/harness.js';

/** Builds the closed file system inside the namespaces, then runs the command (see closed_root.py's docstring). */
const CLOSED_ROOT_SCRIPT = `${harnessFile('linux_calls.py')}\n${harnessFile('closed_root.py')}`;

/**
 * util-linux `unshare`: its own mount, network, PID, IPC and UTS namespaces, in which harness/closed_root.py
 * builds the same closed file system as bwrap (file-system-view.ts). `--kill-child` takes the namespace down
 * with `unshare`.
 */
export const unshareBackend: Backend = {
  name: 'unshare',
  mountsInterpreter: true,
  landlock: false,
  wrap: (command, { workDir, interpreter, interpreterDirs, dropsPrivileges }) => ({
    file: 'unshare',
    endsItsTree: true, // --kill-child, --pid
    args: [
      // Unprivileged, the other namespaces need a user namespace, and the setup needs its capabilities across
      // the exec (--keep-caps); it gives them up before the command. Left out when the harness hands user code
      // to a user of its own (selfbench is root), which a namespace that maps just the current uid could not do.
      ...(dropsPrivileges ? [] : ['--user', '--map-current-user', '--keep-caps']),
      // --mount-proc: a fresh /proc, which the kernel wants to see before the setup may mount another.
      ...['--mount', '--net', '--pid', '--ipc', '--uts', '--cgroup', '--fork', '--kill-child', '--mount-proc'],
      '--',
      interpreter,
      ...['-I', '-S', '-c', CLOSED_ROOT_SCRIPT],
      JSON.stringify({
        view: closedView(workDir, interpreter, interpreterDirs),
        cwd: workDir,
        dropCapabilities: !dropsPrivileges,
        tmpfsOptions: TMPFS_OPTIONS,
        // Descriptors above the harness's own (stdin, stdout, stderr, results) are closed: one inherited from
        // whatever started selfbench could reach the host's file system from inside.
        keepFds: RESULT_FD + 1,
      }),
      command.file,
      ...command.args,
    ],
  }),
  attemptIsolation: CLOSED_VIEW_ATTEMPT_ISOLATION,
};
