import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestCase } from '../datasets/task.js';
import type { Backend } from './backend.js';
import { HARNESS_FILE, HARNESS_SCRIPT, JOB_FILE, PROGRAM_FILE, type HarnessJob } from './harness.js';
import { errorMessage } from './harness-process.js';
import { NOBODY } from './privileges.js';
import { decideStatus, readRecords, toOutcome } from './result-records.js';
import { RunGate } from './run-gate.js';
import type { HarnessRun } from './run-watch.js';
import type { ExecutionLimits, ExecutionRequest, ExecutionResult, Executor } from './types.js';

/**
 * One attempt, the part every executor shares: a throw-away work directory with the program and its
 * job, the limits, a scrubbed environment and a fresh nonce; the harness run somewhere (`AttemptSite`);
 * the status and test outcomes read from its nonce-tagged records.
 */

export const DEFAULT_LIMITS: Readonly<ExecutionLimits> = { timeoutMs: 10_000, memoryMb: 2048, outputBytes: 65_536 };

/** RLIMIT_FSIZE: largest file user code may write. */
const FILE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
/** RLIMIT_NOFILE. */
const OPEN_FILES_LIMIT = 1024;
/** Processes and threads user code may add (RLIMIT_NPROC on top of what its uid already runs). */
const PROCESS_LIMIT = 64;

/** What a site needs to start the harness on a prepared work directory. */
export interface AttemptLaunch {
  workDir: string;
  env: NodeJS.ProcessEnv;
  nonce: string;
  limits: ExecutionLimits;
}

/** Where an attempt's harness runs: a fresh interpreter per attempt (process-executor.ts) or a pool worker (worker-pool.ts). */
export interface AttemptSite {
  /** The directory the attempt's work directory is made in. */
  parentDir: string;
  /** User code runs as nobody (privileges.ts), so its files must belong to nobody. */
  dropsPrivileges: boolean;
  /** A fresh interpreter reads the harness from the work directory; a pool worker has it loaded already. */
  needsHarnessFile: boolean;
  launch(attempt: AttemptLaunch, signal: AbortSignal | undefined): Promise<HarnessRun>;
}

export type AttemptResult = Omit<ExecutionResult, 'sandbox'>;
type RunAttempt = (request: ExecutionRequest, limits: ExecutionLimits, signal: AbortSignal | undefined) => Promise<AttemptResult>;

/** Every executor of this process shares the machine; a timeout's re-run has it alone. */
const machine = new RunGate();

/**
 * An executor that runs each request through `runAttempt`, with `defaults` over `DEFAULT_LIMITS` and the request's
 * own limits over those. A timeout is run once more, alone, before it counts: a busy machine is not the program's fault.
 */
export function attemptExecutor(
  backend: Backend,
  pooling: { pooled: boolean; close?: () => Promise<void> },
  defaults: Partial<ExecutionLimits> | undefined,
  runAttempt: RunAttempt,
): Executor {
  const baseLimits = withOverrides(DEFAULT_LIMITS, defaults);
  return {
    sandbox: backend.name,
    ...pooling,
    run: async (request, signal): Promise<ExecutionResult> => {
      const limits = withOverrides(baseLimits, request.limits);
      const runOnce = async (): Promise<ExecutionResult> => ({ ...(await runAttempt(request, limits, signal)), sandbox: backend.name });
      const first = await machine.shared(runOnce);
      if (first.status !== 'timeout') return first;
      return { ...(await machine.alone(runOnce)), rerunAfterTimeout: true };
    },
  };
}

export async function runAttempt(
  request: ExecutionRequest,
  limits: ExecutionLimits,
  site: AttemptSite,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  signal?.throwIfAborted();
  const startedAt = performance.now();
  const workDir = await mkdtemp(join(site.parentDir, 'selfbench-run-'));
  try {
    await prepareWorkDir(workDir, request, limits, site);
    signal?.throwIfAborted(); // an abort during setup would otherwise go unnoticed
    const nonce = randomBytes(16).toString('hex');
    const run = await site.launch({ workDir, env: scrubbedEnvironment(workDir), nonce, limits }, signal);
    if (run.aborted) throw signal?.reason;
    if (run.infraError !== undefined) return infraError(request.tests, run.infraError);
    const records = readRecords(run.results.text(), nonce, request.tests);
    const tests = request.tests.map((test, index) => toOutcome(test, records.get(index)));
    const stderr = run.stderr.text();
    return {
      status: decideStatus({ timedOut: run.timedOut, flooded: run.flooded, stderr }, records, request.tests.length),
      tests,
      passedCount: tests.filter((test) => test.passed).length,
      stdout: run.stdout.text(),
      stderr,
      durationMs: performance.now() - startedAt,
    };
  } finally {
    await removeWorkDir(workDir);
  }
}

/** Nothing from the parent's environment except PATH: API keys and tokens must not reach user code. */
export function scrubbedEnvironment(workDir: string): NodeJS.ProcessEnv {
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

export function infraError(tests: readonly TestCase[], message: string): AttemptResult {
  return {
    status: 'infra-error',
    tests: tests.map((test) => ({ name: test.name, passed: false, error: `not run: ${message}` })),
    passedCount: 0,
    stdout: '',
    stderr: message,
    durationMs: 0,
  };
}

function withOverrides(base: Readonly<ExecutionLimits>, overrides: Partial<ExecutionLimits> | undefined): ExecutionLimits {
  const limits = { ...base };
  for (const key of ['timeoutMs', 'memoryMb', 'outputBytes'] as const) {
    const value = overrides?.[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

async function prepareWorkDir(workDir: string, request: ExecutionRequest, limits: ExecutionLimits, site: AttemptSite): Promise<void> {
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
    ...(site.dropsPrivileges ? { runAs: NOBODY } : {}),
  };
  const files: [string, string][] = [
    [PROGRAM_FILE, request.program],
    [JOB_FILE, JSON.stringify(job)],
    ...(site.needsHarnessFile ? [[HARNESS_FILE, HARNESS_SCRIPT] as [string, string]] : []),
  ];
  await Promise.all([
    mkdir(join(workDir, 'home')),
    mkdir(join(workDir, 'tmp')),
    ...files.map(([name, content]) => writeFile(join(workDir, name), content)),
  ]);
  // User code, as nobody, must be able to read the program and write in its directories.
  if (site.dropsPrivileges) {
    const paths = [workDir, join(workDir, 'home'), join(workDir, 'tmp'), ...files.map(([name]) => join(workDir, name))];
    await Promise.all(paths.map((path) => chown(path, NOBODY.uid, NOBODY.gid)));
  }
}

async function removeWorkDir(workDir: string): Promise<void> {
  try {
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    // A cleanup failure must not turn a finished run into an error.
    process.emitWarning(`selfbench: could not remove ${workDir}: ${errorMessage(error)}`);
  }
}
