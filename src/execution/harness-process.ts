import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { LaunchCommand } from './backend.js';
import { RESULT_FD } from './harness.js';
import { killProcessGroup, killProcessTree } from './process-tree.js';
import { StreamCapture } from './stream-capture.js';
import type { ExecutionLimits } from './types.js';

/** Total bytes written to all pipes after which the run is killed as an output flood. */
const OUTPUT_FLOOD_BYTES = 8 * 1024 * 1024;
/** Result records are a few hundred bytes per test; anything beyond this is not from the harness. */
const RESULT_PIPE_BYTES = 1024 * 1024;
/** After the harness exits, how long an escaped process may keep the pipes open. */
const PIPE_CLOSE_GRACE_MS = 1000;

export interface HarnessRun {
  spawnError?: string;
  timedOut: boolean;
  flooded: boolean;
  aborted: boolean;
  stdout: StreamCapture;
  stderr: StreamCapture;
  results: StreamCapture;
}

export interface HarnessLaunch {
  command: LaunchCommand;
  workDir: string;
  env: NodeJS.ProcessEnv;
  nonce: string;
  limits: ExecutionLimits;
}

/**
 * Starts the (wrapped) harness in its own process group, hands it the nonce on stdin and collects
 * stdout, stderr and the result pipe. The wall-clock timeout, an output flood or an abort kill the
 * whole process tree; when the harness exits, its process group goes too.
 */
export function runHarness(launch: HarnessLaunch, signal: AbortSignal | undefined): Promise<HarnessRun> {
  const { command, workDir, env, nonce, limits } = launch;
  const run: HarnessRun = {
    timedOut: false,
    flooded: false,
    aborted: false,
    stdout: new StreamCapture(limits.outputBytes),
    stderr: new StreamCapture(limits.outputBytes),
    results: new StreamCapture(RESULT_PIPE_BYTES),
  };
  let child: ChildProcess;
  try {
    child = spawn(command.file, command.args, {
      cwd: workDir,
      env,
      detached: true, // own process group
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    return Promise.resolve({ ...run, spawnError: errorMessage(error) });
  }

  return new Promise((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = (reason: 'timedOut' | 'flooded' | 'aborted'): void => {
      run[reason] = true;
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) void killProcessTree(child.pid);
    };
    const wallClock = setTimeout(() => stop('timedOut'), limits.timeoutMs);
    const onAbort = (): void => stop('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(wallClock);
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const stream of child.stdio) stream?.destroy();
      if (child.pid === undefined) run.spawnError ??= `could not start ${command.file}`;
      resolve(run);
    };

    let totalOutput = 0;
    const capture = (stream: Readable | null | undefined, into: StreamCapture): void => {
      stream?.on('data', (chunk: Buffer) => {
        into.add(chunk);
        totalOutput += chunk.length;
        if (totalOutput > OUTPUT_FLOOD_BYTES && !run.flooded) stop('flooded');
      });
    };
    capture(child.stdout, run.stdout);
    capture(child.stderr, run.stderr);
    capture(child.stdio[RESULT_FD] as Readable | null | undefined, run.results);

    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // only spawn failures matter; kill errors are harmless
      run.spawnError = error.code === 'ENOENT' ? `${command.file} not found (is it installed and on PATH?)` : error.message;
      finish();
    });
    child.once('exit', () => {
      clearTimeout(wallClock);
      // The supervisor has killed what it could; this catches group members if user code killed the supervisor.
      if (child.pid !== undefined) killProcessGroup(child.pid);
      graceTimer = setTimeout(finish, PIPE_CLOSE_GRACE_MS);
    });
    child.once('close', finish);

    child.stdin?.on('error', () => {}); // EPIPE when the harness dies before reading its nonce
    child.stdin?.end(`${nonce}\n`);
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
