import { tmpdir } from 'node:os';
import { attemptExecutor, infraError, runAttempt, type AttemptResult, type AttemptSite } from './attempt.js';
import { processBackend, type Backend } from '../sandbox/backend.js';
import { HARNESS_SCRIPT, needsProgramServer, PROGRAM_SERVER_ARGUMENT, pythonArguments } from '../harness/harness.js';
import { siteLandlock } from '../sandbox/file-system-view.js';
import { errorMessage, runHarness } from './harness-process.js';
import { dropsRoot } from '../sandbox/privileges.js';
import { resolvePythonInstallation } from '../sandbox/python-interpreter.js';
import type { ExecutionLimits, ExecutionRequest, Executor } from '../types.js';

export interface ProcessExecutorOptions {
  /** Interpreter command or path; by default `python3`, `python`, then (Windows) `py -3`. */
  python?: string;
  /** Overrides of `DEFAULT_LIMITS` (attempt.ts); a request's own `limits` override these in turn. */
  defaults?: Partial<ExecutionLimits>;
}

/** Runs each request in a fresh Python subprocess with rlimits and a scrubbed environment (no isolation beyond that). */
export function createProcessExecutor(options: ProcessExecutorOptions = {}): Executor {
  return createSandboxedExecutor(processBackend, options);
}

/**
 * Runs each request in a fresh interpreter started through `backend` (`python -c HARNESS_SCRIPT`): a
 * throw-away work directory, the harness with resource limits and a scrubbed environment, the whole
 * process tree killed at the end.
 */
export function createSandboxedExecutor(backend: Backend, options: ProcessExecutorOptions = {}): Executor {
  return attemptExecutor(backend, { pooled: false }, options.defaults, (request, limits, signal) =>
    runInFreshInterpreter(backend, request, limits, options.python, signal),
  );
}

async function runInFreshInterpreter(
  backend: Backend,
  request: ExecutionRequest,
  limits: ExecutionLimits,
  python: string | undefined,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  let installation;
  try {
    installation = await resolvePythonInstallation(python);
  } catch (error) {
    return infraError(request, errorMessage(error));
  }
  const { executable, dirs: interpreterDirs } = installation;
  const dropsPrivileges = dropsRoot(interpreterDirs, backend.mountsInterpreter);
  const landlock = siteLandlock(backend, installation);
  const site: AttemptSite = {
    parentDir: tmpdir(),
    dropsPrivileges,
    ...(landlock === undefined ? {} : { landlock }),
    launch: ({ workDir, env, nonce, job, limits }, runSignal) =>
      runHarness(
        {
          command: backend.wrap(
            { file: executable, args: pythonArguments(HARNESS_SCRIPT, installation.sitePackages, ...(needsProgramServer(job) ? [PROGRAM_SERVER_ARGUMENT] : [])) },
            { workDir, interpreter: executable, interpreterDirs, dropsPrivileges },
          ),
          workDir,
          env,
          nonce,
          job,
          limits,
        },
        runSignal,
      ),
  };
  return runAttempt(request, limits, site, signal);
}
