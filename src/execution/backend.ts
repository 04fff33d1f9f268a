import type { SandboxName } from './sandbox-description.js';

/** A program and its arguments, as given to `spawn`. */
export interface LaunchCommand {
  file: string;
  args: string[];
}

export interface LaunchContext {
  /** The run's throw-away directory: the harness's cwd, the only place user code may write. */
  workDir: string;
  /** The interpreter's prefixes (`sys.prefix`, `sys.base_prefix`, …), which a private file system must include. */
  interpreterDirs: readonly string[];
  /** The harness switches user code to nobody, so the back-end must not put it in a user namespace of its own. */
  dropsPrivileges: boolean;
}

/**
 * A sandbox back-end: wraps the harness's command (`python harness.py job.json`) in whatever isolates it.
 * Everything else (limits, environment, killing, results) is the same for every back-end.
 */
export interface Backend {
  name: SandboxName;
  /** It mounts the interpreter into a file system of its own, where nobody can always reach it. */
  mountsInterpreter: boolean;
  wrap(command: LaunchCommand, context: LaunchContext): LaunchCommand;
}

/** No isolation beyond what the harness and the executor do for every back-end. */
export const processBackend: Backend = {
  name: 'process',
  mountsInterpreter: false,
  wrap: (command) => command,
};
