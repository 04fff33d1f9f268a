import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../sandbox/backend.js';
import type { LandlockRules } from '../types.js';
import { NO_RESULT, PROGRAM_FILE, type HarnessJob } from '../harness/harness.js';
import { errorMessage } from './harness-process.js';
import { withAttemptUser, type AttemptUser } from '../sandbox/privileges.js';
import { removeTree } from './remove-tree.js';
import { RunGate } from './run-gate.js';
import type { HarnessRun } from './run-watch.js';
import type { ExecutionLimits, ExecutionRequest, ExecutionResult, Executor } from '../types.js';

// The harness's records are read with zod, whose hundred modules take a tenth of a second to load: imported apart,
// so that a command can start its sandbox's first worker before they are (bench grade's start-up), and awaited
// when the first attempt ends.
const resultRecords = import('../harness/result-records.js');

/**
 * One attempt, the part every executor shares: a throw-away work directory with the program (and nothing
 * else: the job reaches the harness on its stdin), the limits, a scrubbed environment and a fresh nonce; the
 * harness run somewhere (`AttemptSite`); the status and test outcomes read from its nonce-tagged records.
 */

export const DEFAULT_LIMITS: Readonly<ExecutionLimits> = { timeoutMs: 10_000, memoryMb: 2048, outputBytes: 65_536 };

/** RLIMIT_FSIZE: largest file user code may write. */
const FILE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
/** RLIMIT_NOFILE. */
const OPEN_FILES_LIMIT = 1024;
/** Processes and threads user code may add (RLIMIT_NPROC on top of what its uid already runs: as root, nothing). */
const PROCESS_LIMIT = 64;
/** The most a call request's inputs add to its wall-clock limit, however slow the reference was. */
const MAX_TIME_ALLOWANCE_MS = 60_000;

/** What a site needs to start the harness on a prepared work directory. */
export interface AttemptLaunch {
  workDir: string;
  env: NodeJS.ProcessEnv;
  nonce: string;
  job: HarnessJob;
  limits: ExecutionLimits;
}

/** Where an attempt's harness runs: a fresh interpreter per attempt (process-executor.ts) or a pool worker (worker-pool.ts). */
export interface AttemptSite {
  /** The directory the attempt's work directory is made in. */
  parentDir: string;
  /** Selfbench is root and user code runs as a user of its own (privileges.ts), who must own its files. */
  dropsPrivileges: boolean;
  /** Without a file system of its own: what user code confines itself to with Landlock (file-system-view.ts). */
  landlock?: (workDir: string) => LandlockRules;
  launch(attempt: AttemptLaunch, signal: AbortSignal | undefined): Promise<HarnessRun>;
}

/** What a run recorded of its tests and calls; those it never reached say NO_RESULT. */
export type RecordedOutcomes = Pick<ExecutionResult, 'tests' | 'calls'>;

export type AttemptResult = Omit<ExecutionResult, 'sandbox'> & {
  /** An infrastructure error's: what the run had recorded before (the pool runs it again, keeping that: worker-pool.ts). */
  recorded?: RecordedOutcomes;
};
type RunAttempt = (request: ExecutionRequest, limits: ExecutionLimits, signal: AbortSignal | undefined) => Promise<AttemptResult>;

/** Every executor of this process shares the machine; a timeout's re-run has it alone. */
const machine = new RunGate();

/**
 * An executor that runs each request through `runAttempt`, with `defaults` over `DEFAULT_LIMITS` and the request's
 * own limits over those. A timeout (of the run, or of one call of differential grading) is run once more, alone,
 * before it counts: a busy machine is not the program's fault. The re-run decides only what the timeout took.
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
      const limits = withAllowance(withOverrides(baseLimits, request.limits), request);
      const runOnce = async (): Promise<ExecutionResult> => {
        const { recorded, ...result } = await runAttempt(request, limits, signal);
        return { ...result, sandbox: backend.name };
      };
      const first = await machine.shared(runOnce);
      if (first.status !== 'timeout' && !first.calls?.some((call) => call.timedOut)) return first;
      return { ...keepingRecorded(first, await machine.alone(runOnce)), rerunAfterTimeout: true };
    },
  };
}

/**
 * A run made again (after a timeout, or a pool worker's death), with what the first run recorded kept: each test, and
 * each call that did not outrun its own limit, stays as the first run had it, and a failure recorded then is a
 * failure whatever the second run ends in. A program that knew it was failing could otherwise hang, or break its
 * worker, to get a second try.
 */
export function keepingRecorded<Result extends Omit<ExecutionResult, 'sandbox'>>(first: RecordedOutcomes | undefined, rerun: Result): Result {
  if (first === undefined) return rerun;
  const kept = (index: number) => first.tests[index] !== undefined && first.tests[index].error !== NO_RESULT && first.calls?.[index]?.timedOut !== true;
  const tests = rerun.tests.map((test, index) => (kept(index) ? first.tests[index]! : test));
  const calls = rerun.calls?.map((call, index) => (kept(index) ? first.calls![index]! : call));
  const failedFirst = first.tests.some((test, index) => kept(index) && !test.passed);
  const status = failedFirst && (rerun.status === 'passed' || rerun.status === 'infra-error') ? 'failed' : rerun.status;
  return { ...rerun, status, tests, ...(calls === undefined ? {} : { calls }), passedCount: tests.filter((test) => test.passed).length };
}

export async function runAttempt(
  request: ExecutionRequest,
  limits: ExecutionLimits,
  site: AttemptSite,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  signal?.throwIfAborted();
  if (!site.dropsPrivileges) return runAttemptAs(undefined, request, limits, site, signal);
  return withAttemptUser((user) => runAttemptAs(user, request, limits, site, signal));
}

async function runAttemptAs(
  user: AttemptUser | undefined,
  request: ExecutionRequest,
  limits: ExecutionLimits,
  site: AttemptSite,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  const startedAt = performance.now();
  const workDir = mkdtempSync(join(site.parentDir, 'selfbench-run-'));
  const names = outcomeNames(request);
  try {
    prepareWorkDir(workDir, request, user);
    signal?.throwIfAborted(); // an abort during setup would otherwise go unnoticed
    const nonce = randomBytes(16).toString('hex');
    const job = harnessJob(request, limits, site, workDir, user);
    const run = await site.launch({ workDir, env: scrubbedEnvironment(workDir), nonce, job, limits }, signal);
    if (run.aborted) throw signal?.reason;
    const { decideStatus, readRecords, toCallOutcome, toOutcome } = await resultRecords;
    const records = readRecords(run.results.text(), nonce, names);
    const tests = names.map((name, index) => toOutcome(name, records.get(index)));
    const calls = 'calls' in request ? { calls: names.map((_, index) => toCallOutcome(records.get(index))) } : {};
    if (run.infraError !== undefined) return { ...infraError(request, run.infraError), recorded: { tests, ...calls } };
    const stderr = run.stderr.text();
    return {
      status: decideStatus({ timedOut: run.timedOut, flooded: run.flooded, stderr }, records, names.length),
      tests,
      ...calls,
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
    // Who user code is, by name, as a login sets it: as root it runs as a uid no account has (privileges.ts), where
    // `getpass.getuser()` would otherwise fail; and it need not know who runs selfbench.
    USER: 'selfbench',
    LOGNAME: 'selfbench',
  };
  // Python on Windows cannot start without SYSTEMROOT.
  if (process.platform === 'win32' && process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  return env;
}

/** The names of a request's outcomes: its tests', or `input_<i>` for each call. */
function outcomeNames(request: ExecutionRequest): string[] {
  return 'calls' in request ? request.calls.inputs.map((_, index) => `input_${index}`) : request.tests.map((test) => test.name);
}

export function infraError(request: ExecutionRequest, message: string): AttemptResult {
  return {
    status: 'infra-error',
    tests: outcomeNames(request).map((name) => ({ name, passed: false, error: `not run: ${message}` })),
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

/** A call request's wall clock also covers what its inputs are expected to take. */
function withAllowance(limits: ExecutionLimits, request: ExecutionRequest): ExecutionLimits {
  if (!('calls' in request)) return limits;
  return { ...limits, timeoutMs: limits.timeoutMs + Math.min(MAX_TIME_ALLOWANCE_MS, request.calls.timeAllowanceMs) };
}

function harnessJob(request: ExecutionRequest, limits: ExecutionLimits, site: AttemptSite, workDir: string, user: AttemptUser | undefined): HarnessJob {
  const mode =
    'calls' in request
      ? {
          mode: 'calls' as const,
          entryPoint: request.calls.entryPoint,
          // The arguments only: what the dataset expects of a call (`raises`) never enters the sandbox.
          inputs: request.calls.inputs.map(({ format, args }) => ({ format, args })),
          inputLimitsMs: request.calls.inputLimitsMs,
          // For the whole task, so that nothing tells the program which of its inputs are checked.
          returnArguments: request.calls.inputs.some((input) => input.checkArguments === true),
        }
      : {
          mode: 'asserts' as const,
          tests: request.tests.map(({ name, code }) => ({ name, code })),
          ...(request.isolated === undefined ? {} : { isolated: request.isolated }),
        };
  return {
    ...mode,
    program: PROGRAM_FILE,
    limits: {
      memoryBytes: limits.memoryMb * 1024 * 1024,
      // The wall-clock timeout normally fires first; this catches CPU burnt by escaped processes.
      cpuSeconds: Math.ceil(limits.timeoutMs / 1000) + 1,
      fileBytes: FILE_SIZE_LIMIT_BYTES,
      openFiles: OPEN_FILES_LIMIT,
      processes: PROCESS_LIMIT,
    },
    ...(user === undefined ? {} : { runAs: user }),
    ...(site.landlock === undefined ? {} : { landlock: site.landlock(workDir) }),
  };
}

/**
 * The work directory is made, and emptied, with synchronous calls: a few system calls of microseconds each on a
 * directory selfbench owns, where each round trip through libuv's thread pool costs more than its call (a tenth
 * of an attempt's time at grading's pace). Only what is bounded: removing what user code left goes through the
 * pool (removeWorkDir).
 */
function prepareWorkDir(workDir: string, request: ExecutionRequest, user: AttemptUser | undefined): void {
  const paths = [workDir, join(workDir, 'home'), join(workDir, 'tmp'), join(workDir, PROGRAM_FILE)];
  mkdirSync(join(workDir, 'home'));
  mkdirSync(join(workDir, 'tmp'));
  writeFileSync(join(workDir, PROGRAM_FILE), request.program);
  // User code, as its own user, must be able to read the program and write in its directories.
  if (user !== undefined) for (const path of paths) chownSync(path, user.uid, user.gid);
}

/** What an attempt mostly leaves, its program and two empty directories, goes with four calls; anything else with removeTree. */
async function removeWorkDir(workDir: string): Promise<void> {
  try {
    unlinkSync(join(workDir, PROGRAM_FILE));
    rmdirSync(join(workDir, 'home'));
    rmdirSync(join(workDir, 'tmp'));
    rmdirSync(workDir);
    return;
  } catch {
    // More than that, or less: the whole tree, however it was left.
  }
  try {
    await removeTree(workDir);
  } catch (error) {
    // A cleanup failure must not turn a finished run into an error.
    process.emitWarning(`selfbench: could not remove ${workDir}: ${errorMessage(error)}`);
  }
}
