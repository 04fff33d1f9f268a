import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { LaunchCommand } from '../sandbox/backend.js';
import { RESULT_FD, type HarnessJob } from '../harness/harness.js';
import { killProcessGroup, killProcessTree } from './process-tree.js';
import { PIPE_CLOSE_GRACE_MS, RunWatch, type HarnessRun, type OutputChannel } from './run-watch.js';
import type { ExecutionLimits } from '../types.js';

export interface HarnessLaunch {
  command: LaunchCommand;
  workDir: string;
  env: NodeJS.ProcessEnv;
  nonce: string;
  job: HarnessJob;
  limits: ExecutionLimits;
}

/**
 * Starts the (wrapped) harness in its own process group, hands it the nonce and the job on stdin and collects
 * stdout, stderr and the result pipe. The wall-clock timeout, an output flood or an abort kill the
 * whole process tree; when the harness exits, its process group goes too.
 */
export function runHarness(launch: HarnessLaunch, signal: AbortSignal | undefined): Promise<HarnessRun> {
  const { command, workDir, env, limits } = launch;
  let child: ChildProcess | undefined;
  const watch = new RunWatch(limits, signal, () => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) void killProcessTree(child.pid, { rootFirst: command.endsItsTree === true });
  });
  try {
    child = spawn(command.file, command.args, {
      cwd: workDir,
      env,
      detached: true, // own process group
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    return Promise.resolve({ ...watch.end(), infraError: errorMessage(error) });
  }
  return collect(child, launch, watch);
}

/** Feeds the child's pipes to `watch` and settles when they close (or shortly after the harness exits). */
function collect(child: ChildProcess, { command, nonce, job }: HarnessLaunch, watch: RunWatch): Promise<HarnessRun> {
  return new Promise((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      for (const stream of child.stdio ?? []) stream?.destroy(); // none where the spawn failed before making them (EMFILE)
      const run = watch.end();
      if (child.pid === undefined) run.infraError ??= `could not start ${command.file}`;
      resolve(run);
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // only spawn failures matter; kill errors are harmless
      watch.run.infraError = error.code === 'ENOENT' ? `${command.file} not found (is it installed and on PATH?)` : error.message;
      finish();
    });
    const capture = (stream: Readable | null | undefined, channel: OutputChannel): void => {
      stream?.on('data', (chunk: Buffer) => watch.add(channel, chunk));
      stream?.on('error', () => {}); // the run's end reports what went wrong
    };
    capture(child.stdout, 'stdout');
    capture(child.stderr, 'stderr');
    capture(child.stdio?.[RESULT_FD] as Readable | null | undefined, 'results');
    child.once('exit', () => {
      watch.end(); // the clock stops with the harness
      // The supervisor has killed what it could; this catches group members if user code killed the supervisor.
      if (child.pid !== undefined) killProcessGroup(child.pid);
      graceTimer = setTimeout(finish, PIPE_CLOSE_GRACE_MS);
    });
    child.once('close', finish);

    child.stdin?.on('error', () => {}); // EPIPE when the harness dies before reading its job
    child.stdin?.end(`${nonce}\n${JSON.stringify(job)}\n`);
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
