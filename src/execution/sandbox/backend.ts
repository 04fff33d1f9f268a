import type { SandboxName } from './sandbox-description.js';

/** A program and its arguments, as given to `spawn`. */
export interface LaunchCommand {
  file: string;
  args: string[];
  /** Killing this process kills everything it started: it takes its PID namespace down with it. */
  endsItsTree?: boolean;
}

export interface LaunchContext {
  /**
   * The run's throw-away directory: the harness's cwd, the only place user code may write. For a pool worker,
   * the directory its attempts' work directories are made in.
   */
  workDir: string;
  /** The Python interpreter, for a back-end whose setup is a Python script of its own. */
  interpreter: string;
  /** The interpreter's prefixes (`sys.prefix`, `sys.base_prefix`, …), which a private file system must include. */
  interpreterDirs: readonly string[];
  /** The harness switches user code from root to a user of its own, so the back-end must not put it in a user namespace of its own. */
  dropsPrivileges: boolean;
}

/**
 * What each attempt of a pool worker (zygote.ts) gets afresh inside the worker's long-lived sandbox, so that
 * it sees what a sandbox of its own would: nothing an earlier attempt changed or left behind.
 */
export interface AttemptIsolation {
  /** Its own PID namespace (with its own /proc), SysV IPC namespace and mount namespace. */
  namespaces: boolean;
  /** Directories an empty tmpfs replaces (same mode and owner); `workParent` holds the attempt's work directory. */
  freshDirs(workParent: string): string[];
  /** Mounts made read-only, so that what stays writable is the work directory and the fresh directories. */
  readOnlyDirs: string[];
}

/**
 * A sandbox back-end: wraps the harness's command (`python harness.py job.json`, or a pool worker) in whatever
 * isolates it. Everything else (limits, environment, killing, results) is the same for every back-end.
 */
export interface Backend {
  name: SandboxName;
  /** It mounts the interpreter into a file system of its own, where any user can always reach it. */
  mountsInterpreter: boolean;
  wrap(command: LaunchCommand, context: LaunchContext): LaunchCommand;
  attemptIsolation: AttemptIsolation;
  /** Without a file system of its own, user code confines itself with Landlock where the kernel has it (file-system-view.ts). */
  landlock: boolean;
}

/** No isolation beyond what the harness and the executor do for every back-end, and Landlock where Linux has it. */
export const processBackend: Backend = {
  name: 'process',
  mountsInterpreter: false,
  wrap: (command) => command,
  attemptIsolation: { namespaces: false, freshDirs: () => [], readOnlyDirs: [] },
  landlock: process.platform === 'linux',
};
