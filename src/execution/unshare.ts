import type { Backend } from './backend.js';

/**
 * util-linux `unshare`: its own network namespace (no network), PID namespace and /proc. The file system
 * is the host's. `--kill-child` takes the namespace down with `unshare`.
 */
export const unshareBackend: Backend = {
  name: 'unshare',
  mountsInterpreter: false,
  wrap: (command, { dropsPrivileges }) => ({
    file: 'unshare',
    args: [
      // Unprivileged, the other namespaces need a user namespace. As root it also confines root's capabilities
      // to the namespaces; it is left out only when the harness hands user code to nobody, which a namespace
      // that maps just the current uid could not do.
      ...(dropsPrivileges ? [] : ['--user', '--map-current-user']),
      ...['--net', '--pid', '--ipc', '--uts', '--fork', '--kill-child', '--mount-proc'],
      '--',
      command.file,
      ...command.args,
    ],
  }),
  // The file system is the host's, shared by every run anyway.
  attemptIsolation: { namespaces: true, freshDirs: () => [], readOnlyDirs: [] },
};
