import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from '../datasets/task.js';
import { processBackend, type Backend } from './backend.js';
import { HARNESS_FILE, HARNESS_SOURCE, JOB_FILE, PROGRAM_FILE, type HarnessJob } from './harness.js';
import { errorMessage, runHarness } from './harness-process.js';
import { dropsToNobody, NOBODY } from './privileges.js';
import { resolvePythonInstallation, type PythonInstallation } from './python-interpreter.js';
import { decideStatus, readRecords, toOutcome } from './result-records.js';
import { RunGate } from './run-gate.js';
import type { ExecutionLimits, ExecutionRequest, ExecutionResult, Executor } from './types.js';

export const DEFAULT_LIMITS: Readonly<ExecutionLimits> = { timeoutMs: 10_000, memoryMb: 2048, outputBytes: 65_536 };

/** RLIMIT_FSIZE: largest file user code may write. */
const FILE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
/** RLIMIT_NOFILE. */
const OPEN_FILES_LIMIT = 1024;
/** Processes and threads user code may add (RLIMIT_NPROC on top of what its uid already runs). */
const PROCESS_LIMIT = 64;

export interface ProcessExecutorOptions {
  /** Interpreter command or path; by default `python3`, `python`, then (Windows) `py -3`. */
  python?: string;
  /** Overrides of `DEFAULT_LIMITS`; a request's own `limits` override these in turn. */
  defaults?: Partial<ExecutionLimits>;
}

/** Every executor of this process shares the machine; a timeout's re-run has it alone. */
const machine = new RunGate();

/** Runs each request in a fresh Python subprocess with rlimits and a scrubbed environment (no isolation beyond that). */
export function createProcessExecutor(options: ProcessExecutorOptions = {}): Executor {
  return createSandboxedExecutor(processBackend, options);
}

/**
 * Runs each request through `backend`: a throw-away work directory, the harness with resource limits
 * and a scrubbed environment, the whole process tree killed at the end. A timeout is run once more,
 * alone, before it counts: a busy machine is not the program's fault.
 */
export function createSandboxedExecutor(backend: Backend, options: ProcessExecutorOptions = {}): Executor {
  const defaults = withOverrides(DEFAULT_LIMITS, options.defaults);
  return {
    sandbox: backend.name,
    run: async (request, signal): Promise<ExecutionResult> => {
      const limits = withOverrides(defaults, request.limits);
      const runOnce = (): Promise<ExecutionResult> => runRequest(backend, request, limits, options.python, signal);
      const first = await machine.shared(runOnce);
      if (first.status !== 'timeout') return first;
      return { ...(await machine.alone(runOnce)), rerunAfterTimeout: true };
    },
  };
}

async function runRequest(
  backend: Backend,
  request: ExecutionRequest,
  limits: ExecutionLimits,
  python: string | undefined,
  signal: AbortSignal | undefined,
): Promise<ExecutionResult> {
  signal?.throwIfAborted();
  const startedAt = performance.now();
  const result = (fields: Omit<ExecutionResult, 'durationMs' | 'sandbox'>): ExecutionResult => ({
    ...fields,
    durationMs: performance.now() - startedAt,
    sandbox: backend.name,
  });
  let installation: PythonInstallation;
  try {
    installation = await resolvePythonInstallation(python);
  } catch (error) {
    return result(infraError(request.tests, errorMessage(error)));
  }
  const dropsPrivileges = dropsToNobody(installation.dirs, backend.mountsInterpreter);
  const workDir = await mkdtemp(join(tmpdir(), 'selfbench-run-'));
  try {
    await prepareWorkDir(workDir, request, limits, dropsPrivileges);
    signal?.throwIfAborted(); // an abort during setup would otherwise go unnoticed
    const nonce = randomBytes(16).toString('hex');
    const command = backend.wrap(
      { file: installation.executable, args: [HARNESS_FILE, JOB_FILE] },
      { workDir, interpreterDirs: installation.dirs, dropsPrivileges },
    );
    const run = await runHarness({ command, workDir, env: scrubbedEnvironment(workDir), nonce, limits }, signal);
    if (run.aborted) throw signal?.reason;
    if (run.spawnError !== undefined) return result(infraError(request.tests, run.spawnError));
    const records = readRecords(run.results.text(), nonce, request.tests);
    const tests = request.tests.map((test, index) => toOutcome(test, records.get(index)));
    const stderr = run.stderr.text();
    return result({
      status: decideStatus({ timedOut: run.timedOut, flooded: run.flooded, stderr }, records, request.tests.length),
      tests,
      passedCount: tests.filter((test) => test.passed).length,
      stdout: run.stdout.text(),
      stderr,
    });
  } finally {
    await removeWorkDir(workDir);
  }
}

function withOverrides(base: Readonly<ExecutionLimits>, overrides: Partial<ExecutionLimits> | undefined): ExecutionLimits {
  const limits = { ...base };
  for (const key of ['timeoutMs', 'memoryMb', 'outputBytes'] as const) {
    const value = overrides?.[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

async function prepareWorkDir(workDir: string, request: ExecutionRequest, limits: ExecutionLimits, dropsPrivileges: boolean): Promise<void> {
  const job: HarnessJob = {
    program: PROGRAM_FILE,
    tests: request.tests.map(({ name, code }) => ({ name, code })),
    limits: {
      memoryBytes: limits.memoryMb * 1024 * 1024,
      // The wall-clock timeout normally fires first; this catches CPU burnt by escaped processes.
      cpuSeconds: Math.ceil(limits.timeoutMs / 1000) + 1,
      fileBytes: FILE_SIZE_LIMIT_BYTES,
      openFiles: OPEN_FILES_LIMIT,
      processes: PROCESS_LIMIT,
    },
    ...(dropsPrivileges ? { runAs: NOBODY } : {}),
  };
  const files: [string, string][] = [
    [PROGRAM_FILE, request.program],
    [HARNESS_FILE, HARNESS_SOURCE],
    [JOB_FILE, JSON.stringify(job)],
  ];
  await Promise.all([
    mkdir(join(workDir, 'home')),
    mkdir(join(workDir, 'tmp')),
    ...files.map(([name, content]) => writeFile(join(workDir, name), content)),
  ]);
  // User code, as nobody, must be able to read the program and write in its directories.
  if (dropsPrivileges) {
    const paths = [workDir, join(workDir, 'home'), join(workDir, 'tmp'), ...files.map(([name]) => join(workDir, name))];
    await Promise.all(paths.map((path) => chown(path, NOBODY.uid, NOBODY.gid)));
  }
}

/** Nothing from the parent's environment except PATH: API keys and tokens must not reach user code. */
function scrubbedEnvironment(workDir: string): NodeJS.ProcessEnv {
  const tmp = join(workDir, 'tmp');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: join(workDir, 'home'),
    TMPDIR: tmp,
    TMP: tmp,
    TEMP: tmp,
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
  // Python on Windows cannot start without SYSTEMROOT.
  if (process.platform === 'win32' && process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  return env;
}

function infraError(tests: readonly TestCase[], message: string): Omit<ExecutionResult, 'durationMs' | 'sandbox'> {
  return {
    status: 'infra-error',
    tests: tests.map((test) => ({ name: test.name, passed: false, error: `not run: ${message}` })),
    passedCount: 0,
    stdout: '',
    stderr: message,
  };
}

async function removeWorkDir(workDir: string): Promise<void> {
  try {
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    // A cleanup failure must not turn a finished run into an error.
    process.emitWarning(`selfbench: could not remove ${workDir}: ${errorMessage(error)}`);
  }
}
